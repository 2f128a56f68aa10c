import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../protect/protected-store';
import { loadMigrations, migrate } from '../store';
import { storeBackends } from '../store/testing';
import { NAME_KEY_INSERT } from './name-index';
import { NAME_KEY_KIND, queryNameKeys } from './name-keys';
import { serverFixture, type Client, type ServerFixture } from './testing/http';
import { testimony } from './testing/testimony';

/** The name every testimony() is recorded under (typed romanised, as a documenter might). */
const NAME = 'Kim Sun-hee';

/** A key row `n` whose copies of its case `k`'s columns (migration 0405) differ from the case. */
const STALE_COPY = `(n.organisation_id, n.person_id, n.source_id, n.status, n.updated_at, n.facets)
  IS DISTINCT FROM (k.organisation_id, k.person_id, k.source_id, k.status, k.updated_at, k.facets)`;

interface Found {
  total: number;
  items: { id: string; status: string; years: number[] }[];
  facets: Record<string, { value: string; count: number }[]>;
}

describe.each(storeBackends())('name search from the name keys ($name)', (backend) => {
  let s: ServerFixture;
  let documenter: Client;
  let legalOfficer: Client;
  let session: Session;
  const search = async (c: Client, body: Record<string, unknown>): Promise<Found> => {
    const res = await c.post('/api/cases/search', { q: NAME, ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Found;
  };
  /** Key rows whose copies of their case's columns differ from the case. */
  const stale = async () =>
    (
      await s.fx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM case_name_keys n JOIN cases k ON k.id = n.case_id
          WHERE ${STALE_COPY}`,
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    s = await serverFixture(await backend.open());
    documenter = await s.signedIn('documenter-org-a');
    legalOfficer = await s.signedIn('legal-officer-org-a');
    session = await s.fx.loginAs('documenter-org-a');
    for (const id of ['ns-1', 'ns-2', 'ns-3']) {
      const res = await documenter.post('/api/cases', testimony(id));
      expect(res.statusCode, res.body).toBe(201);
    }
    // Another organisation's case of the same name is not found.
    expect(
      (await (await s.signedIn('documenter-org-b')).post('/api/cases', testimony('ns-b')))
        .statusCode,
    ).toBe(201);
  });
  afterAll(() => s?.close());

  it('copies each case into its key rows when the keys are written', async () => {
    const { rows } = await s.fx.db.query<{ n: number }>(
      `SELECT count(DISTINCT case_id)::int AS n FROM case_name_keys`,
    );
    expect(rows[0]!.n).toBe(4);
    expect(await stale()).toBe(0);
    // A case holding several of the query's keys (a name recorded in several spellings) is
    // counted once all the same.
    const keys = queryNameKeys(NAME).map((k) =>
      s.fx.store.keyring.sealerFor('org-a').blindIndex(NAME_KEY_KIND, k),
    );
    expect(keys.length).toBeGreaterThan(1);
    await s.fx.db.query(NAME_KEY_INSERT, [keys.map(() => 'ns-1'), keys]);
    const matched = await s.fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_name_keys WHERE key = ANY($1::text[])',
      [keys],
    );
    expect(matched.rows[0]!.n).toBeGreaterThan(3);
    const found = await search(documenter, {});
    expect(found.items.map((i) => i.id).sort()).toEqual(['ns-1', 'ns-2', 'ns-3']);
    expect(found.total).toBe(3);
    expect(found.facets.status).toEqual([{ value: 'open', count: 3 }]);
  });

  it('keeps the key rows in step with their case: status, events, last change', async () => {
    // Through the API: a new status and a new order of the list.
    const changed = { ...testimony('ns-2'), status: 'urgent' as const };
    expect((await documenter.put('/api/cases/ns-2', changed)).statusCode).toBe(200);
    expect(await stale()).toBe(0);
    const urgent = await search(documenter, { status: ['urgent'] });
    expect(urgent.items.map((i) => i.id)).toEqual(['ns-2']);
    expect((await search(documenter, {})).items[0]!.id).toBe('ns-2');
    // As an import re-run in place would: events rewritten, the case's facets recomputed by
    // migration 0402's triggers, and the keys following.
    await s.fx.db.query(`UPDATE events SET start_year = 1999 WHERE case_id = 'ns-3'`);
    expect(await stale()).toBe(0);
    const of1999 = await search(documenter, { year: [1999] });
    expect(of1999.items.map((i) => i.id)).toEqual(['ns-3']);
    expect(of1999.items[0]!.years).toEqual([1999]);
    expect(of1999.facets.year).toEqual([{ value: '1999', count: 1 }]);
  });

  it('neither finds nor counts a case restricted to other users', async () => {
    await session.restrictCase('ns-1', ['documenter-org-a']);
    const own = await search(documenter, {});
    expect(own.total).toBe(3);
    const other = await search(legalOfficer, {});
    expect(other.items.map((i) => i.id).sort()).toEqual(['ns-2', 'ns-3']);
    expect(other.total).toBe(2);
    expect(other.facets.status.reduce((n, f) => n + f.count, 0)).toBe(2);
    // By its id the restricted case is not found either.
    expect((await legalOfficer.post('/api/cases/search', { q: 'ns-1' })).json().total).toBe(0);
    await session.restrictCase('ns-1', []);
    expect((await search(legalOfficer, {})).total).toBe(3);
  });
});

describe.each(storeBackends())('migration 0405 on a store with name keys ($name)', (backend) => {
  it('copies every key row its case, and drops none', async () => {
    const db = await backend.open({ migrate: false });
    try {
      const all = loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 405),
      );
      await db.query(`INSERT INTO organisations (id, name) VALUES ('org-m', 'M')`);
      await db.query(
        `INSERT INTO sources (id, organisation_id, name) VALUES ('src-m', 'org-m', 'M')`,
      );
      await db.query(
        `INSERT INTO persons (id, source_id, record_id, sex, home_province_id)
         SELECT 'p' || i, 'src-m', 'r' || i, 'female', 'kp-hamn' FROM generate_series(1, 50) i`,
      );
      await db.query(
        `INSERT INTO cases (id, organisation_id, source_id, person_id, status, updated_at)
         SELECT 'c' || i, 'org-m', 'src-m', 'p' || i, CASE WHEN i % 2 = 0 THEN 'open' ELSE 'urgent' END,
                timestamptz '2024-01-01' + i * interval '1 day'
           FROM generate_series(1, 50) i`,
      );
      // The shape of 0400: case and key only; three keys a case.
      await db.query(
        `INSERT INTO case_name_keys (case_id, key)
         SELECT 'c' || i, 'key-' || (i * 3 + j) FROM generate_series(1, 50) i, generate_series(0, 2) j`,
      );
      await migrate(db, all);
      const { rows } = await db.query<{ n: number; stale: number; facets: string[] }>(
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE ${STALE_COPY})::int AS stale,
                array_agg(DISTINCT f) AS facets
           FROM case_name_keys n JOIN cases k ON k.id = n.case_id, unnest(n.facets) f`,
      );
      expect(rows[0]).toEqual({ n: 150, stale: 0, facets: ['h:kp-hamn'] });
    } finally {
      await db.close();
    }
  });
});

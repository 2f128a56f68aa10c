import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTextInput } from '../ingest/case-files';
import { importCases } from '../ingest/import-cases';
import type { Queryable } from '../store/db';
import { loadMigrations, migrate } from '../store/migrate';
import { storeBackends } from '../store/testing';
import type { CaseInput } from './schemas';
import { serverFixture, type Client, type ServerFixture } from './testing/http';
import { testimony } from './testing/testimony';

const PLACES = ['kp-hamn-musan', 'cn-jl-yanbian-helong', 'cn-hl', 'cn-jl-yanbian-yanji', 'kp-yang'];
const HOMES = ['kp-hamn', 'cn-hl', undefined, 'kp-yang'];
const STATUSES = ['open', 'urgent', 'draft', 'closed'] as const;

/** A case whose events, years, places, acts, home province and status vary with `i`. */
function variant(id: string, i: number): CaseInput {
  const t = testimony(id);
  const events = t.events
    .filter((_, j) => (i + j) % 3 !== 0)
    .map((e, j) => ({
      ...e,
      start: { value: `${2010 + ((i * 3 + j) % 6)}`, precision: 'year' as const },
      placeId: (i + j) % 4 === 3 ? undefined : PLACES[(i + j) % PLACES.length],
      placeText: (i + j) % 4 === 3 ? 'somewhere' : undefined,
    }));
  const eventIds = new Set(events.map((e) => e.id));
  const acts = t.acts.filter((a) => eventIds.has(a.eventId));
  const actIds = new Set(acts.map((a) => a.id));
  return {
    ...t,
    status: STATUSES[i % STATUSES.length]!,
    interventions: [],
    person: { ...t.person, homeProvince: HOMES[i % HOMES.length] },
    events,
    acts,
    involvements: t.involvements.filter((v) => actIds.has(v.actId)),
    links: t.links.filter((l) => eventIds.has(l.from) && eventIds.has(l.to)),
  };
}

/** Lines of a case file for `jayu import`, cases of `organisation` from its list. */
function importLines(organisation: string, ids: string[], offset: number): string {
  return ids
    .map((id, j) => {
      const v = variant(id, j + offset);
      const c = { ...v, organisation, source: `${organisation}-list` };
      c.person = { ...c.person, id: `${id}-person`, recordId: id };
      c.information = c.information.map((x) => ({ ...x, sourceId: `${organisation}-list` }));
      c.acts = c.acts.map((a) => ({ ...a, victimId: c.person.id }));
      return JSON.stringify(c);
    })
    .join('\n');
}

type Counts = Record<string, number>;

/** The kept counts (case_counts, summed), as 'organisation facet value' -> count. */
async function kept(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; n: number }>(
    `SELECT organisation_id || ' ' || facet || ' ' || value AS k, sum(n)::int AS n
       FROM case_counts GROUP BY 1 HAVING sum(n) <> 0`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

/**
 * The same counted again from cases, as the list's facet counts count them (case-facet-index.ts), written
 * out here rather than through the migration's jayu_case_count_keys.
 */
async function recount(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; n: number }>(
    `SELECT organisation_id || ' ' || facet || ' ' || value AS k, count(*)::int AS n FROM (
       SELECT organisation_id, 'cases' AS facet, '' AS value FROM cases
       UNION ALL SELECT organisation_id, 'source', source_id FROM cases
       UNION ALL SELECT organisation_id, 'status', status FROM cases
       UNION ALL SELECT k.organisation_id,
                        CASE left(f, 1) WHEN 'v' THEN 'violation' WHEN 'y' THEN 'year' ELSE 'province' END,
                        substr(f, 3)
                   FROM cases k, unnest(k.facets) u (f)
                  WHERE f LIKE 'v:%' OR f LIKE 'y:%' OR f LIKE 'e:%'
                     OR (f LIKE 'h:%' AND NOT ('e:' || substr(f, 3)) = ANY (k.facets))) x
      GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

const ALL_STATUSES = [...STATUSES];

interface Listed {
  total: number;
  totalIsLowerBound: boolean;
  facets: Record<string, { value: string; count: number }[]>;
}

/**
 * The case list's counts from the kept counts (no filter) and as a narrowed search counts them
 * from the cases it finds (every status: the same cases): they must agree.
 */
async function listedBothWays(c: Client): Promise<[Listed, Listed]> {
  const whole = await c.post('/api/cases/search', {});
  expect(whole.statusCode, whole.body).toBe(200);
  const narrowed = await c.post('/api/cases/search', { status: ALL_STATUSES });
  expect(narrowed.statusCode, narrowed.body).toBe(200);
  const pick = (r: Listed) => ({
    total: r.total,
    totalIsLowerBound: r.totalIsLowerBound,
    facets: r.facets,
  });
  return [pick(whole.json()), pick(narrowed.json())];
}

describe.each(storeBackends())('kept case counts on $name', (backend) => {
  let s: ServerFixture;
  let c: Client;
  const expectKept = async () => {
    const [k, r] = [await kept(s.fx.db), await recount(s.fx.db)];
    expect(Object.keys(r).length).toBeGreaterThan(0);
    expect(k).toEqual(r);
    const [whole, narrowed] = await listedBothWays(c);
    expect(whole).toEqual(narrowed);
    return whole;
  };

  beforeAll(async () => {
    s = await serverFixture(await backend.open());
    c = await s.signedIn('documenter-org-a');
  });
  afterAll(() => s?.close());

  it('follows cases created and saved through the API', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await c.post('/api/cases', variant(`k${i}`, i));
      expect(res.statusCode, res.body).toBe(201);
    }
    let listed = await expectKept();
    expect(listed.total).toBe(6);
    expect(listed.facets.status!.length).toBe(4);
    // Saving replaces events and acts (facets change twice) and the status.
    const res = await c.put('/api/cases/k1', { ...variant('k1', 7), id: 'k1' });
    expect(res.statusCode, res.body).toBe(200);
    listed = await expectKept();
    expect(listed.total).toBe(6);
  });

  it('follows imports, new and in place, of several organisations', async () => {
    for (const round of [0, 1]) {
      for (const org of ['org-a', 'org-b']) {
        await importCases(s.fx.db, s.fx.store.keyring.sealerFor(org), [
          caseTextInput(
            `${org}.jsonl`,
            importLines(
              org,
              ['i0', 'i1', 'i2', 'i3'].map((x) => `${org}-${x}`),
              round + 1,
            ),
            true,
          ),
        ]);
      }
      const listed = await expectKept();
      expect(listed.total).toBe(10);
    }
    const b = await s.signedIn('documenter-org-b');
    const [whole, narrowed] = await listedBothWays(b);
    expect(whole).toEqual(narrowed);
    expect(whole.total).toBe(4);
  });

  it('follows direct changes of events, acts, persons, statuses and deletes', async () => {
    const db = s.fx.db;
    await db.query("UPDATE events SET start_year = 1999, place_id = 'cn-ln' WHERE case_id = 'k2'");
    await expectKept();
    await db.query("DELETE FROM acts WHERE case_id = 'k3'");
    await db.query("UPDATE acts SET violation = 'torture' WHERE case_id = 'k4'");
    await db.query("DELETE FROM events WHERE case_id = 'k5' AND id = 'k5-e2'");
    await expectKept();
    await db.query("UPDATE persons SET home_province_id = 'kp-kang' WHERE id = 'k0-person'");
    await db.query("UPDATE cases SET status = 'closed' WHERE id IN ('k0', 'k2')");
    await db.query("UPDATE cases SET source_id = 'org-a-list' WHERE id = 'k3'");
    const listed = await expectKept();
    expect(listed.facets.province!.map((x) => x.value)).toContain('kp-kang');
    expect(listed.facets.year!.map((x) => x.value)).toContain('1999');
    // A case deleted, and one deleted with its person (ON DELETE CASCADE).
    await db.query("DELETE FROM cases WHERE id = 'k5'");
    await db.query("DELETE FROM persons WHERE id = 'org-a-i0-person'");
    expect((await expectKept()).total).toBe(8);
  });

  it('counts a restricted case only for the users who may see it', async () => {
    const documenter = await s.fx.loginAs('documenter-org-a');
    await documenter.restrictCase('k1', ['legal-officer-org-a']);
    await documenter.restrictCase('org-a-i1', ['legal-officer-org-a']);
    const legal = await s.signedIn('legal-officer-org-a');
    const analyst = await s.signedIn('analyst-org-a');
    // The documenter restricted them (and keeps access), the legal officer was named: both see
    // all 8 cases; the analyst 6.
    for (const [client, total] of [
      [c, 8],
      [legal, 8],
      [analyst, 6],
    ] as const) {
      const [whole, narrowed] = await listedBothWays(client);
      expect(whole).toEqual(narrowed);
      expect([whole.total, whole.totalIsLowerBound]).toEqual([total, false]);
      const statuses = whole.facets.status!.reduce((n, x) => n + x.count, 0);
      expect(statuses).toBe(total);
    }
    expect(await kept(s.fx.db)).toEqual(await recount(s.fx.db));
    await documenter.restrictCase('k1', []);
    const [whole] = await listedBothWays(analyst);
    expect(whole.total).toBe(7);
  });

  it('would notice a statement the triggers missed', async () => {
    // The checks above hold only if every write reaches case_counts: with the update trigger
    // disabled, an update leaves the kept counts behind and the recount says so.
    const db = s.fx.db;
    let counts: Counts[] = [];
    const rolledBack = new Error('rolled back');
    await expect(
      db.transaction(async (tx) => {
        await tx.exec('ALTER TABLE cases DISABLE TRIGGER case_counts_update');
        await tx.query("UPDATE cases SET status = 'draft' WHERE id = 'k4'");
        counts = [await kept(tx), await recount(tx)];
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    const [k, r] = counts;
    expect(k).not.toEqual(r);
    await expectKept();
  });

  it('keeps counting when two transactions save cases of one organisation at once', async () => {
    if (backend.name !== 'postgres') return; // PGlite runs one transaction at a time
    const db = s.fx.db;
    const add = (tx: Queryable, id: string) =>
      tx.query(
        `WITH p AS (INSERT INTO persons (id, source_id, record_id) VALUES ($1 || '-person', 'org-a-list', $1))
         INSERT INTO cases (id, organisation_id, source_id, person_id, status)
         VALUES ($1, 'org-a', 'org-a-list', $1 || '-person', 'open')`,
        [id],
      );
    // The first holds its rows uncommitted while the second adds and commits: the second must
    // not wait for the first (it would never return), and neither count is lost.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const first = db.transaction(async (tx) => {
      await add(tx, 'con1');
      started();
      await released;
    });
    await new Promise<void>((resolve) => (started = resolve));
    await db.transaction(async (tx) => {
      await add(tx, 'con2');
      await tx.query("UPDATE cases SET status = 'urgent' WHERE id = 'k0'");
    });
    release();
    await first;
    expect((await expectKept()).total).toBe(10);
  });
});

describe.each(storeBackends())('migration 0404 on $name', (backend) => {
  it('fills case_counts with what a recount of an existing store finds', async () => {
    const db = await backend.open({ migrate: false });
    try {
      const all = loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 404),
      );
      // Cases as the store held them before: facets kept by 0402's triggers.
      await db.exec(`
        INSERT INTO organisations (id, name) VALUES ('org-a', 'A'), ('org-b', 'B');
        INSERT INTO sources (id, organisation_id, name)
          VALUES ('a1', 'org-a', 'a1'), ('a2', 'org-a', 'a2'), ('b1', 'org-b', 'b1');
        INSERT INTO persons (id, source_id, record_id, home_province_id)
          SELECT 'p' || i, CASE WHEN i % 3 = 0 THEN 'b1' WHEN i % 2 = 0 THEN 'a2' ELSE 'a1' END,
                 'r' || i, (ARRAY['kp-hamn', 'cn-hl', NULL, 'kp-yang'])[1 + i % 4]
            FROM generate_series(1, 40) i;
        INSERT INTO cases (id, organisation_id, source_id, person_id, status)
          SELECT 'c' || i, CASE WHEN i % 3 = 0 THEN 'org-b' ELSE 'org-a' END, p.source_id, p.id,
                 (ARRAY['draft', 'open', 'urgent', 'closed'])[1 + i % 4]
            FROM generate_series(1, 40) i JOIN persons p ON p.id = 'p' || i;
        INSERT INTO events (case_id, id, type, start_year, start_precision, place_id)
          SELECT 'c' || i, 'e' || j, 'Sale', 2000 + (i * j) % 7, 'year',
                 (ARRAY['cn-hl-harbin', 'kp-hamn-musan', NULL, 'cn-jl'])[1 + (i + j) % 4]
            FROM generate_series(1, 40) i, generate_series(1, 3) j WHERE (i + j) % 5 <> 0;
        INSERT INTO acts (case_id, id, event_id, victim_person_id, violation)
          SELECT e.case_id, 'a' || e.id, e.id, k.person_id,
                 (ARRAY['trafficking', 'torture', 'forced_marriage'])[1 + length(e.case_id || e.id) % 3]
            FROM events e JOIN cases k ON k.id = e.case_id;
      `);
      await migrate(db, all);
      const counts = await kept(db);
      expect(counts).toEqual(await recount(db));
      expect(counts['org-a cases ']).toBe(27);
      expect(counts['org-b cases ']).toBe(13);
      // Provinces of events and homes both, a case counted once per province.
      expect(Object.keys(counts).filter((k) => k.startsWith('org-a province ')).length).toBe(4);
    } finally {
      await db.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackends } from '../store/testing';
import { COUNT_LIMIT } from './case-search';
import { NAME_KEY_INSERT } from './name-index';
import { NAME_KEY_KIND, queryNameKeys } from './name-keys';
import { serverFixture, type Client, type ServerFixture } from './testing/http';

const NAME = '김순희';
/** More cases of one name than a name search counts. */
const MANY = COUNT_LIMIT + 10;

describe.each(storeBackends())('a name with more cases than are counted ($name)', (backend) => {
  let s: ServerFixture;
  let c: Client;
  beforeAll(async () => {
    s = await serverFixture(await backend.open());
    c = await s.signedIn('documenter-org-a');
    const db = s.fx.db;
    // Keyed as org-a keys the name; org-b's cases carry the same keys but are not org-a's.
    const keys = queryNameKeys(NAME).map((k) =>
      s.fx.store.keyring.sealerFor('org-a').blindIndex(NAME_KEY_KIND, k),
    );
    for (const [org, n] of [
      ['org-a', MANY],
      ['org-b', 30],
    ] as const) {
      await db.query(
        `INSERT INTO sources (id, organisation_id, name) VALUES ($1 || '-list', $1, $1)
         ON CONFLICT (id) DO NOTHING`,
        [org],
      );
      await db.query(
        `INSERT INTO persons (id, source_id, record_id, sex)
         SELECT $1 || '-p' || i, $1 || '-list', $1 || '-r' || i, 'female' FROM generate_series(1, $2::int) i`,
        [org, n],
      );
      // Updated at 97 distinct times, most recent for org-b: the page's order needs the ids too.
      await db.query(
        `INSERT INTO cases (id, organisation_id, source_id, person_id, status, updated_at)
         SELECT $1 || '-' || i, $1, $1 || '-list', $1 || '-p' || i, 'open',
                timestamptz '2024-01-01' + (i % 97 + CASE WHEN $1 = 'org-b' THEN 1000 ELSE 0 END) * interval '1 hour'
           FROM generate_series(1, $2::int) i`,
        [org, n],
      );
      const ids = Array.from({ length: n }, (_, i) => `${org}-${i + 1}`);
      await db.query(NAME_KEY_INSERT, [
        ids.flatMap((id) => keys.map(() => id)),
        ids.flatMap(() => keys),
      ]);
    }
  });
  afterAll(() => s?.close());

  it('says "more than" and pages through them most recent first', async () => {
    const { rows } = await s.fx.db.query<{ id: string }>(
      `SELECT id FROM cases WHERE organisation_id = 'org-a' ORDER BY updated_at DESC, id`,
    );
    expect(rows).toHaveLength(MANY);
    for (const page of [1, 2, 41]) {
      const res = await c.post('/api/cases/search', { q: NAME, page, pageSize: 25 });
      expect(res.statusCode, res.body).toBe(200);
      const got = res.json();
      expect([got.total, got.totalIsLowerBound]).toEqual([COUNT_LIMIT, true]);
      expect(got.items.map((i: { id: string }) => i.id)).toEqual(
        rows.slice((page - 1) * 25, page * 25).map((r) => r.id),
      );
    }
  });

  it('counts a search by facets alone exactly, however many it matches', async () => {
    const { rows } = await s.fx.db.query<{ id: string }>(
      `SELECT id FROM cases WHERE organisation_id = 'org-a' ORDER BY updated_at DESC, id`,
    );
    for (const page of [1, 2, 401]) {
      const res = await c.post('/api/cases/search', { status: ['open'], page, pageSize: 25 });
      expect(res.statusCode, res.body).toBe(200);
      const got = res.json();
      expect([got.total, got.totalIsLowerBound]).toEqual([MANY, false]);
      expect(got.facets.status).toEqual([{ value: 'open', count: MANY }]);
      expect(got.items.map((i: { id: string }) => i.id)).toEqual(
        rows.slice((page - 1) * 25, page * 25).map((r) => r.id),
      );
    }
  });
});

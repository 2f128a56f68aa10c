import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protectedFixture } from '../protect/testing';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { CaseFacetIndex, type FacetFilter, type KeyView } from './case-facet-index';

const PROVINCES = ['kp-hamn', 'kp-yang', 'cn-jl', 'cn-hl', null];
const STATUSES = ['open', 'urgent', 'closed', 'draft'];

/**
 * Cases of `org` numbered [from, from + n): home province, status, source and last change vary
 * with the number (updated at 37 distinct times, so the order needs the ids too).
 */
async function addCases(db: Db, org: string, from: number, n: number): Promise<void> {
  await db.query(
    `INSERT INTO sources (id, organisation_id, name)
     SELECT $1 || s, $1, $1 || s FROM unnest(ARRAY['-list', '-other']) s ON CONFLICT (id) DO NOTHING`,
    [org],
  );
  await db.query(
    `INSERT INTO persons (id, source_id, record_id, sex, home_province_id)
     SELECT $1 || '-p' || i, $1 || '-list', $1 || '-r' || i, 'female', ($4::text[])[i % 5 + 1]
       FROM generate_series($2::int, $2::int + $3::int - 1) i`,
    [org, from, n, PROVINCES],
  );
  await db.query(
    `INSERT INTO cases (id, organisation_id, source_id, person_id, status, updated_at)
     SELECT $1 || '-' || i, $1, $1 || CASE WHEN i % 3 = 0 THEN '-other' ELSE '-list' END,
            $1 || '-p' || i, ($4::text[])[i % 4 + 1],
            timestamptz '2024-01-01' + (i % 37) * interval '1 minute' + (i % 2) * interval '1 microsecond'
       FROM generate_series($2::int, $2::int + $3::int - 1) i`,
    [org, from, n, STATUSES],
  );
}

/**
 * Pairs of ids whose keys (hashtext) collide, found by SQL over 'org-a-k1' to 'org-a-k300000'
 * (the test checks they still do).
 */
const COLLIDING = [
  ['org-a-k8729', 'org-a-k211679'],
  ['org-a-k13342', 'org-a-k214340'],
  ['org-a-k64123', 'org-a-k176397'],
] as const;

/** Open cases of org-a with these ids. */
async function addCasesWithIds(db: Db, ids: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO persons (id, source_id, record_id, sex)
     SELECT 'p-' || id, 'org-a-list', 'r-' || id, 'female' FROM unnest($1::text[]) id`,
    [ids],
  );
  await db.query(
    `INSERT INTO cases (id, organisation_id, source_id, person_id, status)
     SELECT id, 'org-a', 'org-a-list', 'p-' || id, 'open' FROM unnest($1::text[]) id`,
    [ids],
  );
}

/** The search as SQL over cases: its matches in the list's order, and its facet counts. */
async function reference(
  db: Db,
  org: string,
  filter: FacetFilter,
  hidden: string[] = [],
  among?: string[],
) {
  const conds = ['organisation_id = $1', 'NOT id = ANY($2::text[])'];
  const values: unknown[] = [org, hidden];
  const add = (v: unknown) => `$${values.push(v)}`;
  if (among) conds.push(`id = ANY(${add(among)}::text[])`);
  if (filter.province?.length)
    conds.push(`facets && ${add(filter.province.flatMap((p) => [`e:${p}`, `h:${p}`]))}::text[]`);
  if (filter.status?.length) conds.push(`status = ANY(${add(filter.status)}::text[])`);
  if (filter.source?.length) conds.push(`source_id = ANY(${add(filter.source)}::text[])`);
  const where = conds.join(' AND ');
  const ids = (
    await db.query<{ id: string }>(
      `SELECT id FROM cases WHERE ${where} ORDER BY updated_at DESC, id COLLATE "C"`,
      values,
    )
  ).rows.map((r) => r.id);
  const count = async (expr: string) =>
    (
      await db.query<{ value: string; count: number }>(
        `SELECT value, count(*)::int AS count FROM (SELECT ${expr} AS value FROM cases WHERE ${where}) x
          WHERE value IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, value COLLATE "C"`,
        values,
      )
    ).rows;
  return {
    ids,
    facets: {
      violation: [],
      province: await count(
        `(SELECT substr(f, 3) FROM unnest(facets) f WHERE f LIKE 'h:%' OR f LIKE 'e:%' LIMIT 1)`,
      ),
      year: [],
      source: await count('source_id'),
      status: await count('status'),
    },
  };
}

describe.each(storeBackends())('the facet index on $name', (backend) => {
  let db: Db;
  let clock = Date.parse('2026-12-01T00:00:00Z');
  let index: CaseFacetIndex;
  beforeAll(async () => {
    db = await backend.open();
    // Organisations org-a and org-b, with their keys and users.
    await protectedFixture(db);
    await addCases(db, 'org-a', 1, 3000);
    await addCases(db, 'org-b', 1, 200);
    index = new CaseFacetIndex(db, () => clock);
  });
  afterAll(() => db?.close());

  const same = async (filter: FacetFilter, hidden: string[] = [], label = '', among?: string[]) => {
    const expected = await reference(db, 'org-a', filter, hidden, among);
    for (const [offset, limit] of [
      [0, 25],
      [25, 25],
      [1000, 100],
      [0, 5000],
    ] as const) {
      const got = await index.search('org-a', filter, hidden, offset, limit, among);
      const what = `${label} ${JSON.stringify(filter)} [${offset}, +${limit}]`;
      expect(got.page, what).toEqual(expected.ids.slice(offset, offset + limit));
      expect(got.total, what).toBe(expected.ids.length);
      expect(got.facets, what).toEqual(expected.facets);
    }
  };

  it('reads an organisation ahead of its first search when warmed, and only that one', async () => {
    expect(index.isRead('org-a')).toBe(false);
    await index.warm('org-a');
    expect(index.isRead('org-a')).toBe(true);
    expect(index.isRead('org-b')).toBe(false);
    // The warmed index answers as SQL does.
    await same({ status: ['open'] }, [], 'warmed');
  });

  it('matches, counts and pages as SQL over cases does', async () => {
    for (const filter of [
      { province: ['kp-hamn'] },
      { province: ['cn-jl', 'kp-yang'], status: ['open', 'urgent'] },
      { status: ['draft'], source: ['org-a-other'] },
      { source: ['org-a-list'] },
      { province: ['kp-nowhere'] },
      { status: [] },
    ] satisfies FacetFilter[])
      await same(filter);
    // Cases restricted to other users are left out, counts and all.
    await same({ status: ['open'] }, ['org-a-1', 'org-a-5', 'org-a-9', 'org-b-1'], 'hidden');
    // Only the organisation's own cases.
    const b = await index.search('org-b', { status: ['open'] }, [], 0, 1000);
    expect(b.total).toBe(50);
    expect(b.page.every((id) => id.startsWith('org-b-'))).toBe(true);
  });

  it('narrows to the cases a name search found, ignoring ids not of the organisation', async () => {
    // Every seventh case, another organisation's, and an id of no case.
    const found = [
      ...Array.from({ length: 430 }, (_, i) => `org-a-${i * 7 + 1}`),
      'org-b-3',
      'nobody',
    ];
    await same({}, [], 'found', found);
    await same({ province: ['kp-hamn'], status: ['open', 'draft'] }, ['org-a-8'], 'found', found);
    await same({ source: ['org-a-other'] }, [], 'found none', []);
  });

  it('narrows to the cases found given as keys as it does given as ids, until a key may name another', async () => {
    const { rows: keys } = await db.query<{ a: number; b: number }>(
      'SELECT hashtext(a) AS a, hashtext(b) AS b FROM unnest($1::text[], $2::text[]) AS x(a, b)',
      [COLLIDING.map((p) => p[0]), COLLIDING.map((p) => p[1])],
    );
    for (const k of keys) expect(k.a).toBe(k.b);
    const [shared, sharedToo, later] = keys.map((k) => k.a);
    // Two keys held by two cases each; the third pair's first case alone.
    await addCasesWithIds(db, [...COLLIDING[0], ...COLLIDING[1], COLLIDING[2][0]]);
    await index.search('org-a', {}, [], 0, 1);
    const view = index.keyView('org-a')!;
    expect([...view.shared].sort()).toEqual([shared, sharedToo].sort());
    // As a search by name asks PostgreSQL for them: keys, and ids where the view's keys are shared.
    const asKeys = async (found: string[], v: KeyView) => {
      const { rows } = await db.query<{ keys: number[] | null; ids: string[] | null }>(
        `SELECT json_agg(hashtext(id)) FILTER (WHERE NOT hashtext(id) = ANY($2::int[])) AS keys,
                json_agg(id) FILTER (WHERE hashtext(id) = ANY($2::int[])) AS ids
           FROM unnest($1::text[]) id`,
        [found, v.shared],
      );
      return { keys: rows[0]!.keys ?? [], ids: rows[0]!.ids ?? [] };
    };
    const byKeys = async (
      filter: FacetFilter,
      found: string[],
      v: KeyView,
      offset = 0,
      limit = 5000,
    ) => {
      const { keys, ids } = await asKeys(found, v);
      return index.searchByKeys('org-a', filter, offset, limit, v, keys, ids);
    };
    // One case of each shared key (the other must not count), every seventh case, another
    // organisation's case, an id of no case.
    const found = [
      COLLIDING[0][0],
      COLLIDING[1][1],
      COLLIDING[2][0],
      ...Array.from({ length: 430 }, (_, i) => `org-a-${i * 7 + 1}`),
      'org-b-3',
      'nobody',
    ];
    for (const filter of [{}, { status: ['open'] }, { province: ['kp-hamn'] }] as FacetFilter[]) {
      const expected = await reference(db, 'org-a', filter, [], found);
      for (const [offset, limit] of [
        [0, 25],
        [100, 25],
        [0, 5000],
      ] as const) {
        const got = await byKeys(filter, found, view, offset, limit);
        const what = `${JSON.stringify(filter)} [${offset}, +${limit}]`;
        expect(got?.page, what).toEqual(expected.ids.slice(offset, offset + limit));
        expect(got?.total, what).toBe(expected.ids.length);
        expect(got?.facets, what).toEqual(expected.facets);
      }
    }
    expect((await byKeys({}, found, view))?.page).not.toContain(COLLIDING[0][1]);

    // A change to a case not found leaves the keys naming the cases they did.
    await db.query("UPDATE cases SET status = 'urgent' WHERE id = 'org-a-2'");
    expect((await byKeys({}, found, view))?.total).toBe(
      (await reference(db, 'org-a', {}, [], found)).ids.length,
    );
    // A case whose key was its own alone is joined by another of that key: the key the view
    // gave may now name either.
    const v1 = index.keyView('org-a')!;
    await addCasesWithIds(db, [COLLIDING[2][1]]);
    expect(await byKeys({}, found, v1)).toBeUndefined();
    expect(index.keyView('org-a')!.shared).toContain(later);
    // A found case changed, deleted or moved since the view.
    for (const change of [
      "UPDATE cases SET status = 'closed' WHERE id = 'org-a-8'",
      "DELETE FROM cases WHERE id = 'org-a-15'",
      "UPDATE cases SET organisation_id = 'org-b' WHERE id = 'org-a-22'",
    ]) {
      const v = index.keyView('org-a')!;
      expect(await byKeys({}, found, v), change).toBeDefined();
      await db.query(change);
      expect(await byKeys({}, found, v), change).toBeUndefined();
      // A view taken after the change answers as SQL does.
      const after = index.keyView('org-a')!;
      expect((await byKeys({}, found, after))?.page, change).toEqual(
        (await reference(db, 'org-a', {}, [], found)).ids,
      );
    }
    await db.query("UPDATE cases SET organisation_id = 'org-a' WHERE id = 'org-a-22'");
    // The organisation read anew (a day unread): the view is of an index no longer used.
    const old = index.keyView('org-a')!;
    clock += 25 * 3600_000;
    expect(await byKeys({}, found, old)).toBeUndefined();
  });

  it('refuses a view older than the changed keys it remembers', async () => {
    const small = new CaseFacetIndex(db, () => clock, 2);
    await small.search('org-a', {}, [], 0, 1);
    const found = ['org-a-1', 'org-a-50'];
    const { rows } = await db.query<{ keys: number[] }>(
      'SELECT json_agg(hashtext(id)) AS keys FROM unnest($1::text[]) id',
      [found],
    );
    const keys = rows[0]!.keys;
    const view = small.keyView('org-a')!;
    // Two changes of other cases: remembered, so the found keys are known to be unchanged.
    await db.query("UPDATE cases SET status = 'draft' WHERE id IN ('org-a-3', 'org-a-4')");
    expect((await small.searchByKeys('org-a', {}, 0, 10, view, keys, []))?.total).toBe(2);
    // A third: the oldest forgotten, and with it whether the found keys changed since the view.
    await db.query("UPDATE cases SET status = 'draft' WHERE id = 'org-a-5'");
    expect(await small.searchByKeys('org-a', {}, 0, 10, view, keys, [])).toBeUndefined();
    expect(
      (await small.searchByKeys('org-a', {}, 0, 10, small.keyView('org-a')!, keys, []))?.total,
    ).toBe(2);
  });

  it('follows inserts, updates, deletes and moves between organisations', async () => {
    await addCases(db, 'org-a', 3001, 40);
    await db.query(
      "UPDATE persons SET home_province_id = 'cn-ln' WHERE id IN ('org-a-p10', 'org-a-p11')",
    );
    await db.query("UPDATE cases SET status = 'urgent', updated_at = now() WHERE id = 'org-a-12'");
    await db.query("DELETE FROM cases WHERE id IN ('org-a-13', 'org-a-3040')");
    await db.query("UPDATE cases SET organisation_id = 'org-b' WHERE id = 'org-a-14'");
    await same({ province: ['cn-ln'] }, [], 'changed');
    await same({ status: ['urgent'] }, [], 'changed');
    await same({ source: ['org-a-list', 'org-a-other'] }, [], 'changed');
    const b = await index.search('org-b', { source: ['org-a-list'] }, [], 0, 10);
    expect(b.page).toEqual(['org-a-14']);
  });

  it.runIf(backend.name === 'postgres')(
    'sees a change whose transaction began first and committed last',
    async () => {
      let commit!: () => void;
      const committed = new Promise<void>((resolve) => (commit = resolve));
      let written!: () => void;
      const write = new Promise<void>((resolve) => (written = resolve));
      const early = db.transaction(async (tx) => {
        await tx.query("UPDATE cases SET status = 'draft' WHERE id = 'org-a-20'");
        written();
        await committed;
      });
      await write;
      // A later transaction commits first, and the index reads past it.
      await db.query("UPDATE cases SET status = 'draft' WHERE id = 'org-a-21'");
      const before = await index.search('org-a', { status: ['draft'] }, [], 0, 5000);
      expect(before.page).toContain('org-a-21');
      expect(before.page).not.toContain('org-a-20');
      commit();
      await early;
      await same({ status: ['draft'] }, [], 'committed late');
    },
  );

  it('reads the organisation again after a day unread, and prunes changes older than that', async () => {
    await db.query("UPDATE cases SET status = 'closed' WHERE id = 'org-a-30'");
    // As if written two days ago: pruned, yet the index, a day behind, reads every case again.
    await db.query("UPDATE case_changes SET at = now() - interval '2 days'");
    clock += 25 * 3600_000;
    await same({ status: ['closed'] }, [], 'a day later');
    await index.lastPrune;
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_changes');
    expect(rows[0]!.n).toBe(0);
  });

  it('reads every organisation again after cases are truncated', async () => {
    await same({ status: ['open'] });
    expect((await index.search('org-b', { status: ['open'] }, [], 0, 10)).total).toBeGreaterThan(0);
    await db.query('TRUNCATE cases CASCADE');
    await addCases(db, 'org-a', 5000, 30);
    await same({ status: ['open'] }, [], 'truncated');
    expect((await index.search('org-b', { status: ['open'] }, [], 0, 10)).total).toBe(0);
  });

  it('keeps up with many rewrites of the same cases (its pool compacted)', async () => {
    for (let round = 0; round < 30; round++) {
      await db.query(
        `UPDATE cases SET status = ($1::text[])[($2 + substr(id, 7)::int) % 4 + 1] WHERE organisation_id = 'org-a'`,
        [STATUSES, round],
      );
      // Read after each rewrite: every case's codes written anew, the old ones left stale.
      expect((await index.search('org-a', { status: ['open'] }, [], 0, 1)).total).toBeGreaterThan(
        0,
      );
    }
    await same({ status: ['urgent'] }, [], 'rewritten');
    await same({ source: ['org-a-list'] }, [], 'rewritten');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseTextInput } from '../ingest/case-files';
import { importCases } from '../ingest/import-cases';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { PROVINCE_OF_PLACE } from './case-search';
import type { CaseInput } from './schemas';
import { serverFixture, type Client, type ServerFixture } from './testing/http';
import { testimony } from './testing/testimony';

const PLACES = [
  'kp-hamn-musan',
  'cn-jl-yanbian-helong',
  'cn-hl',
  'cn-jl-yanbian-yanji',
  'cn-jl-yanbian-tumen',
];
const HOMES = ['kp-hamn', 'kp-yang', undefined, 'cn-hl'];

/** A case whose events, places, years, acts and home province vary with `i`. */
function variant(i: number): CaseInput {
  const t = testimony(`f${i}`);
  const events = t.events
    .filter((_, j) => (i + j) % 3 !== 0)
    .map((e, j) => ({
      ...e,
      start: { value: `${2010 + ((i * 3 + j) % 5)}`, precision: 'year' as const },
      placeId: (i + j) % 4 === 3 ? undefined : PLACES[(i + j) % PLACES.length],
      placeText: (i + j) % 4 === 3 ? 'somewhere' : undefined,
    }));
  const eventIds = new Set(events.map((e) => e.id));
  const acts = t.acts.filter((a) => eventIds.has(a.eventId));
  const actIds = new Set(acts.map((a) => a.id));
  return {
    ...t,
    status: i % 3 === 0 ? 'urgent' : 'open',
    interventions: [],
    person: { ...t.person, homeProvince: HOMES[i % HOMES.length] },
    events,
    acts,
    involvements: t.involvements.filter((v) => actIds.has(v.actId)),
    links: t.links.filter((l) => eventIds.has(l.from) && eventIds.has(l.to)),
  };
}

/** variant(i) as a line of a `jayu import` file: case `id` of `org`, from its list. */
function importLine(i: number, id: string, org: string): string {
  const v = variant(i);
  const c = { ...v, id, organisation: org, source: `${org}-list` };
  c.person = { ...c.person, id: `${id}-person`, recordId: id };
  c.information = c.information.map((x) => ({ ...x, sourceId: `${org}-list` }));
  c.acts = c.acts.map((a) => ({ ...a, victimId: c.person.id }));
  return JSON.stringify(c);
}

interface Search {
  violation?: string[];
  province?: string[];
  year?: number[];
  status?: string[];
}

/** The search as it was before migration 0402: EXISTS over acts, events and persons. */
async function reference(db: Db, search: Search) {
  const values: unknown[] = ['org-a'];
  const add = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const conds = ['k.organisation_id = $1'];
  if (search.status) conds.push(`k.status = ANY(${add(search.status)}::text[])`);
  if (search.violation) {
    conds.push(
      `EXISTS (SELECT 1 FROM acts a WHERE a.case_id = k.id AND a.violation = ANY(${add(search.violation)}::text[]))`,
    );
  }
  if (search.province) {
    const v = add(search.province);
    conds.push(
      `(EXISTS (SELECT 1 FROM events e WHERE e.case_id = k.id AND ${PROVINCE_OF_PLACE('e.place_id')} = ANY(${v}::text[]))
        OR p.home_province_id = ANY(${v}::text[]))`,
    );
  }
  if (search.year) {
    conds.push(
      `EXISTS (SELECT 1 FROM events e WHERE e.case_id = k.id AND e.start_year = ANY(${add(search.year)}::int[]))`,
    );
  }
  const where = conds.join(' AND ');
  const hits = `WITH hits AS MATERIALIZED (SELECT k.id, k.source_id, k.status, p.home_province_id, k.updated_at
                  FROM cases k JOIN persons p ON p.id = k.person_id WHERE ${where})`;
  const { rows: items } = await db.query<{
    id: string;
    violations: string[] | null;
    years: number[] | null;
    provinces: string[] | null;
  }>(
    `${hits} SELECT h.id,
       (SELECT array_agg(DISTINCT violation ORDER BY violation) FROM acts WHERE case_id = h.id) AS violations,
       (SELECT array_agg(DISTINCT start_year ORDER BY start_year) FILTER (WHERE start_year IS NOT NULL)
          FROM events WHERE case_id = h.id) AS years,
       (SELECT array_agg(DISTINCT ${PROVINCE_OF_PLACE('place_id')}) FILTER (WHERE ${PROVINCE_OF_PLACE('place_id')} IS NOT NULL)
          FROM events WHERE case_id = h.id) AS provinces
       FROM hits h ORDER BY h.updated_at DESC, h.id`,
    values,
  );
  const facetSql = {
    violation: `SELECT a.violation AS value, count(DISTINCT a.case_id)::int AS count
                  FROM acts a JOIN hits h ON h.id = a.case_id GROUP BY 1`,
    province: `SELECT prov AS value, count(DISTINCT case_id)::int AS count FROM (
                 SELECT e.case_id, ${PROVINCE_OF_PLACE('e.place_id')} AS prov FROM events e JOIN hits h ON h.id = e.case_id
                 UNION ALL SELECT h.id, h.home_province_id FROM hits h) x
               WHERE prov IS NOT NULL GROUP BY 1`,
    year: `SELECT e.start_year::text AS value, count(DISTINCT e.case_id)::int AS count
             FROM events e JOIN hits h ON h.id = e.case_id WHERE e.start_year IS NOT NULL GROUP BY 1`,
    source: `SELECT h.source_id AS value, count(*)::int AS count FROM hits h GROUP BY 1`,
    status: `SELECT h.status AS value, count(*)::int AS count FROM hits h GROUP BY 1`,
  };
  const facets: Record<string, { value: string; count: number }[]> = {};
  for (const [facet, sql] of Object.entries(facetSql)) {
    const { rows } = await db.query<{ value: string; count: number }>(
      `${hits} SELECT value, count FROM (${sql}) x ORDER BY count DESC, value LIMIT 50`,
      values,
    );
    facets[facet] = items.length > 0 ? rows : [];
  }
  return {
    ids: items.map((r) => r.id),
    summaries: items.map((r) => ({
      id: r.id,
      violations: r.violations ?? [],
      years: r.years ?? [],
      provinces: r.provinces ?? [],
    })),
    facets,
  };
}

describe.each(storeBackends())('case facets on $name', (backend) => {
  let s: ServerFixture;
  let c: Client;
  beforeAll(async () => {
    s = await serverFixture(await backend.open());
    c = await s.signedIn('documenter-org-a');
    for (let i = 0; i < 10; i++) {
      const res = await c.post('/api/cases', variant(i));
      expect(res.statusCode, res.body).toBe(201);
    }
    // Saving a case replaces its events and acts (deletes, then inserts).
    const changed = variant(12);
    const res = await c.put('/api/cases/f3', { ...changed, id: 'f3' });
    expect(res.statusCode, res.body).toBe(200);
    // As `jayu import` writes cases (COPY into staging, then INSERT ... SELECT), twice: the second
    // time in place (ON CONFLICT DO UPDATE of persons and cases, children replaced).
    for (const round of [0, 1]) {
      const lines = [20, 21, 22].map((i) => importLine(i + round, `imp${i}`, 'org-a'));
      await importCases(s.fx.db, s.fx.store.keyring.sealerFor('org-a'), [
        caseTextInput('org-a.jsonl', lines.join('\n'), true),
      ]);
    }
    // Another organisation's cases with the same violations, places and years: found and
    // counted only by its own users (the facets index holds every organisation's).
    const others = [0, 1, 2].map((i) => importLine(i, `b${i}`, 'org-b'));
    await importCases(s.fx.db, s.fx.store.keyring.sealerFor('org-b'), [
      caseTextInput('org-b.jsonl', others.join('\n'), true),
    ]);
  });
  afterAll(() => s?.close());

  const stale = async () =>
    (
      await s.fx.db.query<{ id: string }>(
        'SELECT id FROM cases WHERE facets IS DISTINCT FROM jayu_case_facets(id, person_id)',
      )
    ).rows.map((r) => r.id);

  it('keeps every case facets in step with its acts, events and person', async () => {
    expect(await stale()).toEqual([]);
    const { rows } = await s.fx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM cases WHERE facets <> '{}'",
    );
    // 13 of org-a, 3 of org-b.
    expect(rows[0]!.n).toBe(16);
  });

  it('follows direct updates and deletes of events, acts and home provinces', async () => {
    const db = s.fx.db;
    await db.query("UPDATE persons SET home_province_id = 'kp-kang' WHERE id = 'f1-person'");
    await db.query("UPDATE events SET start_year = 1999, place_id = 'cn-ln' WHERE case_id = 'f2'");
    await db.query("DELETE FROM acts WHERE case_id = 'f4' AND violation = 'trafficking'");
    await db.query("UPDATE acts SET violation = 'torture' WHERE case_id = 'f5'");
    expect(await stale()).toEqual([]);
    const facets = async (id: string) =>
      (await db.query<{ facets: string[] }>('SELECT facets FROM cases WHERE id = $1', [id]))
        .rows[0]!.facets;
    expect(await facets('f1')).toContain('h:kp-kang');
    expect(await facets('f2')).toEqual(expect.arrayContaining(['y:1999', 'e:cn-ln']));
    expect(await facets('f5')).toContain('v:torture');
  });

  it('finds and counts exactly what EXISTS over acts and events found', async () => {
    const searches: Search[] = [
      {},
      { violation: ['trafficking'] },
      { violation: ['forced_marriage', 'torture'] },
      { violation: ['execution'] },
      { province: ['cn-hl'] },
      { province: ['kp-hamn'] },
      { province: ['cn-jl', 'kp-yang'] },
      { province: ['kp-kang'] },
      { province: ['cn-ln'] },
      { year: [2012] },
      { year: [1999, 2014] },
      { year: [2001] },
      { violation: ['sexual_slavery'], province: ['cn-jl'], year: [2011] },
      { violation: ['arbitrary_imprisonment'], province: ['kp-hamn'], year: [2010, 2013] },
      { status: ['urgent'], province: ['cn-hl'] },
    ];
    let nonEmpty = 0;
    for (const search of searches) {
      const expected = await reference(s.fx.db, search);
      const res = await c.post('/api/cases/search', { ...search, pageSize: 100 });
      expect(res.statusCode, res.body).toBe(200);
      const got = res.json();
      const label = JSON.stringify(search);
      expect(
        got.items.map((i: { id: string }) => i.id),
        label,
      ).toEqual(expected.ids);
      expect(got.total, label).toBe(expected.ids.length);
      expect(
        got.items.map(
          (i: { id: string; violations: string[]; years: number[]; provinces: string[] }) => ({
            id: i.id,
            violations: i.violations,
            years: i.years,
            provinces: i.provinces,
          }),
        ),
        label,
      ).toEqual(expected.summaries);
      expect(got.facets, label).toEqual(expected.facets);
      if (expected.ids.length > 0 && expected.ids.length < 13) nonEmpty++;
    }
    // Pages of a narrowed search (taken from its counted matches) and of the whole list.
    for (const search of [{ province: ['cn-jl'] }, {}]) {
      const expected = await reference(s.fx.db, search);
      for (const page of [1, 2, 3]) {
        const got = (await c.post('/api/cases/search', { ...search, page, pageSize: 3 })).json();
        expect(got.items.map((i: { id: string }) => i.id)).toEqual(
          expected.ids.slice((page - 1) * 3, page * 3),
        );
      }
    }
    // The searches narrow: most find some but not all cases.
    expect(nonEmpty).toBeGreaterThanOrEqual(10);
  });
  it('finds and counts only the organisation’s own cases', async () => {
    const b = await s.signedIn('documenter-org-b');
    for (const search of [
      { violation: ['trafficking'] },
      { province: ['cn-jl'] },
      { year: [2012] },
    ]) {
      const own = (await b.post('/api/cases/search', { ...search, pageSize: 100 })).json();
      const label = JSON.stringify(search);
      expect(own.items.length, label).toBeGreaterThan(0);
      expect(
        own.items.every((i: { id: string }) => /^b\d$/.test(i.id)),
        label,
      ).toBe(true);
      expect(own.total, label).toBe(own.items.length);
      const count = (own.facets.status as { count: number }[]).reduce((n, x) => n + x.count, 0);
      expect(count, label).toBe(own.total);
    }
  });

  it('checks the facets of a search by record id or case id on its matches', async () => {
    for (const q of ['imp20', 'f1']) {
      const [found] = (await c.post('/api/cases/search', { q })).json().items as {
        violations: string[];
        years: number[];
      }[];
      expect(found, q).toBeDefined();
      const has = { violation: [found!.violations[0]!], year: [found!.years[0]!] };
      const hit = (await c.post('/api/cases/search', { q, ...has })).json();
      expect([hit.total, hit.items.length], q).toEqual([1, 1]);
      const missing = (await c.post('/api/cases/search', { q, ...has, year: [1901] })).json();
      expect([missing.total, missing.items.length], q).toEqual([0, 0]);
      // org-b's documenter does not find org-a's case, whatever its facets.
      const b = await s.signedIn('documenter-org-b');
      expect((await b.post('/api/cases/search', { q, ...has })).json().total, q).toBe(0);
    }
  });

  it('follows every change of cases, by whoever wrote it, into the facet index', async () => {
    const db = s.fx.db;
    const searches: Search[] = [
      { violation: ['trafficking'] },
      { province: ['cn-jl'] },
      { year: [2012] },
      { status: ['closed'] },
    ];
    const same = async (when: string) => {
      for (const search of searches) {
        const expected = await reference(db, search);
        const got = (await c.post('/api/cases/search', { ...search, pageSize: 100 })).json();
        const label = `${when}: ${JSON.stringify(search)}`;
        expect(
          got.items.map((i: { id: string }) => i.id),
          label,
        ).toEqual(expected.ids);
        expect([got.total, got.facets], label).toEqual([expected.ids.length, expected.facets]);
      }
    };
    await same('read');
    // Written around the server: events, acts, a status, a deleted case, another import.
    await db.query("UPDATE events SET start_year = 2012 WHERE case_id = 'f6'");
    await db.query("DELETE FROM acts WHERE case_id = 'f7'");
    await db.query("UPDATE cases SET status = 'closed' WHERE id IN ('f8', 'imp21')");
    await db.query("DELETE FROM cases WHERE id = 'f9'");
    const lines = [30, 31].map((i) => importLine(i, `imp${i}`, 'org-a'));
    await importCases(db, s.fx.store.keyring.sealerFor('org-a'), [
      caseTextInput('org-a.jsonl', lines.join('\n'), true),
    ]);
    await same('changed');
    // A facet search reads no matches from PostgreSQL, only its page.
    const spy = vi.spyOn(db, 'query');
    try {
      await c.post('/api/cases/search', { violation: ['trafficking'], year: [2012] });
      expect(spy.mock.calls.some(([sql]) => sql.includes('WITH hits'))).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });
});

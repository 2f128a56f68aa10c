/**
 * The case list: the session's own organisation's cases, found by a name in any script (through
 * the keyed name indexes, for roles that may see identities) or a record id, narrowed by facets
 * (violation, province, year, source, status), with counts per facet value: a name or record id
 * in PostgreSQL, facets alone in the facet index (case-facet-index.ts), the whole list from its
 * kept counts. Names are shown only to roles that may read them, opened by an audited sealer;
 * everyone else sees a pseudonym.
 */
import type { ProtectedStore, Session } from '../protect/protected-store';
import type { QueryOptions } from '../store/db';
import { API_PURPOSE } from './cases';
import { caseNames } from './case-names';
import { NAME_KEY_KIND, queryNameKeys } from './name-keys';
import { HttpProblem } from './problem';
import type { CaseSearch, CaseSearchResult, CaseSummary } from './schemas';
import type { Facet } from './api-constants';
import {
  byCodePoint,
  facetTerms,
  type CaseFacetIndex,
  type FacetSearchResult,
} from './case-facet-index';

/** SQL for the province (gazetteer id) of a place id: ids are hierarchical (cn-jl-yanbian-yanji). */
export const PROVINCE_OF_PLACE = (column: string) =>
  `substring(${column} from '^[a-z]{2}-[a-z0-9]+')`;

/** The cases restricted to users other than `user`: not theirs to see (a few rows). */
const HIDDEN_FROM = (user: string) =>
  `SELECT r.case_id FROM case_restrictions r GROUP BY r.case_id HAVING NOT bool_or(r.user_id = ${user})`;

/** Cases the session may see: not restricted to other users. */
const VISIBLE = (alias: string, userParam: string) =>
  `(NOT EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = ${alias}.id)
    OR EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = ${alias}.id AND r.user_id = ${userParam}))`;

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

type Search = CaseSearch & { page: number; pageSize: number };

/** The columns of cases a search reads to count, facet and page its matches. */
const HIT_COLUMNS = (alias: string, id = 'id') =>
  `${alias}.${id} AS id, ${alias}.organisation_id, ${alias}.source_id, ${alias}.status,
   ${alias}.person_id, ${alias}.facets, ${alias}.updated_at`;

/** The id of a search's match, all that the facet index needs of it. */
const MATCH_ID = (alias: string, id = 'id') => `${alias}.${id} AS id`;

/**
 * A search by name or record id `q`, narrowed by any facets: a SELECT of its matches' `columns`
 * (MATCH_ID for the facet index, HIT_COLUMNS to order them in PostgreSQL). Its matches are few
 * (a name's keys, a record), looked up by key, and their facets checked on them.
 */
async function searchMatches(
  session: Session,
  organisationId: string,
  q: string,
  search: Search,
  p: Params,
  columns: (alias: string, id?: string) => string,
): Promise<string> {
  const org = p.add(organisationId);
  const user = p.add(session.principal.id);
  // Status, source, violation, province and year: each a parameter, given once however many
  // parts of the search test it.
  const status = search.status?.length ? p.add(search.status) : null;
  const source = search.source?.length ? p.add(search.source) : null;
  // Violation, province and year through `cases.facets` (migration 0402): the same cases as
  // EXISTS over acts and events.
  const facetParams = facetTerms(search).map((values) => p.add(values));
  /** The filters over the columns of `alias` and its facets array. */
  const filters = (alias: string) => [
    ...(status ? [`${alias}.status = ANY(${status}::text[])`] : []),
    ...(source ? [`${alias}.source_id = ANY(${source}::text[])`] : []),
    ...facetParams.map((values) => `${alias}.facets && ${values}::text[]`),
  ];
  // A case id or the organisation's (source, record id): each an index lookup, unioned; the
  // matches as an array looked up in the primary key.
  const text = p.add(q);
  const where = [
    `k.organisation_id = ${org}`,
    VISIBLE('k', user),
    `k.id = ANY(ARRAY(SELECT id FROM cases WHERE id = ${text}
       UNION SELECT k2.id FROM cases k2 JOIN persons p2 ON p2.id = k2.person_id
        WHERE (p2.source_id, p2.record_id) IN (SELECT s.id, ${text} FROM sources s WHERE s.organisation_id = ${org})))`,
    ...filters('k'),
  ].join(' AND ');
  const parts = [`SELECT ${columns('k')} FROM cases k WHERE ${where}`];
  // A name search reveals who is recorded: only for roles that may see identities.
  if (session.can('case.read_identifying', { organisationId })) {
    // Only the keyed hash is needed here: a sealer that may open nothing.
    const sealer = await session.sealerFor(organisationId, {
      purpose: API_PURPOSE,
      read: true,
      caseIds: [],
    });
    const keys = queryNameKeys(q).map((k) => sealer.blindIndex(NAME_KEY_KIND, k));
    if (keys.length > 0) {
      // The name's matches from its keys' rows alone (migration 0405: each carries its case's
      // columns, in a covering index): one index-only range scan, however common the name,
      // where fetching each match from cases cost thousands of scattered reads. The cases
      // restricted to others are one small set, hashed once (per match, VISIBLE's two lookups
      // cost more than the scan).
      parts.push(
        `SELECT ${columns('n', 'case_id')} FROM case_name_keys n
          WHERE n.key = ANY(${p.add(keys)}::text[]) AND n.organisation_id = ${org}
            AND n.case_id NOT IN (${HIDDEN_FROM(user)})
            ${filters('n')
              .map((c) => `AND ${c}`)
              .join(' ')}`,
      );
    }
  }
  // UNION: a case found by several keys, or by its id and its name, counts once.
  return parts.join(' UNION ');
}

/**
 * The whole organisation's number of cases (facet 'cases') and the 50 commonest values of each
 * facet, ranked by count then value as the facet index ranks them (case-facet-index.ts: a
 * value counted once per case, a province whether an event or the home lies in it), from the
 * counts kept by triggers (case_counts,
 * migration 0404: rows of deltas, summed). Those count every case; the cases restricted to other
 * users ($2 may not see them: see VISIBLE) are taken off, their share computed from their facets
 * by the same function the triggers count with (restrictions are rare: a few rows).
 */
const KEPT_COUNTS = `
  WITH hidden AS MATERIALIZED (
         SELECT k.facets, k.source_id, k.status FROM cases k
          WHERE k.id IN (SELECT r.case_id FROM case_restrictions r) AND k.organisation_id = $1
            AND NOT EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = k.id AND r.user_id = $2)),
       counted AS (
         SELECT facet, value, sum(n)::int AS count FROM (
           SELECT c.facet, c.value, c.n FROM case_counts c WHERE c.organisation_id = $1
           UNION ALL
           SELECT x.facet, x.value, -1 FROM hidden h, jayu_case_count_keys(h.facets, h.source_id, h.status) x) c
          GROUP BY 1, 2 HAVING sum(n) > 0)
  SELECT facet, value, count, rank FROM (
    SELECT facet, value, count,
           row_number() OVER (PARTITION BY facet ORDER BY count DESC, value)::int AS rank
      FROM counted) r
   WHERE rank <= 50`;

/**
 * A case's values of one kind from its `facets` ('v:torture' -> 'torture'), sorted by code point
 * as PostgreSQL's C collation sorts (facetYears: as numbers). Taken apart here, not in the page's
 * statement: three sorted subqueries a row cost 0.25-0.5 ms of PostgreSQL a page of 25.
 */
function facetValues(facets: readonly string[] | null, kind: 'v' | 'e' | 'y'): string[] {
  const values: string[] = [];
  for (const f of facets ?? []) if (f[0] === kind && f[1] === ':') values.push(f.slice(2));
  return values.sort(byCodePoint);
}

function facetYears(facets: readonly string[] | null): number[] {
  return facetValues(facets, 'y')
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Counting a search by name or record id stops here: up to this many matches, their ids go from
 * PostgreSQL to the facet index, which counts them exactly; beyond it the list says "more than"
 * (every match's id fetched for every page costs more than it tells), and facet counts are left
 * out. Searches by facets alone and the whole organisation's counts (KEPT_COUNTS) are exact.
 */
export const COUNT_LIMIT = 10_000;

export async function searchCases(
  protect: ProtectedStore,
  facetIndex: CaseFacetIndex,
  session: Session,
  search: Search,
): Promise<CaseSearchResult> {
  const organisationId = session.principal.organisationId;
  if (!organisationId) throw new HttpProblem('forbidden');
  await session.require('case.read_deidentified', { organisationId });
  const db = protect.db;
  const q = search.q?.trim();
  const offset = (search.page - 1) * search.pageSize;
  type Row = {
    id: string;
    organisation_id: string;
    source_id: string;
    status: CaseSummary['status'];
    person_id: string;
    record_id: string;
    sex: CaseSummary['sex'];
    birth_year: number | null;
    home_province_id: string | null;
    vault: Uint8Array | null;
    updated_at: string | Date;
    facets: string[] | null;
  };
  // The page is chosen among cases alone (pageOf's `chosen`: a WHERE clause to order and page;
  // a narrowed search's counted matches, below) and only its rows joined to their persons; each
  // row's violations, years and event provinces come from its `facets` (no queries over acts and
  // events), read as JSON: the driver parses a text[] in JavaScript, element by element (0.47 ms
  // a page of 25 under the profiler), JSON natively.
  const PAGE_COLUMNS = `k.id, k.organisation_id, k.source_id, k.status, p.id AS person_id, p.record_id,
            p.sex, p.birth_year, p.home_province_id, p.vault, k.updated_at,
            array_to_json(k.facets) AS facets`;
  const pageOf = (chosen: string, params: unknown[], options?: QueryOptions) =>
    db.query<Row>(
      `SELECT ${PAGE_COLUMNS}
       FROM (SELECT k.id, k.organisation_id, k.source_id, k.status, k.person_id, k.updated_at, k.facets
               FROM cases k WHERE ${chosen}) k
       JOIN persons p ON p.id = k.person_id
      ORDER BY k.updated_at DESC, k.id`,
      params,
      options,
    );
  let rows: Row[];
  const facets: CaseSearchResult['facets'] = {
    violation: [],
    province: [],
    year: [],
    source: [],
    status: [],
  };
  let total = 0;
  // Exact unless a name or record id matched more than COUNT_LIMIT cases.
  let totalIsLowerBound = false;
  const byFacets = Boolean(
    search.violation?.length ||
    search.province?.length ||
    search.year?.length ||
    search.status?.length ||
    search.source?.length,
  );
  /**
   * The matches of the search's facets (among `among`, if given) less `hidden`, counted,
   * faceted and paged by the facet index; only the page's rows read, by id (their organisation
   * and visibility checked again there).
   */
  const fromIndex = async (
    hidden: readonly string[] | Promise<readonly string[]>,
    among?: readonly string[],
  ): Promise<Row[]> =>
    pageRows(
      await facetIndex.search(organisationId, search, hidden, offset, search.pageSize, among),
    );
  /** The rows of a search's page found by the facet index, by id, in its order. */
  const pageRows = async (found: FacetSearchResult): Promise<Row[]> => {
    total = found.total;
    Object.assign(facets, found.facets);
    const position = new Map(found.page.map((id, i) => [id, i]));
    return (
      await pageOf(
        `k.id = ANY($1::text[]) AND k.organisation_id = $2 AND ${VISIBLE('k', '$3')}`,
        [found.page, organisationId, session.principal.id],
        // Planned once: its plan (the ids looked up in the primary key) does not depend on them,
        // and planning it anew cost more than running it.
        { prepare: true },
      )
    ).rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  };
  if (q) {
    // A name or record id (and any facets): its matches' ids looked up by key in PostgreSQL
    // (an index-only scan of the name keys), then counted, faceted and paged by the facet index
    // as a search by facets is. Counting their facets in PostgreSQL cost 19 ms for a name of
    // 3,898 matches on the million-case store, against 4 ms to find their ids.
    /** The matches' number, keys, and ids: those of the `shared` keys, or all of them. */
    const matchesOf = async (shared: readonly number[] | 'all') => {
      const p = new Params();
      const matches = await searchMatches(session, organisationId, q, search, p, MATCH_ID);
      const all = p.add(shared === 'all');
      const sharedKeys = p.add(shared === 'all' ? [] : shared);
      const asIds = `(${all} OR key = ANY(${sharedKeys}::int[]))`;
      // As JSON, which the driver parses natively: a text[] of 4,000 ids was parsed element by
      // element in JavaScript (a third of a millisecond a search).
      const { rows } = await db.query<{
        n: number;
        keys: number[] | null;
        ids: string[] | null;
      }>(
        `SELECT count(*)::int AS n,
                json_agg(key) FILTER (WHERE NOT ${asIds}) AS keys,
                json_agg(id) FILTER (WHERE ${asIds}) AS ids
           FROM (SELECT id, hashtext(id) AS key FROM (${matches}) m LIMIT ${COUNT_LIMIT + 1}) x`,
        p.values,
        // Planned once per text (a few, by which filters are given): its generic plan is its
        // custom plan (each part an index lookup), planned in 0.03 ms against 1.1-1.4 ms anew.
        { prepare: true },
      );
      return { n: rows[0]?.n ?? 0, keys: rows[0]?.keys ?? [], ids: rows[0]?.ids ?? [] };
    };
    // The matches as keys (hashtext of their ids) where the facet index has read the
    // organisation: it looks those up in a fraction of the time ids take (see keyView). As ids
    // where it has not, or where it cannot tell which case a key names (asked again).
    const view = facetIndex.keyView(organisationId);
    let matched = await matchesOf(view?.shared ?? 'all');
    let found: FacetSearchResult | undefined;
    if (view && matched.n <= COUNT_LIMIT) {
      found = await facetIndex.searchByKeys(
        organisationId,
        search,
        offset,
        search.pageSize,
        view,
        matched.keys,
        matched.ids,
      );
      if (!found) matched = await matchesOf('all');
    }
    if (matched.n <= COUNT_LIMIT) {
      // Already visible to the session (VISIBLE and HIDDEN_FROM in the statement): none to hide.
      rows = found ? await pageRows(found) : await fromIndex([], matched.ids);
    } else {
      // More than COUNT_LIMIT: "more than", no facet counts, and the page sorted from all the
      // matches in PostgreSQL (they come from the keys' index, not from the table).
      total = COUNT_LIMIT;
      totalIsLowerBound = true;
      const all = new Params();
      const hits = await searchMatches(session, organisationId, q, search, all, HIT_COLUMNS);
      const limit = all.add(search.pageSize);
      const skip = all.add(offset);
      rows = (
        await db.query<Row>(
          `SELECT ${PAGE_COLUMNS}
             FROM (SELECT * FROM (${hits}) m ORDER BY updated_at DESC, id
                    LIMIT ${limit} OFFSET ${skip}) k
             JOIN persons p ON p.id = k.person_id
            ORDER BY k.updated_at DESC, k.id`,
          all.values,
        )
      ).rows;
    }
  } else if (byFacets) {
    // Facets alone: matched, counted and paged by the facet index in memory, exactly at any
    // size. The cases restricted to other users are few: read while the index reads.
    rows = await fromIndex(
      db
        .query<{ case_id: string }>(HIDDEN_FROM('$1'), [session.principal.id], { prepare: true })
        .then((r) => r.rows.map((x) => x.case_id)),
    );
  } else {
    // The whole organisation: its number of cases and facet counts as kept by triggers
    // (case_counts, migration 0404), so exact at any size for the cost of a few hundred rows
    // (counting cases for it walked the organisation's index: 9 ms of PostgreSQL CPU for the
    // first 10,001 of 322,741 cases, with no facet counts past 10,000), and the page in the
    // organisation's order, which its index (cases_organisation_updated_idx) gives.
    // The list shows this before any facet is chosen: the facet index starts reading the
    // organisation now, not at the first facet chosen (seconds for a million cases).
    void facetIndex.warm(organisationId);
    const [{ rows: kept }, page] = await Promise.all([
      db.query<{ facet: Facet | 'cases'; value: string; count: number; rank: number }>(
        KEPT_COUNTS,
        [organisationId, session.principal.id],
        // Planned once: planning it (0.66 ms on a million-case store) cost more than running
        // it, and its generic plan (the organisation's rows by index) runs in 0.12-0.14 ms.
        { prepare: true },
      ),
      pageOf(
        `k.organisation_id = $1 AND ${VISIBLE('k', '$2')}
          ORDER BY k.updated_at DESC, k.id LIMIT $3 OFFSET $4`,
        [organisationId, session.principal.id, search.pageSize, offset],
      ),
    ]);
    for (const r of kept.sort((a, b) => a.rank - b.rank)) {
      if (r.facet === 'cases') total = r.count;
      else facets[r.facet].push({ value: r.value, count: r.count });
    }
    rows = page.rows;
  }

  // Names for roles that may read them, each an audited read; the rest get pseudonyms.
  const names = await caseNames(session, organisationId, rows);

  const items: CaseSummary[] = rows.map((r) => {
    return {
      id: r.id,
      organisation: r.organisation_id,
      source: r.source_id,
      status: r.status,
      name: names.get(r.id),
      pseudonym: `P-${r.person_id
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 8)
        .toUpperCase()}`,
      sex: r.sex,
      birthYear: r.birth_year ?? undefined,
      homeProvince: r.home_province_id ?? undefined,
      violations: facetValues(r.facets, 'v'),
      years: facetYears(r.facets),
      provinces: facetValues(r.facets, 'e'),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  });

  return {
    total,
    totalIsLowerBound,
    page: search.page,
    pageSize: search.pageSize,
    items,
    facets,
  };
}

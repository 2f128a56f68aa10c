/**
 * The case list: the session's own organisation's cases, found by a name in any script (through
 * the keyed name indexes, for roles that may see identities) or a record id, narrowed by facets
 * (violation, province, year, source, status), with counts per facet value. Names are shown only
 * to roles that may read them, opened by an audited sealer; everyone else sees a pseudonym.
 */
import type { ProtectedStore, Session } from '../protect/protected-store';
import { VAULT_FIELD, vaultRecordKey, type PersonVault } from '../store/vault';
import { API_PURPOSE } from './cases';
import { NAME_KEY_KIND, queryNameKeys } from './name-keys';
import { HttpProblem } from './problem';
import type { CaseSearch, CaseSearchResult, CaseSummary } from './schemas';
import { FACETS, type Facet } from './api-constants';

/** SQL for the province (gazetteer id) of a place id: ids are hierarchical (cn-jl-yanbian-yanji). */
export const PROVINCE_OF_PLACE = (column: string) =>
  `substring(${column} from '^[a-z]{2}-[a-z0-9]+')`;

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

/**
 * The WHERE clause of the search, shared by the page and the facet counts, over cases `k` and,
 * if `usesPerson`, their persons `p`.
 */
async function whereClause(
  session: Session,
  organisationId: string,
  search: Search,
  p: Params,
): Promise<{ where: string; usesPerson: boolean }> {
  const conds = [
    `k.organisation_id = ${p.add(organisationId)}`,
    VISIBLE('k', p.add(session.principal.id)),
  ];
  const q = search.q?.trim();
  if (q) {
    // Each alternative is an index lookup (case id, the organisation's (source, record id),
    // name keys), unioned, so a search stays fast however many cases there are.
    const text = p.add(q);
    const matches = [
      `SELECT id FROM cases WHERE id = ${text}`,
      `SELECT k2.id FROM cases k2 JOIN persons p2 ON p2.id = k2.person_id
        WHERE (p2.source_id, p2.record_id) IN (SELECT s.id, ${text} FROM sources s WHERE s.organisation_id = ${p.add(organisationId)})`,
    ];
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
        matches.push(`SELECT case_id FROM case_name_keys WHERE key = ANY(${p.add(keys)}::text[])`);
      }
    }
    // The matches as an array looked up in the primary key: as `k.id IN (...)`, a common name
    // (thousands of cases) made PostgreSQL hash them against a scan of the whole organisation
    // (0.3 s for 10,762 matches among 322,741 cases; 0.14 s this way).
    conds.push(`k.id = ANY(ARRAY(${matches.join(' UNION ')}))`);
  }
  if (search.status?.length) conds.push(`k.status = ANY(${p.add(search.status)}::text[])`);
  if (search.source?.length) conds.push(`k.source_id = ANY(${p.add(search.source)}::text[])`);
  if (search.violation?.length) {
    conds.push(
      `EXISTS (SELECT 1 FROM acts a WHERE a.case_id = k.id AND a.violation = ANY(${p.add(search.violation)}::text[]))`,
    );
  }
  if (search.province?.length) {
    const provinces = p.add(search.province);
    conds.push(
      `(EXISTS (SELECT 1 FROM events e WHERE e.case_id = k.id AND ${PROVINCE_OF_PLACE('e.place_id')} = ANY(${provinces}::text[]))
        OR p.home_province_id = ANY(${provinces}::text[]))`,
    );
  }
  if (search.year?.length) {
    conds.push(
      `EXISTS (SELECT 1 FROM events e WHERE e.case_id = k.id AND e.start_year = ANY(${p.add(search.year)}::int[]))`,
    );
  }
  return { where: conds.join(' AND '), usesPerson: Boolean(search.province?.length) };
}

const FACET_SQL: Record<Facet, string> = {
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

/**
 * Counting stops here: beyond it the list says "more than" (an exact count of a whole large
 * organisation costs a scan per page), and facet counts are left out.
 */
export const COUNT_LIMIT = 10_000;

export async function searchCases(
  protect: ProtectedStore,
  session: Session,
  search: Search,
): Promise<CaseSearchResult> {
  const organisationId = session.principal.organisationId;
  if (!organisationId) throw new HttpProblem('forbidden');
  await session.require('case.read_deidentified', { organisationId });
  const p = new Params();
  const { where, usesPerson } = await whereClause(session, organisationId, search, p);
  const db = protect.db;
  const offset = (search.page - 1) * search.pageSize;
  const limit = p.add(search.pageSize);
  const skip = p.add(offset);
  const { rows } = await db.query<{
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
  }>(
    `SELECT k.id, k.organisation_id, k.source_id, k.status, p.id AS person_id, p.record_id, p.sex,
            p.birth_year, p.home_province_id, p.vault, k.updated_at
       FROM cases k JOIN persons p ON p.id = k.person_id
      WHERE ${where}
      ORDER BY k.updated_at DESC, k.id
      LIMIT ${limit} OFFSET ${skip}`,
    p.values,
  );
  // The count joins persons only when a condition needs them (the home province): with the
  // join, PostgreSQL walked all cases in person order to count 10,001 of one organisation
  // (0.5 s on a million cases); without it, 10,001 entries of the organisation's index (9 ms).
  const counted = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases k
      ${usesPerson ? 'JOIN persons p ON p.id = k.person_id' : ''}
      WHERE ${where} LIMIT ${COUNT_LIMIT + 1}) x`,
    p.values.slice(0, -2),
  );
  const total = counted.rows[0]?.n ?? 0;
  const totalIsLowerBound = total > COUNT_LIMIT;
  const ids = rows.map((r) => r.id);
  const [acts, events] = await Promise.all([
    db.query<{ case_id: string; violations: string[] }>(
      `SELECT case_id, array_agg(DISTINCT violation ORDER BY violation) AS violations
         FROM acts WHERE case_id = ANY($1::text[]) GROUP BY case_id`,
      [ids],
    ),
    db.query<{ case_id: string; years: number[] | null; provinces: string[] | null }>(
      `SELECT case_id,
              array_agg(DISTINCT start_year ORDER BY start_year) FILTER (WHERE start_year IS NOT NULL) AS years,
              array_agg(DISTINCT ${PROVINCE_OF_PLACE('place_id')}) FILTER (WHERE ${PROVINCE_OF_PLACE('place_id')} IS NOT NULL) AS provinces
         FROM events WHERE case_id = ANY($1::text[]) GROUP BY case_id`,
      [ids],
    ),
  ]);
  const violationsOf = new Map(acts.rows.map((r) => [r.case_id, r.violations]));
  const eventsOf = new Map(events.rows.map((r) => [r.case_id, r]));

  // Names for roles that may read them, each an audited read; the rest get pseudonyms.
  const names = new Map<string, string>();
  if (session.can('case.read_identifying', { organisationId }) && rows.length > 0) {
    const sealer = await session.sealerFor(organisationId, {
      purpose: API_PURPOSE,
      read: true,
      caseIds: ids,
    });
    for (const r of rows) {
      const key = vaultRecordKey.person(r.source_id, r.record_id);
      if (!r.vault || !sealer.mayOpen('persons', key)) continue;
      const v = JSON.parse(sealer.open('persons', key, VAULT_FIELD, r.vault)) as PersonVault;
      const name = [v.familyName, v.givenName].filter(Boolean).join(' ');
      if (name) names.set(r.id, name);
    }
    await sealer.flush();
  }

  const items: CaseSummary[] = rows.map((r) => {
    const ev = eventsOf.get(r.id);
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
      violations: violationsOf.get(r.id) ?? [],
      years: ev?.years ?? [],
      provinces: ev?.provinces ?? [],
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  });

  const facets: CaseSearchResult['facets'] = {
    violation: [],
    province: [],
    year: [],
    source: [],
    status: [],
  };
  if (total > 0 && !totalIsLowerBound) {
    // All five facets in one statement: one pass over the matching cases.
    const hits = `WITH hits AS MATERIALIZED (SELECT k.id, k.source_id, k.status, p.home_province_id
                     FROM cases k JOIN persons p ON p.id = k.person_id WHERE ${where})`;
    const { rows: counted } = await db.query<{ facet: Facet; value: string; count: number }>(
      `${hits} ${FACETS.map(
        (f) => `SELECT * FROM (SELECT '${f}'::text AS facet, value, count FROM (${FACET_SQL[f]}) x
                  ORDER BY count DESC, value LIMIT 50) ${f}_top`,
      ).join(' UNION ALL ')}`,
      p.values.slice(0, -2),
    );
    for (const r of counted) facets[r.facet].push({ value: r.value, count: r.count });
  }
  return {
    total: totalIsLowerBound ? COUNT_LIMIT : total,
    totalIsLowerBound,
    page: search.page,
    pageSize: search.pageSize,
    items,
    facets,
  };
}

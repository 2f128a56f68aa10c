/**
 * Counts over stored records, with the breakdowns `jayu stats` prints. Key names are those of
 * the synthetic population's `documented` counts (src/synth/README.md) so that an import of
 * `jayu synth` output can be checked against its truth key by key. Nothing here identifies
 * anyone; small cells are not suppressed (that is the report layer's job for published output).
 */
import type { Queryable } from './db';

export interface StoreStats {
  /** Person records (rows of the person lists and persons of cases). */
  records: number;
  cases: number;
  recordsBySource: Record<string, number>;
  /** Acts by violation code. */
  byViolation: Record<string, number>;
  /** Events by event type. */
  byEventType: Record<string, number>;
  /** Records by home province id; `unknown` when the record has none the gazetteer knows. */
  byHomeProvince: Record<string, number>;
  /** Records by event_year (year of the border crossing); `unknown` when empty. */
  byCrossingYear: Record<string, number>;
  /** Records by repatriated: yes, no, unknown. */
  repatriated: Record<string, number>;
  /** Cases by the year of their first information source's interview; `unknown` when none. */
  byInterviewYear: Record<string, number>;
}

export interface StatsOptions {
  /** Only this organisation's sources (default: all). */
  organisationId?: string;
  /** Only these sources. */
  sources?: string[];
}

function sorted(rows: { key: string | number | null; n: number }[]): Record<string, number> {
  const entries = rows.map((r) => [r.key === null ? 'unknown' : String(r.key), r.n] as const);
  const merged = new Map<string, number>();
  for (const [k, n] of entries) merged.set(k, (merged.get(k) ?? 0) + n);
  return Object.fromEntries([...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function storeStats(db: Queryable, options: StatsOptions = {}): Promise<StoreStats> {
  const params = [options.organisationId ?? null, options.sources ?? null];
  // Persons of the chosen sources; cases and their parts follow their person.
  const scope = `p.source_id IN (SELECT s.id FROM sources s
     WHERE ($1::text IS NULL OR s.organisation_id = $1) AND ($2::text[] IS NULL OR s.id = ANY($2::text[])))`;
  const count = async (sql: string) =>
    sorted((await db.query<{ key: string | number | null; n: number }>(sql, params)).rows);
  const [
    bySource,
    byViolation,
    byEventType,
    byHomeProvince,
    byCrossingYear,
    repatriated,
    byInterviewYear,
  ] = await Promise.all([
    count(`SELECT p.source_id AS key, count(*) AS n FROM persons p WHERE ${scope} GROUP BY 1`),
    count(`SELECT a.violation AS key, count(*) AS n FROM acts a
               JOIN persons p ON p.id = a.victim_person_id WHERE ${scope} GROUP BY 1`),
    count(`SELECT e.type AS key, count(*) AS n FROM events e
               JOIN cases k ON k.id = e.case_id JOIN persons p ON p.id = k.person_id
              WHERE ${scope} GROUP BY 1`),
    count(
      `SELECT p.home_province_id AS key, count(*) AS n FROM persons p WHERE ${scope} GROUP BY 1`,
    ),
    count(`SELECT p.event_year AS key, count(*) AS n FROM persons p WHERE ${scope} GROUP BY 1`),
    count(`SELECT CASE p.repatriated WHEN true THEN 'yes' WHEN false THEN 'no' END AS key,
                    count(*) AS n FROM persons p WHERE ${scope} GROUP BY 1`),
    count(`SELECT i.interview_year AS key, count(*) AS n FROM cases k
               JOIN persons p ON p.id = k.person_id
               LEFT JOIN information_sources i ON i.case_id = k.id AND i.seq = 0
              WHERE ${scope} GROUP BY 1`),
  ]);
  const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  return {
    records: total(bySource),
    cases: total(byInterviewYear),
    recordsBySource: bySource,
    byViolation,
    byEventType,
    byHomeProvince,
    byCrossingYear,
    repatriated,
    byInterviewYear,
  };
}

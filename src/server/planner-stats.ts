/**
 * Planner statistics for the store the server reads. The embedded store (PGlite) runs no
 * autovacuum, so tables filled by bulk imports are never analysed: the planner then guesses every
 * selectivity (an organisation's cases taken as 0.5% of the table, whatever their number), and a
 * name search over a million cases reads a whole organisation's cases instead of the few that
 * match. The server analyses the tables that have grown markedly since they were last analysed,
 * when it starts and then every few minutes; on PostgreSQL autovacuum usually got there first,
 * and the check finds nothing to do.
 */
import type { Queryable } from '../store/db';

/** A table is analysed again once it holds this much more than when last analysed. */
const GROWTH = 1.2;
/** Smaller tables (in 8 kB pages) are left alone: every plan over them is cheap. */
const MIN_PAGES = 16;

export interface StaleTable {
  table: string;
  /** Pages when last analysed (0 if never). */
  analysedPages: number;
  pages: number;
}

/** The tables of the store's schema whose statistics are missing or out of date. */
export async function staleTables(db: Queryable): Promise<StaleTable[]> {
  const { rows } = await db.query<{
    table: string;
    relpages: number;
    reltuples: number;
    pages: number;
  }>(
    `SELECT c.relname AS table, c.relpages, c.reltuples::float8 AS reltuples,
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages
       FROM pg_class c
      WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
      ORDER BY c.relname`,
  );
  return rows
    .filter(
      (r) =>
        r.pages >= MIN_PAGES &&
        // reltuples is -1 until the first ANALYZE or VACUUM (relpages may be set by an index build).
        (r.reltuples < 0 || r.pages > r.relpages * GROWTH),
    )
    .map((r) => ({ table: r.table, analysedPages: Math.max(0, r.relpages), pages: r.pages }));
}

/** Analyses the stale tables, one at a time (each ANALYZE reads a sample of at most 30,000 rows). */
export async function analyseStaleTables(db: Queryable): Promise<StaleTable[]> {
  const stale = await staleTables(db);
  for (const t of stale) await db.exec(`ANALYZE "${t.table.replace(/"/g, '""')}"`);
  return stale;
}

/** The embedded store: PGlite (PostgreSQL compiled to WebAssembly) in a local data directory. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import type { Db, QueryResult, Queryable } from './db';
import { copyChunks, copyStatement } from './copy-text';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';

/** A data location that keeps everything in memory (tests). */
export const MEMORY = 'memory://';

/** Subdirectory of the Jayu data directory holding PGlite's files (keys etc. sit beside it). */
export const PGLITE_SUBDIR = 'pglite';

/** COPY chunk size for PGlite: each chunk is one blob handed to the WebAssembly file system. */
const PGLITE_COPY_CHUNK = 16 << 20;

/**
 * Result types made to match the PostgreSQL driver's (see postgres.ts): bigint as number, date as
 * its 'YYYY-MM-DD' text (a JS Date would shift it by the local time zone), numeric as text.
 */
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
};

type PgliteQueryable = Pick<PGlite | Transaction, 'query' | 'exec'>;

function queryable(pg: PgliteQueryable): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const res = await pg.query<T>(sql, params);
      return { rows: res.rows, affectedRows: res.affectedRows };
    },
    async exec(sql: string): Promise<void> {
      await pg.exec(sql);
    },
    async copyFrom(table: string, columns: string[], rows: Iterable<unknown[]>): Promise<number> {
      // PGlite reads COPY input from a blob mounted as /dev/blob: far faster than INSERT batches
      // (measured: 200k rows in 0.3 s against 1.9 s for 1000-row multi-value INSERTs).
      const sql = copyStatement(table, columns, `'/dev/blob'`);
      let total = 0;
      for (const chunk of copyChunks(rows, PGLITE_COPY_CHUNK)) {
        const res = await pg.query(sql, [], { blob: new Blob([chunk.text]) });
        total += res.affectedRows ?? chunk.rows;
      }
      return total;
    },
  };
}

/** Opens (creating if needed) the PGlite database of a Jayu data directory, or an in-memory one. */
export async function openPglite(dataDir: string): Promise<Db> {
  let lock: DataDirLock | undefined;
  let pgDataDir: string | undefined;
  if (dataDir !== MEMORY) {
    const root = path.resolve(dataDir);
    mkdirSync(root, { recursive: true, mode: 0o700 });
    lock = acquireDataDirLock(root);
    pgDataDir = path.join(root, PGLITE_SUBDIR);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      dataDir: pgDataDir,
      extensions: { pg_trgm, fuzzystrmatch, unaccent, pgcrypto },
      parsers,
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const base = queryable(pg);
  let closed = false;
  return {
    kind: 'pglite',
    ...base,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction((tx) => fn(queryable(tx)));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

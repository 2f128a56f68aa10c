/** The server store: a PostgreSQL database reached through a `pg` connection pool. */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { createHash } from 'node:crypto';
import type { Db, QueryOptions, QueryResult, Queryable } from './db';
import { BINARY_COPY_HEADER, BINARY_COPY_OPTIONS } from './copy-binary';
import { copyChunks, copyStatement } from './copy-text';

const INT8 = 20;
const DATE = 1082;

/** Same result types as PGlite's (see pglite.ts): bigint as number, date as 'YYYY-MM-DD' text. */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** pg sends a Buffer as bytea; a plain Uint8Array is wrapped without copying. */
function prepareParams(params?: unknown[]): unknown[] | undefined {
  if (!params) return params;
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p)
      ? Buffer.from(p.buffer, p.byteOffset, p.byteLength)
      : p,
  );
}

const COPY_CHUNK = 1 << 20;

/** Statement names by text: a prepared statement's name is the hash of its text, so the same
 * text always has the same name and a different text never reuses one. */
const statementNames = new Map<string, string>();

/** The query config pg runs: named (prepared once per connection) when asked for. */
function queryConfig(sql: string, params: unknown[] | undefined, options?: QueryOptions) {
  const values = prepareParams(params);
  if (!options?.prepare) return { text: sql, values };
  let name = statementNames.get(sql);
  if (!name) {
    name = `jayu_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values };
}

async function copyFromClient(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  rows: Iterable<unknown[]>,
): Promise<number> {
  const stream = client.query(copyFromStream(copyStatement(table, columns, 'STDIN')));
  let total = 0;
  const source = Readable.from(
    (function* () {
      for (const chunk of copyChunks(rows, COPY_CHUNK)) {
        total += chunk.rows;
        yield chunk.text;
      }
    })(),
  );
  await pipeline(source, stream);
  return stream.rowCount ?? total;
}

async function copyBinaryFromClient(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  chunks: readonly Uint8Array[],
): Promise<number> {
  const stream = client.query(
    copyFromStream(`${copyStatement(table, columns, 'STDIN')} WITH ${BINARY_COPY_OPTIONS}`),
  );
  await pipeline(Readable.from([BINARY_COPY_HEADER, ...chunks], { objectMode: false }), stream);
  return stream.rowCount ?? 0;
}

function clientQueryable(client: pg.PoolClient): Queryable {
  return {
    async query<T>(
      sql: string,
      params?: unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const res = await client.query(queryConfig(sql, params, options));
      return { rows: res.rows as T[], affectedRows: res.rowCount ?? undefined };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    copyFrom: (table, columns, rows) => copyFromClient(client, table, columns, rows),
    copyFromBinary: (table, columns, chunks) =>
      copyBinaryFromClient(client, table, columns, chunks),
  };
}

export function postgresPool(databaseUrl: string, max = 4): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    types: typeParsers,
    // Only statements asked for with `prepare` are named (QueryOptions); left to its default,
    // PostgreSQL planned them anew on every call, since a generic plan's estimate for
    // `= ANY($n)` (ten elements) exceeds a custom plan's for the one id it gets. Their generic
    // plans were checked to be the custom ones; unnamed statements are planned per call whatever
    // this says. (An `options` parameter in the URL replaces this one: plans are then only
    // made more often, never different.)
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Connects to the PostgreSQL database at `databaseUrl` (fails fast if unreachable). */
export async function openPostgres(databaseUrl: string): Promise<Db> {
  const pool = postgresPool(databaseUrl);
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (err) {
    await pool.end();
    throw new Error(`cannot connect to the PostgreSQL server: ${(err as Error).message}`);
  }
  let closed = false;
  return {
    kind: 'postgres',
    async query<T>(
      sql: string,
      params?: unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const res = await pool.query(queryConfig(sql, params, options));
      return { rows: res.rows as T[], affectedRows: res.rowCount ?? undefined };
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async copyFrom(table, columns, rows) {
      const client = await pool.connect();
      try {
        return await copyFromClient(client, table, columns, rows);
      } finally {
        client.release();
      }
    },
    async copyFromBinary(table, columns, chunks) {
      const client = await pool.connect();
      try {
        return await copyBinaryFromClient(client, table, columns, chunks);
      } finally {
        client.release();
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(clientQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

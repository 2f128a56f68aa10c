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

/**
 * How each connection plans parameterised statements, as last set on it: 'generic' (as it
 * connects: see postgresPool), 'custom', or absent when unknown (a transaction that set it was
 * rolled back).
 *
 * plan_cache_mode decides for every statement with parameters, the driver's unnamed ones too, not
 * only for those prepared by name: with force_generic_plan on the connection, a search's unnamed
 * `... LIMIT $3` was planned for 10% of the organisation's 187,939 cases, joined by hashing all
 * million persons and compiled by JIT (0.3-0.6 s where its custom plan took 0.5 ms). Prepared
 * statements want the generic plan (planned once); the others a plan for their values (planned
 * on each call either way: an unnamed statement is parsed anew). So a connection is switched
 * when a statement wants the other mode, once per switch: a request of prepared statements only
 * (a case read) never switches.
 */
type PlanMode = 'generic' | 'custom';
const planModes = new WeakMap<pg.ClientBase, PlanMode>();
const PLAN_MODE_SETTING: Record<PlanMode, string> = {
  generic: 'force_generic_plan',
  custom: 'force_custom_plan',
};

async function runOn(
  client: pg.ClientBase,
  sql: string,
  params: unknown[] | undefined,
  options?: QueryOptions,
) {
  // Without parameters there is one plan whatever the mode: no switch.
  if (params?.length) {
    const wanted: PlanMode = options?.prepare ? 'generic' : 'custom';
    if (planModes.get(client) !== wanted) {
      await client.query(`SET plan_cache_mode = ${PLAN_MODE_SETTING[wanted]}`);
      planModes.set(client, wanted);
    }
  }
  return client.query(queryConfig(sql, params, options));
}

function clientQueryable(client: pg.PoolClient): Queryable {
  return {
    async query<T>(
      sql: string,
      params?: unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const res = await runOn(client, sql, params, options);
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
    // plans were checked to be the custom ones. Statements not prepared switch the connection to
    // custom plans first (planModes, runOn). JIT off: a generic plan's cost is estimated without
    // the values, and past jit_above_cost every execution is compiled first (the facet index's
    // poll of case_changes, after an import of a million cases: 13.7 ms of JIT compilation a
    // call for a statement that runs in 0.3-0.8 ms); no statement of Jayu's runs long enough to
    // gain from it. (An `options` parameter in the URL replaces these: plans are then only made
    // more often, never different, and JIT is the server's default.)
    options: '-c plan_cache_mode=force_generic_plan -c jit=off',
  });
  pool.on('connect', (client) => planModes.set(client, 'generic'));
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
  /** Listening connections, each with what stops it. */
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    async query<T>(
      sql: string,
      params?: unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const client = await pool.connect();
      let broken = false;
      try {
        const res = await runOn(client, sql, params, options);
        return { rows: res.rows as T[], affectedRows: res.rowCount ?? undefined };
      } catch (err) {
        // A connection that failed (not a statement the server refused) is not given back.
        broken = !(err instanceof pg.DatabaseError);
        throw err;
      } finally {
        client.release(broken);
      }
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
        // What the transaction set is undone: its plan mode is not known any more.
        planModes.delete(client);
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
    async listen(channel, onNotify, onLost) {
      if (closed) throw new Error('the store is closed');
      // A connection of its own, outside the pool: it stays LISTENing while idle, and a pooled
      // connection could be handed to a query in between.
      const client = new pg.Client({ connectionString: databaseUrl });
      let ended = false;
      const stop = async () => {
        ended = true;
        listeners.delete(stop);
        await client.end().catch(() => undefined);
      };
      const lost = () => {
        if (ended) return;
        void stop();
        onLost();
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        await stop();
        throw err;
      }
      if (ended) throw new Error('the listening connection was lost');
      listeners.add(stop);
      return stop;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

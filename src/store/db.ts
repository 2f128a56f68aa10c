/**
 * The one database interface every layer above the store uses. Two implementations share it:
 * the embedded PGlite database (default) and a PostgreSQL server chosen by DATABASE_URL.
 * SQL is plain PostgreSQL with $1-style parameters, valid on both.
 */
export interface QueryResult<T> {
  rows: T[];
  /** Rows affected by INSERT/UPDATE/DELETE, when the driver reports it. */
  affectedRows?: number;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared on each PostgreSQL connection (named after its text), so that it
   * is parsed and planned once, not on every call: for the fixed statements every API request
   * runs (session, case access, a case's rows). Its one plan is the generic plan (the server
   * store's connections set plan_cache_mode = force_generic_plan), so only for statements whose
   * generic plan is as good as a custom one: no `$n IS NULL OR ...` switches (a generic plan
   * cannot drop the branch not taken), nothing whose best plan depends on a parameter's value.
   * PGlite runs the statement as usual.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
  /** Runs one or more statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows into a table with COPY FROM STDIN (text format): the fast path for imports.
   * Values are strings, numbers, booleans, Uint8Array (bytea), arrays (a PostgreSQL array of
   * their elements as text), other objects (JSON) or null/undefined (NULL). A JSON array must be
   * passed already stringified, since an array means a PostgreSQL array.
   */
  copyFrom(table: string, columns: string[], rows: Iterable<unknown[]>): Promise<number>;
  /**
   * Bulk-loads rows already encoded in binary COPY format (copy-binary.ts BinaryCopyWriter, no
   * header): the fastest path, for large imports. Returns the number of rows loaded.
   */
  copyFromBinary(table: string, columns: string[], chunks: readonly Uint8Array[]): Promise<number>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed if fn resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Listens on a notification channel (LISTEN; NOTIFY is delivered when the notifying
   * transaction commits): `onNotify` for each notice, `onLost` once if the listening connection
   * is lost (notices may then have been missed; listen again). Resolves once listening, to a
   * function that stops. Closing the store stops every listener without calling `onLost`.
   */
  listen(channel: string, onNotify: () => void, onLost: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

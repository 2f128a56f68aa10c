/** Opens Jayu's store: a PostgreSQL server when a database URL is given, else embedded PGlite. */
import type { Db } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface StoreOptions {
  /** Jayu data directory for the embedded database, or 'memory://'. Default: $JAYU_DATA or ./data. */
  data?: string;
  /** PostgreSQL connection URL. Default: $DATABASE_URL. Takes precedence over `data`. */
  databaseUrl?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export const DEFAULT_DATA_DIR = './data';

/** Where a store would be opened from, after options and environment are combined. */
export function resolveStoreLocation(
  options: StoreOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): { kind: 'postgres'; databaseUrl: string } | { kind: 'pglite'; data: string } {
  if (options.databaseUrl) return { kind: 'postgres', databaseUrl: options.databaseUrl };
  if (options.data) return { kind: 'pglite', data: options.data };
  if (env.DATABASE_URL) return { kind: 'postgres', databaseUrl: env.DATABASE_URL };
  return { kind: 'pglite', data: env.JAYU_DATA || DEFAULT_DATA_DIR };
}

/** Opens the store and brings its schema up to date. */
export async function openStore(options: StoreOptions = {}): Promise<Db> {
  const location = resolveStoreLocation(options);
  const db =
    location.kind === 'postgres'
      ? await openPostgres(location.databaseUrl)
      : await openPglite(location.data);
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

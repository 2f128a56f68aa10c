export type { Db, Queryable, QueryResult } from './db';
export { openStore, resolveStoreLocation, DEFAULT_DATA_DIR, type StoreOptions } from './open';
export { migrate, loadMigrations, type Migration, type MigrationReport } from './migrate';
export { MEMORY } from './pglite';
export { DataDirInUseError } from './data-dir-lock';
export { storeStats, type StoreStats, type StatsOptions } from './stats';

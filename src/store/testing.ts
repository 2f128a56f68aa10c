/**
 * Test helper: the store backends every suite that touches the database runs against.
 *
 *   describe.each(storeBackends())('$name', (backend) => { ... await backend.open() ... })
 *
 * 'pglite' is a fresh in-memory database; 'postgres' a fresh database with a random name on the
 * server at $TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped when the
 * store is closed. An unreachable server fails the suite: it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from './db';
import { migrate } from './migrate';
import { openStore } from './open';
import { dumpPglite, MEMORY, openPglite } from './pglite';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenTestStoreOptions {
  /** Apply migrations (default true). */
  migrate?: boolean;
}

export interface StoreBackend {
  name: 'pglite' | 'postgres';
  open(options?: OpenTestStoreOptions): Promise<Db>;
}

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `the PostgreSQL test server at ${redactUrl(testDatabaseUrl())} is unreachable ` +
        `(${(err as Error).message}); start it or set TEST_DATABASE_URL`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable TEST_DATABASE_URL)';
  }
}

/** A scratch database on the test server: its URL, and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jayu_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

let migratedTemplate: Promise<Blob> | undefined;

/**
 * A fresh in-memory PGlite store. Migrated ones start from a dump of the first one this process
 * migrated (initdb and migrations take seconds; loading the dump a fraction of that), and are
 * migrated again, which applies any migration newer than the dump.
 */
async function openFreshPglite(options: OpenTestStoreOptions): Promise<Db> {
  if (options.migrate === false) return openPglite(MEMORY);
  migratedTemplate ??= (async () => {
    const db = await openStore({ data: MEMORY });
    try {
      return await dumpPglite(db);
    } finally {
      await db.close();
    }
  })();
  const db = await openPglite(MEMORY, { loadDataDir: await migratedTemplate });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

export function storeBackends(): StoreBackend[] {
  return [
    {
      name: 'pglite',
      open: (options = {}) => openFreshPglite(options),
    },
    {
      name: 'postgres',
      async open(options = {}) {
        const database = await createTestDatabase();
        let db: Db;
        try {
          db = await openStore({ databaseUrl: database.url, migrate: options.migrate });
        } catch (err) {
          await database.drop();
          throw err;
        }
        const close = db.close.bind(db);
        return Object.assign(db, {
          async close() {
            try {
              await close();
            } finally {
              await database.drop();
            }
          },
        });
      },
    },
  ];
}

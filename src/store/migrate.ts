/**
 * Schema migrations: plain SQL files `migrations/NNNN_name.sql`, applied in number order, each in
 * its own transaction together with its row in schema_migrations. Every step holds a PostgreSQL
 * advisory lock, so two processes migrating the same database at once serialise instead of
 * interleaving: the second one finds the work done and skips it.
 *
 * Number ranges by layer: store 0001-0099, protect 0100-0199, linkage 0200-0299,
 * report 0300-0399, server 0400-0499.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './db';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Key of the advisory lock that guards migrations (an arbitrary constant: "jayu" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6a617975;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads the migration files of a directory, sorted; rejects duplicate numbers and stray names. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  const seen = new Map<number, string>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new Error(`migration file ${file} is not named NNNN_name.sql (lower case, digits, _)`);
    }
    const version = Number(match[1]);
    const other = seen.get(version);
    if (other) throw new Error(`migrations ${other} and ${file} share the number ${match[1]}`);
    seen.set(version, file);
    const sql = readFileSync(path.join(dir, file), 'utf8');
    migrations.push({ version, name: match[2], sql, checksum: checksum(sql) });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

export interface MigrationReport {
  applied: number[];
  alreadyApplied: number[];
}

async function lock(tx: Queryable): Promise<void> {
  // Transaction-scoped: released by COMMIT or ROLLBACK, never left behind by a crash.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}

interface AppliedRow {
  version: number;
  checksum: string;
}

/** Brings the database's schema up to date; safe to call from several processes at once. */
export async function migrate(
  db: Db,
  migrations: Migration[] = loadMigrations(),
): Promise<MigrationReport> {
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
    const applied = await db.transaction(async (tx) => {
      await lock(tx);
      const { rows } = await tx.query<AppliedRow>(
        'SELECT version, checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (rows.length > 0) {
        if (rows[0].checksum !== migration.checksum) {
          throw new Error(
            `migration ${label} has changed since it was applied to this database; ` +
              `add a new migration instead of editing an applied one`,
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (err) {
        throw new Error(`migration ${label} failed: ${(err as Error).message}`);
      }
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      return true;
    });
    (applied ? report.applied : report.alreadyApplied).push(migration.version);
  }
  return report;
}

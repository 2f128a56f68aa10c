/**
 * Encrypted, authenticated backups: a logical dump of every table (rows as JSON, one consistent
 * snapshot), compressed, sealed in frames, restorable into an empty store so that every row and
 * every sequence comes back exactly.
 *
 * File format (version 1):
 *   "JAYU-BACKUP\n" | u32 header length | header JSON (store id, time, key fingerprint, KDF salt:
 *   nothing identifying) | frames: u32 length | AES-256-GCM(iv | gzip(JSON lines) | tag)
 * Each frame's associated data binds the header, its index and whether it is the last, so a
 * frame removed, reordered, swapped from another backup, or a file cut short, fails to open.
 *
 * The key is derived from the master key (default) or from a separate backup passphrase with
 * Argon2id. Either way the restored store still needs its master key to read any field.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db, Queryable } from '../store/db';
import { loadMigrations, migrate, type Migration } from '../store/migrate';
import { integrityError, invalidError, keyError } from './errors';
import {
  type MasterKey,
  masterKeyFromPassphrase,
  newPassphraseKdf,
  type PassphraseKdf,
} from './master-key';
import { aeadOpen, aeadSeal, encodeAad } from './primitives';

const MAGIC = Buffer.from('JAYU-BACKUP\n', 'ascii');
const ROWS_PER_FRAME = 2_000;

export interface BackupHeader {
  format: 1;
  backupId: string;
  storeId: string | null;
  createdAt: string;
  /** 'master': key derived from the master key; 'passphrase': from a backup passphrase. */
  keySource: 'master' | 'passphrase';
  /** Fingerprint of the master key (keySource 'master'), to name a wrong key early. */
  masterFingerprint?: string;
  kdf?: PassphraseKdf;
  migrations: Array<{ version: number; checksum: string }>;
}

export type BackupKey =
  { master: MasterKey } | { passphrase: string; kdfCost?: Partial<PassphraseKdf> };

async function backupKey(key: BackupKey, header: BackupHeader): Promise<Buffer> {
  if ('master' in key) {
    if (header.keySource !== 'master')
      throw keyError('this backup was made with a backup passphrase: give the passphrase');
    if (header.masterFingerprint !== key.master.fingerprint) {
      throw keyError(
        `this backup was made with the master key ${header.masterFingerprint}, not ${key.master.fingerprint}: ` +
          `use the key file that was current when it was made`,
      );
    }
    return key.master.derive(`jayu/backup/v1/${header.backupId}`);
  }
  if (header.keySource !== 'passphrase' || !header.kdf)
    throw keyError('this backup was made with the master key: give the key file');
  return (await masterKeyFromPassphrase(key.passphrase, header.kdf)).derive(
    `jayu/backup/v1/${header.backupId}`,
  );
}

const frameAad = (headerBytes: Buffer, index: number, last: boolean) =>
  encodeAad(['jayu/backup-frame/v1', headerBytes.toString('base64'), index, last ? 1 : 0]);

interface TableInfo {
  name: string;
  columns: string[];
}

/**
 * Tables a backup leaves out: the migrations applied (the header carries them), and
 * case_changes (migration 0406), which names transactions of this cluster and means nothing in
 * another (a server reading a restored store reads its cases afresh).
 */
const NOT_BACKED_UP = new Set(['schema_migrations', 'case_changes']);

/** Base tables of the public schema, parents before children (foreign keys). */
async function tablesInOrder(db: Queryable): Promise<TableInfo[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const { rows: deps } = await db.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const { rows: cols } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`,
  );
  const parents = new Map<string, Set<string>>();
  for (const d of deps)
    if (d.child !== d.parent)
      (parents.get(d.child) ?? parents.set(d.child, new Set()).get(d.child)!).add(d.parent);
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting')
      throw integrityError(`tables ${t} and its parents form a cycle of foreign keys`);
    state.set(t, 'visiting');
    for (const p of parents.get(t) ?? []) visit(p);
    state.set(t, 'done');
    ordered.push(t);
  };
  for (const t of tables) visit(t.name);
  return ordered.map((name) => ({
    name,
    columns: cols.filter((c) => c.table_name === name).map((c) => c.column_name),
  }));
}

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

interface Line {
  t: 'table' | 'rows' | 'sequence' | 'end';
  [k: string]: unknown;
}

/** Writes a backup of the whole store to `file` (never overwriting). Returns rows per table. */
export async function writeBackup(
  db: Db,
  file: string,
  key: BackupKey,
  opts: { storeId?: string | null; now?: Date } = {},
): Promise<Record<string, number>> {
  const header: BackupHeader = {
    format: 1,
    backupId: randomUUID(),
    storeId: opts.storeId ?? null,
    createdAt: (opts.now ?? new Date()).toISOString(),
    keySource: 'master' in key ? 'master' : 'passphrase',
    migrations: [],
  };
  if ('master' in key) header.masterFingerprint = key.master.fingerprint;
  else header.kdf = newPassphraseKdf(key.kdfCost);
  const counts: Record<string, number> = {};

  const handle = await open(file, 'wx', 0o600);
  try {
    await db.transaction(async (tx) => {
      if (db.kind === 'postgres')
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const applied = await tx.query<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations ORDER BY version',
      );
      header.migrations = applied.rows.map((r) => ({
        version: Number(r.version),
        checksum: r.checksum,
      }));
      const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(headerBytes.length);
      await handle.write(Buffer.concat([MAGIC, len, headerBytes]));
      const k = await backupKey(key, header);

      let index = 0;
      let pending: Line[] | null = null;
      const emit = async (lines: Line[], last: boolean) => {
        const body = gzipSync(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'), 'utf8'));
        const sealed = aeadSeal(k, body, frameAad(headerBytes, index++, last));
        const n = Buffer.alloc(4);
        n.writeUInt32BE(sealed.length);
        await handle.write(Buffer.concat([n, sealed]));
      };
      // One frame is held back so the last one can be marked as last.
      const push = async (lines: Line[]) => {
        if (pending) await emit(pending, false);
        pending = lines;
      };

      for (const table of await tablesInOrder(tx)) {
        if (NOT_BACKED_UP.has(table.name)) continue;
        await push([{ t: 'table', name: table.name, columns: table.columns }]);
        const cols = table.columns.map(quote).join(', ');
        await tx.exec(
          `DECLARE jayu_backup NO SCROLL CURSOR FOR SELECT row_to_json(r)::text AS j FROM (SELECT ${cols} FROM ${quote(table.name)}) r`,
        );
        let n = 0;
        for (;;) {
          const { rows } = await tx.query<{ j: string }>(
            `FETCH ${ROWS_PER_FRAME} FROM jayu_backup`,
          );
          if (!rows.length) break;
          n += rows.length;
          await push([{ t: 'rows', table: table.name, rows: rows.map((r) => r.j) }]);
        }
        await tx.exec('CLOSE jayu_backup');
        counts[table.name] = n;
      }
      const seqs = await tx.query<{ name: string; value: number | null; called: boolean }>(
        `SELECT sequencename AS name, last_value AS value, last_value IS NOT NULL AS called FROM pg_sequences WHERE schemaname = 'public'`,
      );
      await push(
        seqs.rows.map((s) => ({ t: 'sequence', name: s.name, value: s.value, called: s.called })),
      );
      await push([{ t: 'end', counts }]);
      if (pending) await emit(pending, true);
    });
    await handle.sync();
  } finally {
    await handle.close();
  }
  return counts;
}

/** Reads and checks a backup's header (no key needed; it holds nothing identifying). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const buf = await readFile(file);
  return parseHeader(buf).header;
}

function parseHeader(buf: Buffer): { header: BackupHeader; headerBytes: Buffer; offset: number } {
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw integrityError('this file is not a Jayu backup');
  }
  const len = buf.readUInt32BE(MAGIC.length);
  const headerBytes = buf.subarray(MAGIC.length + 4, MAGIC.length + 4 + len);
  let header: BackupHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
  } catch {
    throw integrityError('the backup header is damaged');
  }
  if (header.format !== 1) throw integrityError(`unknown backup format ${String(header.format)}`);
  return { header, headerBytes, offset: MAGIC.length + 4 + len };
}

/** Decrypts every frame; throws on any damage before anything is written. */
async function* openFrames(buf: Buffer, key: BackupKey): AsyncGenerator<Line> {
  const { header, headerBytes, offset } = parseHeader(buf);
  const k = await backupKey(key, header);
  let at = offset;
  let index = 0;
  let sawLast = false;
  while (at < buf.length) {
    if (sawLast) throw integrityError('the backup has data after its last frame');
    if (at + 4 > buf.length) throw integrityError('the backup is cut short');
    const n = buf.readUInt32BE(at);
    const sealed = buf.subarray(at + 4, at + 4 + n);
    if (sealed.length !== n) throw integrityError('the backup is cut short');
    at += 4 + n;
    const isLast = at === buf.length;
    const body = aeadOpen(k, sealed, frameAad(headerBytes, index, isLast));
    if (!body) {
      throw integrityError(
        index === 0
          ? 'the backup does not open with this key (wrong passphrase?) or is damaged'
          : `backup frame ${index} is damaged, reordered or the file was cut short`,
      );
    }
    index++;
    sawLast = isLast;
    for (const line of gunzipSync(body).toString('utf8').split('\n'))
      if (line) yield JSON.parse(line) as Line;
  }
  if (!sawLast) throw integrityError('the backup is cut short');
}

/** The tables that carry triggers of their own (not those PostgreSQL makes for foreign keys). */
async function tablesWithUserTriggers(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT DISTINCT c.relname AS name
       FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT g.tgisinternal
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Tables with rows in them (a restore only goes into an empty store). */
async function nonEmptyTables(db: Queryable): Promise<string[]> {
  const out: string[] = [];
  for (const t of await tablesInOrder(db)) {
    if (NOT_BACKED_UP.has(t.name)) continue;
    const { rows } = await db.query(`SELECT 1 FROM ${quote(t.name)} LIMIT 1`);
    if (rows.length) out.push(t.name);
  }
  return out;
}

/**
 * Restores a backup into `db`, which must be empty (not even initialised): brought to the
 * backup's schema version, filled in one transaction, then migrated to the current version.
 * The whole file is authenticated before the first row is written.
 */
export async function restoreBackup(
  db: Db,
  file: string,
  key: BackupKey,
  migrations: Migration[] = loadMigrations(),
): Promise<Record<string, number>> {
  const buf = await readFile(file);
  const { header } = parseHeader(buf);
  // Authenticate everything first: a damaged backup changes nothing.
  const lines: Line[] = [];
  for await (const line of openFrames(buf, key)) lines.push(line);
  if (lines.at(-1)?.t !== 'end') throw integrityError('the backup has no end record');

  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const m of header.migrations) {
    const mine = known.get(m.version);
    if (!mine || mine.checksum !== m.checksum) {
      throw invalidError(
        `the backup's schema (migration ${m.version}) is not one this version of Jayu knows`,
      );
    }
  }
  const wanted = new Set(header.migrations.map((m) => m.version));
  await migrate(
    db,
    migrations.filter((m) => wanted.has(m.version)),
  );
  const busy = await nonEmptyTables(db);
  if (busy.length) {
    throw invalidError(
      `restore goes into an empty store; this one has data (${busy.slice(0, 3).join(', ')}...)`,
    );
  }

  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    // The rows come back exactly as they were dumped, triggers off: what triggers derive (each
    // case's facets, its name keys' copies, the kept case counts) is in the backup itself, and
    // triggers firing on the restored rows would derive it a second time (case_counts would
    // count every case twice). ALTER TABLE is transactional, so a failed restore leaves them on.
    const triggered = await tablesWithUserTriggers(tx);
    for (const t of triggered) await tx.query(`ALTER TABLE ${quote(t)} DISABLE TRIGGER USER`);
    let table = '';
    let columns: string[] = [];
    for (const line of lines) {
      if (line.t === 'table') {
        table = line.name as string;
        columns = line.columns as string[];
        counts[table] = 0;
      } else if (line.t === 'rows') {
        const rows = line.rows as string[];
        const cols = columns.map(quote).join(', ');
        await tx.query(
          `INSERT INTO ${quote(table)} (${cols}) OVERRIDING SYSTEM VALUE
           SELECT ${cols} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
          [`[${rows.join(',')}]`],
        );
        counts[table] += rows.length;
      } else if (line.t === 'sequence' && line.value !== null) {
        await tx.query('SELECT setval($1::regclass, $2, $3)', [
          quote(line.name as string),
          line.value,
          line.called,
        ]);
      }
    }
    const expected = (lines.at(-1) as Line).counts as Record<string, number>;
    for (const [t, n] of Object.entries(expected)) {
      if (counts[t] !== n)
        throw integrityError(
          `table ${t}: the backup lists ${n} rows but ${counts[t] ?? 0} were read`,
        );
    }
    for (const t of triggered) await tx.query(`ALTER TABLE ${quote(t)} ENABLE TRIGGER USER`);
  });
  await migrate(db, migrations);
  return counts;
}

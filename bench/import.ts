/**
 * Benchmark of person-list import: `jayu import`'s own code (runImport from src/cli: importFiles
 * in one transaction, reading, validating, resolving places, sealing each row's identifying
 * fields into its vault with the organisation's keys, blind indexes, binary COPY into persons,
 * then the audit log's record.write entries, one per record, through the AuditedSealer a session
 * hands out) against a raw COPY of the same CSV file into a bare table of 17 text columns, in the
 * same database, for PGlite (on disk) and PostgreSQL. Medians over --runs; rows per second;
 * Jayu's throughput as a share of raw COPY's (target: at least 50%). The import transaction and
 * the audit entries appended after it are timed apart as well as together.
 *
 * Wall time on a shared, loaded machine says more about the other jobs than about the import, so
 * CPU time is measured too: this process's, plus (PostgreSQL, a local server) the CPU of the
 * server backends of the benchmark's database, read from /proc. Throughput per CPU second is the
 * figure to compare.
 *
 *   npx tsx bench/import.ts [--rows 1000000] [--runs 3] [--backends pglite,postgres] [--reimport]
 *
 * --reimport: after each import, the same file again (every record updated, the merge path).
 *
 * PostgreSQL: a scratch database on $TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 * Prints Markdown table rows for bench/RESULTS.md ("## Import").
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PERSON_LIST_COLUMNS } from '../src/model/types';
import { runImport } from '../src/cli/commands/import';
import {
  AuditedSealer,
  AuditLog,
  addOrganisation,
  initialiseKeys,
  type Keyring,
  MasterKey,
} from '../src/protect';
import type { Db } from '../src/store/db';
import { openStore } from '../src/store';
import { pgliteOf } from '../src/store/pglite';
import { createTestDatabase } from '../src/store/testing';
import { writePersonListCsv } from './import-data';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const RAW_TABLE = 'bench_raw_copy';

interface Measure {
  wall: number;
  cpu: number;
  /** Of the wall and CPU time, appending the audit entries (Jayu only). */
  audit?: { wall: number; cpu: number };
}

const CLOCK_TICKS = 100;

/** CPU seconds used so far by the server backends connected to the benchmark database. */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/PID/stat (12 and 13 after the name).
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // Not a local server, or the backend ended: its CPU is not counted.
    }
  }
  return out;
}

/** CPU seconds so far: this process (all its threads) plus, when local, the server backends. */
async function cpuNow(db: Db, local: boolean): Promise<Map<number | 'self', number>> {
  const out = local ? await backendCpu(db) : new Map<number | 'self', number>();
  const self = process.cpuUsage();
  out.set('self', (self.user + self.system) / 1e6);
  return out;
}

function cpuSince(before: Map<number | 'self', number>, after: Map<number | 'self', number>) {
  let total = 0;
  for (const [key, seconds] of after) total += seconds - (before.get(key) ?? 0);
  return total;
}

async function measure(db: Db, local: boolean, fn: () => Promise<void>): Promise<Measure> {
  const before = await cpuNow(db, local);
  const start = performance.now();
  await fn();
  const wall = (performance.now() - start) / 1000;
  return { wall, cpu: cpuSince(before, await cpuNow(db, local)) };
}

async function rawCopy(db: Db, file: string, databaseUrl?: string): Promise<Measure> {
  await db.exec(`DROP TABLE IF EXISTS ${RAW_TABLE};
    CREATE TABLE ${RAW_TABLE} (${PERSON_LIST_COLUMNS.map((c) => `${c} text`).join(', ')})`);
  const sql = `COPY ${RAW_TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)`;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await measure(db, true, () =>
        pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(sql))),
      );
    } finally {
      await client.end();
    }
  }
  // PGlite reads COPY input from a blob; reading the file is part of the raw COPY's time.
  return measure(db, false, async () => {
    await pgliteOf(db).query(sql.replace('STDIN', `'/dev/blob'`), [], {
      blob: new Blob([readFileSync(file)]),
    });
  });
}

/**
 * `jayu import FILE` as the CLI runs it once logged in: runImport with the write sealer
 * Session.sealerFor hands out (an AuditedSealer over the organisation's FieldSealer, appending
 * to the store's audit log).
 */
async function jayuImport(
  db: Db,
  keyring: Keyring,
  audit: AuditLog,
  file: string,
  expect: { inserted: number; updated: number },
): Promise<Measure> {
  const local = db.kind === 'postgres';
  const auditTime = { wall: 0, cpu: 0 };
  const sealer = new AuditedSealer(keyring.sealerFor('bench'), {
    actor: 'user:bench',
    purpose: 'case_management',
    readScope: null,
    canWrite: true,
    append: async (events) => {
      const m = await measure(db, local, () => audit.append(events).then(() => undefined));
      auditTime.wall += m.wall;
      auditTime.cpu += m.cpu;
    },
  });
  const m = await measure(db, local, async () => {
    const report = await runImport(db, sealer, [file], { progress: false });
    const lists = report.personLists!;
    if (lists.inserted !== expect.inserted || lists.updated !== expect.updated) {
      throw new Error(`unexpected import: ${lists.inserted} new, ${lists.updated} updated`);
    }
  });
  return { ...m, audit: auditTime };
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '1000000'));
  const runs = Number(arg('runs', '3'));
  const backends = arg('backends', 'pglite,postgres').split(',');
  const reimport = process.argv.includes('--reimport');
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-import-'));
  const file = path.join(dir, 'persons.csv');
  const date = new Date().toISOString().slice(0, 10);
  const cpus = os.cpus();
  const machine = `${cpus.length} x ${cpus[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  process.stderr.write(`load average at start: ${load}\n`);
  try {
    await writePersonListCsv(file, rows);
    const mb = statSync(file).size / 1e6;
    process.stderr.write(`${rows} rows, ${mb.toFixed(0)} MB\n`);
    for (const backend of backends) {
      let databaseUrl: string | undefined;
      let drop: (() => Promise<void>) | undefined;
      let db: Db;
      if (backend === 'postgres') {
        const scratch = await createTestDatabase();
        databaseUrl = scratch.url;
        drop = scratch.drop;
        db = await openStore({ databaseUrl });
      } else {
        db = await openStore({ data: path.join(dir, 'pglite') });
      }
      const raw: Measure[] = [];
      const jayu: Measure[] = [];
      const again: Measure[] = [];
      try {
        const keyring = await initialiseKeys(db, MasterKey.generate());
        await addOrganisation(db, keyring, { id: 'bench', name: 'bench' });
        const audit = new AuditLog(db, keyring.system);
        for (let run = 0; run < runs; run++) {
          raw.push(await rawCopy(db, file, databaseUrl));
          await db.exec('TRUNCATE persons CASCADE');
          jayu.push(await jayuImport(db, keyring, audit, file, { inserted: rows, updated: 0 }));
          const j = jayu[run];
          process.stderr.write(
            `${backend} run ${run + 1}: raw COPY ${raw[run].wall.toFixed(1)} s (CPU ${raw[run].cpu.toFixed(1)} s), ` +
              `Jayu ${j.wall.toFixed(1)} s (CPU ${j.cpu.toFixed(1)} s; audit ${j.audit!.wall.toFixed(1)} s, CPU ${j.audit!.cpu.toFixed(1)} s)\n`,
          );
          if (reimport) {
            again.push(await jayuImport(db, keyring, audit, file, { inserted: 0, updated: rows }));
            const a = again[run];
            process.stderr.write(
              `${backend} run ${run + 1}: re-import ${a.wall.toFixed(1)} s (CPU ${a.cpu.toFixed(1)} s; audit ${a.audit!.wall.toFixed(1)} s)\n`,
            );
          }
        }
      } finally {
        await db.close();
        await drop?.();
      }
      const rate = (s: number) => Math.round(rows / s).toLocaleString('en');
      const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
      const med = (ms: Measure[], f: (m: Measure) => number) => median(ms.map(f));
      const rawT = { wall: med(raw, (m) => m.wall), cpu: med(raw, (m) => m.cpu) };
      const row = (label: string, ms: Measure[]) => {
        const total = { wall: med(ms, (m) => m.wall), cpu: med(ms, (m) => m.cpu) };
        const aud = { wall: med(ms, (m) => m.audit!.wall), cpu: med(ms, (m) => m.audit!.cpu) };
        const imp = {
          wall: med(ms, (m) => m.wall - m.audit!.wall),
          cpu: med(ms, (m) => m.cpu - m.audit!.cpu),
        };
        process.stdout.write(
          `| ${date} | ${machine} | ${backend} | ${label} | ${rows.toLocaleString('en')} | ${runs} | ${load} | ` +
            `${rawT.wall.toFixed(1)} s / ${rawT.cpu.toFixed(1)} s | ` +
            `${imp.wall.toFixed(1)} s / ${imp.cpu.toFixed(1)} s | ${aud.wall.toFixed(1)} s / ${aud.cpu.toFixed(1)} s | ` +
            `${rate(rawT.wall)} / ${rate(rawT.cpu)} | ${rate(imp.wall)} / ${rate(imp.cpu)} | ${rate(total.wall)} / ${rate(total.cpu)} | ` +
            `${pct(rawT.wall, imp.wall)} / ${pct(rawT.cpu, imp.cpu)} | ${pct(rawT.wall, total.wall)} / ${pct(rawT.cpu, total.cpu)} |\n`,
        );
      };
      row('new', jayu);
      if (reimport) row('re-import', again);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

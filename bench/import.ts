/**
 * Benchmark of person-list import: Jayu's import (parse, validate, resolve places, seal the
 * identifying fields, blind indexes, COPY into staging, merge into persons, one transaction)
 * against a raw COPY of the same CSV file into a bare table of 17 text columns, in the same
 * database, for PGlite (on disk) and PostgreSQL. Medians over --runs; rows per second; Jayu's
 * throughput as a share of raw COPY's (target: at least 50%).
 *
 * Wall time on a shared, loaded machine says more about the other jobs than about the import, so
 * CPU time is measured too: this process's, plus (PostgreSQL, a local server) the CPU of the
 * server backends of the benchmark's database, read from /proc. Throughput per CPU second is the
 * figure to compare.
 *
 *   npx tsx bench/import.ts [--rows 1000000] [--runs 3] [--backends pglite,postgres]
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
import { importPersonLists } from '../src/ingest/import-persons';
import { readCsvFile } from '../src/ingest/tabular';
import { createKeyring } from '../src/protect';
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

async function measure(db: Db, local: boolean, fn: () => Promise<void>): Promise<Measure> {
  const before = local ? await backendCpu(db) : new Map<number, number>();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  let server = 0;
  if (local) {
    for (const [pid, seconds] of await backendCpu(db)) server += seconds - (before.get(pid) ?? 0);
  }
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 + server };
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

async function jayuImport(db: Db, file: string): Promise<Measure> {
  await db.exec('TRUNCATE persons CASCADE');
  const sealer = createKeyring({ organisations: ['bench'] }).sealerFor('bench');
  return measure(db, db.kind === 'postgres', async () => {
    const report = await importPersonLists(db, sealer, [readCsvFile(file)]);
    if (report.inserted + report.updated !== report.rowsRead) throw new Error('import lost rows');
  });
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '1000000'));
  const runs = Number(arg('runs', '3'));
  const backends = arg('backends', 'pglite,postgres').split(',');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-import-'));
  const file = path.join(dir, 'persons.csv');
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
      try {
        for (let run = 0; run < runs; run++) {
          raw.push(await rawCopy(db, file, databaseUrl));
          jayu.push(await jayuImport(db, file));
          process.stderr.write(
            `${backend} run ${run + 1}: raw COPY ${raw[run].wall.toFixed(1)} s (CPU ${raw[run].cpu.toFixed(1)} s), ` +
              `Jayu ${jayu[run].wall.toFixed(1)} s (CPU ${jayu[run].cpu.toFixed(1)} s)\n`,
          );
        }
      } finally {
        await db.close();
        await drop?.();
      }
      const wall = { raw: median(raw.map((m) => m.wall)), jayu: median(jayu.map((m) => m.wall)) };
      const cpu = { raw: median(raw.map((m) => m.cpu)), jayu: median(jayu.map((m) => m.cpu)) };
      const rate = (s: number) => Math.round(rows / s).toLocaleString('en');
      const date = new Date().toISOString().slice(0, 10);
      const cpus = os.cpus();
      const machine = `${cpus.length} x ${cpus[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
      process.stdout.write(
        `| ${date} | ${machine} | ${backend} | ${rows.toLocaleString('en')} | ${runs} | ` +
          `${wall.raw.toFixed(1)} s / ${cpu.raw.toFixed(1)} s | ${wall.jayu.toFixed(1)} s / ${cpu.jayu.toFixed(1)} s | ` +
          `${rate(wall.raw)} / ${rate(cpu.raw)} | ${rate(wall.jayu)} / ${rate(cpu.jayu)} | ` +
          `${Math.round((100 * wall.raw) / wall.jayu)}% / ${Math.round((100 * cpu.raw) / cpu.jayu)}% |\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

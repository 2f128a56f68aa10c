/**
 * Cost of protection on person-list import: the same import (src/ingest importPersonLists) with
 *   off    a sealer that stores plaintext and unkeyed indexes (a baseline that must never ship),
 *   on     the organisation's FieldSealer (AES-256-GCM per vault, HMAC-SHA256 blind indexes),
 *   audit  on, through the AuditedSealer a session hands out, plus one audit entry per record.
 * Medians over --runs of wall time and of this process's CPU time (PGlite runs in-process; the
 * PostgreSQL server's own CPU is not counted). Prints Markdown rows for bench/RESULTS.md.
 *
 *   npx tsx bench/protect-import.ts [--rows 200000] [--runs 3] [--backends pglite,postgres]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPersonLists } from '../src/ingest/import-persons';
import { readCsvFile } from '../src/ingest/tabular';
import type { RecordSealer } from '../src/protect/contracts';
import { AuditedSealer } from '../src/protect/audited-sealer';
import { AuditLog } from '../src/protect/audit-log';
import { addOrganisation, initialiseKeys } from '../src/protect/key-store';
import { MasterKey } from '../src/protect/master-key';
import { openStore } from '../src/store';
import type { Db } from '../src/store/db';
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

/** Encryption off: plaintext bytes and unkeyed hashes. For this comparison only. */
class PlaintextSealer implements RecordSealer {
  constructor(readonly organisationId: string) {}
  seal(_t: string, _r: string, _f: string, plaintext: string): Uint8Array {
    return Buffer.from(plaintext, 'utf8');
  }
  open(_t: string, _r: string, _f: string, ciphertext: Uint8Array): string {
    return Buffer.from(ciphertext).toString('utf8');
  }
  blindIndex(kind: string, normalised: string): string {
    return createHash('sha256').update(`${kind}:${normalised}`).digest('hex').slice(0, 32);
  }
}

type Mode = 'off' | 'on' | 'audit';

async function main(): Promise<void> {
  const rows = Number(arg('rows', '200000'));
  const runs = Number(arg('runs', '3'));
  const backends = arg('backends', 'pglite,postgres').split(',');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-protect-'));
  const file = path.join(dir, 'persons.csv');
  const date = new Date().toISOString().slice(0, 10);
  const cpus = os.cpus();
  const machine = `${cpus.length} x ${cpus[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  try {
    await writePersonListCsv(file, rows);
    process.stderr.write(`${rows} rows, ${(statSync(file).size / 1e6).toFixed(0)} MB\n`);
    for (const backend of backends) {
      let drop: (() => Promise<void>) | undefined;
      let db: Db;
      if (backend === 'postgres') {
        const scratch = await createTestDatabase();
        drop = scratch.drop;
        db = await openStore({ databaseUrl: scratch.url });
      } else {
        db = await openStore({ data: path.join(dir, 'pglite') });
      }
      try {
        const keyring = await initialiseKeys(db, MasterKey.generate());
        await addOrganisation(db, keyring, { id: 'bench', name: 'bench' });
        const audit = new AuditLog(db, keyring.system);
        const sealers: Record<Mode, () => RecordSealer & { flush?: () => Promise<number> }> = {
          off: () => new PlaintextSealer('bench'),
          on: () => keyring.sealerFor('bench'),
          audit: () =>
            new AuditedSealer(keyring.sealerFor('bench'), {
              actor: 'user:bench',
              purpose: 'case_management',
              readScope: null,
              canWrite: true,
              append: (events) => audit.append(events),
            }),
        };
        const results: Record<Mode, { wall: number[]; cpu: number[] }> = {
          off: { wall: [], cpu: [] },
          on: { wall: [], cpu: [] },
          audit: { wall: [], cpu: [] },
        };
        for (let run = 0; run < runs; run++) {
          for (const mode of ['off', 'on', 'audit'] as Mode[]) {
            await db.exec('TRUNCATE persons CASCADE');
            const sealer = sealers[mode]();
            const cpu0 = process.cpuUsage();
            const t0 = performance.now();
            const report = await importPersonLists(db, sealer, [readCsvFile(file)]);
            if (sealer.flush) await sealer.flush();
            const wall = (performance.now() - t0) / 1000;
            const c = process.cpuUsage(cpu0);
            if (report.inserted + report.updated !== report.rowsRead)
              throw new Error('import lost rows');
            results[mode].wall.push(wall);
            results[mode].cpu.push((c.user + c.system) / 1e6);
            process.stderr.write(`${backend} run ${run + 1} ${mode}: ${wall.toFixed(1)} s wall\n`);
          }
        }
        const off = rows / median(results.off.wall);
        for (const mode of ['off', 'on', 'audit'] as Mode[]) {
          const w = median(results[mode].wall);
          const rate = rows / w;
          process.stdout.write(
            `| ${date} | ${machine} | ${backend} | ${mode} | ${rows.toLocaleString('en')} | ${runs} | ` +
              `${w.toFixed(1)} s | ${median(results[mode].cpu).toFixed(1)} s | ${Math.round(rate).toLocaleString('en')} | ` +
              `${Math.round((100 * rate) / off)}% |\n`,
          );
        }
      } finally {
        await db.close();
        await drop?.();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

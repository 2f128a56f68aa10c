/**
 * Cost of the audit log at scale: append N entries (batches of --batch), then `verify` the whole
 * log (every entry's MAC, the RFC 6962 tree, every signed checkpoint) and export one inclusion
 * proof against the latest signed tree head. Wall and this process's CPU time; the verify figure
 * is the median of --runs.
 *
 *   npx tsx bench/protect-audit.ts [--entries 1000000] [--batch 10000] [--runs 3] [--backends pglite,postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEvent } from '../src/protect/audit-entry';
import { AuditLog } from '../src/protect/audit-log';
import { initialiseKeys } from '../src/protect/key-store';
import { MasterKey } from '../src/protect/master-key';
import { openStore } from '../src/store';
import type { Db } from '../src/store/db';
import { createTestDatabase } from '../src/store/testing';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const event = (i: number): AuditEvent => ({
  actor: `user:${(i % 40).toString(16).padStart(8, '0')}-bench`,
  action: i % 5 === 0 ? 'record.write' : 'record.read',
  organisationId: `org-${i % 4}`,
  record: `persons:list-${i % 7}/R-${i}`,
  fields: ['vault'],
  purpose: i % 3 === 0 ? 'legal_proceedings' : 'case_management',
});

async function main(): Promise<void> {
  const entries = Number(arg('entries', '1000000'));
  const batch = Number(arg('batch', '10000'));
  const runs = Number(arg('runs', '3'));
  const backends = arg('backends', 'pglite,postgres').split(',');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-audit-'));
  const date = new Date().toISOString().slice(0, 10);
  const cpus = os.cpus();
  const machine = `${cpus.length} x ${cpus[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  try {
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
        const log = new AuditLog(db, keyring.system);
        const append = await timed(async () => {
          for (let i = 0; i < entries; i += batch) {
            await log.append(
              Array.from({ length: Math.min(batch, entries - i) }, (_, k) => event(i + k)),
            );
            if ((i / batch) % 10 === 0) process.stderr.write(`${backend}: ${i} appended\n`);
          }
          return log.checkpoint();
        });
        const verifies: Array<{ wall: number; cpu: number }> = [];
        for (let r = 0; r < runs; r++) {
          const v = await timed(() => log.verify());
          if (!v.value.ok || v.value.entries !== entries)
            throw new Error('verify failed on an untouched log');
          verifies.push(v);
          process.stderr.write(
            `${backend} verify ${r + 1}: ${v.wall.toFixed(1)} s (${v.value.checkpointsChecked} checkpoints)\n`,
          );
        }
        const proof = await timed(() => log.inclusionProof(Math.floor(entries / 2)));
        process.stdout.write(
          `| ${date} | ${machine} | ${backend} | ${entries.toLocaleString('en')} | ` +
            `${append.wall.toFixed(0)} s (${Math.round(entries / append.wall).toLocaleString('en')}/s) | ` +
            `${median(verifies.map((v) => v.wall)).toFixed(1)} s | ${median(verifies.map((v) => v.cpu)).toFixed(1)} s | ` +
            `${Math.round(entries / median(verifies.map((v) => v.wall))).toLocaleString('en')}/s | ` +
            `${proof.wall.toFixed(1)} s (${proof.value.path.length} hashes) |\n`,
        );
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

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { readBackupHeader, restoreBackup, writeBackup } from './backup';
import { addEvidence } from './evidence';
import { recordLinkageDecision, runStoreLinkage } from './linkage';
import { unlockKeyring } from './key-store';
import { MasterKey } from './master-key';
import { openProtected } from './protected-store';
import { protectedFixture, type ProtectedFixture } from './testing';

/** md5 of every table's rows, sorted: equal fingerprints mean an exact round trip. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    // What changed in which transaction of this cluster is not backed up (a restore has none).
    if (name === 'case_changes') continue;
    // Migrations are re-applied by the restore: their versions and checksums must match, not their times.
    const source =
      name === 'schema_migrations'
        ? '(SELECT version, checksum FROM schema_migrations)'
        : `"${name}"`;
    const { rows } = await db.query<{ h: string; n: number }>(
      `SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS h, count(*)::int AS n FROM ${source} r`,
    );
    out[name] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

describe.each(storeBackends())('backup and restore on $name', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;
  let dir: string;

  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db);
    await fx.addCase('org-a', 'A-1', ['case_management', 'legal_proceedings']);
    const documenter = await fx.loginAs('documenter-org-a');
    const sealer = await documenter.sealerFor('org-a', { purpose: 'case_management', write: true });
    await db.query(`UPDATE persons SET vault = $1, name_key = $2 WHERE record_id = 'R-A-1'`, [
      sealer.seal(
        'persons',
        'org-a-list/R-A-1',
        'vault',
        JSON.stringify({ familyName: '김', givenName: '순희' }),
      ),
      sealer.blindIndex('person_name', '김순희'),
    ]);
    await sealer.flush();
    await addEvidence(documenter, {
      caseId: 'A-1',
      itemId: 'doc',
      content: Buffer.alloc(3_000_000, 9),
      mediaType: 'application/pdf',
    });
    // A linkage run (clusters, run record) and a decision with a sealed reason.
    await fx.addCase('org-a', 'A-2', ['case_management', 'aggregate_statistics']);
    await fx.addCase('org-a', 'A-3', ['aggregate_statistics']);
    const analyst = await fx.loginAs('analyst-org-a');
    await recordLinkageDecision(analyst, {
      left: { source: 'org-a-list', recordId: 'R-A-2' },
      right: { source: 'org-a-list', recordId: 'R-A-3' },
      verdict: 'same',
      why: '같은 사람',
    });
    await runStoreLinkage(analyst);
    await fx.store.audit.checkpoint();
    dir = await mkdtemp(path.join(os.tmpdir(), 'jayu-backup-'));
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips every table exactly, and the restored store opens with the same key', async () => {
    const file = path.join(dir, 'full.jayu-backup');
    const counts = await writeBackup(
      db,
      file,
      { master: fx.master },
      { storeId: fx.store.keyring.system.storeId },
    );
    // admin, the coordinator, and four roles in each of two organisations.
    expect(counts.users).toBe(10);
    expect(counts.linkage_runs).toBe(1);
    expect(counts.linkage_clusters).toBe(2);
    expect(counts.linkage_decisions).toBe(1);
    expect(counts.audit_entries).toBeGreaterThan(20);
    // The store noted its cases' changes; the backup leaves them out.
    const changes = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_changes');
    expect(changes.rows[0]!.n).toBeGreaterThan(0);
    expect(counts.case_changes).toBeUndefined();
    const header = await readBackupHeader(file);
    expect(header.masterFingerprint).toBe(fx.master.fingerprint);

    const target = await backend.open({ migrate: false });
    try {
      await restoreBackup(target, file, { master: fx.master });
      expect(await fingerprint(target)).toEqual(await fingerprint(db));
      // The triggers the restore turned off are on again.
      const { rows: off } = await target.query(
        `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`,
      );
      expect(off).toEqual([]);
      const keyring = await unlockKeyring(target, fx.master);
      const { rows } = await target.query<{ vault: Uint8Array }>(
        `SELECT vault FROM persons WHERE record_id = 'R-A-1'`,
      );
      expect(
        keyring.sealerFor('org-a').open('persons', 'org-a-list/R-A-1', 'vault', rows[0].vault),
      ).toContain('순희');
      const restored = openProtected({ db: target, keyring });
      const verdict = await restored.audit.verify();
      expect(verdict.problems).toEqual([]);
      // Restoring again into the now full store is refused, and changes nothing.
      const before = await fingerprint(target);
      await expect(restoreBackup(target, file, { master: fx.master })).rejects.toThrow(
        /empty store/,
      );
      expect(await fingerprint(target)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('with a backup passphrase: round-trips, and a wrong passphrase is a clear error', async () => {
    const file = path.join(dir, 'pass.jayu-backup');
    await writeBackup(db, file, {
      passphrase: 'backup passphrase 2025',
      kdfCost: { memoryCost: 1024, timeCost: 1 },
    });
    const wrong = await backend.open({ migrate: false });
    try {
      await expect(
        restoreBackup(wrong, file, { passphrase: 'not the passphrase' }),
      ).rejects.toThrow(/wrong passphrase/);
      await expect(restoreBackup(wrong, file, { master: fx.master })).rejects.toThrow(
        /backup passphrase/,
      );
      const { rows } = await wrong.query<{ t: string | null }>(
        `SELECT to_regclass('persons')::text AS t`,
      );
      expect(rows[0].t).toBeNull(); // nothing was created
      await restoreBackup(wrong, file, { passphrase: 'backup passphrase 2025' });
      expect(await fingerprint(wrong)).toEqual(await fingerprint(db));
    } finally {
      await wrong.close();
    }
  });

  it('a wrong master key, a flipped byte, a cut file: clear errors, nothing written', async () => {
    const file = path.join(dir, 'damaged.jayu-backup');
    await writeBackup(db, file, { master: fx.master });
    const bytes = await readFile(file);
    const target = await backend.open({ migrate: false });
    try {
      await expect(restoreBackup(target, file, { master: MasterKey.generate() })).rejects.toThrow(
        /made with the master key/,
      );
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(bytes.length * 0.6)] ^= 0x20;
      await writeFile(file, flipped);
      await expect(restoreBackup(target, file, { master: fx.master })).rejects.toThrow(
        /damaged|cut short/,
      );
      await writeFile(file, bytes.subarray(0, bytes.length - 100));
      await expect(restoreBackup(target, file, { master: fx.master })).rejects.toThrow(
        /cut short|damaged/,
      );
      const { rows } = await target.query<{ t: string | null }>(
        `SELECT to_regclass('persons')::text AS t`,
      );
      expect(rows[0].t).toBeNull();
    } finally {
      await target.close();
    }
  });
});

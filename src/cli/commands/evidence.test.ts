import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addEvidence, exportEvidencePackage } from '../../protect/evidence';
import { protectedFixture } from '../../protect/testing';
import { openStore, MEMORY } from '../../store';
import { ExitCode } from '../exit-codes';
import { run } from '../main';

async function printed(args: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const capture = ((chunk: string | Uint8Array) => (
    (text += String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { code: await run(args), text };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

describe('jayu evidence verify', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('checks a package without the store, and names a replaced file', async () => {
    const db = await openStore({ data: MEMORY });
    const out = await mkdtemp(path.join(os.tmpdir(), 'jayu-evidence-cli-'));
    dirs.push(out);
    const pkg = path.join(out, 'pkg');
    let manifest;
    try {
      const fx = await protectedFixture(db, { organisations: ['org-a'] });
      await fx.addCase('org-a', 'A-1', ['legal_proceedings']);
      await addEvidence(await fx.loginAs('documenter-org-a'), {
        caseId: 'A-1',
        itemId: 'scan',
        content: Buffer.from('%PDF-1.7 scan'),
        mediaType: 'application/pdf',
      });
      manifest = await exportEvidencePackage(await fx.loginAs('legal-officer-org-a'), {
        caseId: 'A-1',
        outDir: pkg,
      });
    } finally {
      await db.close();
    }
    const ok = await printed(['evidence', 'verify', pkg, '--public-key', manifest.publicKey]);
    expect(ok.code).toBe(0);
    expect(ok.text).toMatch(/package verified: 1 files/);

    await writeFile(path.join(pkg, manifest.items[0].file), '%PDF-1.7 forged');
    const bad = await printed(['evidence', 'verify', pkg]);
    expect(bad.code).toBe(ExitCode.failure);
    expect(bad.text).toMatch(/item scan: the file does not match its SHA-256/);
  });
});

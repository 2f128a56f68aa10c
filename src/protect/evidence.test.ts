import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import {
  addEvidence,
  exportEvidencePackage,
  readEvidence,
  verifyEvidencePackage,
  type EvidenceManifest,
} from './evidence';
import { protectedFixture, type ProtectedFixture } from './testing';

const PHOTO = Buffer.concat([
  Buffer.from('JPEG-ish '),
  Buffer.alloc(2_500_000, 7),
  Buffer.from(' 박영희 tail'),
]);
const VOICE = Buffer.from('voice memo bytes');

describe.each(storeBackends())('evidence on $name', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;
  let out: string;

  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db);
    await fx.addCase('org-a', 'A-1', ['case_management', 'legal_proceedings']);
    await fx.addCase('org-a', 'A-2', ['case_management']);
    out = await mkdtemp(path.join(os.tmpdir(), 'jayu-evidence-'));
    const documenter = await fx.loginAs('documenter-org-a');
    await addEvidence(documenter, {
      caseId: 'A-1',
      itemId: 'photo-1',
      content: PHOTO,
      mediaType: 'image/jpeg',
      description: '박영희 at the border',
    });
    await addEvidence(documenter, {
      caseId: 'A-1',
      itemId: 'voice-1',
      content: VOICE,
      mediaType: 'audio/ogg',
    });
    await addEvidence(documenter, {
      caseId: 'A-2',
      itemId: 'photo-1',
      content: PHOTO,
      mediaType: 'image/jpeg',
    });
  });
  afterAll(async () => {
    await db?.close();
    await rm(out, { recursive: true, force: true });
  });

  it('stores files once, encrypted, chunked, and never replaces the evidentiary copy', async () => {
    const blobs = await db.query<{ n: number; chunks: number }>(
      'SELECT count(*)::int AS n, sum(chunks)::int AS chunks FROM evidence_blobs',
    );
    expect(blobs.rows[0]).toEqual({ n: 2, chunks: 4 });
    const { rows } = await db.query<{ sealed: Uint8Array }>('SELECT sealed FROM evidence_chunks');
    for (const r of rows) {
      expect(Buffer.from(r.sealed).includes(Buffer.from('박영희'))).toBe(false);
      expect(Buffer.from(r.sealed).includes(Buffer.from('voice memo'))).toBe(false);
    }
    await expect(db.query(`UPDATE evidence_chunks SET chunk = chunk`)).rejects.toThrow(
      /write-once/,
    );
    const documenter = await fx.loginAs('documenter-org-a');
    await expect(
      addEvidence(documenter, {
        caseId: 'A-1',
        itemId: 'photo-1',
        content: VOICE,
        mediaType: 'image/jpeg',
      }),
    ).rejects.toThrow(/never replaced/);
    const analyst = await fx.loginAs('analyst-org-a');
    await expect(
      addEvidence(analyst, { caseId: 'A-1', itemId: 'x', content: VOICE, mediaType: 'audio/ogg' }),
    ).rejects.toThrow(/permission denied/);
  });

  it('views are custody events and return the exact content; no consent, no view', async () => {
    const legal = await fx.loginAs('legal-officer-org-a');
    const seen = await readEvidence(legal, {
      caseId: 'A-1',
      itemId: 'photo-1',
      purpose: 'legal_proceedings',
    });
    expect(seen.content.equals(PHOTO)).toBe(true);
    await expect(
      readEvidence(legal, { caseId: 'A-2', itemId: 'photo-1', purpose: 'legal_proceedings' }),
    ).rejects.toThrow(/no consent/);
    const other = await fx.loginAs('legal-officer-org-b');
    await expect(
      readEvidence(other, { caseId: 'A-1', itemId: 'photo-1', purpose: 'legal_proceedings' }),
    ).rejects.toThrow(/permission denied/);
    const actions = (await fx.store.audit.entries({ record: `evidence:${seen.sha256}` })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['evidence.receive', 'evidence.receive', 'evidence.view']);
  });

  it('exports a package that verifies standalone, and detects each kind of tampering', async () => {
    const legal = await fx.loginAs('legal-officer-org-a');
    const dir = path.join(out, 'pkg');
    const manifest = await exportEvidencePackage(legal, { caseId: 'A-1', outDir: dir });
    expect(manifest.items.map((i) => i.id)).toEqual(['photo-1', 'voice-1']);
    const verdict = await verifyEvidencePackage(dir, manifest.publicKey);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.custodyEntries).toBeGreaterThanOrEqual(5);
    const text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    expect(text).not.toContain('박영희');

    // A replaced file.
    const photo = path.join(dir, manifest.items[0].file);
    await writeFile(photo, Buffer.concat([PHOTO, Buffer.from('x')]));
    expect((await verifyEvidencePackage(dir)).problems.join()).toMatch(
      /photo-1: the file does not match/,
    );
    await writeFile(photo, PHOTO);

    // An item dropped from the manifest.
    const dropped: EvidenceManifest = { ...manifest, items: manifest.items.slice(1) };
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(dropped));
    expect((await verifyEvidencePackage(dir)).problems.join()).toMatch(/items added or removed/);

    // An edited custody entry.
    const edited = structuredClone(manifest);
    edited.custody[0].entry = edited.custody[0].entry.replace('user:', 'user:x');
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(edited));
    expect((await verifyEvidencePackage(dir)).problems.join()).toMatch(/not in the signed tree/);

    // Another key than the trusted one.
    await writeFile(path.join(dir, 'manifest.json'), text);
    expect((await verifyEvidencePackage(dir, Buffer.alloc(44).toString('base64'))).ok).toBe(false);
    expect((await verifyEvidencePackage(dir)).ok).toBe(true);
  });
});

/**
 * Evidence files: stored encrypted in the database, addressed by the SHA-256 of their content,
 * written once and never changed (the evidentiary copy); every handling is a custody event in the
 * audit log (received, viewed, copied, exported, by whom). `exportEvidencePackage` writes files,
 * a manifest of hashes, the custody history and audit proofs; `verifyEvidencePackage` checks such
 * a package with nothing but the package.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConsentPurpose } from '../model/types';
import type { Queryable } from '../store/db';
import { VAULT_FIELD, vaultRecordKey } from '../store/vault';
import { parseEntry, recordRef } from './audit-entry';
import { verifyInclusionExport, type InclusionProofExport } from './audit-log';
import { deniedError, integrityError, invalidError, notFoundError } from './errors';
import type { Session } from './protected-store';
import type { FieldSealer } from './sealer';
import { publicKeyFromBase64, verifyTreeHead, type SignedTreeHead } from './tree-head';

/** Plaintext bytes per sealed chunk. */
export const EVIDENCE_CHUNK_BYTES = 1 << 20;
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const MEDIA_TYPE = /^[a-z]+\/[A-Za-z0-9.+-]+$/;

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const chunkKey = (sha: string, i: number) => `${sha}/${i}`;
const evidenceRef = (sha: string) => recordRef('evidence', sha);

/** Stores content once per organisation; returns whether it was new. Never overwrites. */
async function storeBlob(
  tx: Queryable,
  sealer: FieldSealer,
  content: Buffer,
): Promise<{ sha256: string; created: boolean }> {
  const sha = sha256Hex(content);
  const org = sealer.organisationId;
  const exists = await tx.query(
    'SELECT 1 FROM evidence_blobs WHERE organisation_id = $1 AND sha256 = $2',
    [org, sha],
  );
  if (exists.rows.length) return { sha256: sha, created: false };
  const chunks = Math.max(1, Math.ceil(content.length / EVIDENCE_CHUNK_BYTES));
  await tx.query(
    'INSERT INTO evidence_blobs (organisation_id, sha256, bytes, chunks) VALUES ($1, $2, $3, $4)',
    [org, sha, content.length, chunks],
  );
  for (let i = 0; i < chunks; i++) {
    const part = content.subarray(i * EVIDENCE_CHUNK_BYTES, (i + 1) * EVIDENCE_CHUNK_BYTES);
    await tx.query(
      'INSERT INTO evidence_chunks (organisation_id, sha256, chunk, sealed) VALUES ($1, $2, $3, $4)',
      [org, sha, i, sealer.sealBytes('evidence_chunks', chunkKey(sha, i), 'content', part)],
    );
  }
  return { sha256: sha, created: true };
}

/** Reads and decrypts a blob, checking it against its address. */
async function loadBlob(db: Queryable, sealer: FieldSealer, sha: string): Promise<Buffer> {
  const org = sealer.organisationId;
  const blob = await db.query<{ bytes: number; chunks: number }>(
    'SELECT bytes, chunks FROM evidence_blobs WHERE organisation_id = $1 AND sha256 = $2',
    [org, sha],
  );
  if (!blob.rows.length) throw notFoundError(`no evidence file ${sha} in organisation ${org}`);
  const { rows } = await db.query<{ chunk: number; sealed: Uint8Array }>(
    'SELECT chunk, sealed FROM evidence_chunks WHERE organisation_id = $1 AND sha256 = $2 ORDER BY chunk',
    [org, sha],
  );
  if (rows.length !== Number(blob.rows[0].chunks)) {
    throw integrityError(
      `evidence file ${sha}: ${rows.length} of ${blob.rows[0].chunks} chunks are present`,
    );
  }
  const content = Buffer.concat(
    rows.map((r, i) => sealer.openBytes('evidence_chunks', chunkKey(sha, i), 'content', r.sealed)),
  );
  if (content.length !== Number(blob.rows[0].bytes) || sha256Hex(content) !== sha) {
    throw integrityError(`evidence file ${sha} does not match its SHA-256: it was altered`);
  }
  return content;
}

export interface NewEvidence {
  caseId: string;
  itemId: string;
  content: Buffer;
  mediaType: string;
  /** What the file shows: identifying, sealed. */
  description?: string;
  /** ISO date the organisation received it. */
  receivedOn?: string;
}

/** Adds an evidence item to a case: the file sealed and stored once, custody 'received'. */
export async function addEvidence(
  session: Session,
  item: NewEvidence,
): Promise<{ sha256: string; bytes: number }> {
  if (!ITEM_ID.test(item.itemId))
    throw invalidError('an evidence item id is letters, digits, _ . - (up to 100)');
  if (!MEDIA_TYPE.test(item.mediaType))
    throw invalidError(`"${item.mediaType}" is not a media type such as image/jpeg`);
  await session.require('evidence.add', { caseId: item.caseId });
  const { organisationId } = await session.caseAccess(item.caseId);
  const store = session.store;
  const sealer = store.keyring.sealerFor(organisationId);
  return store.db.transaction(async (tx) => {
    const { sha256 } = await storeBlob(tx, sealer, item.content);
    const vault = item.description
      ? sealer.seal(
          'evidence_items',
          vaultRecordKey.caseChild(item.caseId, item.itemId),
          VAULT_FIELD,
          JSON.stringify({ description: item.description }),
        )
      : null;
    try {
      await tx.query(
        `INSERT INTO evidence_items (case_id, id, sha256, media_type, bytes, received_on, vault)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          item.caseId,
          item.itemId,
          sha256,
          item.mediaType,
          item.content.length,
          item.receivedOn ?? null,
          vault,
        ],
      );
    } catch (err) {
      if (/duplicate key|unique/i.test((err as Error).message)) {
        throw invalidError(
          `case ${item.caseId} already has an evidence item ${item.itemId}; the evidentiary copy is never replaced`,
        );
      }
      throw err;
    }
    await store.audit.appendIn(tx, [
      {
        actor: session.actor,
        action: 'evidence.receive',
        organisationId,
        record: evidenceRef(sha256),
        detail: {
          case: recordRef('case', item.caseId).slice(5),
          item: item.itemId,
          bytes: item.content.length,
        },
      },
    ]);
    return { sha256, bytes: item.content.length };
  });
}

interface ItemRow {
  id: string;
  sha256: string;
  media_type: string;
  bytes: number;
  received_on: string | null;
}

async function itemsOf(db: Queryable, caseId: string, itemId?: string): Promise<ItemRow[]> {
  const { rows } = await db.query<ItemRow>(
    `SELECT id, sha256, media_type, bytes, received_on::text AS received_on FROM evidence_items
      WHERE case_id = $1 AND ($2::text IS NULL OR id = $2) ORDER BY id`,
    [caseId, itemId ?? null],
  );
  return rows;
}

/** Checks consent and restriction for reading a case's evidence (files are identifying). */
async function requireReadable(
  session: Session,
  organisationId: string,
  caseId: string,
  purpose: ConsentPurpose,
) {
  const scope = await session.sealerFor(organisationId, { purpose, read: true });
  if (scope.mayOpen('evidence_items', vaultRecordKey.caseChild(caseId, 'item'))) return;
  await session.log([
    {
      action: 'access.denied',
      organisationId,
      record: recordRef('case', caseId),
      purpose,
      detail: { operation: 'evidence.view' },
    },
  ]);
  throw deniedError(
    `case ${caseId} has no consent for ${purpose}, or is restricted to other users`,
  );
}

/**
 * A working copy of an evidence file for viewing (`copy: false`: custody 'viewed') or for use
 * elsewhere (`copy: true`: 'copied'). The evidentiary copy stays as it is.
 */
export async function readEvidence(
  session: Session,
  ref: { caseId: string; itemId: string; purpose: ConsentPurpose; copy?: boolean },
): Promise<{ content: Buffer; sha256: string; mediaType: string }> {
  await session.require('evidence.view', { caseId: ref.caseId });
  const { organisationId } = await session.caseAccess(ref.caseId);
  await requireReadable(session, organisationId, ref.caseId, ref.purpose);
  const [item] = await itemsOf(session.store.db, ref.caseId, ref.itemId);
  if (!item) throw notFoundError(`case ${ref.caseId} has no evidence item ${ref.itemId}`);
  const content = await loadBlob(
    session.store.db,
    session.store.keyring.sealerFor(organisationId),
    item.sha256,
  );
  await session.log([
    {
      action: ref.copy ? 'evidence.copy' : 'evidence.view',
      organisationId,
      record: evidenceRef(item.sha256),
      purpose: ref.purpose,
      detail: { item: item.id },
    },
  ]);
  return { content, sha256: item.sha256, mediaType: item.media_type };
}

export interface EvidenceManifest {
  kind: 'jayu-evidence-package/v1';
  packageId: string;
  storeId: string;
  caseRef: string;
  exportedAt: string;
  exportedBy: string;
  purpose: ConsentPurpose;
  publicKey: string;
  items: Array<{
    id: string;
    sha256: string;
    bytes: number;
    mediaType: string;
    receivedOn: string | null;
    file: string;
  }>;
  /** Every audit entry about these items and this package, each with its inclusion proof. */
  custody: InclusionProofExport[];
  treeHead: SignedTreeHead;
}

/** The digest of a package's item list that the 'evidence.package' audit entry records. */
export function itemsDigest(items: Array<{ id: string; sha256: string; bytes: number }>): string {
  const lines = items.map((i) => `${i.id} ${i.sha256} ${i.bytes}\n`).sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** Writes an evidence package for a case to `outDir` (which must not exist or be empty). */
export async function exportEvidencePackage(
  session: Session,
  opts: { caseId: string; outDir: string; purpose?: ConsentPurpose },
): Promise<EvidenceManifest> {
  const purpose = opts.purpose ?? 'legal_proceedings';
  await session.require('evidence.export', { caseId: opts.caseId });
  const { organisationId } = await session.caseAccess(opts.caseId);
  await requireReadable(session, organisationId, opts.caseId, purpose);
  const store = session.store;
  const items = await itemsOf(store.db, opts.caseId);
  if (!items.length) throw notFoundError(`case ${opts.caseId} has no evidence items`);
  const sealer = store.keyring.sealerFor(organisationId);
  const contents = new Map<string, Buffer>();
  for (const item of items)
    contents.set(item.sha256, await loadBlob(store.db, sealer, item.sha256));

  const packageId = randomUUID();
  const caseRef = recordRef('case', opts.caseId);
  await store.audit.append([
    ...items.map((item) => ({
      actor: session.actor,
      action: 'evidence.export',
      organisationId,
      record: evidenceRef(item.sha256),
      purpose,
      detail: { package: packageId, item: item.id },
    })),
    {
      actor: session.actor,
      action: 'evidence.package',
      organisationId,
      record: caseRef,
      purpose,
      detail: {
        package: packageId,
        items: items.length,
        items_sha256: itemsDigest(items.map((i) => ({ ...i, bytes: Number(i.bytes) }))),
      },
    },
  ]);
  const head = await store.audit.checkpoint();
  if (!head) throw integrityError('the audit log could not sign a checkpoint');

  const seqs = new Set<number>();
  for (const item of items)
    for (const e of await store.audit.entries({
      record: evidenceRef(item.sha256),
      limit: 1_000_000,
    })) {
      if (e.organisationId === organisationId) seqs.add(e.seq);
    }
  for (const e of await store.audit.entries({ record: caseRef, limit: 1_000_000 })) {
    if (e.action === 'evidence.package' && e.detail.package === packageId) seqs.add(e.seq);
  }
  const custody: InclusionProofExport[] = [];
  for (const seq of [...seqs].sort((a, b) => a - b))
    custody.push(await store.audit.inclusionProof(seq, head.treeSize));

  await mkdir(path.join(opts.outDir, 'files'), { recursive: true });
  const manifest: EvidenceManifest = {
    kind: 'jayu-evidence-package/v1',
    packageId,
    storeId: store.keyring.system.storeId,
    caseRef,
    exportedAt: store.now().toISOString(),
    exportedBy: session.actor,
    purpose,
    publicKey: store.audit.publicKeyBase64,
    items: items.map((i) => ({
      id: i.id,
      sha256: i.sha256,
      bytes: Number(i.bytes),
      mediaType: i.media_type,
      receivedOn: i.received_on,
      file: `files/${i.sha256}`,
    })),
    custody,
    treeHead: head,
  };
  for (const item of manifest.items)
    await writeFile(path.join(opts.outDir, item.file), contents.get(item.sha256)!, { flag: 'wx' });
  await writeFile(
    path.join(opts.outDir, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
    { flag: 'wx' },
  );
  return manifest;
}

export interface PackageVerification {
  ok: boolean;
  items: number;
  custodyEntries: number;
  problems: string[];
}

/**
 * Checks a package with nothing but its files: every file matches its hash, every custody entry
 * is in the signed audit tree, the package entry records exactly this list of items, and each
 * item was received and exported in this package. `trustedPublicKey` (base64 SPKI) pins the key.
 */
export async function verifyEvidencePackage(
  dir: string,
  trustedPublicKey?: string,
): Promise<PackageVerification> {
  const problems: string[] = [];
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(
      await readFile(path.join(dir, 'manifest.json'), 'utf8'),
    ) as EvidenceManifest;
  } catch {
    return {
      ok: false,
      items: 0,
      custodyEntries: 0,
      problems: ['manifest.json is missing or not JSON'],
    };
  }
  if (manifest.kind !== 'jayu-evidence-package/v1')
    problems.push('manifest.json is not a Jayu evidence package');
  if (trustedPublicKey && manifest.publicKey !== trustedPublicKey)
    problems.push('the package is signed by another key than the trusted one');
  const key = publicKeyFromBase64(manifest.publicKey);
  if (!verifyTreeHead(manifest.treeHead, key))
    problems.push('the audit tree head signature is invalid');

  for (const item of manifest.items) {
    let content: Buffer;
    try {
      content = await readFile(path.join(dir, item.file));
    } catch {
      problems.push(`item ${item.id}: file ${item.file} is missing`);
      continue;
    }
    if (content.length !== item.bytes || sha256Hex(content) !== item.sha256) {
      problems.push(`item ${item.id}: the file does not match its SHA-256 (altered or replaced)`);
    }
  }

  const entries = [];
  for (const proof of manifest.custody) {
    const check = verifyInclusionExport(proof, manifest.publicKey);
    if (!check.ok) problems.push(`custody entry #${proof.leafIndex}: ${check.reason}`);
    if (
      proof.treeHead.rootHash !== manifest.treeHead.rootHash ||
      proof.treeHead.treeSize !== manifest.treeHead.treeSize
    ) {
      problems.push(`custody entry #${proof.leafIndex}: proven against another tree head`);
    }
    const entry = parseEntry(proof.entry);
    if (entry) entries.push(entry);
  }
  const pkg = entries.find(
    (e) => e.action === 'evidence.package' && e.detail.package === manifest.packageId,
  );
  if (!pkg) problems.push('the audit entry recording this package is missing');
  else {
    if (pkg.detail.items_sha256 !== itemsDigest(manifest.items))
      problems.push(
        'the list of items differs from the one the audit log recorded (items added or removed)',
      );
    if (pkg.record !== manifest.caseRef) problems.push('the package entry names another case');
  }
  for (const item of manifest.items) {
    const about = entries.filter((e) => e.record === evidenceRef(item.sha256));
    if (!about.some((e) => e.action === 'evidence.receive'))
      problems.push(`item ${item.id}: no custody entry for its receipt`);
    if (
      !about.some((e) => e.action === 'evidence.export' && e.detail.package === manifest.packageId)
    ) {
      problems.push(`item ${item.id}: no custody entry for this export`);
    }
  }
  return {
    ok: problems.length === 0,
    items: manifest.items.length,
    custodyEntries: manifest.custody.length,
    problems,
  };
}

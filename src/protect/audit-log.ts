/**
 * The tamper-evident audit log: entries appended in order to an RFC 6962 Merkle tree, with
 * Ed25519-signed tree heads (checkpoints) and a per-entry MAC.
 *
 * Two layers of evidence, for two kinds of reader:
 *  - Anyone with the public key: signed tree heads, inclusion proofs (this entry is in the log)
 *    and consistency proofs (the log only grew between two heads). Nothing secret is needed.
 *  - The key holder (`jayu audit verify`): each entry's MAC, under a key derived from the system
 *    key, and the sequence number inside each entry, so a check names exactly which entry was
 *    edited, inserted, deleted, duplicated or moved, and detects truncation against the latest
 *    signed checkpoint and an optional witness file kept outside the database.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from '../store/db';
import {
  type AuditEntry,
  type AuditEvent,
  type CheckedEvent,
  checkEvent,
  entryAt,
  entryText,
  parseEntry,
} from './audit-entry';
import { integrityError, notFoundError } from './errors';
import {
  consistencyProof,
  HASH_BYTES,
  inclusionProof,
  leafHash,
  type LeafHashes,
  MerkleFrontier,
  treeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
import { equalBytes } from './primitives';
import type { SystemKeys } from './system-keys';
import {
  publicKeyFromBase64,
  signTreeHead,
  type SignedTreeHead,
  verifyTreeHead,
} from './tree-head';

/** Advisory lock that serialises appends ("audi" in ASCII). */
export const AUDIT_LOCK_KEY = 0x61756469;
const READ_BATCH = 20_000;
/** From this many entries on, appends use COPY (bulk imports write one entry per record). */
const COPY_FROM = 200;
/**
 * Most entries one group-committed `append` transaction writes for queued callers: a large import
 * append is written alone, never merged with an unbounded number of others.
 */
export const APPEND_BATCH_ENTRIES = 2_000;
const MAX_PROBLEMS = 1_000;

export interface AuditLogOptions {
  /** Sign a checkpoint once this many entries have been appended since the last (default 1000). */
  checkpointEvery?: number;
  /** A file outside the database that keeps the latest signed tree head: a truncation witness. */
  witnessFile?: string;
  now?: () => Date;
}

export type AuditProblemKind =
  'edited' | 'inserted' | 'deleted' | 'duplicated' | 'reordered' | 'truncated' | 'checkpoint';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The entry's own sequence number, when known. */
  seq?: number;
  /** Where it was found (the row's position in the table). */
  position?: number;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  checkpointsChecked: number;
  rootHash: string;
  problems: AuditProblem[];
  /** Problems beyond MAX_PROBLEMS are counted, not listed. */
  moreProblems: number;
}

export interface InclusionProofExport {
  kind: 'jayu-audit-inclusion-proof/v1';
  publicKey: string;
  entry: string;
  leafIndex: number;
  treeHead: SignedTreeHead;
  path: string[];
}

export interface ConsistencyProofExport {
  kind: 'jayu-audit-consistency-proof/v1';
  publicKey: string;
  first: SignedTreeHead;
  second: SignedTreeHead;
  path: string[];
}

interface StateRow {
  tree_size: number;
  frontier: Uint8Array;
  last_checkpoint_size: number;
}

/** Where the log ends: its size, the saved frontier, and the size at the last checkpoint. */
interface LogTail {
  size: number;
  frontier: Buffer;
  lastCheckpoint: number;
}

interface SignedCheckpoint {
  size: number;
  root: Buffer;
  at: Date;
  signature: Buffer;
}

interface AppendPlan {
  records: Array<[number, string, Buffer]>;
  seqs: number[];
  checkpoint: SignedCheckpoint | null;
  next: LogTail;
}

interface EntryRow {
  seq: number;
  entry: string;
  mac: Uint8Array;
}

/** An `append` caller waiting for the transaction that writes its entries to commit. */
interface QueuedAppend {
  events: CheckedEvent[];
  resolve(seqs: number[]): void;
  reject(err: unknown): void;
}

interface CheckpointRow {
  tree_size: number;
  root_hash: Uint8Array;
  signed_at: string | Date;
  signature: Uint8Array;
}

export class AuditLog {
  /** A KeyObject: there is an HMAC per entry, and a raw key would be imported for each. */
  private readonly macKey: KeyObject;
  private readonly every: number;
  private readonly now: () => Date;
  /** `append` callers not yet taken into a transaction, in arrival order. */
  private queue: QueuedAppend[] = [];
  /** Whether an `append` transaction is in flight (its loop takes the queue when it ends). */
  private writing = false;
  /**
   * Where the log ended after this log's last committed append (null: unknown, or an append in
   * flight): the next append can then be one statement. Another writer moving the log makes the
   * statement write nothing, and the append falls back to reading the state under the lock.
   */
  private tail: LogTail | null = null;

  constructor(
    private readonly db: Db,
    private readonly system: SystemKeys,
    private readonly options: AuditLogOptions = {},
  ) {
    this.macKey = createSecretKey(system.auditMacKey());
    this.every = options.checkpointEvery ?? 1000;
    this.now = options.now ?? (() => new Date());
  }

  get publicKeyBase64(): string {
    return this.system.auditPublicKeyDer().toString('base64');
  }

  private mac(leaf: Buffer): Buffer {
    return createHmac('sha256', this.macKey).update(leaf).digest();
  }

  /**
   * Appends entries inside the caller's transaction, so a change and its audit record commit
   * or roll back together. Returns their sequence numbers.
   */
  async appendIn(tx: Queryable, events: AuditEvent[]): Promise<number[]> {
    return (await this.appendInReturningTail(tx, events.map(checkEvent))).seqs;
  }

  /** appendIn, also returning where the log ends once (and if) the transaction commits. */
  private async appendInReturningTail(
    tx: Queryable,
    events: CheckedEvent[],
  ): Promise<{ seqs: number[]; tail: LogTail | null }> {
    if (events.length === 0) return { seqs: [], tail: null };
    // An append per audited request: its fixed statements are parsed and planned once.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY], { prepare: true });
    const { rows } = await tx.query<StateRow>(
      'SELECT tree_size, frontier, last_checkpoint_size FROM audit_state',
      [],
      { prepare: true },
    );
    const tail: LogTail = rows.length
      ? {
          size: Number(rows[0].tree_size),
          frontier: Buffer.from(rows[0].frontier),
          lastCheckpoint: Number(rows[0].last_checkpoint_size),
        }
      : { size: 0, frontier: Buffer.alloc(0), lastCheckpoint: 0 };
    const plan = this.planAppend(tail, events);
    const { records } = plan;
    if (records.length >= COPY_FROM) {
      await tx.copyFrom('audit_entries', ['seq', 'entry', 'mac'], records);
    } else {
      const values = records
        .map((_, j) => `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3})`)
        .join(', ');
      await tx.query(
        `INSERT INTO audit_entries (seq, entry, mac) VALUES ${values}`,
        records.flat(),
      );
    }
    if (plan.checkpoint) await this.insertCheckpoint(tx, plan.checkpoint);
    await tx.query(
      `INSERT INTO audit_state (singleton, tree_size, frontier, last_checkpoint_size, last_checkpoint_at)
       VALUES (true, $1, $2, $3, $4)
       ON CONFLICT (singleton) DO UPDATE SET tree_size = $1, frontier = $2, last_checkpoint_size = $3,
         last_checkpoint_at = COALESCE($4, audit_state.last_checkpoint_at)`,
      [
        plan.next.size,
        plan.next.frontier,
        plan.next.lastCheckpoint,
        plan.checkpoint ? plan.checkpoint.at.toISOString() : null,
      ],
      { prepare: true },
    );
    return { seqs: plan.seqs, tail: plan.next };
  }

  /**
   * The entries of `events` appended after `tail`: their rows (seq, canonical text, MAC), the
   * log's new end, and the signed checkpoint due (every `checkpointEvery` entries). Pure: writes
   * nothing, so the same plan serves the transaction and the one-statement append.
   */
  private planAppend(tail: LogTail, events: CheckedEvent[]): AppendPlan {
    const frontier =
      tail.size > 0 ? MerkleFrontier.restore(tail.size, tail.frontier) : new MerkleFrontier();
    const at = this.now();
    const atText = at.toISOString();
    const records: Array<[number, string, Buffer]> = [];
    const seqs: number[] = [];
    for (const [i, event] of events.entries()) {
      const seq = tail.size + i;
      const text = entryText(entryAt(event, seq, atText));
      const leaf = leafHash(Buffer.from(text, 'utf8'));
      frontier.push(leaf);
      records.push([seq, text, this.mac(leaf)]);
      seqs.push(seq);
    }
    let checkpoint: AppendPlan['checkpoint'] = null;
    let lastCheckpoint = tail.lastCheckpoint;
    if (frontier.size - lastCheckpoint >= this.every) {
      checkpoint = this.signCheckpoint(frontier.size, frontier.root(), at);
      lastCheckpoint = frontier.size;
    }
    return {
      records,
      seqs,
      checkpoint,
      next: { size: frontier.size, frontier: frontier.save(), lastCheckpoint },
    };
  }

  /**
   * The append as one statement (audit_append_at, migration 0106) when this log knows where the
   * log ends (it wrote the last append itself): one round trip instead of six. Returns null,
   * having written nothing, when the log has moved since (another process appended, or signed a
   * checkpoint), so the caller appends the usual way.
   */
  private async appendAtTail(
    tail: LogTail,
    events: CheckedEvent[],
  ): Promise<{ seqs: number[]; tail: LogTail } | null> {
    const plan = this.planAppend(tail, events);
    const cp = plan.checkpoint;
    const { rows } = await this.db.query<{ appended: boolean }>(
      `SELECT audit_append_at($1, $2, $3, $4::bigint[], $5::text[], $6::text[], $7, $8, $9, $10,
                              $11, $12) AS appended`,
      [
        AUDIT_LOCK_KEY,
        tail.size,
        tail.lastCheckpoint,
        plan.records.map((r) => r[0]),
        plan.records.map((r) => r[1]),
        plan.records.map((r) => r[2].toString('hex')),
        plan.next.size,
        plan.next.frontier,
        plan.next.lastCheckpoint,
        cp ? cp.at.toISOString() : null,
        cp ? cp.root : null,
        cp ? cp.signature : null,
      ],
      { prepare: true },
    );
    return rows[0]?.appended ? { seqs: plan.seqs, tail: plan.next } : null;
  }

  /**
   * Appends entries in a transaction of their own and returns their sequence numbers once it has
   * committed. Group commit: appends that arrive while one of this log's append transactions is in
   * flight wait, and the next append writes all of them together (appendBatch: one statement
   * where this log wrote last, else one transaction), since the advisory lock serialises appends
   * anyway and each append costs round trips. Each caller still gets only its own seqs, contiguous
   * and in arrival order, and only after the commit; if that transaction fails, every caller in
   * it gets the error.
   */
  async append(events: AuditEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    // An invalid event is refused here, so that it fails its own caller and not the others
    // its entries would have been written with. The checked events are what is written: checked
    // once, not again when planned (an identified case read appends an entry a record opened).
    const checked = events.map(checkEvent);
    return new Promise<number[]>((resolve, reject) => {
      this.queue.push({ events: checked, resolve, reject });
      if (!this.writing) void this.writeQueued();
    });
  }

  /** Writes the queue, a batch per transaction, until it is empty. Never rejects. */
  private async writeQueued(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          const events = batch.flatMap((b) => b.events);
          const seqs = await this.appendBatch(events);
          let from = 0;
          for (const b of batch) {
            b.resolve(seqs.slice(from, from + b.events.length));
            from += b.events.length;
          }
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * One batch: in one statement at the end this log last wrote, else (first append, or the log
   * moved) in a transaction that reads the state under the lock. The end is remembered only
   * once the append has committed.
   */
  private async appendBatch(events: CheckedEvent[]): Promise<number[]> {
    const known = this.tail;
    this.tail = null;
    const fast = known ? await this.appendAtTail(known, events) : null;
    const done =
      fast ?? (await this.db.transaction((tx) => this.appendInReturningTail(tx, events)));
    this.tail = done.tail;
    return done.seqs;
  }

  /** The oldest queued callers up to APPEND_BATCH_ENTRIES entries (always at least one). */
  private takeBatch(): QueuedAppend[] {
    let n = 0;
    let count = 0;
    while (count < this.queue.length) {
      const size = this.queue[count].events.length;
      if (count > 0 && n + size > APPEND_BATCH_ENTRIES) break;
      n += size;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** A signed tree head of the log at `size` entries with root `root`. */
  private signCheckpoint(size: number, root: Buffer, at: Date): SignedCheckpoint {
    const head = signTreeHead(
      {
        storeId: this.system.storeId,
        treeSize: size,
        rootHash: root.toString('hex'),
        timestamp: at.toISOString(),
      },
      this.system.auditSigningKey,
    );
    return { size, root, at, signature: Buffer.from(head.signature, 'base64') };
  }

  private async insertCheckpoint(tx: Queryable, cp: SignedCheckpoint): Promise<void> {
    await tx.query(
      `INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, signature) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tree_size) DO NOTHING`,
      [cp.size, cp.root, cp.at.toISOString(), cp.signature],
    );
  }

  /**
   * Signs a checkpoint at the current size (if the log grew since the last one) and writes it to
   * the witness file. Returns the latest signed tree head, or null for an empty log.
   */
  async checkpoint(): Promise<SignedTreeHead | null> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const { rows } = await tx.query<StateRow>(
        'SELECT tree_size, frontier, last_checkpoint_size FROM audit_state',
      );
      if (!rows.length) return;
      const size = Number(rows[0].tree_size);
      if (size === Number(rows[0].last_checkpoint_size)) return;
      const at = this.now();
      await this.insertCheckpoint(
        tx,
        this.signCheckpoint(size, MerkleFrontier.restore(size, rows[0].frontier).root(), at),
      );
      await tx.query('UPDATE audit_state SET last_checkpoint_size = $1, last_checkpoint_at = $2', [
        size,
        at.toISOString(),
      ]);
    });
    const head = await this.latestCheckpoint();
    if (head && this.options.witnessFile) this.writeWitness(head);
    return head;
  }

  private writeWitness(head: SignedTreeHead): void {
    const file = this.options.witnessFile!;
    const known = readWitness(file);
    if (known && known.storeId === head.storeId && known.treeSize >= head.treeSize) return;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(head, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }

  private toHead(r: CheckpointRow): SignedTreeHead {
    return {
      storeId: this.system.storeId,
      treeSize: Number(r.tree_size),
      rootHash: Buffer.from(r.root_hash).toString('hex'),
      timestamp: new Date(r.signed_at).toISOString(),
      signature: Buffer.from(r.signature).toString('base64'),
    };
  }

  async checkpoints(): Promise<SignedTreeHead[]> {
    const { rows } = await this.db.query<CheckpointRow>(
      'SELECT tree_size, root_hash, signed_at, signature FROM audit_checkpoints ORDER BY tree_size',
    );
    return rows.map((r) => this.toHead(r));
  }

  async latestCheckpoint(): Promise<SignedTreeHead | null> {
    const { rows } = await this.db.query<CheckpointRow>(
      'SELECT tree_size, root_hash, signed_at, signature FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1',
    );
    return rows.length ? this.toHead(rows[0]) : null;
  }

  async size(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_entries',
    );
    return Number(rows[0].n);
  }

  /** Entries in order, parsed (for display and for custody histories). */
  async entries(
    filter: { record?: string; fromSeq?: number; limit?: number } = {},
  ): Promise<AuditEntry[]> {
    const params: unknown[] = [filter.fromSeq ?? 0, filter.limit ?? 10_000];
    let where = 'seq >= $1';
    if (filter.record) {
      params.push(filter.record);
      where += ` AND (entry::jsonb ->> 'record') = $3`;
    }
    const { rows } = await this.db.query<EntryRow>(
      `SELECT seq, entry, mac FROM audit_entries WHERE ${where} ORDER BY seq LIMIT $2`,
      params,
    );
    return rows.map((r) => parseEntry(r.entry)).filter((e): e is AuditEntry => e !== null);
  }

  private async *rowsInOrder(limit = Infinity): AsyncGenerator<EntryRow> {
    let after = -1;
    let seen = 0;
    while (seen < limit) {
      const { rows } = await this.db.query<EntryRow>(
        'SELECT seq, entry, mac FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, Math.min(READ_BATCH, limit - seen)],
      );
      if (rows.length === 0) return;
      for (const r of rows) yield r;
      seen += rows.length;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /**
   * Checks the whole log. `trusted` are tree heads kept elsewhere (earlier exports, the witness
   * file is added automatically): each must be a prefix of today's log.
   */
  async verify(opts: { trusted?: SignedTreeHead[] } = {}): Promise<AuditVerification> {
    const problems: AuditProblem[] = [];
    let dropped = 0;
    const report = (p: AuditProblem) =>
      problems.length < MAX_PROBLEMS ? problems.push(p) : dropped++;
    const publicKey = this.system.auditPublicKey;

    // Every head we must match: stored checkpoints, the witness, and any the caller trusts.
    const heads: Array<SignedTreeHead & { origin: string }> = (await this.checkpoints()).map(
      (h) => ({
        ...h,
        origin: 'signed checkpoint',
      }),
    );
    const witness = this.options.witnessFile ? readWitness(this.options.witnessFile) : null;
    if (witness) heads.push({ ...witness, origin: 'witness file' });
    for (const h of opts.trusted ?? []) heads.push({ ...h, origin: 'trusted tree head' });
    const validHeads = heads.filter((h) => {
      if (h.storeId !== this.system.storeId) {
        report({
          kind: 'checkpoint',
          message: `${h.origin} of size ${h.treeSize} belongs to another store`,
        });
        return false;
      }
      if (!verifyTreeHead(h, publicKey)) {
        report({
          kind: 'checkpoint',
          message: `${h.origin} of size ${h.treeSize} has an invalid signature (forged or altered)`,
        });
        return false;
      }
      return true;
    });
    validHeads.sort((a, b) => a.treeSize - b.treeSize);

    const frontier = new MerkleFrontier();
    const positions: number[] = [];
    const seqs: number[] = []; // entry's own seq, -1 when unreadable
    const genuine: boolean[] = [];
    let next = 0;
    const checkHeadsAt = (size: number) => {
      while (next < validHeads.length && validHeads[next].treeSize === size) {
        const h = validHeads[next++];
        if (frontier.root().toString('hex') !== h.rootHash) {
          report({
            kind: 'checkpoint',
            message: `the first ${size} entries do not match the ${h.origin} signed at ${h.timestamp}`,
          });
        }
      }
    };
    checkHeadsAt(0);
    for await (const row of this.rowsInOrder()) {
      const leaf = leafHash(Buffer.from(row.entry, 'utf8'));
      frontier.push(leaf);
      positions.push(Number(row.seq));
      const parsed = parseEntry(row.entry);
      seqs.push(parsed ? parsed.seq : -1);
      genuine.push(equalBytes(this.mac(leaf), Buffer.from(row.mac)));
      checkHeadsAt(frontier.size);
    }
    const rowCount = frontier.size;
    for (const h of validHeads.slice(next)) {
      report({
        kind: 'truncated',
        message: `the log has ${rowCount} entries but the ${h.origin} signed at ${h.timestamp} covers ${h.treeSize}: entries were removed from the end`,
      });
    }

    analyseSequence(positions, seqs, genuine, validHeads.at(-1)?.treeSize ?? 0, report);
    problems.sort((a, b) => (a.position ?? a.seq ?? Infinity) - (b.position ?? b.seq ?? Infinity));
    return {
      ok: problems.length === 0 && dropped === 0,
      entries: rowCount,
      checkpointsChecked: next,
      rootHash: frontier.root().toString('hex'),
      problems,
      moreProblems: dropped,
    };
  }

  /** Leaf hashes of the first `size` entries, in one buffer. */
  private async leafHashes(size: number): Promise<LeafHashes> {
    const buf = Buffer.alloc(size * HASH_BYTES);
    let i = 0;
    for await (const row of this.rowsInOrder(size)) {
      leafHash(Buffer.from(row.entry, 'utf8')).copy(buf, i * HASH_BYTES);
      i++;
    }
    if (i < size)
      throw integrityError(`the audit log has ${i} entries, fewer than the tree head's ${size}`);
    return { size, at: (k) => buf.subarray(k * HASH_BYTES, (k + 1) * HASH_BYTES) };
  }

  private async headCovering(minSize: number, treeSize?: number): Promise<SignedTreeHead> {
    const heads = await this.checkpoints();
    if (treeSize !== undefined) {
      const h = heads.find((x) => x.treeSize === treeSize);
      if (!h) throw notFoundError(`no signed checkpoint of size ${treeSize}`);
      return h;
    }
    let latest = heads.at(-1);
    if (!latest || latest.treeSize < minSize) latest = (await this.checkpoint()) ?? undefined;
    if (!latest || latest.treeSize < minSize) throw notFoundError(`no audit entry ${minSize - 1}`);
    return latest;
  }

  /** Proof that entry `seq` is in the log, against a signed tree head (the latest by default). */
  async inclusionProof(seq: number, treeSize?: number): Promise<InclusionProofExport> {
    const head = await this.headCovering(seq + 1, treeSize);
    if (seq >= head.treeSize)
      throw notFoundError(`entry ${seq} is not in the tree of size ${head.treeSize}`);
    const leaves = await this.leafHashes(head.treeSize);
    const root = treeHash(leaves);
    if (root.toString('hex') !== head.rootHash) {
      throw integrityError(
        'the audit log does not match its signed checkpoint: run jayu audit verify',
      );
    }
    const { rows } = await this.db.query<EntryRow>(
      'SELECT seq, entry, mac FROM audit_entries WHERE seq = $1',
      [seq],
    );
    return {
      kind: 'jayu-audit-inclusion-proof/v1',
      publicKey: this.publicKeyBase64,
      entry: rows[0].entry,
      leafIndex: seq,
      treeHead: head,
      path: inclusionProof(leaves, seq, head.treeSize).map((h) => h.toString('hex')),
    };
  }

  /** Proof that the log of `first` entries is a prefix of the log at `second` (default latest). */
  async consistencyProof(first: number, second?: number): Promise<ConsistencyProofExport> {
    const heads = await this.checkpoints();
    const a = heads.find((h) => h.treeSize === first);
    if (!a) throw notFoundError(`no signed checkpoint of size ${first}`);
    const b = await this.headCovering(first, second);
    const leaves = await this.leafHashes(b.treeSize);
    return {
      kind: 'jayu-audit-consistency-proof/v1',
      publicKey: this.publicKeyBase64,
      first: a,
      second: b,
      path: consistencyProof(leaves, first, b.treeSize).map((h) => h.toString('hex')),
    };
  }
}

export function readWitness(file: string): SignedTreeHead | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SignedTreeHead;
  } catch {
    return null;
  }
}

/**
 * Names each irregularity in the sequence of entries as stored: which entry was edited, which
 * position holds an entry Jayu did not write, which numbers are missing (deleted; at the end:
 * truncated), which genuine entries appear twice or out of order.
 */
function analyseSequence(
  positions: number[],
  seqs: number[],
  genuine: boolean[],
  signedSize: number,
  report: (p: AuditProblem) => void,
): void {
  let maxGenuine = -1;
  for (let i = 0; i < seqs.length; i++)
    if (genuine[i] && seqs[i] > maxGenuine) maxGenuine = seqs[i];
  const expected = Math.max(maxGenuine + 1, signedSize);
  const count = new Uint32Array(expected);
  for (let i = 0; i < seqs.length; i++) if (genuine[i]) count[seqs[i]]++;

  // Rows that fail their MAC: an edit if they stand in for a missing entry, else an insertion.
  const forged = new Map<number, number>(); // claimed-or-position seq -> row index
  for (let i = 0; i < seqs.length; i++) {
    if (genuine[i]) continue;
    const claim =
      seqs[i] >= 0 && seqs[i] < expected && count[seqs[i]] === 0 ? seqs[i] : positions[i];
    if (!forged.has(claim)) forged.set(claim, i);
    else
      report({
        kind: 'inserted',
        position: positions[i],
        message: `position ${positions[i]} holds an entry Jayu did not write (inserted)`,
      });
  }
  const consumed = new Set<number>();
  let runStart = -1;
  const flushRun = (end: number) => {
    if (runStart < 0) return;
    const range = runStart === end ? `#${runStart}` : `#${runStart}..#${end}`;
    if (runStart > maxGenuine) {
      report({
        kind: 'truncated',
        seq: runStart,
        message: `entries ${range} are missing from the end of the log (truncated)`,
      });
    } else {
      report({
        kind: 'deleted',
        seq: runStart,
        message: `entr${runStart === end ? 'y' : 'ies'} ${range} missing (deleted)`,
      });
    }
    runStart = -1;
  };
  for (let s = 0; s < expected; s++) {
    if (count[s] > 0) {
      flushRun(s - 1);
      continue;
    }
    const row = forged.get(s);
    if (row !== undefined) {
      flushRun(s - 1);
      consumed.add(row);
      report({
        kind: 'edited',
        seq: s,
        position: positions[row],
        message: `entry #${s} was altered (its MAC no longer matches)`,
      });
      continue;
    }
    if (runStart < 0) runStart = s;
  }
  flushRun(expected - 1);
  for (const [, row] of forged) {
    if (!consumed.has(row)) {
      report({
        kind: 'inserted',
        position: positions[row],
        message: `position ${positions[row]} holds an entry Jayu did not write (inserted)`,
      });
    }
  }

  // Genuine entries: duplicates, then order (entries outside the longest increasing run moved).
  const seen = new Uint8Array(expected);
  const order: number[] = [];
  for (let i = 0; i < seqs.length; i++) {
    if (!genuine[i]) continue;
    if (seen[seqs[i]]) {
      report({
        kind: 'duplicated',
        seq: seqs[i],
        position: positions[i],
        message: `entry #${seqs[i]} appears again at position ${positions[i]} (copied)`,
      });
      continue;
    }
    seen[seqs[i]] = 1;
    order.push(i);
  }
  const values = order.map((i) => seqs[i]);
  const keep = longestIncreasing(values);
  for (let k = 0; k < order.length; k++) {
    if (!keep[k]) {
      const i = order[k];
      report({
        kind: 'reordered',
        seq: seqs[i],
        position: positions[i],
        message: `entry #${seqs[i]} is out of order (found at position ${positions[i]})`,
      });
    }
  }
}

/** Marks the members of one longest strictly increasing subsequence (O(n log n)). */
function longestIncreasing(values: number[]): boolean[] {
  const keep = new Array<boolean>(values.length).fill(false);
  let increasing = true;
  for (let i = 1; i < values.length && increasing; i++) increasing = values[i] > values[i - 1];
  if (increasing) return keep.fill(true);
  const tails: number[] = []; // index into values of the smallest tail of each length
  const prev = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  for (let i = tails.at(-1)!; i >= 0; i = prev[i]) keep[i] = true;
  return keep;
}

/** Checks an exported inclusion proof with nothing but its content (and a trusted key). */
export function verifyInclusionExport(
  proof: InclusionProofExport,
  trustedPublicKey?: string,
): { ok: boolean; reason?: string } {
  if (proof.kind !== 'jayu-audit-inclusion-proof/v1')
    return { ok: false, reason: 'not an inclusion proof' };
  if (trustedPublicKey && trustedPublicKey !== proof.publicKey)
    return { ok: false, reason: 'signed by another key' };
  if (!verifyTreeHead(proof.treeHead, publicKeyFromBase64(proof.publicKey))) {
    return { ok: false, reason: 'the tree head signature is invalid' };
  }
  const ok = verifyInclusion(
    leafHash(Buffer.from(proof.entry, 'utf8')),
    proof.leafIndex,
    proof.treeHead.treeSize,
    proof.path.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(proof.treeHead.rootHash, 'hex'),
  );
  const entry = parseEntry(proof.entry);
  if (!ok) return { ok: false, reason: 'the entry is not in the signed tree' };
  if (!entry || entry.seq !== proof.leafIndex)
    return { ok: false, reason: 'the entry number does not match its position' };
  return { ok: true };
}

export function verifyConsistencyExport(
  proof: ConsistencyProofExport,
  trustedPublicKey?: string,
): { ok: boolean; reason?: string } {
  if (proof.kind !== 'jayu-audit-consistency-proof/v1')
    return { ok: false, reason: 'not a consistency proof' };
  if (trustedPublicKey && trustedPublicKey !== proof.publicKey)
    return { ok: false, reason: 'signed by another key' };
  const key = publicKeyFromBase64(proof.publicKey);
  if (!verifyTreeHead(proof.first, key) || !verifyTreeHead(proof.second, key)) {
    return { ok: false, reason: 'a tree head signature is invalid' };
  }
  const ok = verifyConsistency(
    proof.first.treeSize,
    proof.second.treeSize,
    Buffer.from(proof.first.rootHash, 'hex'),
    Buffer.from(proof.second.rootHash, 'hex'),
    proof.path.map((h) => Buffer.from(h, 'hex')),
  );
  return ok ? { ok: true } : { ok: false, reason: 'the later log does not extend the earlier one' };
}

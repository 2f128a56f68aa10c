/**
 * The RecordSealer over one organisation's data keys: AES-256-GCM field encryption bound to
 * (organisation, table, record, field, key version), and HMAC-SHA256 blind indexes.
 *
 * Sealed field format, version 1 (all integers big-endian):
 *   byte 0        format version (1)
 *   bytes 1..4    data key version (u32) that sealed it; older versions stay readable after rotation
 *   bytes 5..16   random 96-bit IV
 *   bytes 17..-17 ciphertext
 *   last 16       GCM tag
 * The associated data is not stored: it is rebuilt from where the ciphertext is read, so a
 * ciphertext copied to another record, field, table or organisation fails to open.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { RecordSealer } from './contracts';
import { integrityError, invalidError, keyError } from './errors';
import { aeadOpen, aeadSeal, encodeAad, IV_BYTES, subkey, TAG_BYTES } from './primitives';

export const FIELD_FORMAT_V1 = 1;
const HEADER_BYTES = 5;
/** Bytes of HMAC kept in a blind index: 128 bits, far beyond collision range for any list size. */
export const BLIND_INDEX_BYTES = 16;
const KIND_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** The unwrapped keys of one organisation, as a keyring holds them. */
export interface OrganisationKeys {
  readonly organisationId: string;
  /** Field data keys by version. */
  readonly fieldKeys: ReadonlyMap<number, Uint8Array>;
  readonly currentVersion: number;
  /** Key for blind indexes: separate from field keys so data-key rotation keeps indexes valid. */
  readonly indexKey: Uint8Array;
}

/**
 * Sealing on the worker threads of this process, for bulk imports: the keys a FieldSealer in a
 * worker needs (the current field key and the index key, nothing older), and a callback for each
 * value the worker sealed, so that the sealer handed out still records it (AuditedSealer: the
 * audit log's record.write entries) exactly as its own seal() would have.
 * Keys never leave the process: a worker thread shares it, and only postMessage copies them.
 */
export interface BulkSealing {
  readonly keys: OrganisationKeys;
  /** Whether `sealed` must be called (false: it does nothing, callers may skip collecting). */
  readonly recordsWrites: boolean;
  /** Records that the value of (table, recordId, field) was sealed with these keys. */
  sealed(table: string, recordId: string, field: string): void;
}

/** Sealers that support BulkSealing (FieldSealer, AuditedSealer over one). */
export interface BulkSealer extends RecordSealer {
  /** Undefined when it cannot; throws (as seal would) when this sealer may not seal at all. */
  bulkSealing(): BulkSealing | undefined;
}

/** The sealer's BulkSealing, or undefined when it cannot seal outside its own thread. */
export function bulkSealingOf(sealer: RecordSealer): BulkSealing | undefined {
  const bulk = (sealer as Partial<BulkSealer>).bulkSealing;
  return typeof bulk === 'function' ? bulk.call(sealer) : undefined;
}

export class FieldSealer implements BulkSealer {
  readonly organisationId: string;
  private readonly fieldSubkeys = new Map<number, KeyObject>();
  private readonly headers = new Map<number, Buffer>();
  private readonly indexSubkeys = new Map<string, Buffer>();

  constructor(private readonly keys: OrganisationKeys) {
    this.organisationId = keys.organisationId;
    if (!keys.fieldKeys.has(keys.currentVersion)) {
      throw keyError(`organisation ${keys.organisationId}: current data key version is missing`);
    }
  }

  bulkSealing(): BulkSealing {
    const version = this.keys.currentVersion;
    return {
      keys: {
        organisationId: this.organisationId,
        fieldKeys: new Map([[version, this.keys.fieldKeys.get(version)!]]),
        currentVersion: version,
        indexKey: this.keys.indexKey,
      },
      recordsWrites: false,
      sealed: () => undefined,
    };
  }

  /** The key version new seals use. */
  get keyVersion(): number {
    return this.keys.currentVersion;
  }

  seal(table: string, recordId: string, field: string, plaintext: string): Uint8Array {
    return this.sealBytes(table, recordId, field, Buffer.from(plaintext, 'utf8'));
  }

  open(table: string, recordId: string, field: string, ciphertext: Uint8Array): string {
    return this.openBytes(table, recordId, field, ciphertext).toString('utf8');
  }

  /** As `seal`, for binary content (evidence files, backups): same format and binding. */
  sealBytes(table: string, recordId: string, field: string, plaintext: Uint8Array): Buffer {
    const version = this.keys.currentVersion;
    return aeadSeal(
      this.fieldKey(version),
      plaintext,
      this.aad(table, recordId, field, version),
      this.header(version),
    );
  }

  private header(version: number): Buffer {
    let h = this.headers.get(version);
    if (!h) {
      h = Buffer.alloc(HEADER_BYTES);
      h[0] = FIELD_FORMAT_V1;
      h.writeUInt32BE(version, 1);
      this.headers.set(version, h);
    }
    return h;
  }

  openBytes(table: string, recordId: string, field: string, ciphertext: Uint8Array): Buffer {
    const where = `${table}.${field} of record ${recordId}`;
    if (ciphertext.length < HEADER_BYTES + IV_BYTES + TAG_BYTES) {
      throw integrityError(`cannot open ${where}: the sealed value is truncated`);
    }
    const buf = Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength);
    if (buf[0] !== FIELD_FORMAT_V1) {
      throw integrityError(`cannot open ${where}: unknown sealed format ${buf[0]}`);
    }
    const version = buf.readUInt32BE(1);
    if (!this.keys.fieldKeys.has(version)) {
      throw keyError(
        `cannot open ${where}: it was sealed with data key version ${version} of organisation ` +
          `${this.organisationId}, which this keyring does not hold`,
      );
    }
    const plain = aeadOpen(
      this.fieldKey(version),
      buf.subarray(HEADER_BYTES),
      this.aad(table, recordId, field, version),
    );
    if (!plain) {
      throw integrityError(
        `cannot open ${where}: authentication failed (corrupted, moved from another record or ` +
          `field, or sealed under another key)`,
      );
    }
    return plain;
  }

  blindIndex(kind: string, normalised: string): string {
    let key = this.indexSubkeys.get(kind);
    if (!key) {
      if (!KIND_PATTERN.test(kind)) throw invalidError(`blind index kind "${kind}" is not a-z0-9_`);
      key = subkey(this.keys.indexKey, `jayu/blind-index/v1/${kind}`);
      this.indexSubkeys.set(kind, key);
    }
    // The first BLIND_INDEX_BYTES bytes, in hex.
    return createHmac('sha256', key)
      .update(normalised, 'utf8')
      .digest('hex')
      .slice(0, 2 * BLIND_INDEX_BYTES);
  }

  /** Key version a sealed value was made with (for re-encryption after rotation). */
  static keyVersionOf(ciphertext: Uint8Array): number | null {
    if (ciphertext.length < HEADER_BYTES || ciphertext[0] !== FIELD_FORMAT_V1) return null;
    return Buffer.from(
      ciphertext.buffer,
      ciphertext.byteOffset,
      ciphertext.byteLength,
    ).readUInt32BE(1);
  }

  private fieldKey(version: number): KeyObject {
    let key = this.fieldSubkeys.get(version);
    if (!key) {
      key = createSecretKey(subkey(this.keys.fieldKeys.get(version)!, 'jayu/field-encryption/v1'));
      this.fieldSubkeys.set(version, key);
    }
    return key;
  }

  private aad(table: string, recordId: string, field: string, version: number): Buffer {
    return encodeAad(['jayu/field/v1', this.organisationId, table, recordId, field, version]);
  }
}

/**
 * The installation's system key and what hangs off it: sealing of small secrets (TOTP seeds),
 * the audit MAC key, and the Ed25519 key that signs audit tree heads. One random key, wrapped
 * under the master key, so that rotating the master key re-wraps a single value.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import { integrityError, keyError } from './errors';
import type { MasterKey } from './master-key';
import { aeadOpen, aeadSeal, encodeAad, randomKey, subkey } from './primitives';

const SYSTEM_WRAP_INFO = 'jayu/system-key-wrap/v1';

export class SystemKeys {
  private readonly secretKey: Buffer;

  constructor(
    readonly storeId: string,
    private readonly key: Buffer,
    readonly auditSigningKey: KeyObject,
    readonly auditPublicKey: KeyObject,
  ) {
    this.secretKey = subkey(key, 'jayu/secrets/v1');
  }

  /** A fresh installation: random store id, system key and audit signing key pair. */
  static generate(): SystemKeys {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new SystemKeys(randomUUID(), randomKey(), privateKey, publicKey);
  }

  /** Seals a small secret (e.g. a TOTP seed) bound to what it is for and whose it is. */
  sealSecret(kind: string, owner: string, plaintext: string): Buffer {
    return aeadSeal(
      this.secretKey,
      Buffer.from(plaintext, 'utf8'),
      encodeAad(['jayu/secret/v1', kind, owner]),
    );
  }

  openSecret(kind: string, owner: string, sealed: Uint8Array): string {
    const plain = aeadOpen(this.secretKey, sealed, encodeAad(['jayu/secret/v1', kind, owner]));
    if (!plain) throw integrityError(`the stored ${kind} of ${owner} does not authenticate`);
    return plain.toString('utf8');
  }

  /** Subkey for the audit log's per-entry MACs. */
  auditMacKey(): Buffer {
    return subkey(this.key, 'jayu/audit-mac/v1');
  }

  /** Public key bytes (SPKI DER), as stored and as put in exported proofs. */
  auditPublicKeyDer(): Buffer {
    return this.auditPublicKey.export({ type: 'spki', format: 'der' });
  }

  /** The forms stored in protect_master. */
  toStored(master: MasterKey): {
    systemKeyWrapped: Buffer;
    auditPublicKey: Buffer;
    auditPrivateKeySealed: Buffer;
  } {
    const pkcs8 = this.auditSigningKey.export({ type: 'pkcs8', format: 'der' });
    return {
      systemKeyWrapped: aeadSeal(
        master.derive(SYSTEM_WRAP_INFO),
        this.key,
        encodeAad(['jayu/system-key/v1', this.storeId]),
      ),
      auditPublicKey: this.auditPublicKeyDer(),
      auditPrivateKeySealed: aeadSeal(
        subkey(this.key, 'jayu/audit-signing-key/v1'),
        pkcs8,
        encodeAad(['jayu/audit-signing-key/v1', this.storeId]),
      ),
    };
  }

  static fromStored(
    master: MasterKey,
    stored: {
      storeId: string;
      systemKeyWrapped: Uint8Array;
      auditPublicKey: Uint8Array;
      auditPrivateKeySealed: Uint8Array;
    },
  ): SystemKeys {
    const key = aeadOpen(
      master.derive(SYSTEM_WRAP_INFO),
      stored.systemKeyWrapped,
      encodeAad(['jayu/system-key/v1', stored.storeId]),
    );
    if (!key)
      throw keyError(
        'cannot unwrap the system key: wrong master key, or the stored key was altered',
      );
    const pkcs8 = aeadOpen(
      subkey(key, 'jayu/audit-signing-key/v1'),
      stored.auditPrivateKeySealed,
      encodeAad(['jayu/audit-signing-key/v1', stored.storeId]),
    );
    if (!pkcs8) throw integrityError('the stored audit signing key does not authenticate');
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({
      key: Buffer.from(stored.auditPublicKey),
      format: 'der',
      type: 'spki',
    });
    const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    if (!derived.equals(Buffer.from(stored.auditPublicKey))) {
      throw integrityError('the stored audit public key does not match its private key');
    }
    return new SystemKeys(stored.storeId, key, privateKey, publicKey);
  }
}

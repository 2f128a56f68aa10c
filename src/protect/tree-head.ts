/**
 * Signed tree heads of the audit log: Ed25519 over a fixed text naming the store, the tree size,
 * the root hash and the time. Verifiable with nothing but the public key, so an exported proof or
 * evidence package can be checked away from the store.
 */
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export interface SignedTreeHead {
  storeId: string;
  treeSize: number;
  /** Hex SHA-256 root (RFC 6962 MTH). */
  rootHash: string;
  /** ISO 8601. */
  timestamp: string;
  /** Base64 Ed25519 signature of `treeHeadMessage`. */
  signature: string;
}

export function treeHeadMessage(h: Omit<SignedTreeHead, 'signature'>): Buffer {
  return Buffer.from(
    `jayu-audit-tree-head/v1\n${h.storeId}\n${h.treeSize}\n${h.rootHash}\n${h.timestamp}\n`,
    'utf8',
  );
}

export function signTreeHead(h: Omit<SignedTreeHead, 'signature'>, key: KeyObject): SignedTreeHead {
  return { ...h, signature: sign(null, treeHeadMessage(h), key).toString('base64') };
}

/** Public key from its base64 SPKI DER form (as exported beside proofs). */
export function publicKeyFromBase64(spkiBase64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
}

export function verifyTreeHead(h: SignedTreeHead, publicKey: KeyObject): boolean {
  try {
    return verify(null, treeHeadMessage(h), publicKey, Buffer.from(h.signature, 'base64'));
  } catch {
    return false;
  }
}

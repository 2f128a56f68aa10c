/**
 * The few cryptographic building blocks everything else in src/protect composes: HKDF subkeys,
 * AES-256-GCM with associated data, and an unambiguous encoding of associated data.
 * All from node:crypto, so nothing leaves the process and no native add-on is needed.
 */
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** A 32-byte subkey of `ikm` for one purpose; `info` names the purpose and its version. */
export function subkey(ikm: Uint8Array, info: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', ikm, Buffer.alloc(0), Buffer.from(info, 'utf8'), KEY_BYTES),
  );
}

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * Associated data as length-prefixed parts, so that ('ab','c') and ('a','bc') differ.
 * Numbers are written as 4-byte big-endian unsigned integers.
 */
export function encodeAad(parts: Array<string | number>): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (typeof part === 'number') {
      const b = Buffer.alloc(5);
      b[0] = 0x6e; // 'n': a number, never confused with a string of 4 bytes
      b.writeUInt32BE(part >>> 0, 1);
      chunks.push(b);
    } else {
      const s = Buffer.from(part, 'utf8');
      const len = Buffer.alloc(5);
      len[0] = 0x73; // 's'
      len.writeUInt32BE(s.length, 1);
      chunks.push(len, s);
    }
  }
  return Buffer.concat(chunks);
}

/** AES-256-GCM: returns iv || ciphertext || tag. */
export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens iv || ciphertext || tag; returns null (never throws) if it is not genuine. */
export function aeadOpen(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  if (sealed.length < IV_BYTES + TAG_BYTES) return null;
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const iv = buf.subarray(0, IV_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const body = buf.subarray(IV_BYTES, buf.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

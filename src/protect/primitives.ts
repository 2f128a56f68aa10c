/**
 * The few cryptographic building blocks everything else in src/protect composes: HKDF subkeys,
 * AES-256-GCM with associated data, and an unambiguous encoding of associated data.
 * All from node:crypto, so nothing leaves the process and no native add-on is needed.
 */
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const EMPTY = new Uint8Array(0);

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
 * Numbers are written as 4-byte big-endian unsigned integers. One allocation: this runs for
 * every sealed field.
 */
export function encodeAad(parts: Array<string | number>): Buffer {
  let size = 0;
  for (const part of parts)
    size += 5 + (typeof part === 'number' ? 0 : Buffer.byteLength(part, 'utf8'));
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'number') {
      out[at] = 0x6e; // 'n': a number, never confused with a string of 4 bytes
      out.writeUInt32BE(part >>> 0, at + 1);
      at += 5;
    } else {
      out[at] = 0x73; // 's'
      const len = out.write(part, at + 5, 'utf8');
      out.writeUInt32BE(len, at + 1);
      at += 5 + len;
    }
  }
  return out;
}

/**
 * Random 96-bit IVs drawn from a pool filled by the CSPRNG in one call: the same randomness as
 * one randomBytes(12) per seal, without a system call each time.
 */
const IV_POOL_BYTES = 4096 * IV_BYTES;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** AES-256-GCM: returns prefix || iv || ciphertext || tag, in one buffer. */
export function aeadSeal(
  key: Uint8Array | KeyObject,
  plaintext: Uint8Array,
  aad: Uint8Array,
  prefix: Uint8Array = EMPTY,
): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const out = Buffer.allocUnsafe(prefix.length + IV_BYTES + plaintext.length + TAG_BYTES);
  out.set(prefix, 0);
  iv.copy(out, prefix.length);
  let at = prefix.length + IV_BYTES;
  const body = cipher.update(plaintext);
  body.copy(out, at);
  at += body.length;
  const rest = cipher.final();
  rest.copy(out, at);
  at += rest.length;
  cipher.getAuthTag().copy(out, at);
  return out;
}

/** Opens iv || ciphertext || tag; returns null (never throws) if it is not genuine. */
export function aeadOpen(
  key: Uint8Array | KeyObject,
  sealed: Uint8Array,
  aad: Uint8Array,
): Buffer | null {
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

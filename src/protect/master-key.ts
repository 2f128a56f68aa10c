/**
 * The master key: the one secret an installation holds outside its database. It never encrypts
 * data itself; it wraps each organisation's data keys, signs nothing, and derives purpose-bound
 * subkeys (key wrapping, the key check, the audit signing-key wrap, backups).
 *
 * It comes from one of two sources, recorded in the store at `jayu init`:
 *  - a key file (random 256-bit key, mode 0600, outside the data directory), or
 *  - a passphrase stretched with Argon2id (salt and cost parameters kept in the store).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import { invalidError, keyError } from './errors';
import { KEY_BYTES, randomKey, subkey } from './primitives';

export type MasterKeySource = 'key_file' | 'passphrase';

const KEY_FILE_TAG = 'jayu-master-key-v1';
const MIN_PASSPHRASE_CHARS = 12;
/** Algorithm.Argon2id: the package exports it as an ambient const enum, unusable under isolatedModules. */
export const ARGON2ID = 2 as Algorithm;

export class MasterKey {
  private constructor(
    private readonly material: Buffer,
    readonly source: MasterKeySource,
  ) {}

  static fromBytes(bytes: Uint8Array, source: MasterKeySource = 'key_file'): MasterKey {
    if (bytes.length !== KEY_BYTES) throw keyError(`a master key must be ${KEY_BYTES} bytes`);
    return new MasterKey(Buffer.from(bytes), source);
  }

  static generate(): MasterKey {
    return new MasterKey(randomKey(), 'key_file');
  }

  /** A subkey for one purpose (e.g. 'jayu/key-wrap/v1'); the master key itself is never used directly. */
  derive(info: string): Buffer {
    return subkey(this.material, info);
  }

  /**
   * A value stored in the database that proves a later key is the same one, without revealing it:
   * HMAC under a dedicated subkey. Lets a wrong key be refused before anything is touched.
   */
  checkValue(): Buffer {
    return createHmac('sha256', this.derive('jayu/master-check/v1'))
      .update('jayu master key check')
      .digest();
  }

  /** Short public fingerprint for messages ("key 3f9a1c0d"): a prefix of the check value. */
  get fingerprint(): string {
    return this.checkValue().subarray(0, 4).toString('hex');
  }

  /** Key-file text: base64 of the raw key after a fixed tag. */
  toKeyFileText(): string {
    return (
      '# Jayu master key. Keep it secret, keep an offline copy: without it the data cannot be read.\n' +
      `${KEY_FILE_TAG}:${this.material.toString('base64')}\n`
    );
  }
}

/** ~/.config/jayu/master.key (or $XDG_CONFIG_HOME/jayu/master.key). */
export function defaultKeyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'jayu', 'master.key');
}

/** Real absolute path of `p`, resolving symlinks of the deepest part that exists. */
function realPathOf(p: string): string {
  const abs = path.resolve(p);
  let existing = abs;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}

/** True if `inner` is `outer` or lies below it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(realPathOf(outer), realPathOf(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function refuseInsideDataDir(keyFile: string, dataDir: string | undefined): void {
  if (dataDir && isInside(keyFile, dataDir)) {
    throw keyError(
      `the key file ${keyFile} is inside the data directory ${dataDir}: a copy of the data ` +
        `would carry its key. Keep the key file elsewhere (--key-file or JAYU_KEY_FILE)`,
    );
  }
}

/** Writes a new random master key to `keyFile` with mode 0600; never overwrites a file. */
export async function createKeyFile(
  keyFile: string,
  opts: { dataDir?: string } = {},
): Promise<MasterKey> {
  refuseInsideDataDir(keyFile, opts.dataDir);
  if (existsSync(keyFile)) {
    throw keyError(
      `a key file already exists at ${keyFile}; refusing to overwrite it (it may protect another ` +
        `store). Use it with --existing-key, or choose another path with --key-file`,
    );
  }
  await mkdir(path.dirname(path.resolve(keyFile)), { recursive: true, mode: 0o700 });
  const key = MasterKey.generate();
  const handle = await open(keyFile, 'wx', 0o600);
  try {
    await handle.writeFile(key.toKeyFileText(), 'utf8');
    await handle.chmod(0o600); // in case the umask was stricter or the platform ignored mode
    await handle.sync();
  } finally {
    await handle.close();
  }
  return key;
}

/**
 * Reads the master key from `keyFile`, refusing a file that others can read or write, that
 * another user owns, or that lies inside the data directory.
 */
export async function readKeyFile(
  keyFile: string,
  opts: { dataDir?: string } = {},
): Promise<MasterKey> {
  refuseInsideDataDir(keyFile, opts.dataDir);
  let info;
  try {
    info = await stat(keyFile);
  } catch {
    throw keyError(
      `no key file at ${keyFile}: give the path with --key-file or JAYU_KEY_FILE (or restore it ` +
        `from your offline copy)`,
    );
  }
  if (!info.isFile()) throw keyError(`the key file ${keyFile} is not a regular file`);
  if (process.platform !== 'win32') {
    const loose = info.mode & 0o077;
    if (loose !== 0) {
      throw keyError(
        `the key file ${keyFile} has permissions ${(info.mode & 0o777).toString(8)}: others can ` +
          `read or change it. Run: chmod 600 ${keyFile}`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && uid !== 0 && info.uid !== uid) {
      throw keyError(`the key file ${keyFile} belongs to another user`);
    }
  }
  const text = await readFile(keyFile, 'utf8');
  const line = text.split(/\r?\n/).find((l) => l.startsWith(`${KEY_FILE_TAG}:`));
  const bytes = line ? Buffer.from(line.slice(KEY_FILE_TAG.length + 1).trim(), 'base64') : null;
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw keyError(`the key file ${keyFile} is not a Jayu master key (damaged or another file)`);
  }
  return MasterKey.fromBytes(bytes, 'key_file');
}

/** Argon2id cost parameters, stored with the salt so a passphrase can be re-derived later. */
export interface PassphraseKdf {
  algorithm: 'argon2id';
  salt: string; // base64
  memoryCost: number; // KiB
  timeCost: number;
  parallelism: number;
}

/** OWASP-style defaults: 64 MiB, 3 passes. Tests pass cheaper ones. */
export function newPassphraseKdf(
  cost: Partial<Pick<PassphraseKdf, 'memoryCost' | 'timeCost' | 'parallelism'>> = {},
): PassphraseKdf {
  return {
    algorithm: 'argon2id',
    salt: randomBytes(16).toString('base64'),
    memoryCost: cost.memoryCost ?? 65536,
    timeCost: cost.timeCost ?? 3,
    parallelism: cost.parallelism ?? 1,
  };
}

export async function masterKeyFromPassphrase(
  passphrase: string,
  kdf: PassphraseKdf,
): Promise<MasterKey> {
  if (passphrase.length < MIN_PASSPHRASE_CHARS) {
    throw invalidError(`the passphrase must be at least ${MIN_PASSPHRASE_CHARS} characters`);
  }
  if (kdf.algorithm !== 'argon2id')
    throw keyError(`unknown key derivation ${String(kdf.algorithm)}`);
  const raw = await hashRaw(passphrase.normalize('NFC'), {
    algorithm: ARGON2ID,
    salt: Buffer.from(kdf.salt, 'base64'),
    memoryCost: kdf.memoryCost,
    timeCost: kdf.timeCost,
    parallelism: kdf.parallelism,
    outputLen: KEY_BYTES,
  });
  return MasterKey.fromBytes(raw, 'passphrase');
}

/**
 * How a process that holds the key (the CLI, the API server) opens the protected store: find the
 * master key the store was set up with (key file or passphrase), unlock the keyring, and, for
 * commands that touch case data or accounts, log a named user in.
 *
 * Environment (each also has a command-line option in the CLI):
 *   JAYU_KEY_FILE      master key file (default ~/.config/jayu/master.key)
 *   JAYU_PASSPHRASE    passphrase, for a store set up with one (else prompted)
 *   JAYU_USER, JAYU_PASSWORD, JAYU_TOTP   login (else prompted)
 *   JAYU_AUDIT_WITNESS file keeping the latest signed audit tree head (default beside the key file)
 */
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../store/db';
import { keyError, notFoundError } from './errors';
import { readKeyHeader, unlockKeyring } from './key-store';
import {
  defaultKeyFilePath,
  type MasterKey,
  masterKeyFromPassphrase,
  readKeyFile,
} from './master-key';
import {
  openProtected,
  type ProtectedOptions,
  type ProtectedStore,
  type Session,
} from './protected-store';

/** Asks the person at the terminal; `secret` answers are not echoed. */
export type Prompt = (question: string, opts: { secret: boolean }) => Promise<string>;

export interface UnlockOptions {
  keyFile?: string;
  /** The data directory of an embedded store: a key file inside it is refused. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  prompt?: Prompt;
  /** Witness file for the audit log (default: JAYU_AUDIT_WITNESS, else beside the key file). */
  auditWitness?: string;
  store?: Partial<ProtectedOptions>;
}

export function keyFilePath(opts: { keyFile?: string; env?: NodeJS.ProcessEnv }): string {
  const env = opts.env ?? process.env;
  return path.resolve(opts.keyFile ?? env.JAYU_KEY_FILE ?? defaultKeyFilePath(env));
}

async function ask(
  opts: UnlockOptions,
  envName: string,
  question: string,
  secret = true,
): Promise<string> {
  const env = opts.env ?? process.env;
  const value = env[envName];
  if (value !== undefined && value !== '') return value;
  if (!opts.prompt)
    throw keyError(
      `${question.replace(/:\s*$/, '')} is needed: set ${envName} or run in a terminal`,
    );
  return opts.prompt(question, { secret });
}

/** The master key this store was set up with, from the key file or the passphrase. */
export async function resolveMasterKey(db: Db, opts: UnlockOptions = {}): Promise<MasterKey> {
  const header = await readKeyHeader(db);
  if (!header) throw notFoundError('this store is not set up: run jayu init first');
  if (header.source === 'passphrase') {
    const passphrase = await ask(opts, 'JAYU_PASSPHRASE', 'Passphrase: ');
    return masterKeyFromPassphrase(passphrase, header.kdf!);
  }
  return readKeyFile(keyFilePath(opts), { dataDir: opts.dataDir });
}

/** File that keeps the latest signed audit tree head, outside the database. */
export function auditWitnessPath(storeId: string, opts: UnlockOptions = {}): string {
  const env = opts.env ?? process.env;
  if (opts.auditWitness) return path.resolve(opts.auditWitness);
  if (env.JAYU_AUDIT_WITNESS) return path.resolve(env.JAYU_AUDIT_WITNESS);
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'jayu', `audit-witness-${storeId}.json`);
}

/** Opens the protected store: master key checked, keys unwrapped; nothing is written. */
export async function unlockStore(db: Db, opts: UnlockOptions = {}): Promise<ProtectedStore> {
  const master = await resolveMasterKey(db, opts);
  const keyring = await unlockKeyring(db, master);
  return openProtected({
    db,
    keyring,
    ...opts.store,
    audit: { witnessFile: auditWitnessPath(keyring.system.storeId, opts), ...opts.store?.audit },
  });
}

/** Logs in the named user (option, JAYU_USER or prompt) with password and TOTP code. */
export async function loginUser(
  store: ProtectedStore,
  opts: UnlockOptions & { user?: string } = {},
): Promise<Session> {
  const username = opts.user ?? (await ask(opts, 'JAYU_USER', 'User: ', false));
  const password = await ask(opts, 'JAYU_PASSWORD', 'Password: ');
  const totp = await ask(opts, 'JAYU_TOTP', 'Authenticator code: ', false);
  return store.login({ username, password, totp });
}

/**
 * `jayu init`: sets up a store's keys and its first administrator. Also the plumbing the other
 * protection commands share (store options, unlocking, login, error mapping, prompts).
 *
 * Who acts at the command line (see src/protect/README.md): key, backup and audit commands run
 * as the key holder ("operator:local" in the audit log), proven by the master key alone; commands
 * that touch accounts or case data log a named user in (--user/JAYU_USER, JAYU_PASSWORD,
 * JAYU_TOTP, or prompts) and act with that user's role.
 */
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ProtectionError } from '../../protect/errors';
import { initialiseKeys, readKeyHeader } from '../../protect/key-store';
import {
  createKeyFile,
  masterKeyFromPassphrase,
  newPassphraseKdf,
  readKeyFile,
  type MasterKey,
  type PassphraseKdf,
} from '../../protect/master-key';
import { openProtected, type ProtectedStore, type Session } from '../../protect/protected-store';
import {
  auditWitnessPath,
  keyFilePath,
  loginUser,
  unlockStore,
  type Prompt,
} from '../../protect/unlock';
import { DataDirInUseError, openStore, resolveStoreLocation, type Db } from '../../store';
import { CliError, ExitCode } from '../exit-codes';

export interface StoreCliOptions {
  data?: string;
  databaseUrl?: string;
  keyFile?: string;
  user?: string;
}

/** Adds the options every protection command shares. */
export function storeOptions(cmd: Command, opts: { login?: boolean } = {}): Command {
  cmd
    .option('--data <dir>', 'data directory of the embedded store (default $JAYU_DATA or ./data)')
    .option('--database-url <url>', 'PostgreSQL store instead (default $DATABASE_URL)')
    .option(
      '--key-file <file>',
      'master key file (default $JAYU_KEY_FILE or ~/.config/jayu/master.key)',
    );
  if (opts.login)
    cmd.option(
      '--user <name>',
      'log in as this user (default $JAYU_USER; password and code: JAYU_PASSWORD, JAYU_TOTP or prompts)',
    );
  return cmd;
}

/** Reads a line from the terminal; secret answers are not echoed. */
export const terminalPrompt: Prompt = (question, { secret }) =>
  new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) {
      reject(
        new CliError(
          `${question.replace(/:\s*$/, '')} is needed and there is no terminal to ask`,
          ExitCode.denied,
        ),
      );
      return;
    }
    let muted = false;
    const output = new Writable({
      write(chunk, _enc, done) {
        if (!muted) process.stderr.write(chunk);
        done();
      },
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      if (secret) process.stderr.write('\n');
      resolve(answer);
    });
    muted = secret;
  });

/** Maps protection errors to the CLI's exit codes; passes other errors through. */
export function asCliError(err: unknown): unknown {
  if (err instanceof DataDirInUseError) return new CliError(err.message, ExitCode.failure);
  if (!(err instanceof ProtectionError)) return err;
  const code = {
    key: ExitCode.denied,
    denied: ExitCode.denied,
    authentication: ExitCode.denied,
    not_found: ExitCode.notFound,
    invalid: ExitCode.invalidInput,
    integrity: ExitCode.failure,
  }[err.kind];
  return new CliError(err.message, code);
}

function dataDirOf(opts: StoreCliOptions): string | undefined {
  const location = resolveStoreLocation({ data: opts.data, databaseUrl: opts.databaseUrl });
  return location.kind === 'pglite' ? location.data : undefined;
}

/** Opens the store, runs `fn` with it, signs an audit checkpoint, closes. Errors become CliErrors. */
export async function withStore<T>(opts: StoreCliOptions, fn: (db: Db) => Promise<T>): Promise<T> {
  let db: Db;
  try {
    db = await openStore({ data: opts.data, databaseUrl: opts.databaseUrl });
  } catch (err) {
    throw asCliError(err);
  }
  try {
    return await fn(db);
  } catch (err) {
    throw asCliError(err);
  } finally {
    await db.close();
  }
}

/** Unlocks the store with the master key and runs `fn`; the audit log gets a checkpoint after. */
export async function withProtected<T>(
  opts: StoreCliOptions,
  fn: (store: ProtectedStore, db: Db) => Promise<T>,
): Promise<T> {
  return withStore(opts, async (db) => {
    const store = await unlockStore(db, {
      keyFile: opts.keyFile,
      dataDir: dataDirOf(opts),
      prompt: terminalPrompt,
    });
    try {
      return await fn(store, db);
    } finally {
      await store.audit.checkpoint();
    }
  });
}

/** As withProtected, with a named user logged in (password and TOTP). */
export async function withUser<T>(
  opts: StoreCliOptions,
  fn: (session: Session, store: ProtectedStore) => Promise<T>,
): Promise<T> {
  return withProtected(opts, async (store) => {
    const session = await loginUser(store, { user: opts.user, prompt: terminalPrompt });
    try {
      return await fn(session, store);
    } finally {
      await session.logout();
    }
  });
}

/** Asks for a new passphrase (JAYU_NEW_PASSPHRASE / given env name, or twice at the terminal). */
export async function newSecret(envName: string, what: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const first = await terminalPrompt(`New ${what}: `, { secret: true });
  const again = await terminalPrompt(`Repeat the ${what}: `, { secret: true });
  if (first !== again)
    throw new CliError(`the two ${what}s differ; nothing was changed`, ExitCode.invalidInput);
  return first;
}

export function printCredentials(creds: {
  username: string;
  oneTimePassword: string;
  totpSecret: string;
  totpUri: string;
}): void {
  process.stdout.write(
    `  user:                 ${creds.username}\n` +
      `  one-time password:    ${creds.oneTimePassword}   (must be changed at first login)\n` +
      `  authenticator secret: ${creds.totpSecret}\n` +
      `  authenticator URI:    ${creds.totpUri}\n` +
      `These are shown once and stored nowhere in the clear: hand them over in person.\n`,
  );
}

interface InitOptions extends StoreCliOptions {
  passphrase: boolean;
  existingKey: boolean;
  admin: string;
}

export function register(program: Command): void {
  storeOptions(
    program
      .command('init')
      .description(
        'Set up a new store: the master key (a key file outside the data directory, or a passphrase), ' +
          'the audit log, and the first administrator with one-time credentials shown once.',
      ),
  )
    .option(
      '--passphrase',
      'derive the master key from a passphrase (JAYU_PASSPHRASE or prompt) instead of a key file',
      false,
    )
    .option('--existing-key', 'use the key file that already exists at --key-file', false)
    .option('--admin <username>', 'username of the first administrator', 'admin')
    .action(async (opts: InitOptions) => {
      const dataDir = dataDirOf(opts);
      await withStore(opts, async (db) => {
        if (await readKeyHeader(db)) {
          throw new CliError(
            'this store is already set up (jayu init ran before); nothing was changed',
            ExitCode.invalidInput,
          );
        }
        let master: MasterKey;
        let kdf: PassphraseKdf | undefined;
        let createdKeyFile: string | undefined;
        const file = keyFilePath({ keyFile: opts.keyFile });
        if (opts.passphrase) {
          kdf = newPassphraseKdf();
          master = await masterKeyFromPassphrase(
            await newSecret('JAYU_PASSPHRASE', 'passphrase'),
            kdf,
          );
        } else if (opts.existingKey) {
          master = await readKeyFile(file, { dataDir });
        } else {
          master = await createKeyFile(file, { dataDir });
          createdKeyFile = file;
        }
        let keyring;
        try {
          keyring = await initialiseKeys(db, master, { kdf });
        } catch (err) {
          // Only a key file this command made, and only while nothing depends on it yet.
          if (createdKeyFile) await rm(createdKeyFile, { force: true });
          throw err;
        }
        const store = openProtected({
          db,
          keyring,
          audit: { witnessFile: auditWitnessPath(keyring.system.storeId) },
        });
        process.stdout.write(
          `Jayu store set up (store ${keyring.system.storeId}, master key ${master.fingerprint}).\n` +
            (opts.passphrase
              ? 'The master key is derived from your passphrase: if it is forgotten, nothing in this store can be read.\n'
              : `Master key file: ${file} (mode 0600).\n` +
                'Back it up now, offline (e.g. on paper or a USB stick in a safe): if it is lost, nothing in this\n' +
                'store or its backups can be read; if it is stolen together with a copy of the data, all of it can.\n'),
        );
        const creds = await store.createFirstAdministrator(opts.admin);
        process.stdout.write('First administrator:\n');
        printCredentials(creds);
        await store.audit.checkpoint();
      });
    });
}

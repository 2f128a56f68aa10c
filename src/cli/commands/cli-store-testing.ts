/**
 * Test support for CLI commands on a real store, end to end: a store on either backend (an
 * embedded data directory, or a scratch PostgreSQL database) set up with the protection layer's
 * fixture and a key file, then driven through `run(argv)` exactly as a person at the terminal
 * would (--data/--database-url, --key-file, --user; JAYU_PASSWORD and JAYU_TOTP).
 *
 * Each CLI login uses a TOTP code of the real clock, and a code is accepted once per account:
 * `addUser` makes as many accounts as a test has logins, so no test waits for the clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { totpCode } from '../../protect/credentials';
import { createKeyFile } from '../../protect/master-key';
import type { Role } from '../../protect/policy';
import { protectedFixture, TEST_PASSWORD, type ProtectedFixture } from '../../protect/testing';
import { openStore, type Db } from '../../store';
import { createTestDatabase } from '../../store/testing';
import { run } from '../main';

export interface CliStore {
  name: 'pglite' | 'postgres';
  /** --data DIR or --database-url URL, and --key-file FILE. */
  args: string[];
  /** Opens the store directly (for set-up and checks; close it before the next CLI call). */
  open(): Promise<Db>;
  /** Runs the CLI logged in as `username` (a fixture user, or one made by addUser). */
  jayu(username: string, argv: string[]): Promise<CliResult>;
  /** Runs the CLI without logging anyone in. */
  jayuAnonymous(argv: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `jayu argv` in-process with extra environment, capturing what it prints. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await run(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * A store for CLI tests with the fixture's organisations and users; `setUp` fills it (imports,
 * extra accounts) while it is open. Close it with `close()` (removes the folder, drops the
 * database).
 */
export async function cliStore(
  name: 'pglite' | 'postgres',
  organisations: string[],
  setUp: (fx: ProtectedFixture, addUser: AddUser) => Promise<void>,
): Promise<CliStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-store-'));
  const keyFile = path.join(dir, 'keys', 'master.key');
  const witness = path.join(dir, 'keys', 'audit-witness.json');
  let location: string[];
  let drop = async () => undefined as void;
  let openDb: () => Promise<Db>;
  if (name === 'pglite') {
    const data = path.join(dir, 'data');
    location = ['--data', data];
    openDb = () => openStore({ data });
  } else {
    const database = await createTestDatabase();
    location = ['--database-url', database.url];
    openDb = () => openStore({ databaseUrl: database.url });
    drop = () => database.drop();
  }
  const secrets = new Map<string, string>();
  try {
    const master = await createKeyFile(keyFile, {
      dataDir: name === 'pglite' ? location[1] : undefined,
    });
    const db = await openDb();
    try {
      const fx = await protectedFixture(db, { organisations, master });
      for (const [username, u] of Object.entries(fx.users)) secrets.set(username, u.totpSecret);
      const addUser: AddUser = async (username, role, organisationId) => {
        const admin = await fx.loginAs('admin');
        const creds = await admin.createUser({ username, role, organisationId });
        fx.clock.advance(30_000);
        const first = await fx.store.login({
          username,
          password: creds.oneTimePassword,
          totp: await totpCode(creds.totpSecret, fx.clock.now),
        });
        await first.changePassword(creds.oneTimePassword, TEST_PASSWORD);
        secrets.set(username, creds.totpSecret);
      };
      await setUp(fx, addUser);
    } finally {
      await db.close();
    }
  } catch (err) {
    await drop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const args = [...location, '--key-file', keyFile];
  const used = new Set<string>();
  return {
    name,
    args,
    open: openDb,
    async jayu(username, argv) {
      const secret = secrets.get(username);
      if (!secret) throw new Error(`no user ${username} in this store`);
      // One login per account and clock step: a second one would be refused as a replay.
      const step = Math.floor(Date.now() / 30_000);
      if (used.has(`${username}@${step}`) || used.has(`${username}@${step - 1}`))
        throw new Error(`${username} logged in already; add another user with addUser`);
      used.add(`${username}@${step}`);
      return runCli([...argv, ...args, '--user', username], {
        JAYU_PASSWORD: TEST_PASSWORD,
        JAYU_TOTP: await totpCode(secret, new Date()),
        JAYU_AUDIT_WITNESS: witness,
      });
    },
    jayuAnonymous(argv) {
      return runCli([...argv, ...args], { JAYU_AUDIT_WITNESS: witness });
    },
    async close() {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AddUser = (
  username: string,
  role: Role,
  organisationId: string | null,
) => Promise<void>;

/**
 * The protection commands end to end, in process, on an embedded store in a temporary folder:
 * init, key-file permission and wrong-key errors, first login, organisation, audit verify and
 * proofs, backup and restore.
 */
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../protect/credentials';
import { ExitCode } from '../exit-codes';
import { run } from '../main';

let tmp: string;
const saved = { ...process.env };

async function jayu(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (out += String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (err += String(chunk)),
    true
  )) as typeof process.stderr.write;
  Object.assign(process.env, env);
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

describe('protection commands', () => {
  let data: string;
  let keyFile: string;
  let store: string[];
  let admin: { password: string; secret: string };
  let lastStep = 0;
  /**
   * A TOTP code no login has used yet: the current 30-second step, else the next one (the
   * server accepts one step of drift); when both are used, wait for the clock to move on.
   */
  const code = async () => {
    for (;;) {
      const now = Math.floor(Date.now() / 30_000);
      const step = Math.max(now, lastStep + 1);
      if (step <= now + 1) {
        lastStep = step;
        return totpCode(admin.secret, new Date(step * 30_000 + 1_000));
      }
      await new Promise((r) => setTimeout(r, (now + 1) * 30_000 - Date.now() + 50));
    }
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'jayu-cli-'));
    process.env.XDG_CONFIG_HOME = path.join(tmp, 'config');
    data = path.join(tmp, 'data');
    keyFile = path.join(tmp, 'keys', 'master.key');
    store = ['--data', data, '--key-file', keyFile];
  });
  afterAll(async () => {
    process.env = saved;
    await rm(tmp, { recursive: true, force: true });
  });

  it('init makes a 0600 key file outside the data directory and shows one-time credentials once', async () => {
    const inside = await jayu([
      'init',
      '--data',
      data,
      '--key-file',
      path.join(data, 'master.key'),
    ]);
    expect(inside.code).toBe(ExitCode.denied);
    expect(inside.err).toMatch(/inside the data directory/);

    const res = await jayu(['init', ...store]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    admin = {
      password: /one-time password:\s+(\S+)/.exec(res.out)![1],
      secret: /authenticator secret:\s+(\S+)/.exec(res.out)![1],
    };
    expect(admin.password.length).toBeGreaterThanOrEqual(20);
    const again = await jayu(['init', ...store]);
    expect(again.code).toBe(ExitCode.invalidInput);
    const files = await readdir(data, { recursive: true });
    expect(files.some((f) => f.toString().endsWith('.key'))).toBe(false);
  });

  it('a key file with loose permissions, a wrong key file, a missing one: clear errors, nothing changed', async () => {
    await chmod(keyFile, 0o644);
    const loose = await jayu(['keys', 'status', ...store]);
    expect(loose.code).toBe(ExitCode.denied);
    expect(loose.err).toMatch(/permissions 644.*chmod 600/);
    await chmod(keyFile, 0o600);

    const other = path.join(tmp, 'other', 'master.key');
    const otherStore = path.join(tmp, 'other-data');
    expect((await jayu(['init', '--data', otherStore, '--key-file', other])).code).toBe(0);
    const wrong = await jayu(['audit', 'verify', '--data', data, '--key-file', other]);
    expect(wrong.code).toBe(ExitCode.denied);
    expect(wrong.err).toMatch(/wrong master key/);
    const missing = await jayu([
      'keys',
      'status',
      '--data',
      data,
      '--key-file',
      path.join(tmp, 'none.key'),
    ]);
    expect(missing.code).toBe(ExitCode.denied);
    expect(missing.err).toMatch(/no key file at/);

    const status = await jayu(['keys', 'status', ...store]);
    expect(status.code).toBe(0);
    const verify = await jayu(['audit', 'verify', ...store]);
    expect(verify.out).toMatch(/audit log intact/);
  });

  it('the first administrator must replace the one-time password, then can create an organisation', async () => {
    const blocked = await jayu(['users', 'add-org', 'org-a', '--name', 'A', ...store], {
      JAYU_USER: 'admin',
      JAYU_PASSWORD: admin.password,
      JAYU_TOTP: await code(),
    });
    expect(blocked.code).toBe(ExitCode.denied);
    expect(blocked.err).toMatch(/one-time password must be changed/);

    const changed = await jayu(['users', 'passwd', ...store], {
      JAYU_USER: 'admin',
      JAYU_PASSWORD: admin.password,
      JAYU_TOTP: await code(),
      JAYU_NEW_PASSWORD: 'the administrator password',
    });
    expect(changed.err).toBe('');
    expect(changed.out).toMatch(/password changed/);

    const org = await jayu(['users', 'add-org', 'org-a', '--name', 'A', ...store], {
      JAYU_USER: 'admin',
      JAYU_PASSWORD: 'the administrator password',
      JAYU_TOTP: await code(),
    });
    expect(org.err).toBe('');
    expect(org.out).toMatch(/organisation org-a created/);
  });

  it('audit proofs export and check without the store; backup restores into a new store that verifies', async () => {
    const proofFile = path.join(tmp, 'proof.json');
    expect(
      (await jayu(['audit', 'proof', '--entry', '0', '--out', proofFile, ...store])).code,
    ).toBe(0);
    expect((await jayu(['audit', 'check-proof', proofFile])).out).toMatch(/proof holds/);
    const tampered = path.join(tmp, 'tampered.json');
    const proof = JSON.parse(await readFile(proofFile, 'utf8')) as { entry: string };
    proof.entry = proof.entry.replace('operator:local', 'operator:other');
    await (await import('node:fs/promises')).writeFile(tampered, JSON.stringify(proof));
    expect((await jayu(['audit', 'check-proof', tampered])).code).toBe(ExitCode.failure);

    const backupFile = path.join(tmp, 'store.jayu-backup');
    const backup = await jayu(['backup', '--out', backupFile, ...store]);
    expect(backup.err).toBe('');
    const restoredDir = path.join(tmp, 'restored');
    const restore = await jayu([
      'restore',
      backupFile,
      '--data',
      restoredDir,
      '--key-file',
      keyFile,
    ]);
    expect(restore.err).toBe('');
    expect(restore.out).toMatch(/restored \d+ tables/);
    const verify = await jayu(['audit', 'verify', '--data', restoredDir, '--key-file', keyFile]);
    expect(verify.out).toMatch(/audit log intact/);
    const log = await jayu([
      'audit',
      'log',
      '--data',
      restoredDir,
      '--key-file',
      keyFile,
      '--limit',
      '1000',
    ]);
    expect(log.out).toMatch(/organisation\.create\torg-a/);
    expect(log.out).toMatch(/backup\.restore/);
  });

  it('rotate-master replaces the key file, keeps the old one for old backups, and the old key stops working', async () => {
    const before = await jayu(['keys', 'status', ...store]);
    const oldFingerprint = /master key (\w+)/.exec(before.out)![1];
    const rotated = await jayu(['keys', 'rotate-master', ...store]);
    expect(rotated.err).toBe('');
    const retired = /kept at (\S+):/.exec(rotated.out)![1];
    const after = await jayu(['keys', 'status', ...store]);
    expect(after.out).not.toContain(oldFingerprint);
    expect(after.out).toMatch(/organisation org-a: field key v1/);
    const old = await jayu(['keys', 'status', '--data', data, '--key-file', retired]);
    expect(old.code).toBe(ExitCode.denied);
    expect(old.err).toMatch(/wrong master key/);
    // A backup made before the rotation still opens with the retired key.
    const restoredDir = path.join(tmp, 'restored-old');
    const restore = await jayu([
      'restore',
      path.join(tmp, 'store.jayu-backup'),
      '--data',
      restoredDir,
      '--key-file',
      retired,
    ]);
    expect(restore.err).toBe('');
  });
});

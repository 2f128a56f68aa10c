import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyFile,
  defaultKeyFilePath,
  masterKeyFromPassphrase,
  newPassphraseKdf,
  readKeyFile,
} from './master-key';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'jayu-key-'));
const cheap = { memoryCost: 1024, timeCost: 1 };

describe('key file', () => {
  it('is created with mode 0600 and reads back the same key', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'conf', 'master.key');
    const key = await createKeyFile(file, { dataDir: path.join(dir, 'data') });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await readKeyFile(file);
    expect(again.checkValue().equals(key.checkValue())).toBe(true);
    expect(again.fingerprint).toMatch(/^[0-9a-f]{8}$/);
  });

  it('is never overwritten', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'master.key');
    await createKeyFile(file);
    const before = await readFile(file, 'utf8');
    await expect(createKeyFile(file)).rejects.toThrow(/already exists/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('is refused inside the data directory, on creation and on reading', async () => {
    const dir = await tmp();
    const data = path.join(dir, 'data');
    await expect(
      createKeyFile(path.join(data, 'keys', 'master.key'), { dataDir: data }),
    ).rejects.toThrow(/inside the data directory/);
    const outside = path.join(dir, 'master.key');
    await createKeyFile(outside);
    await expect(readKeyFile(outside, { dataDir: dir })).rejects.toThrow(
      /inside the data directory/,
    );
  });

  it('with loose permissions is refused with the fix in the message', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'master.key');
    await createKeyFile(file);
    for (const mode of [0o644, 0o640, 0o606, 0o660]) {
      await chmod(file, mode);
      await expect(readKeyFile(file)).rejects.toThrow(/chmod 600/);
    }
    await chmod(file, 0o400);
    await expect(readKeyFile(file)).resolves.toBeDefined();
  });

  it('missing or damaged: clear errors', async () => {
    const dir = await tmp();
    await expect(readKeyFile(path.join(dir, 'none.key'))).rejects.toThrow(/no key file at/);
    const file = path.join(dir, 'bad.key');
    await writeFile(file, 'jayu-master-key-v1:AAAA\n', { mode: 0o600 });
    await expect(readKeyFile(file)).rejects.toThrow(/not a Jayu master key/);
  });

  it('defaults to the user configuration directory', () => {
    expect(defaultKeyFilePath({ XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/jayu/master.key');
  });
});

describe('passphrase', () => {
  it('derives the same key from the same passphrase and salt, another from another', async () => {
    const kdf = newPassphraseKdf(cheap);
    const a = await masterKeyFromPassphrase('correct horse battery', kdf);
    const b = await masterKeyFromPassphrase('correct horse battery', kdf);
    const c = await masterKeyFromPassphrase('correct horse battery!', kdf);
    const d = await masterKeyFromPassphrase('correct horse battery', newPassphraseKdf(cheap));
    expect(a.checkValue().equals(b.checkValue())).toBe(true);
    expect(a.checkValue().equals(c.checkValue())).toBe(false);
    expect(a.checkValue().equals(d.checkValue())).toBe(false);
    expect(a.source).toBe('passphrase');
  });

  it('refuses a short passphrase', async () => {
    await expect(masterKeyFromPassphrase('short', newPassphraseKdf(cheap))).rejects.toThrow(
      /at least 12/,
    );
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Starts `jayu serve` as npm start does and resolves with its address once it listens. */
function serve(
  args: string[],
): Promise<{ address: string; stderr: () => string; stdout: () => string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, JAYU_DATA: '' },
      },
    );
    let err = '';
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m)
        resolve({
          address: m[1]!,
          stderr: () => err,
          stdout: () => out,
          stop: () => child.kill('SIGTERM'),
        });
    });
    child.on('exit', (code) => reject(new Error(`jayu serve exited ${code}: ${err}`)));
  });
}

describe('jayu serve', () => {
  it('sets up an empty store with the demo population and serves the API; a restart reopens it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-serve-'));
    const data = path.join(dir, 'data');
    try {
      const first = await serve([
        '--demo',
        '--demo-people',
        '200',
        '--data',
        data,
        '--port',
        '0',
        '--log',
        'off',
      ]);
      try {
        expect(first.stderr()).toMatch(/this store is empty/);
        expect(first.stderr()).toMatch(/\d+ cases/);
        expect(first.stdout()).toMatch(/one-time password/);
        expect(existsSync(`${data}.demo.key`)).toBe(true);
        const health = await fetch(`${first.address}/api/health`);
        expect(await health.json()).toEqual({ status: 'ok' });
        const session = await fetch(`${first.address}/api/session`);
        expect(session.headers.get('content-security-policy')).toContain("default-src 'self'");
      } finally {
        first.stop();
      }
      await new Promise((r) => setTimeout(r, 1500));
      const again = await serve(['--data', data, '--port', '0', '--log', 'off']);
      try {
        expect(again.stderr()).not.toMatch(/this store is empty/);
        expect((await fetch(`${again.address}/api/session`)).status).toBe(200);
      } finally {
        again.stop();
      }
    } finally {
      await new Promise((r) => setTimeout(r, 1500));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('refuses a store that is not set up, with a clear message and exit code', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-serve-'));
    try {
      await expect(serve(['--data', path.join(dir, 'data'), '--port', '0'])).rejects.toThrow(
        /exited 4: .*not set up/s,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

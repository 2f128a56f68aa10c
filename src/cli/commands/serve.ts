/**
 * `jayu serve`: the API and the web app on the embedded store (or PostgreSQL via DATABASE_URL).
 * The key holder starts it: the master key unlocks the store once, and users sign in through
 * the web app with their own password and second factor.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { ProtectionError } from '../../protect/errors';
import { unlockStore } from '../../protect/unlock';
import { buildServer } from '../../server/app';
import { DEFAULT_WEB_ROOT } from '../../server/static';
import { openStore, resolveStoreLocation } from '../../store';
import { CliError, ExitCode } from '../exit-codes';

interface ServeOptions {
  port: number;
  host: string;
  data?: string;
  keyFile?: string;
  secureCookies: boolean;
  buildWeb: boolean;
  log: string;
}

function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new InvalidArgumentError('--port must be a number from 1 to 65535');
  }
  return n;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when web/dist is missing or older than a file of the web app's sources. */
export function webBuildIsStale(webDir = path.join(repoRoot, 'web')): boolean {
  const index = path.join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [
    path.join(webDir, 'src'),
    path.join(webDir, 'index.html'),
    path.join(webDir, 'vite.config.ts'),
  ];
  return sources.some(
    (s) =>
      existsSync(s) && (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > built,
  );
}

/** Builds the web app with Vite (a development dependency, present after `npm install`). */
export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the web app and its API. The store must be set up (jayu init); the master key is ' +
        'read from the key file (JAYU_KEY_FILE) or the passphrase (JAYU_PASSPHRASE).',
    )
    .option('--port <n>', 'TCP port', port, 8080)
    .option('--host <address>', 'address to listen on (127.0.0.1: this computer only)', '127.0.0.1')
    .option('--data <dir>', 'data directory of the embedded store (default $JAYU_DATA or ./data)')
    .option(
      '--key-file <file>',
      'master key file (default $JAYU_KEY_FILE or ~/.config/jayu/master.key)',
    )
    .option('--secure-cookies', 'mark cookies Secure and send HSTS (when served behind TLS)', false)
    .option('--build-web', 'build the web app first if it is missing or out of date', false)
    .option('--log <level>', 'log level (fatal, error, warn, info, debug) or "off"', 'info')
    .action(async (opts: ServeOptions) => {
      if (opts.buildWeb && webBuildIsStale()) {
        process.stderr.write('jayu: building the web app…\n');
        await buildWebApp();
      }
      if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) {
        process.stderr.write(
          'jayu: the web app is not built (npm run build:web); serving the API only\n',
        );
      }
      const location = resolveStoreLocation({ data: opts.data });
      const db = await openStore({ data: opts.data });
      let protect;
      try {
        protect = await unlockStore(db, {
          keyFile: opts.keyFile,
          dataDir: location.kind === 'pglite' ? location.data : undefined,
        });
      } catch (err) {
        await db.close();
        if (err instanceof ProtectionError) {
          throw new CliError(
            err.message,
            err.kind === 'not_found' ? ExitCode.notFound : ExitCode.denied,
          );
        }
        throw err;
      }
      const app = await buildServer({
        protect,
        options: {
          secureCookies: opts.secureCookies,
          logLevel: opts.log === 'off' ? false : opts.log,
        },
      });
      const stop = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ port: opts.port, host: opts.host });
      process.stderr.write(
        `jayu: serving on ${address} (${location.kind === 'postgres' ? 'PostgreSQL' : 'embedded store'})\n`,
      );
    });
}

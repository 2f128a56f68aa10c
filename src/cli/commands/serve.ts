/**
 * `jayu serve`: the API and the web app on the embedded store (or PostgreSQL via DATABASE_URL).
 * The key holder starts it: the master key unlocks the store once, and users sign in through
 * the web app with their own password and second factor.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { ProtectionError } from '../../protect/errors';
import { initialiseKeys, readKeyHeader } from '../../protect/key-store';
import { createKeyFile } from '../../protect/master-key';
import { unlockStore } from '../../protect/unlock';
import { buildServer } from '../../server/app';
import { indexCaseNames } from '../../server/name-index';
import { DEFAULT_WEB_ROOT } from '../../server/static';
import { openStore, resolveStoreLocation, type Db } from '../../store';
import { CliError, ExitCode } from '../exit-codes';
import { demoKeyFile, loadDemo } from './demo';
import { printCredentials } from './init';

interface ServeOptions {
  port: number;
  host: string;
  data?: string;
  keyFile?: string;
  demo: boolean;
  demoPeople: number;
  secureCookies: boolean;
  buildWeb: boolean;
  log: string;
}

function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) {
    throw new InvalidArgumentError('--port must be a number from 0 (any free port) to 65535');
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
  // The config makes every build a production build by setting NODE_ENV (web/vite.config.ts);
  // this process's own NODE_ENV is put back after (the browser tests build under vitest's).
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: path.join(repoRoot, 'web', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function askYesNo(question: string, fallback: boolean): Promise<boolean> {
  if (!process.stdin.isTTY) return fallback;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    return answer === '' ? fallback : /^(y|yes|예|네|是)/.test(answer);
  } finally {
    rl.close();
  }
}

/**
 * First start of `npm start` on an empty store: sets up its master key (a key file beside the
 * data directory, as `jayu demo` does), offers to load the synthetic demo population (made
 * searchable by name), and creates the first administrator, whose one-time credentials are
 * shown once.
 */
async function setUpEmptyStore(
  db: Db,
  opts: { keyFile: string; dataDir?: string; people: number },
): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log('jayu: this store is empty.');
  const demo = await askYesNo(
    `Load the synthetic demo population (${opts.people} invented people)? [Y/n] `,
    true,
  );
  let organisations: string[] = [];
  if (demo) {
    const summary = await loadDemo(
      db,
      { people: opts.people, sources: 4, seed: 1, keyFile: opts.keyFile, dataDir: opts.dataDir },
      log,
    );
    organisations = summary.sources;
  } else {
    const master = await createKeyFile(opts.keyFile, { dataDir: opts.dataDir });
    await initialiseKeys(db, master);
  }
  const protect = await unlockStore(db, { keyFile: opts.keyFile, dataDir: opts.dataDir });
  for (const org of organisations) {
    // The key holder loading the data indexes its names, as it sealed them.
    await indexCaseNames(db, protect.keyring.sealerFor(org));
  }
  const creds = await protect.createFirstAdministrator('admin');
  await protect.audit.checkpoint();
  log(`\nMaster key file: ${opts.keyFile} (back it up offline; without it nothing can be read).`);
  log('First administrator (shown once; add the TOTP secret to an authenticator app):');
  printCredentials(creds);
  log(
    'Sign in as admin, choose a password, then create documenter, legal officer and analyst ' +
      'accounts for the organisations under Administration.\n',
  );
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
    .option(
      '--demo',
      'on an empty store: set it up and offer to load the synthetic demo population',
      false,
    )
    .option('--demo-people <n>', 'size of the demo population', (t) => Number(t), 2000)
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
      const dataDir = location.kind === 'pglite' ? path.resolve(location.data) : undefined;
      const db = await openStore({ data: opts.data });
      // A store set up by `jayu demo` or `npm start` keeps its key file beside the data directory.
      const besideData = demoKeyFile({ data: opts.data });
      let protect;
      let keyFile = opts.keyFile ?? (existsSync(besideData) ? besideData : undefined);
      try {
        if (opts.demo && !(await readKeyHeader(db))) {
          keyFile ??= besideData;
          await setUpEmptyStore(db, { keyFile, dataDir, people: opts.demoPeople });
        }
        protect = await unlockStore(db, { keyFile, dataDir });
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

/**
 * Benchmark of the API under load: a store of --records case records (the synthetic population,
 * each record a person-list row and its full case, sealed), the server in this process, and
 * autocannon in a second process (bench/server-load.ts). Measures search by name (a documenter,
 * name keys, facets), case read identified (a documenter: audited sealer), case read
 * de-identified (an analyst); p50/p95/p99 latency and requests per second. Then the web app:
 * bundle size (raw and gzip) and first page load in Chromium (fresh profile, median of 5).
 *
 *   npx tsx bench/server.ts [--people 1500000] [--data bench/out/server-store]
 *        [--duration 20] [--connections 10] [--build-only]
 *
 * The store is built once into --data (with bench/out/server-store.json holding the bench users'
 * secrets and the key file beside it) and reused by later runs. Prints Markdown rows for
 * bench/RESULTS.md ("## Server").
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { readCaseFile } from '../src/ingest/case-files';
import { importCases } from '../src/ingest/import-cases';
import { importPersonLists } from '../src/ingest/import-persons';
import { readCsvFile } from '../src/ingest/tabular';
import { totpCode } from '../src/protect/credentials';
import { initialiseKeys, readKeyHeader } from '../src/protect/key-store';
import { createKeyFile } from '../src/protect/master-key';
import { openProtected } from '../src/protect/protected-store';
import { TEST_PASSWORD_COST } from '../src/protect/testing';
import { unlockStore } from '../src/protect/unlock';
import { buildServer } from '../src/server/app';
import { indexCaseNames } from '../src/server/name-index';
import { openStore } from '../src/store';
import type { Db } from '../src/store/db';
import { VAULT_FIELD, vaultRecordKey, type PersonVault } from '../src/store/vault';
import { synthesise } from '../src/synth';
import { buildWebApp, webBuildIsStale } from '../src/cli/commands/serve';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const PASSWORD = 'bench password 2026 long enough';

interface Manifest {
  records: number;
  organisations: string[];
  users: Record<string, { password: string; totpSecret: string }>;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function buildStore(
  db: Db,
  keyFile: string,
  dataDir: string,
  people: number,
): Promise<Manifest> {
  const master = await createKeyFile(keyFile, { dataDir });
  await initialiseKeys(db, master);
  const protect = await unlockStore(db, {
    keyFile,
    dataDir,
    store: { passwordCost: TEST_PASSWORD_COST },
  });
  const users: Manifest['users'] = {};
  // Set-up logins run on a clock a day behind, so that real-time codes later are fresh steps.
  let clock = Date.now() - 86_400_000;
  const login = async (username: string) => {
    clock += 30_000;
    const u = users[username]!;
    const s = openProtected({
      db,
      keyring: protect.keyring,
      passwordCost: TEST_PASSWORD_COST,
      now: () => new Date(clock),
    });
    return s.login({
      username,
      password: u.password,
      totp: await totpCode(u.totpSecret, new Date(clock)),
    });
  };
  const activate = async (creds: {
    username: string;
    oneTimePassword: string;
    totpSecret: string;
  }) => {
    users[creds.username] = { password: creds.oneTimePassword, totpSecret: creds.totpSecret };
    const first = await login(creds.username);
    await first.changePassword(creds.oneTimePassword, PASSWORD);
    users[creds.username]!.password = PASSWORD;
  };
  await activate(await protect.createFirstAdministrator('admin'));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-server-'));
  try {
    log(`synthesising ${people} people...`);
    const { summary } = synthesise({ people, sources: 4, seed: 7, out: dir, hidden: false });
    // One cases file per organisation (cases.jsonl is gigabytes at this size: streamed).
    const outs = new Map(
      summary.sources.map((o) => [o, createWriteStream(path.join(dir, `${o}.jsonl`))]),
    );
    for await (const line of createInterface({
      input: createReadStream(path.join(dir, 'cases.jsonl')),
    })) {
      const org = /"organisation":"([^"]+)"/.exec(line)?.[1];
      const out = org ? outs.get(org) : undefined;
      if (out && !out.write(`${line}\n`)) await once(out, 'drain');
    }
    for (const out of outs.values()) {
      out.end();
      await once(out, 'close');
    }
    rmSync(path.join(dir, 'cases.jsonl'));
    const admin = await login('admin');
    let records = 0;
    for (const org of summary.sources) {
      await admin.createOrganisation({ id: org, name: org });
      for (const role of ['documenter', 'analyst'] as const) {
        await activate(
          await admin.createUser({ username: `${role}-${org}`, role, organisationId: org }),
        );
      }
      const sealer = protect.keyring.sealerFor(org);
      const t0 = performance.now();
      await importPersonLists(db, sealer, [readCsvFile(path.join(dir, `${org}.csv`))]);
      const report = await importCases(db, sealer, [readCaseFile(path.join(dir, `${org}.jsonl`))]);
      records += report.inserted;
      const t1 = performance.now();
      const idx = await indexCaseNames(db, sealer);
      log(
        `  ${org}: ${report.inserted} cases in ${((t1 - t0) / 1000).toFixed(0)} s, ${idx.indexed} name-indexed in ${((performance.now() - t1) / 1000).toFixed(0)} s`,
      );
    }
    return { records, organisations: summary.sources, users };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runLoad(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'bench', 'server-load.ts'), ...args],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`load exited ${code}`)),
    );
  });
}

async function signIn(
  base: string,
  username: string,
  m: Manifest,
): Promise<{ cookie: string; csrf: string }> {
  const first = await fetch(`${base}/api/session`);
  const csrf = /jayu_csrf=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')![1]!;
  const u = m.users[username]!;
  // Codes are accepted once per 30 s step: wait for a fresh step.
  await new Promise((r) => setTimeout(r, 31_000 - (Date.now() % 30_000)));
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `jayu_csrf=${csrf}`,
      'x-csrf-token': csrf,
    },
    body: JSON.stringify({
      username,
      password: u.password,
      totp: await totpCode(u.totpSecret, new Date()),
    }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  const session = /jayu_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const csrf2 = /jayu_csrf=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? csrf;
  return { cookie: `jayu_session=${session}; jayu_csrf=${csrf2}`, csrf: csrf2 };
}

interface Sizes {
  files: number;
  raw: number;
  gzip: number;
}

/** All scripts and styles of the web app, and those the first page loads (index.html's). */
function bundleSizes(): { all: Sizes; initial: Sizes } {
  const dir = path.join(repoRoot, 'web', 'dist', 'assets');
  const index = readFileSync(path.join(repoRoot, 'web', 'dist', 'index.html'), 'utf8');
  const all = { files: 0, raw: 0, gzip: 0 };
  const initial = { files: 0, raw: 0, gzip: 0 };
  for (const f of readdirSync(dir)) {
    if (!/\.(js|css)$/.test(f)) continue;
    const bytes = readFileSync(path.join(dir, f));
    const gz = gzipSync(bytes).length;
    for (const s of index.includes(`/assets/${f}`) ? [all, initial] : [all]) {
      s.files++;
      s.raw += bytes.length;
      s.gzip += gz;
    }
  }
  return { all, initial };
}

async function firstLoad(base: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-chromium-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.JAYU_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/login`);
      await page.locator('input[name=username]').waitFor();
      times.push(performance.now() - t0);
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const people = Number(arg('people', '1500000'));
  const dataDir = path.resolve(arg('data', path.join(repoRoot, 'bench', 'out', 'server-store')));
  const keyFile = `${dataDir}.key`;
  const manifestFile = `${dataDir}.json`;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = await openStore({ data: dataDir });
  let manifest: Manifest;
  if (!(await readKeyHeader(db))) {
    const t0 = performance.now();
    manifest = await buildStore(db, keyFile, dataDir, people);
    writeFileSync(manifestFile, JSON.stringify(manifest), { mode: 0o600 });
    log(
      `store built: ${manifest.records} records in ${((performance.now() - t0) / 60000).toFixed(1)} min`,
    );
  } else {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  }
  if (process.argv.includes('--build-only')) {
    await db.close();
    return;
  }
  const protect = await unlockStore(db, { keyFile, dataDir });
  const app = await buildServer({
    protect,
    options: { rateLimitPerMinute: false, logLevel: false },
  });
  if (webBuildIsStale()) await buildWebApp();
  const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');

  // The organisation with the most cases; sample ids and names from it (the bench holds the key).
  const { rows: orgRows } = await db.query<{ organisation_id: string; n: number }>(
    'SELECT organisation_id, count(*)::int AS n FROM cases GROUP BY 1 ORDER BY 2 DESC LIMIT 1',
  );
  const org = orgRows[0]!.organisation_id;
  const { rows: sample } = await db.query<{
    id: string;
    source_id: string;
    record_id: string;
    vault: Uint8Array;
  }>(
    `SELECT k.id, p.source_id, p.record_id, p.vault FROM cases k JOIN persons p ON p.id = k.person_id
      WHERE k.organisation_id = $1 AND p.vault IS NOT NULL ORDER BY md5(k.id) LIMIT 500`,
    [org],
  );
  const sealer = protect.keyring.sealerFor(org);
  const names = sample
    .map(
      (r) =>
        JSON.parse(
          sealer.open(
            'persons',
            vaultRecordKey.person(r.source_id, r.record_id),
            VAULT_FIELD,
            r.vault,
          ),
        ) as PersonVault,
    )
    .map((v) => [v.familyName, v.givenName].filter(Boolean).join(' '))
    .filter(Boolean);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-load-'));
  const bodiesFile = path.join(tmp, 'bodies.json');
  const pathsFile = path.join(tmp, 'paths.json');
  writeFileSync(bodiesFile, JSON.stringify(names.map((q) => ({ q, pageSize: 25 }))));
  writeFileSync(
    pathsFile,
    JSON.stringify(sample.map((r) => `/api/cases/${encodeURIComponent(r.id)}`)),
  );

  const duration = arg('duration', '20');
  const connections = arg('connections', '10');
  const documenter = await signIn(base, `documenter-${org}`, manifest);
  const analyst = await signIn(base, `analyst-${org}`, manifest);
  const common = ['--url', base, '--duration', duration, '--connections', connections];
  const runs: Array<[string, string[]]> = [
    [
      'search by name (documenter)',
      [
        ...common,
        '--cookie',
        documenter.cookie,
        '--csrf',
        documenter.csrf,
        '--method',
        'POST',
        '--path',
        '/api/cases/search',
        '--bodies',
        bodiesFile,
      ],
    ],
    [
      'case read, identified (documenter)',
      [
        ...common,
        '--cookie',
        documenter.cookie,
        '--csrf',
        documenter.csrf,
        '--method',
        'GET',
        '--paths',
        pathsFile,
      ],
    ],
    [
      'case read, de-identified (analyst)',
      [
        ...common,
        '--cookie',
        analyst.cookie,
        '--csrf',
        analyst.csrf,
        '--method',
        'GET',
        '--paths',
        pathsFile,
      ],
    ],
  ];
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const { rows: total } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  const lines: string[] = [];
  for (const [name, a] of runs) {
    const r = await runLoad(a);
    lines.push(
      `| ${date} | ${machine} | ${total[0]!.n.toLocaleString('en')} | ${name} | ${connections} | ${r.p50} | ${r.p95} | ${r.p99} | ${Math.round(r.rps)} | ${r.errors + r.non2xx} |`,
    );
    log(lines[lines.length - 1]!);
  }
  const sizes = bundleSizes();
  const loads = await firstLoad(base);
  const median = loads[Math.floor(loads.length / 2)]!;
  await app.close();
  await db.close();
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`${lines.join('\n')}\n\n`);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  process.stdout.write(
    `| ${date} | ${sizes.initial.files} files, ${kb(sizes.initial.raw)} (gzip ${kb(sizes.initial.gzip)}) | ` +
      `${sizes.all.files} files, ${kb(sizes.all.raw)} (gzip ${kb(sizes.all.gzip)}) | ` +
      `${median.toFixed(0)} ms (min ${loads[0]!.toFixed(0)}, max ${loads[loads.length - 1]!.toFixed(0)}) |\n`,
  );
}

await main();

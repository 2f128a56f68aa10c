/**
 * Benchmark of the API under load: a store of the synthetic population's records (1,500,000
 * people give about 1,000,000 records; each record a person-list row and its full case, sealed,
 * name-indexed), the server in this process (as `jayu serve`, without the per-client rate limit
 * and request logs), and autocannon in a second process (bench/server-load.ts). Measures search
 * (a documenter: a name in Hangul, a romanised name, facets, the first page of the case list),
 * case read identified (a documenter: audited sealer) and de-identified (an analyst): p50/p95/p99
 * latency, requests per second, the server's CPU time per request (Node + PostgreSQL backends)
 * and the load generator's (same cores); with --runs N, the median of each figure over N runs of
 * each route, run one route after another. Then the web app: bundle
 * size (raw and gzip) and first page load in Chromium (fresh profile, median of 5).
 *
 *   npx tsx bench/server.ts [--people 1500000] [--from SYNTH_DIR] [--chunk 50000]
 *        [--data bench/out/server-store | --database-url URL] [--build-only]
 *        [--duration 20] [--connections 10] [--runs 1] [--only search|read|NAME]
 *
 * The store is built once (PGlite in --data, or the PostgreSQL database of --database-url, which
 * must be empty) and reused by later runs; bench/out/server-store.json (server-pg.json) holds the
 * bench users' secrets and the build's timings, the key file sits beside it. --from imports an
 * existing `jayu synth` output instead of synthesising; cases are imported in transactions of
 * --chunk cases. Prints Markdown rows for bench/RESULTS.md ("## Server").
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  type WriteStream,
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

interface BuildStep {
  step: string;
  records: number;
  /** Seconds. */
  wall: number;
  cpu: number;
}

interface Manifest {
  records: number;
  organisations: string[];
  users: Record<string, { password: string; totpSecret: string }>;
  build?: { steps: BuildStep[]; wall?: number; cpu?: number; loadavg?: number[] };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/**
 * CPU seconds used so far by each PostgreSQL backend of the store's database (a local server;
 * read from /proc): PostgreSQL works in its own processes, outside this one's CPU time.
 */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (db.kind !== 'postgres') return out;
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const tick = 100; // USER_HZ
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) / tick);
    } catch {
      // Not on this machine, or the backend has ended.
    }
  }
  return out;
}

const cpuSince = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, t]) => sum + t - (before.get(pid) ?? 0), 0);

/** Wall and CPU time (this process, where PGlite runs, and PostgreSQL's backends) of a step, s. */
async function timed<T>(
  db: Db,
  step: () => Promise<T>,
): Promise<{ value: T; wall: number; cpu: number }> {
  const w0 = performance.now();
  const b0 = await backendCpu(db);
  const c0 = process.cpuUsage();
  const value = await step();
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6 + cpuSince(b0, await backendCpu(db));
  return { value, wall: (performance.now() - w0) / 1000, cpu };
}

async function buildStore(
  db: Db,
  keyFile: string,
  dataDir: string | undefined,
  opts: { people: number; from?: string; chunk: number },
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

  const steps: BuildStep[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-server-'));
  try {
    let dir = opts.from;
    if (!dir) {
      dir = path.join(work, 'synth');
      log(`synthesising ${opts.people} people...`);
      const t = await timed(db, async () =>
        synthesise({ people: opts.people, sources: 4, seed: 7, out: dir!, hidden: false }),
      );
      steps.push({
        step: 'synthesise',
        records: opts.people,
        wall: t.wall,
        cpu: t.cpu,
      });
    }
    const { sources } = JSON.parse(readFileSync(path.join(dir, 'population.json'), 'utf8')) as {
      sources: string[];
    };
    const split = await timed(db, () =>
      splitCases(path.join(dir!, 'cases.jsonl'), path.join(work, 'cases'), opts.chunk),
    );
    steps.push({ step: 'split cases.jsonl', records: 0, wall: split.wall, cpu: split.cpu });
    if (!opts.from) rmSync(path.join(dir, 'cases.jsonl'));

    const admin = await login('admin');
    let records = 0;
    for (const org of sources) {
      await admin.createOrganisation({ id: org, name: org });
      for (const role of ['documenter', 'analyst'] as const) {
        await activate(
          await admin.createUser({ username: `${role}-${org}`, role, organisationId: org }),
        );
      }
      const sealer = protect.keyring.sealerFor(org);
      const lists = await timed(db, () =>
        importPersonLists(db, sealer, [readCsvFile(path.join(dir!, `${org}.csv`))]),
      );
      steps.push({
        step: `${org}: person list`,
        records: lists.value.inserted,
        wall: lists.wall,
        cpu: lists.cpu,
      });
      log(
        `  ${org}: person list ${lists.value.inserted} rows in ${lists.wall.toFixed(0)} s (CPU ${lists.cpu.toFixed(0)} s)`,
      );
      let inserted = 0;
      const chunks = split.value.get(org) ?? [];
      const cases = await timed(db, async () => {
        for (const [i, file] of chunks.entries()) {
          const report = await importCases(db, sealer, [readCaseFile(file)]);
          inserted += report.inserted;
          rmSync(file);
          log(
            `    ${org}: cases chunk ${i + 1}/${chunks.length}, ${inserted} cases (${new Date().toISOString().slice(11, 19)})`,
          );
        }
      });
      steps.push({ step: `${org}: cases`, records: inserted, wall: cases.wall, cpu: cases.cpu });
      records += inserted;
      const idx = await timed(db, () => indexCaseNames(db, sealer));
      steps.push({
        step: `${org}: name index`,
        records: idx.value.indexed,
        wall: idx.wall,
        cpu: idx.cpu,
      });
      log(
        `  ${org}: ${inserted} cases in ${cases.wall.toFixed(0)} s (CPU ${cases.cpu.toFixed(0)} s), ${idx.value.indexed} name-indexed in ${idx.wall.toFixed(0)} s (CPU ${idx.cpu.toFixed(0)} s)`,
      );
    }
    return { records, organisations: sources, users, build: { steps } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Splits cases.jsonl (gigabytes at this size: streamed) into files of at most `chunk` cases per
 * organisation, each imported in its own transaction. Returns the files of each organisation.
 */
async function splitCases(
  file: string,
  outDir: string,
  chunk: number,
): Promise<Map<string, string[]>> {
  mkdirSync(outDir, { recursive: true });
  const files = new Map<string, string[]>();
  const open = new Map<string, { out: WriteStream; n: number }>();
  const close = async (w: { out: WriteStream }) => {
    w.out.end();
    await once(w.out, 'close');
  };
  for await (const line of createInterface({ input: createReadStream(file) })) {
    const org = /"organisation":"([^"]+)"/.exec(line)?.[1];
    if (!org) continue;
    let w = open.get(org);
    if (w && w.n >= chunk) {
      await close(w);
      w = undefined;
    }
    if (!w) {
      const list = files.get(org) ?? [];
      files.set(org, list);
      const name = path.join(outDir, `${org}.${list.length}.jsonl`);
      list.push(name);
      w = { out: createWriteStream(name), n: 0 };
      open.set(org, w);
    }
    w.n++;
    if (!w.out.write(`${line}\n`)) await once(w.out, 'drain');
  }
  for (const w of open.values()) await close(w);
  return files;
}

/**
 * Waits until the requests still in flight when a run ends are done (autocannon stops sending,
 * the server goes on answering), so that they do not load the next run. PostgreSQL only: its
 * active backends show them; with PGlite they finish within this process before the next run
 * gets the CPU anyway.
 */
async function settle(db: Db): Promise<void> {
  if (db.kind !== 'postgres') return;
  let quiet = 0;
  for (let i = 0; i < 1500 && quiet < 3; i++) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    quiet = rows[0]!.n === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
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
function bundleSizes(webRoot: string): { all: Sizes; initial: Sizes } {
  const dir = path.join(webRoot, 'assets');
  const index = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
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
      await page.locator('input[name=username]').waitFor({ timeout: 120_000 });
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
  const databaseUrl = arg('database-url', '') || undefined;
  const from = arg('from', '') || undefined;
  const stem = path.resolve(
    arg('data', path.join(repoRoot, 'bench', 'out', databaseUrl ? 'server-pg' : 'server-store')),
  );
  const dataDir = databaseUrl ? undefined : stem;
  const keyFile = `${stem}.key`;
  const manifestFile = `${stem}.json`;
  mkdirSync(path.dirname(stem), { recursive: true });
  const db = await openStore(databaseUrl ? { databaseUrl } : { data: dataDir });
  let manifest: Manifest;
  if (!(await readKeyHeader(db))) {
    const loadavg = os.loadavg();
    const t = await timed(db, () =>
      buildStore(db, keyFile, dataDir, {
        people,
        from,
        chunk: Number(arg('chunk', '50000')),
      }),
    );
    manifest = t.value;
    manifest.build = { ...manifest.build!, wall: t.wall, cpu: t.cpu, loadavg };
    writeFileSync(manifestFile, JSON.stringify(manifest), { mode: 0o600 });
    log(
      `store built: ${manifest.records} records in ${(t.wall / 60).toFixed(1)} min (CPU ${(t.cpu / 60).toFixed(1)} min)`,
    );
  } else if (!existsSync(manifestFile)) {
    throw new Error(
      `${manifestFile} is missing: the store's build did not finish; remove the store and build again`,
    );
  } else {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  }
  if (process.argv.includes('--build-only')) {
    await db.close();
    return;
  }
  const protect = await unlockStore(db, { keyFile, dataDir });
  if (webBuildIsStale()) await buildWebApp();
  // A copy of the built web app: others rebuilding web/dist meanwhile cannot change what is served.
  const webRoot = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-web-'));
  cpSync(path.join(repoRoot, 'web', 'dist'), webRoot, { recursive: true });
  // As `jayu serve` but without the per-client rate limit (one client sends everything here)
  // and without request logs.
  const app = await buildServer({
    protect,
    options: { rateLimitPerMinute: false, logLevel: false, webRoot },
  });
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
    vault: Uint8Array | null;
    violation: string | null;
    province: string | null;
    year: number | null;
  }>(
    `SELECT k.id, p.source_id, p.record_id, p.vault,
            (SELECT min(a.violation) FROM acts a WHERE a.case_id = k.id) AS violation,
            p.home_province_id AS province,
            (SELECT min(e.start_year) FROM events e WHERE e.case_id = k.id) AS year
       FROM cases k JOIN persons p ON p.id = k.person_id
      WHERE k.organisation_id = $1 ORDER BY md5(k.id) LIMIT 3000`,
    [org],
  );
  const sealer = protect.keyring.sealerFor(org);
  // Queries as people type them: Hangul without a space (김순희), romanised with one (Kim Sun-hui).
  const hangul: string[] = [];
  const romanised: string[] = [];
  for (const r of sample) {
    if (!r.vault) continue;
    const v = JSON.parse(
      sealer.open('persons', vaultRecordKey.person(r.source_id, r.record_id), VAULT_FIELD, r.vault),
    ) as PersonVault;
    for (const name of [[v.familyName, v.givenName], ...(v.otherNames ?? []).map((n) => [n])]) {
      const parts = name.filter((x): x is string => Boolean(x?.trim()));
      if (parts.length === 0) continue;
      if (parts.every((x) => /^[\uac00-\ud7a3\s]+$/.test(x))) hangul.push(parts.join(''));
      else if (parts.every((x) => /^[A-Za-z' -]+$/.test(x))) romanised.push(parts.join(' '));
    }
  }
  // Browsing by facets: a violation, a home province and a year that some case has.
  const facetBodies = sample
    .filter((r) => r.violation && r.province && r.year)
    .map((r) => ({
      violation: [r.violation],
      province: [r.province],
      year: [r.year],
      pageSize: 25,
    }));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-load-'));
  const write = (name: string, value: unknown[]) => {
    if (value.length === 0) throw new Error(`no ${name} to send: the sample holds none`);
    const file = path.join(tmp, `${name}.json`);
    writeFileSync(file, JSON.stringify(value.slice(0, 1000)));
    return file;
  };
  const files = {
    hangul: write(
      'hangul',
      hangul.map((q) => ({ q, pageSize: 25 })),
    ),
    romanised: write(
      'romanised',
      romanised.map((q) => ({ q, pageSize: 25 })),
    ),
    facets: write('facets', facetBodies),
    first: write('first', [{ pageSize: 25 }]),
    cases: write(
      'cases',
      sample.map((r) => `/api/cases/${encodeURIComponent(r.id)}`),
    ),
  };
  log(
    `${org}: ${hangul.length} Hangul and ${romanised.length} romanised names, ${facetBodies.length} facet queries, ${sample.length} cases sampled`,
  );

  const duration = arg('duration', '20');
  const connections = arg('connections', '10');
  const only = arg('only', '');
  const documenter = await signIn(base, `documenter-${org}`, manifest);
  const analyst = await signIn(base, `analyst-${org}`, manifest);
  // The facet index reads an organisation's cases at its first facet search after the server
  // starts (then only their changes): once, timed here, not inside a measured run.
  // Its size: the heap and the typed arrays' buffers it grew by (garbage included).
  const memory = () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const heapBefore = memory();
  const started = performance.now();
  const first = await fetch(`${base}/api/cases/search`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: documenter.cookie,
      'x-csrf-token': documenter.csrf,
    },
    body: JSON.stringify(facetBodies[0]),
  });
  if (first.status !== 200) throw new Error(`first facet search: ${first.status}`);
  log(
    `${org}: facet index read by the first facet search in ${(performance.now() - started).toFixed(0)} ms (memory ${((memory() - heapBefore) / 2 ** 20).toFixed(0)} MB more)`,
  );
  const common = ['--url', base, '--duration', duration, '--connections', connections];
  const as = (s: { cookie: string; csrf: string }) => ['--cookie', s.cookie, '--csrf', s.csrf];
  const search = (bodies: string) => [
    '--method',
    'POST',
    '--path',
    '/api/cases/search',
    '--bodies',
    bodies,
  ];
  const runs: Array<[string, string, string[]]> = [
    ['search', 'name in Hangul (documenter)', [...as(documenter), ...search(files.hangul)]],
    ['search', 'name romanised (documenter)', [...as(documenter), ...search(files.romanised)]],
    [
      'search',
      'facets: violation + province + year (documenter)',
      [...as(documenter), ...search(files.facets)],
    ],
    ['search', 'case list, first page (documenter)', [...as(documenter), ...search(files.first)]],
    [
      'read',
      'case read, identified (documenter)',
      [...as(documenter), '--method', 'GET', '--paths', files.cases],
    ],
    [
      'read',
      'case read, de-identified (analyst)',
      [...as(analyst), '--method', 'GET', '--paths', files.cases],
    ],
  ];
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const { rows: total } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  const store = `${databaseUrl ? 'postgres' : 'pglite'}, ${total[0]!.n.toLocaleString('en')}`;
  const lines: string[] = [];
  const repeats = Math.max(1, Number(arg('runs', '1')));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [kind, name, a] of runs) {
    if (only && !name.startsWith(only) && kind !== only) continue;
    const load = os.loadavg()[0]!.toFixed(1);
    const results: Array<Record<string, number> & { node: number; pg: number }> = [];
    for (let i = 0; i < repeats; i++) {
      const b0 = await backendCpu(db);
      const c0 = process.cpuUsage();
      const r = await runLoad([...common, ...a]);
      await settle(db);
      const c = process.cpuUsage(c0);
      // Server CPU per request: this process (Fastify and, for PGlite, the database) and, for
      // PostgreSQL, its backends; up to the end of the requests still in flight when the run
      // ended (their work counts, they do not: a bias upwards for slow routes).
      const per = (seconds: number) => (seconds * 1000) / Math.max(1, r.total);
      results.push({
        ...r,
        node: per((c.user + c.system) / 1e6),
        pg: per(cpuSince(b0, await backendCpu(db))),
      });
    }
    // Medians of each figure over the runs (a run's own figures when --runs 1).
    const m = (k: string) => median(results.map((r) => r[k]!));
    const fixed = (x: number) => x.toFixed(1);
    lines.push(
      `| ${date} | ${store} | ${name} | ${connections} | ${m('p50')} | ${m('p95')} | ${m('p99')} | ${Math.round(m('rps'))} | ${Math.round(m('total')).toLocaleString('en')} | ${m('errors') + m('non2xx')} | ${fixed(median(results.map((r) => r.node + r.pg)))} (${fixed(m('node'))} + ${fixed(m('pg'))}) | ${fixed((m('cpu') * 1000) / Math.max(1, m('total')))} | ${load} |`,
    );
    log(lines[lines.length - 1]!);
    if (repeats > 1) {
      log(
        `  runs: p95 ${results.map((r) => r.p95).join(' / ')}; req/s ${results.map((r) => Math.round(r.rps)).join(' / ')}`,
      );
    }
  }
  log(`machine: ${machine}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  rmSync(tmp, { recursive: true, force: true });
  if (only) {
    await app.close();
    await db.close();
    return;
  }
  const sizes = bundleSizes(webRoot);
  const loads = await firstLoad(base);
  const firstLoadMedian = loads[Math.floor(loads.length / 2)]!;
  await app.close();
  await db.close();
  rmSync(webRoot, { recursive: true, force: true });
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  process.stdout.write(
    `| ${date} | ${sizes.initial.files} files, ${kb(sizes.initial.raw)} (gzip ${kb(sizes.initial.gzip)}) | ` +
      `${sizes.all.files} files, ${kb(sizes.all.raw)} (gzip ${kb(sizes.all.gzip)}) | ` +
      `${firstLoadMedian.toFixed(0)} ms (min ${loads[0]!.toFixed(0)}, max ${loads[loads.length - 1]!.toFixed(0)}) |\n`,
  );
}

await main();

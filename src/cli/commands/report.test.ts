import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTextInput, importCases } from '../../ingest';
import { totpCode } from '../../protect/credentials';
import { protectedFixture, TEST_PASSWORD } from '../../protect/testing';
import { linkTables } from '../../report/disclosure/tables';
import { loadSynthDirectory } from '../../report/sources/synth-dir';
import { buildTables, linkPersons, type Period } from '../../report/statistics';
import type { Db } from '../../store/db';
import { openStore } from '../../store/open';
import { createTestDatabase, storeBackends, type StoreBackend } from '../../store/testing';
import { synthesise } from '../../synth';
import { ExitCode } from '../exit-codes';
import { run } from '../main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-report-'));
  synthesise({ people: 2500, sources: 3, seed: 4, out: path.join(dir, 'synth'), hidden: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const from = () => ['--from-synth', path.join(dir, 'synth'), '--linkage', 'truth'];

describe('jayu report', () => {
  it('writes the UN report as HTML in Chinese', async () => {
    const out = path.join(dir, 'un.html');
    const code = await run([
      'report',
      'un',
      ...from(),
      '--out',
      out,
      '--lang',
      'zh',
      '--period',
      '2010-2024',
      '--quick',
    ]);
    expect(code).toBe(ExitCode.ok);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('5. 2020–2022年的信息黑洞');
  });

  it('links the lists with Fellegi-Sunter record linkage by default', async () => {
    const out = path.join(dir, 'un-en.html');
    const code = await run([
      'report',
      'un',
      '--from-synth',
      path.join(dir, 'synth'),
      '--out',
      out,
      '--quick',
    ]);
    expect(code).toBe(ExitCode.ok);
    expect(readFileSync(out, 'utf8')).toMatch(
      /probabilistic record linkage \(Fellegi–Sunter.*giving [\d,]+ distinct people/,
    );
  });

  it('writes the CTDC export', async () => {
    const out = path.join(dir, 'ctdc.csv');
    expect(
      await run([
        'report',
        'export',
        '--format',
        'ctdc',
        ...from(),
        '--out',
        out,
        '--period',
        '2000-2024',
      ]),
    ).toBe(ExitCode.ok);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(
      /^yearOfRegistration,Datasource,gender,ageBroad,/,
    );
  });

  it('refuses k below 5, a bad period, an unknown output type and a missing directory', async () => {
    const out = path.join(dir, 'x.pdf');
    expect(await run(['report', 'un', ...from(), '--out', out, '--k', '4'])).toBe(ExitCode.usage);
    expect(await run(['report', 'un', ...from(), '--out', out, '--period', '2024-2015'])).toBe(
      ExitCode.usage,
    );
    expect(await run(['report', 'un', ...from(), '--out', path.join(dir, 'x.docx')])).toBe(
      ExitCode.usage,
    );
    expect(
      await run(['report', 'un', '--from-synth', path.join(dir, 'nothing'), '--out', out]),
    ).toBe(ExitCode.notFound);
    expect(existsSync(out)).toBe(false);
  });
});

/** Runs a command, capturing what it prints. */
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
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return { code: await run(args), out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

interface TableRow {
  table: string;
  unit: string;
  cell: string;
  value: string;
  status: string;
  noise: string;
  epsilon: string;
  delta: string;
  sensitivity: string;
  noise_sd: string;
}
const readTables = (file: string) =>
  parseCsv(readFileSync(file, 'utf8'), { columns: true }) as TableRow[];

/** The exact counts of the victims_year table (with every subtotal) for a synth directory. */
async function exactVictimsByYear(period: Period): Promise<Map<string, number>> {
  const input = await loadSynthDirectory(path.join(dir, 'synth'), {
    purpose: 'un_reporting',
    linkage: 'truth',
  });
  const { tables } = buildTables(linkPersons(input.records), period);
  const linked = linkTables(tables.filter((t) => t.spec.id === 'victims_year'));
  return new Map([...linked.cells.values()].map((c) => [c.key.split('|')[1] || 'total', c.value]));
}

describe('jayu report with differential privacy (synth directory, ledger in memory)', () => {
  it('exports the tables with suppression by default: hidden cells are empty', async () => {
    const out = path.join(dir, 'tables.csv');
    const res = await jayu([
      'report',
      'export',
      '--format',
      'tables',
      ...from(),
      '--out',
      out,
      '--period',
      '2010-2024',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(ExitCode.ok);
    const rows = readTables(out);
    expect(new Set(rows.map((r) => r.table)).size).toBe(11);
    expect(rows.every((r) => r.noise === 'none')).toBe(true);
    const hidden = rows.filter((r) => r.status !== 'published');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r) => r.value === '')).toBe(true);
    // Shown cells are the exact counts.
    const exact = await exactVictimsByYear({ from: 2010, to: 2024 });
    const total = rows.find((r) => r.table === 'victims_year' && r.cell === 'total')!;
    expect(Number(total.value)).toBe(exact.get('total'));
  });

  it('adds Laplace noise to every cell, states its parameters, and stays near the truth', async () => {
    const out = path.join(dir, 'noisy.csv');
    const res = await jayu([
      'report',
      'export',
      '--format',
      'tables',
      '--tables',
      'victims_year,violations_type_year',
      ...from(),
      '--out',
      out,
      '--period',
      '2010-2024',
      '--noise',
      'laplace',
      '--epsilon',
      '1',
      '--dataset',
      'demo',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(ExitCode.ok);
    expect(res.out).toMatch(
      /noise added \(laplace, epsilon 1 over 2 tables, at most 8 rows per person\); charged to dataset demo \(in memory, this run only\): epsilon 0 of 1 left/,
    );
    const rows = readTables(out);
    expect(new Set(rows.map((r) => r.table))).toEqual(
      new Set(['victims_year', 'violations_type_year']),
    );
    for (const r of rows) {
      expect(r.status).toBe('noisy');
      expect(r.noise).toBe('laplace');
      expect(r.epsilon).toBe('0.5');
      expect(r.delta).toBe('');
      expect(Number.isInteger(Number(r.value)) && Number(r.value) >= 0 && r.value !== '').toBe(
        true,
      );
    }
    const victims = rows.filter((r) => r.table === 'victims_year');
    // Victims: one row per person (sensitivity 1), Laplace b = 1 / 0.5 = 2, sd = 2 * sqrt(2).
    expect(victims[0].sensitivity).toBe('1');
    expect(Number(victims[0].noise_sd)).toBeCloseTo(2 * Math.SQRT2, 5);
    expect(rows.find((r) => r.table === 'violations_type_year')!.sensitivity).toBe('8');
    const exact = await exactVictimsByYear({ from: 2010, to: 2024 });
    const years = victims.filter((r) => r.cell !== 'total');
    expect(years).toHaveLength(15);
    // Noise was added (15 cells all rounding back to the truth would be a failure to add it) ...
    expect(years.some((r) => Number(r.value) !== exact.get(r.cell))).toBe(true);
    // ... and stays within its scale: each year within 15 b (P < 1e-6 each), the total (the sum
    // of 15 noisy years, sd 2 sqrt(30)) within 8 of its sd.
    for (const r of years) expect(Math.abs(Number(r.value) - exact.get(r.cell)!)).toBeLessThan(30);
    const total = victims.find((r) => r.cell === 'total')!;
    expect(Math.abs(Number(total.value) - exact.get('total')!)).toBeLessThan(8 * 2 * Math.sqrt(30));
  });

  it('refuses a release past the budget and writes nothing', async () => {
    const out = path.join(dir, 'refused.csv');
    const res = await jayu([
      'report',
      'export',
      '--format',
      'tables',
      ...from(),
      '--out',
      out,
      '--noise',
      'gaussian',
      '--epsilon',
      '0.9',
      '--delta',
      '1e-5',
      '--dataset',
      'demo',
      '--budget',
      '0.5,1e-5',
    ]);
    expect(res.code).toBe(ExitCode.denied);
    expect(res.err).toMatch(
      /privacy budget of dataset 'demo' refused: the release needs epsilon 0.9, delta 0.00001 but only epsilon 0.5, delta 0.00001 remain; nothing was written/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses incomplete or contradictory noise options before reading anything', async () => {
    const out = path.join(dir, 'never.csv');
    const base = ['report', 'export', ...from(), '--out', out];
    const cases: [string[], RegExp][] = [
      [
        ['--format', 'ctdc', '--noise', 'laplace', '--epsilon', '1', '--dataset', 'd'],
        /--noise is for --format tables/,
      ],
      [['--format', 'tables', '--noise', 'laplace', '--epsilon', '1'], /needs --dataset/],
      [['--format', 'tables', '--noise', 'laplace', '--dataset', 'd'], /needs --epsilon/],
      [['--format', 'tables', '--epsilon', '1'], /--epsilon: only with --noise/],
      [
        ['--format', 'tables', '--noise', 'gaussian', '--epsilon', '0.5', '--dataset', 'd'],
        /needs --delta/,
      ],
      [
        [
          '--format',
          'tables',
          '--noise',
          'laplace',
          '--epsilon',
          '1',
          '--delta',
          '0.1',
          '--dataset',
          'd',
        ],
        /--delta is for --noise gaussian/,
      ],
      [
        ['--format', 'tables', '--noise', 'laplace', '--epsilon', '-1', '--dataset', 'd'],
        /--epsilon must be a positive number/,
      ],
      // 11 tables share 22: 2 each, outside the range the Gaussian calibration is proven for.
      [
        [
          '--format',
          'tables',
          '--noise',
          'gaussian',
          '--epsilon',
          '22',
          '--delta',
          '1e-5',
          '--dataset',
          'd',
        ],
        /table victims_year .*needs epsilon < 1/,
      ],
      [
        ['--format', 'tables', '--noise', 'laplace', '--epsilon', '1', '--dataset', 'no spaces'],
        /dataset name "no spaces"/,
      ],
      [
        [
          '--format',
          'tables',
          '--noise',
          'laplace',
          '--epsilon',
          '1',
          '--dataset',
          'd',
          '--budget',
          '1,2,3',
        ],
        /--budget/,
      ],
      [
        [
          '--format',
          'tables',
          '--noise',
          'laplace',
          '--epsilon',
          '1',
          '--dataset',
          'd',
          '--max-per-person',
          '0',
        ],
        /--max-per-person must be a whole number/,
      ],
      [['--format', 'tables', '--tables', 'victims_year,nope'], /--tables: no table nope/],
      [['--format', 'tables', '--linkage-run', 'r1'], /--linkage-run is for the store/],
    ];
    for (const [args, message] of cases) {
      const res = await jayu([...base, ...args]);
      expect({ args, code: res.code }).toEqual({ args, code: ExitCode.usage });
      expect(res.err).toMatch(message);
    }
    expect(
      (
        await jayu([
          'report',
          'un',
          ...from(),
          '--out',
          path.join(dir, 'x.html'),
          '--round',
          '5',
          '--noise',
          'laplace',
          '--epsilon',
          '1',
          '--dataset',
          'd',
        ])
      ).code,
    ).toBe(ExitCode.usage);
    expect(existsSync(out)).toBe(false);
  });

  it('writes the UN report with noisy tables and says so in its methods', async () => {
    const out = path.join(dir, 'un-noisy.html');
    const res = await jayu([
      'report',
      'un',
      ...from(),
      '--out',
      out,
      '--quick',
      '--noise',
      'gaussian',
      '--epsilon',
      '0.99',
      '--delta',
      '1e-6',
      '--dataset',
      'un-demo',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(ExitCode.ok);
    expect(res.out).toMatch(/noise added \(gaussian, epsilon 0.99, delta 0.000001 over 11 tables/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(
      'differential privacy: Gaussian mechanism, ε = 0.99, δ = 0.000001 for the whole release, split evenly over its 11 tables, ε = 0.09 each',
    );
    expect(html).toContain('dataset un-demo (a ledger for this run only)');
    expect(html).toContain('are not covered by this guarantee');
    expect(html).not.toContain('x: not shown');
  });
});

/**
 * A store the CLI opens by location (an embedded data directory, or a PostgreSQL database),
 * set up with the protection fixture, one organisation's synthetic cases imported, and one fresh
 * analyst per command to run (each CLI login needs a TOTP code no login of hers has used).
 */
async function cliStore(backend: StoreBackend['name'], root: string, analysts: number) {
  let location: string[];
  let open: () => Promise<Db>;
  let drop = async () => {};
  if (backend === 'pglite') {
    const data = path.join(root, 'data');
    location = ['--data', data];
    open = () => openStore({ data });
  } else {
    const database = await createTestDatabase();
    location = ['--database-url', database.url];
    open = () => openStore({ databaseUrl: database.url });
    drop = () => database.drop();
  }
  const db = await open();
  const users: Record<string, Record<string, string>[]> = {};
  let master;
  try {
    const fx = await protectedFixture(db, { organisations: [ORG, OTHER] });
    master = fx.master;
    const documenter = await fx.loginAs(`documenter-${ORG}`);
    const sealer = await documenter.sealerFor(ORG, { purpose: 'case_management', write: true });
    const lines = readFileSync(path.join(dir, 'synth', 'cases.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l && (JSON.parse(l) as { organisation: string }).organisation === ORG);
    await importCases(db, sealer, [caseTextInput('cases', lines.join('\n'), true)]);
    await sealer.flush();
    const admin = await fx.loginAs('admin');
    // Analysts of each organisation, and coordinators of the installation (no organisation).
    for (const org of [ORG, OTHER, COORDINATION]) {
      users[org] = [];
      const role = org === COORDINATION ? 'coordinator' : 'analyst';
      const organisationId = org === COORDINATION ? null : org;
      for (let i = 0; i < analysts; i++) {
        const creds = await admin.createUser({
          username: `${role}-${org || 'all'}-${i}`,
          role,
          organisationId,
        });
        fx.users[creds.username] = {
          ...creds,
          role,
          organisationId,
          password: creds.oneTimePassword,
        };
        await (
          await fx.loginAs(creds.username)
        ).changePassword(creds.oneTimePassword, TEST_PASSWORD);
        users[org].push({
          JAYU_USER: creds.username,
          JAYU_PASSWORD: TEST_PASSWORD,
          secret: creds.totpSecret,
        });
      }
    }
  } finally {
    await db.close();
  }
  const keyFile = path.join(root, 'keys', 'master.key');
  mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, master.toKeyFileText(), { mode: 0o600 });
  return {
    args: [...location, '--key-file', keyFile],
    open,
    drop,
    /** Login environment of an analyst of `org` (a coordinator: COORDINATION) not used before. */
    async analyst(org: string): Promise<Record<string, string>> {
      const u = users[org].shift();
      if (!u) throw new Error(`test set-up: no unused analyst of ${org} left`);
      return {
        JAYU_USER: u.JAYU_USER,
        JAYU_PASSWORD: u.JAYU_PASSWORD,
        JAYU_TOTP: await totpCode(u.secret, new Date()),
      };
    },
  };
}

const ORG = 'haneul';
const OTHER = 'other-org';
const COORDINATION = '';

describe.each(storeBackends().map((b) => b.name))(
  'jayu report with differential privacy on the store (%s)',
  (backend) => {
    let root: string;
    let store: Awaited<ReturnType<typeof cliStore>>;
    const savedConfig = process.env.XDG_CONFIG_HOME;

    beforeAll(async () => {
      root = mkdtempSync(path.join(tmpdir(), 'jayu-cli-report-store-'));
      process.env.XDG_CONFIG_HOME = path.join(root, 'config');
      store = await cliStore(backend, root, 6);
    });
    afterAll(async () => {
      if (savedConfig === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = savedConfig;
      await store?.drop();
      rmSync(root, { recursive: true, force: true });
    });

    const exportTables = (out: string, ...extra: string[]) => [
      'report',
      'export',
      '--format',
      'tables',
      ...store.args,
      '--out',
      out,
      '--tables',
      'victims_year,victims_age',
      '--noise',
      'laplace',
      '--dataset',
      'annual',
      ...extra,
    ];

    it("charges the organisation's budget in the store and refuses a release past it", async () => {
      const first = path.join(root, 'first.csv');
      const a = await jayu(
        exportTables(first, '--epsilon', '0.6', '--budget', '1'),
        await store.analyst(ORG),
      );
      expect(a.err).toBe('');
      expect(a.code).toBe(ExitCode.ok);
      expect(a.out).toMatch(
        /charged to dataset org\/haneul\/annual \(the store's ledger\): epsilon 0.4 of 1 left/,
      );
      expect(readTables(first).every((r) => r.noise === 'laplace' && r.epsilon === '0.3')).toBe(
        true,
      );

      // The rest of the budget, exactly; then nothing is left.
      const second = path.join(root, 'second.csv');
      const b = await jayu(exportTables(second, '--epsilon', '0.4'), await store.analyst(ORG));
      expect(b.err).toBe('');
      expect(b.out).toMatch(/epsilon 0 of 1 left/);

      const third = path.join(root, 'third.csv');
      const c = await jayu(exportTables(third, '--epsilon', '0.1'), await store.analyst(ORG));
      expect(c.code).toBe(ExitCode.denied);
      expect(c.err).toMatch(
        /privacy budget of dataset 'org\/haneul\/annual' refused: the release needs epsilon 0.1 but only epsilon 0, delta 0 remain; nothing was written/,
      );
      expect(existsSync(third)).toBe(false);

      // The budget is fixed once given: asking for a larger one is refused too.
      const d = await jayu(
        exportTables(third, '--epsilon', '0.1', '--budget', '5'),
        await store.analyst(ORG),
      );
      expect(d.code).toBe(ExitCode.denied);
      expect(d.err).toMatch(
        /already has a privacy budget of epsilon 1, delta 0; it cannot be changed/,
      );
      expect(existsSync(third)).toBe(false);

      const db = await store.open();
      try {
        const charges = await db.query<{ dataset: string; epsilon: number }>(
          'SELECT dataset, epsilon FROM report_privacy_charge ORDER BY id',
        );
        expect(charges.rows.map((r) => [r.dataset, Number(r.epsilon)])).toEqual([
          ['org/haneul/annual', 0.6],
          ['org/haneul/annual', 0.4],
        ]);
        const audit = await db.query<{ action: string; n: number }>(
          `SELECT entry::jsonb ->> 'action' AS action, count(*)::int AS n FROM audit_entries
            WHERE entry::jsonb ->> 'action' LIKE 'privacy.%' GROUP BY 1 ORDER BY 1`,
        );
        expect(audit.rows.map((r) => [r.action, Number(r.n)])).toEqual([
          ['privacy.budget', 1],
          ['privacy.charge', 2],
          ['privacy.refused', 1],
        ]);
      } finally {
        await db.close();
      }
    });

    it("a coordinator's budgets are the installation's; she may not make record-level exports", async () => {
      const out = path.join(root, 'all.csv');
      const res = await jayu(
        exportTables(out, '--epsilon', '0.5', '--budget', '2'),
        await store.analyst(COORDINATION),
      );
      expect(res.err).toBe('');
      expect(res.code).toBe(ExitCode.ok);
      expect(res.out).toMatch(
        /charged to dataset all\/annual \(the store's ledger\): epsilon 1.5 of 2 left/,
      );
      const ctdc = path.join(root, 'all-ctdc.csv');
      const refused = await jayu(
        ['report', 'export', '--format', 'ctdc', ...store.args, '--out', ctdc],
        await store.analyst(COORDINATION),
      );
      expect(refused.code).toBe(ExitCode.denied);
      expect(refused.err).toMatch(
        /permission denied: the coordinator role may not case\.export_deidentified/,
      );
      expect(existsSync(ctdc)).toBe(false);
    });

    it("an organisation's budgets are its own: another organisation's dataset of the same name has none", async () => {
      const out = path.join(root, 'other.csv');
      const res = await jayu(exportTables(out, '--epsilon', '0.1'), await store.analyst(OTHER));
      expect(res.code).toBe(ExitCode.notFound);
      expect(res.err).toMatch(
        /dataset 'org\/other-org\/annual' has no privacy budget yet: give one with --budget; nothing was written/,
      );
      expect(existsSync(out)).toBe(false);
    });
  },
);

import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../../../test/datasets';
import {
  canaries,
  cleanUpPopulations,
  importPopulation,
  population,
} from '../../protect/linkage-testing';
import { ExitCode } from '../exit-codes';
import { run } from '../main';
import { cliStore, runCli, type CliStore } from './cli-store-testing';

const FEBRL_MAP =
  'rec_id=record_id,given_name=given_name,surname=family_name,date_of_birth=birth_date,' +
  'soc_sec_id=id_number,address_1=address,suburb=place_in_china';

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-link-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the CLI in-process, capturing what it prints. */
async function jayu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** FEBRL's truth: rec-N-org and rec-N-dup-k are entity N. */
function febrlTruth(file: string, source: string, dir: string): string {
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  const truth = path.join(dir, 'truth.csv');
  writeFileSync(
    truth,
    'source,record_id,entity_id\n' +
      lines
        .map((l) => {
          const id = l.split(',')[0].trim();
          return `${source},${id},${/^rec-(\d+)/.exec(id)?.[1]}`;
        })
        .join('\n') +
      '\n',
  );
  return truth;
}

describe('jayu link on FEBRL dataset 1', () => {
  it('writes clusters and pairs and scores them against the truth', async () => {
    const dir = tmp();
    const input = datasetPath('linkage/febrl_dataset1.csv');
    const truth = febrlTruth(input, 'febrl_dataset1', dir);
    const clusters = path.join(dir, 'clusters.csv');
    const pairs = path.join(dir, 'pairs.csv');
    const r = await jayu([
      'link',
      '--input',
      input,
      '--output',
      clusters,
      '--pairs',
      pairs,
      '--map',
      FEBRL_MAP,
      '--truth',
      truth,
      '--json',
      '--no-progress',
    ]);
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    const summary = JSON.parse(r.stdout);
    // Measured 0.998 (pairwise F1) when this test was written; the floor leaves room, not slack.
    expect(summary.evaluation.pairwise.f1).toBeGreaterThan(0.97);
    expect(summary.evaluation.bcubed.f1).toBeGreaterThan(0.97);
    expect(summary.records).toBe(1000);

    const rows = readFileSync(clusters, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('source,record_id,cluster_id');
    expect(rows).toHaveLength(1001);
    expect(rows[1]).toMatch(/^febrl_dataset1,rec-223-org,\d+$/);
    const pairRows = readFileSync(pairs, 'utf8').trim().split('\n');
    expect(pairRows[0]).toBe('source_l,record_id_l,source_r,record_id_r,probability,match_weight');
    expect(pairRows.length).toBeGreaterThan(400);
    const [, , , , p, w] = pairRows[1].split(',');
    expect(Number(p)).toBeGreaterThanOrEqual(0);
    expect(Number(p)).toBeLessThanOrEqual(1);
    expect(Number.isFinite(Number(w))).toBe(true);
  });
});

describe('jayu link errors', () => {
  it('names the file and column of a missing column (exit 3)', async () => {
    const dir = tmp();
    const input = path.join(dir, 'list.csv');
    writeFileSync(input, 'id,family_name\n1,김\n');
    const r = await jayu([
      'link',
      '--input',
      input,
      '--output',
      path.join(dir, 'c.csv'),
      '--no-progress',
    ]);
    expect(r.code).toBe(ExitCode.invalidInput);
    expect(r.stderr).toMatch(/list.csv: missing column record_id/);
  });

  it('refuses a bad --map (exit 2) and a map naming an absent column (exit 3)', async () => {
    const dir = tmp();
    const input = path.join(dir, 'list.csv');
    writeFileSync(input, 'record_id,family_name\n1,김\n');
    const bad = await jayu([
      'link',
      '--input',
      input,
      '--output',
      path.join(dir, 'c.csv'),
      '--map',
      'surname=last',
    ]);
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toMatch(/"last" is not a person-list column/);
    const absent = await jayu([
      'link',
      '--input',
      input,
      '--output',
      path.join(dir, 'c.csv'),
      '--map',
      'surname=family_name',
      '--no-progress',
    ]);
    expect(absent.code).toBe(ExitCode.invalidInput);
    expect(absent.stderr).toMatch(/--map names column "surname"/);
  });

  it('reports a missing input file (exit 4) and a bad value by line and column', async () => {
    const dir = tmp();
    const missing = await jayu([
      'link',
      '--input',
      path.join(dir, 'nope.csv'),
      '--output',
      path.join(dir, 'c.csv'),
      '--no-progress',
    ]);
    expect(missing.code).toBe(ExitCode.notFound);
    const input = path.join(dir, 'list.csv');
    writeFileSync(input, 'record_id,family_name,birth_date\n1,김,1990-01-01\n2,박,yesterday\n');
    const bad = await jayu([
      'link',
      '--input',
      input,
      '--output',
      path.join(dir, 'c.csv'),
      '--no-progress',
    ]);
    expect(bad.code).toBe(ExitCode.invalidInput);
    expect(bad.stderr).toMatch(/list.csv line 3: column birth_date is not a date/);
    expect(bad.stderr).not.toMatch(/yesterday|박/);
  });

  it('refuses a threshold outside (0, 1)', async () => {
    const r = await jayu(['link', '--input', 'a.csv', '--output', 'c.csv', '--threshold', '1.5']);
    expect(r.code).toBe(ExitCode.usage);
  });
});

describe('jayu link with a workspace', () => {
  it('records runs and applies decisions made with jayu link decide', async () => {
    const dir = tmp();
    const workspace = path.join(dir, 'ws');
    const a = path.join(dir, 'hn.csv');
    const b = path.join(dir, 'sb.csv');
    writeFileSync(
      a,
      'record_id,family_name,given_name,birth_year,home_county\n1,김,영희,1990,무산군\n2,박,순옥,1985,혜산시\n',
    );
    writeFileSync(
      b,
      'record_id,family_name,given_name,birth_year,home_county\n1,Kim,Younghee,1990,Musan\n2,Pak,Sun-ok,1985,Hyesan\n',
    );
    const clusters = path.join(dir, 'c.csv');
    const link = () =>
      jayu([
        'link',
        '--input',
        a,
        '--input',
        b,
        '--output',
        clusters,
        '--workspace',
        workspace,
        '--threshold',
        '0.5',
        '--no-progress',
      ]);
    const cluster = () => {
      const rows = readFileSync(clusters, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      return (source: string, id: string) => rows.find((r) => r[0] === source && r[1] === id)?.[2];
    };
    expect((await link()).code).toBe(ExitCode.ok);
    const decide = (left: string, right: string, verdict: string) =>
      jayu([
        'link',
        'decide',
        workspace,
        '--left',
        left,
        '--right',
        right,
        '--verdict',
        verdict,
        '--by',
        'reviewer',
        '--why',
        'test',
      ]);
    expect((await decide('hn:1', 'sb:1', 'not_same')).code).toBe(ExitCode.ok);
    expect((await decide('hn:2', 'sb:2', 'same')).code).toBe(ExitCode.ok);
    expect((await decide('hn:2', 'nowhere', 'same')).code).toBe(ExitCode.usage);
    expect((await link()).code).toBe(ExitCode.ok);
    const of = cluster();
    expect(of('hn', '1')).not.toBe(of('sb', '1'));
    expect(of('hn', '2')).toBe(of('sb', '2'));

    const runs = readdirSync(path.join(workspace, 'runs'));
    expect(runs).toHaveLength(2);
    for (const id of runs) {
      const record = JSON.parse(readFileSync(path.join(workspace, 'runs', id, 'run.json'), 'utf8'));
      expect(record.seed).toBe(1);
      expect(record.settings.prior).toBeGreaterThan(0);
      expect(existsSync(path.join(workspace, 'runs', id, 'review.csv'))).toBe(true);
    }
  });
});

describe.each(['pglite', 'postgres'] as const)('jayu link --store (%s)', (backend) => {
  const { dir, summary } = population(500, 3, 9);
  const [orgA, orgB] = summary.sources;
  let store: CliStore;
  const outputs: string[] = [];
  const jayuAs = async (user: string, argv: string[]) => {
    const r = await store.jayu(user, argv);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    store = await cliStore(backend, summary.sources, async (fx, addUser) => {
      await importPopulation(fx, dir, summary);
      for (let i = 1; i <= 4; i++) await addUser(`coordinator${i}`, 'coordinator', null);
      for (let i = 1; i <= 3; i++) await addUser(`analyst${i}-${orgA}`, 'analyst', orgA);
    });
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    cleanUpPopulations(dir);
  });

  /** Cluster keys of two records in a run. */
  async function clusterKeys(runId: string, refs: Array<[string, string]>) {
    const db = await store.open();
    try {
      const { rows } = await db.query<{
        source_id: string;
        record_id: string;
        cluster_key: string;
      }>(
        `SELECT p.source_id, p.record_id, c.cluster_key FROM linkage_clusters c
           JOIN persons p ON p.id = c.person_id WHERE c.run_id = $1`,
        [runId],
      );
      return refs.map(
        ([s, r]) => rows.find((x) => x.source_id === s && x.record_id === r)?.cluster_key,
      );
    } finally {
      await db.close();
    }
  }

  it('an analyst links her lists, not another organisation’s; runs are listed', async () => {
    const linked = await jayuAs(`analyst-${orgA}`, ['link', '--store', '--json']);
    expect(linked.code, linked.stderr).toBe(ExitCode.ok);
    expect(linked.stderr).toBe(''); // no progress bar without a terminal
    const json = JSON.parse(linked.stdout);
    expect(json.run).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(json.organisations).toEqual([orgA]);
    expect(json.counts.records).toBe(summary.documented.recordsBySource[orgA]);
    expect(json.counts).toMatchObject({ withheldNoConsent: 0, sources: 1 });

    const other = await jayuAs(`analyst1-${orgA}`, ['link', '--store', '--organisation', orgB]);
    expect(other.code).toBe(ExitCode.denied);
    expect(other.stderr).toMatch(/permission denied: linkage\.run on another organisation/);

    const runs = await jayuAs(`analyst2-${orgA}`, ['link', 'runs', '--store', '--json']);
    expect(runs.code, runs.stderr).toBe(ExitCode.ok);
    const listed = JSON.parse(runs.stdout);
    expect(listed.map((r: { run: string }) => r.run)).toEqual([json.run]);
    expect(listed[0]).toMatchObject({ organisations: [orgA], threshold: 0.5, seed: 1 });
  });

  it('the coordinator links all lists; a decision splits a pair in every later run', async () => {
    const first = await jayuAs('coordinator1', ['link', '--store', '--seed', '3']);
    expect(first.code, first.stderr).toBe(ExitCode.ok);
    expect(first.stdout).toMatch(
      new RegExp(`^link: ${summary.documented.records} records from 3 lists of 3 organisations`),
    );
    expect(first.stdout).toMatch(/left out: 0 without consent/);
    const runId = /run (\S+) recorded in the store/.exec(first.stdout)![1];

    // A pair the run put together.
    const db = await store.open();
    let pair: Array<[string, string]>;
    try {
      const { rows } = await db.query<{
        source_id: string;
        record_id: string;
        cluster_key: string;
      }>(
        `SELECT p.source_id, p.record_id, c.cluster_key FROM linkage_clusters c
           JOIN persons p ON p.id = c.person_id WHERE c.run_id = $1 ORDER BY p.source_id, p.record_id`,
        [runId],
      );
      const byKey = new Map<string, typeof rows>();
      for (const r of rows) byKey.set(r.cluster_key, [...(byKey.get(r.cluster_key) ?? []), r]);
      const together = [...byKey.values()].find((g) => g.length === 2)!;
      pair = together.map((r) => [r.source_id, r.record_id]);
    } finally {
      await db.close();
    }
    const [k1, k2] = await clusterKeys(runId, pair);
    expect(k1).toBe(k2);

    const decided = await jayuAs('coordinator2', [
      'link',
      'decide',
      '--store',
      '--left',
      pair[0].join(':'),
      '--right',
      pair[1].join(':'),
      '--verdict',
      'not_same',
      '--why',
      'different mothers’ names',
    ]);
    expect(decided.code, decided.stderr).toBe(ExitCode.ok);
    expect(decided.stdout).toMatch(
      /^link decide: not_same recorded in the store \(decision [0-9a-f]{24}\)/,
    );

    for (const user of ['coordinator3', 'coordinator4']) {
      const again = await jayuAs(user, ['link', '--store', '--json', '--seed', '3']);
      expect(again.code, again.stderr).toBe(ExitCode.ok);
      const run = JSON.parse(again.stdout);
      expect(run.counts.decisionsInForce).toBe(1);
      const [a, b] = await clusterKeys(run.run, pair);
      expect(a).toBeDefined();
      expect(a).not.toBe(b);
    }
  });

  it('refuses bad use clearly', async () => {
    const both = await runCli(['link', '--store', '--input', 'x.csv', ...store.args]);
    expect(both.code).toBe(ExitCode.usage);
    expect(both.stderr).toMatch(/--input does not apply with --store/);
    const runs = await runCli(['link', 'runs']);
    expect(runs.code).toBe(ExitCode.usage);
    const decide = await runCli([
      'link',
      'decide',
      '--left',
      'a:1',
      '--right',
      'b:2',
      '--verdict',
      'same',
    ]);
    expect(decide.code).toBe(ExitCode.usage);
    expect(decide.stderr).toMatch(/give the workspace folder, or --store/);
    const by = await runCli([
      'link',
      'decide',
      '--store',
      '--left',
      'a:1',
      '--right',
      'b:2',
      '--verdict',
      'same',
      '--by',
      'me',
    ]);
    expect(by.code).toBe(ExitCode.usage);
  });

  it('prints no name, birth date, id number or address', () => {
    const text = outputs.join('\n');
    expect(text.length).toBeGreaterThan(200);
    expect(canaries(dir, summary).filter((v) => text.includes(v))).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../../../test/datasets';
import { ExitCode } from '../exit-codes';
import { run } from '../main';

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

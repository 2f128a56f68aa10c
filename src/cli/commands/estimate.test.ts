import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../../../test/datasets';
import { loadReferenceFile, referenceTable } from '../../estimate/reference-data';
import { tableToCsv } from '../../estimate/table';
import {
  canaries,
  cleanUpPopulations,
  importPopulation,
  population,
} from '../../protect/linkage-testing';
import { ExitCode } from '../exit-codes';
import { run } from '../main';
import { cliStore, type CliStore } from './cli-store-testing';

const dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = loadReferenceFile(datasetPath('mse/datasets.json'));
const koreaCsv = path.join(dir, 'korea.csv');
writeFileSync(
  koreaCsv,
  tableToCsv(referenceTable(file.datasets.find((d) => d.id === 'korea_palembang')!)),
);
const quick = ['--burnin', '500', '--samples', '200', '--thinning', '2'];

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('jayu estimate', () => {
  it('--json prints exactly one JSON object in the documented shape', async () => {
    const code = await run(['estimate', '--counts', koreaCsv, '--json', '--seed', '5', ...quick]);
    expect(code).toBe(ExitCode.ok);
    expect(out.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(out);
    expect(json.lists).toEqual(['b', 'c', 'd']);
    expect(json.observed).toBe(123);
    const mt = json.models.find((m: { model: string }) => m.model === 'Mt');
    expect(mt).toMatchObject({ method: 'loglinear', model: 'Mt' });
    for (const key of ['abundance', 'stderr', 'deviance', 'df', 'aic', 'bic', 'ci95', 'warnings'])
      expect(mt).toHaveProperty(key);
    expect(json.models.map((m: { model: string }) => m.model)).toEqual(
      expect.arrayContaining(['M0', 'Mh Chao (LB)', 'Mth Gamma3.5', 'Mb', 'Mbh', '[12,23]']),
    );
    expect(json.lcmcr).toMatchObject({ K: 5, burnin: 500, samples: 200, thinning: 2, seed: 5 });
    expect(json.lcmcr.ci95).toHaveLength(2);
    expect(json.selected).toHaveProperty('estimate');
  });

  it('prints a readable table with warnings and assumptions, and writes the posterior plot', async () => {
    const svg = path.join(dir, 'posterior.svg');
    const code = await run([
      'estimate',
      '--counts',
      koreaCsv,
      '--method',
      'all',
      '--plot',
      svg,
      ...quick,
    ]);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^Documented: 123 people on 3 lists/);
    expect(out).toMatch(/Estimated total: [\d,]+ \(95% interval/);
    expect(out).toMatch(/What each model assumes:/);
    expect(out).toMatch(/Mt: Lists record people independently/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]+role="img"/);
  });

  it('exits 3 naming the row and column of a bad file, 4 for a missing one', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'A,B,count\n1,0,3\n1,x,2\n');
    expect(await run(['estimate', '--counts', bad])).toBe(ExitCode.invalidInput);
    expect(err).toContain('row 3, column "B": expected 0 or 1');
    expect(await run(['estimate', '--counts', path.join(dir, 'nope.csv')])).toBe(ExitCode.notFound);
  });

  it('--store refuses --counts beside it, and --run/--by without it (exit 2)', async () => {
    expect(await run(['estimate', '--store', '--counts', koreaCsv])).toBe(ExitCode.usage);
    expect(await run(['estimate', '--counts', koreaCsv, '--by', 'year'])).toBe(ExitCode.usage);
    expect(await run(['estimate', '--counts', koreaCsv, '--run', 'x'])).toBe(ExitCode.usage);
    expect(await run(['estimate', '--store', '--by', 'year,colour'])).toBe(ExitCode.usage);
    expect(err).toMatch(/"colour" is not a stratum field \(one of year, province, violation\)/);
  });

  it('rejects bad options with a usage error', async () => {
    expect(await run(['estimate', '--counts', koreaCsv, '--method', 'magic'])).toBe(ExitCode.usage);
    expect(await run(['estimate', '--counts', koreaCsv, '--K', '1'])).toBe(ExitCode.usage);
  });
});

/**
 * From the store: a synthetic population of 1,500 women and 4 organisations' lists (980 records of
 * 679 women when this was written), imported, linked by the coordinator, estimated. With 4 lists
 * the latent-class model at its default chains holds the true size both with perfect linkage and
 * with the stored linkage (1,517, 95% interval 1,217 to 2,033, on 2026-12-01); with 3 lists of
 * this population it does not even with perfect linkage (590 to 1,377), so that is not asserted.
 * Missed links inflate the estimate (extra people seen by one list): see src/linkage/README.md.
 */
describe.each(['pglite', 'postgres'] as const)('jayu estimate --store (%s)', (backend) => {
  const { dir, summary } = population(1500, 4, 3);
  let store: CliStore;
  const outputs: string[] = [];
  const jayuAs = async (user: string, argv: string[]) => {
    vi.restoreAllMocks(); // runCli captures the output itself
    const r = await store.jayu(user, argv);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    store = await cliStore(backend, summary.sources, async (fx, addUser) => {
      await importPopulation(fx, dir, summary);
      for (let i = 1; i <= 4; i++) await addUser(`coordinator${i}`, 'coordinator', null);
    });
  }, 600_000);
  afterAll(async () => {
    await store?.close();
    cleanUpPopulations(dir);
  });

  it('no linkage run yet: a clear exit 4', async () => {
    const r = await jayuAs(`analyst-${summary.sources[0]}`, ['estimate', '--store']);
    expect(r.code).toBe(ExitCode.notFound);
    expect(r.stderr).toMatch(
      /no linkage run of your organisations is stored: run jayu link --store/,
    );
  });

  it('estimates from the latest linkage run; the interval holds the true population', async () => {
    const linked = await jayuAs('coordinator1', ['link', '--store', '--json']);
    expect(linked.code, linked.stderr).toBe(ExitCode.ok);
    const runId = JSON.parse(linked.stdout).run;
    const r = await jayuAs('coordinator2', ['estimate', '--store', '--json', '--method', 'lcmcr']);
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(r.stdout);
    expect(json.source).toMatchObject({
      kind: 'store',
      run: runId,
      organisations: [...summary.sources].sort(),
      records: summary.documented.records,
    });
    expect(json.lists).toEqual([...summary.sources].sort());
    expect(json.observed).toBe(json.source.people);
    // Linkage leaves at most a few more people than were documented, never fewer than 95%.
    expect(json.observed).toBeGreaterThanOrEqual(0.95 * summary.documented.people);
    expect(json.observed).toBeLessThanOrEqual(1.1 * summary.documented.people);
    expect(json.strata).toBeUndefined();
    expect(json.selected.model).toBe('LCMCR');
    const [lo, hi] = json.selected.ci95;
    expect(lo).toBeLessThanOrEqual(summary.population.size);
    expect(hi).toBeGreaterThanOrEqual(summary.population.size);
  });

  it('--by year: every stratum estimated, and their sum with an interval', async () => {
    const r = await jayuAs('coordinator3', [
      'estimate',
      '--store',
      '--by',
      'year',
      '--method',
      'loglinear',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    const json = JSON.parse(r.stdout);
    expect(json.strata.by).toEqual(['year']);
    expect(json.strata.overlapping).toBe(false);
    const strata = json.strata.strata as Array<{ key: string; observed: number }>;
    expect(strata.length).toBeGreaterThan(10);
    expect(strata.every((s) => /^(\d{4}|unknown)$/.test(s.key))).toBe(true);
    expect(strata.reduce((n, s) => n + s.observed, 0)).toBe(json.observed);
    expect(json.strata.total.observed).toBe(json.observed);
    const total = json.strata.total.loglinear;
    expect(total.estimate).toBeGreaterThan(json.observed);
    expect(total.ci95[0]).toBeLessThan(total.estimate);
    expect(total.ci95[1]).toBeGreaterThan(total.estimate);
  });

  it('--by violation prints the strata and says that they overlap', async () => {
    const r = await jayuAs('coordinator4', [
      'estimate',
      '--store',
      '--by',
      'violation',
      '--method',
      'loglinear',
    ]);
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    expect(r.stdout).toMatch(
      new RegExp(
        `^Linkage run \\S+ \\(.+\\): ${summary.documented.records} records, [\\d,]+ people`,
      ),
    );
    expect(r.stdout).toMatch(/By violation: \d+ strata/);
    expect(r.stdout).toMatch(/\n {2}sexual_slavery\s+[\d,]+/);
    expect(r.stdout).toMatch(/Sum of the strata \(a woman with several violations is in each/);
  });

  it('prints no name, birth date, id number or address', () => {
    const text = outputs.join('\n');
    expect(canaries(dir, summary).filter((v) => text.includes(v))).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../../../test/datasets';
import { loadReferenceFile, referenceTable } from '../../estimate/reference-data';
import { tableToCsv } from '../../estimate/table';
import { ExitCode } from '../exit-codes';
import { run } from '../main';

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

  it('--store says clearly that it is not available yet (exit 4)', async () => {
    expect(await run(['estimate', '--store', '--by', 'year'])).toBe(ExitCode.notFound);
    expect(err).toMatch(/not available yet: it needs linkage results/);
  });

  it('rejects bad options with a usage error', async () => {
    expect(await run(['estimate', '--counts', koreaCsv, '--method', 'magic'])).toBe(ExitCode.usage);
    expect(await run(['estimate', '--counts', koreaCsv, '--K', '1'])).toBe(ExitCode.usage);
  });
});

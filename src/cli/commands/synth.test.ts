import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { ExitCode } from '../exit-codes';

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-synth-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('jayu synth', () => {
  it('writes the lists, cases and truth', async () => {
    const out = tmp();
    const code = await run([
      'synth',
      '--people',
      '300',
      '--sources',
      '3',
      '--seed',
      '9',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(code).toBe(ExitCode.ok);
    for (const f of [
      'haneul.csv',
      'saebyeok.csv',
      'bitna.csv',
      'cases.jsonl',
      'truth.csv',
      'population.json',
      'population.jsonl',
    ]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(path.join(out, 'population.json'), 'utf8'));
    expect(summary.population.size).toBe(300);
    expect(summary.sources).toEqual(['haneul', 'saebyeok', 'bitna']);
  });

  it('honours --no-hidden, --years and --noise', async () => {
    const out = tmp();
    const code = await run([
      'synth',
      '--people',
      '200',
      '--sources',
      '2',
      '--out',
      out,
      '--years',
      '2010-2015',
      '--noise',
      'heavy',
      '--no-hidden',
      '--no-progress',
    ]);
    expect(code).toBe(ExitCode.ok);
    expect(existsSync(path.join(out, 'population.jsonl'))).toBe(false);
    const summary = JSON.parse(readFileSync(path.join(out, 'population.json'), 'utf8'));
    expect(summary.noise).toBe('heavy');
    expect(Object.keys(summary.population.byCrossingYear)).toEqual([
      '2010',
      '2011',
      '2012',
      '2013',
      '2014',
      '2015',
    ]);
  });

  it('exits with the usage code on bad arguments, writing nothing', async () => {
    const out = path.join(tmp(), 'never');
    for (const args of [
      ['--people', '0'],
      ['--people', 'many'],
      ['--people', '10', '--sources', '9'],
      ['--people', '10', '--noise', 'loud'],
      ['--people', '10', '--years', '2015-2010'],
      ['--people', '10', '--years', 'recent'],
    ]) {
      expect(await run(['synth', ...args, '--out', out, '--no-progress']), args.join(' ')).toBe(
        ExitCode.usage,
      );
    }
    expect(await run(['synth', '--people', '10'])).toBe(ExitCode.usage);
    expect(existsSync(out)).toBe(false);
  });
});

/**
 * Shared by the linkage benchmarks: running `jayu link` as a child process (the CLI path, with
 * its own peak memory) under /usr/bin/time, synthetic populations from `jayu synth`, the machine
 * line. The scripts print Markdown rows for the "## Record linkage" section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluationReport } from '../src/linkage/evaluate';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jayu = path.join(repoRoot, 'bin', 'jayu.js');

export interface LinkMeasure {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  summary: {
    records: number;
    sources: number;
    candidatePairs: number;
    keptPairs: number;
    clusters: number;
    threshold: number;
    evaluation?: EvaluationReport;
  };
}

/** Runs `jayu link <args> --json --no-progress` in a fresh process and measures it. */
export function runLink(args: string[]): LinkMeasure {
  const timing = path.join(os.tmpdir(), `jayu-bench-time-${process.pid}.txt`);
  const res = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %U %S %M',
      '-o',
      timing,
      process.execPath,
      jayu,
      'link',
      ...args,
      '--json',
      '--no-progress',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24, cwd: repoRoot },
  );
  if (res.status !== 0) throw new Error(`jayu link failed (${res.status}): ${res.stderr}`);
  const [wall, user, system, rssKb] = readFileSync(timing, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  return {
    wallSeconds: wall,
    cpuSeconds: user + system,
    maxRssMb: rssKb / 1024,
    summary: JSON.parse(res.stdout) as LinkMeasure['summary'],
  };
}

/** A synthetic population from `jayu synth`, generated once into the cache folder. */
export function synthPopulation(
  people: number,
  noise: 'default' | 'heavy',
  cache = path.join(os.tmpdir(), 'jayu-bench-linkage'),
): { inputs: string[]; truth: string } {
  const dir = path.join(cache, `synth-${people}-${noise}-s4-seed1`);
  const truth = path.join(dir, 'truth.csv');
  if (!existsSync(truth)) {
    mkdirSync(dir, { recursive: true });
    const res = spawnSync(
      process.execPath,
      [
        jayu,
        'synth',
        '--people',
        String(people),
        '--sources',
        '4',
        '--seed',
        '1',
        '--noise',
        noise,
        '--out',
        dir,
        '--no-hidden',
        '--no-progress',
      ],
      { encoding: 'utf8', cwd: repoRoot, maxBuffer: 1 << 20 },
    );
    if (res.status !== 0) throw new Error(`jayu synth failed: ${res.stderr}`);
  }
  const inputs = readdirSync(dir)
    .filter((f) => f.endsWith('.csv') && f !== 'truth.csv')
    .sort()
    .map((f) => path.join(dir, f));
  return { inputs, truth };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const pct = (x: number | undefined) => (x === undefined ? '-' : (100 * x).toFixed(1));

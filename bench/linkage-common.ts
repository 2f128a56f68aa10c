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
import { evaluateClusters, type EvaluationReport } from '../src/linkage/evaluate';

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

/**
 * Pairwise and cluster metrics of a clusters.csv (source,record_id,cluster_id) against a truth
 * file (source,record_id,entity_id), read here rather than by `jayu link --truth`, so that a
 * timed run measures linkage only (reading a million truth rows and scoring them takes seconds).
 * Both files are written by our own tools: plain fields, no quoted commas.
 */
export function evaluateFiles(clustersCsv: string, truthCsv: string): EvaluationReport {
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1);
  const index = new Map<string, number>();
  const clusters: number[] = [];
  const clusterIds = new Map<string, number>();
  for (const line of lines(clustersCsv)) {
    if (!line) continue;
    const [source, id, cluster] = line.split(',');
    index.set(`${source}\u0000${id}`, clusters.length);
    let c = clusterIds.get(cluster);
    if (c === undefined) clusterIds.set(cluster, (c = clusterIds.size));
    clusters.push(c);
  }
  const entityOf = new Int32Array(clusters.length).fill(-1);
  const entityIds = new Map<string, number>();
  for (const line of lines(truthCsv)) {
    if (!line) continue;
    const [source, id, entity] = line.split(',');
    const at = index.get(`${source}\u0000${id}`);
    if (at === undefined) continue;
    let e = entityIds.get(entity);
    if (e === undefined) entityIds.set(entity, (e = entityIds.size));
    entityOf[at] = e;
  }
  return evaluateClusters(Int32Array.from(clusters), entityOf);
}

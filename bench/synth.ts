/**
 * Benchmark of `jayu synth`: wall and CPU time, records per CPU second, peak memory (max RSS)
 * and output size, for a population of --people (default 1,000,000). Each run is a fresh child
 * process so that its peak memory is its own; the figures are the medians over --runs.
 *
 *   npx tsx bench/synth.ts [--people 1000000] [--sources 4] [--runs 1] [--noise default]
 *
 * Prints a Markdown table row for bench/RESULTS.md ("## Synthetic population").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesise } from '../src/synth';

interface Measure {
  seconds: number;
  /** CPU time (user + system): the figure to trust on a shared, loaded machine. */
  cpuSeconds: number;
  maxRssMb: number;
  records: number;
  people: number;
  outputMb: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function child(): void {
  const out = arg('out', '');
  const people = Number(arg('people', '1000000'));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { summary } = synthesise({
    people,
    sources: Number(arg('sources', '4')),
    seed: Number(arg('seed', '1')),
    noise: arg('noise', 'default') as 'default' | 'heavy',
    out,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const outputMb = readdirSync(out).reduce((n, f) => n + statSync(path.join(out, f)).size, 0) / 1e6;
  const measure: Measure = {
    seconds,
    cpuSeconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    records: summary.documented.records,
    people,
    outputMb,
  };
  process.stdout.write(`${JSON.stringify(measure)}\n`);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function main(): void {
  const runs = Number(arg('runs', '1'));
  const people = arg('people', '1000000');
  const sources = arg('sources', '4');
  const noise = arg('noise', 'default');
  const self = fileURLToPath(import.meta.url);
  const measures: Measure[] = [];
  for (let r = 0; r < runs; r++) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-synth-'));
    try {
      const res = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          self,
          '--child',
          '--out',
          out,
          '--people',
          people,
          '--sources',
          sources,
          '--noise',
          noise,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (res.status !== 0) throw new Error(`run ${r + 1} failed: ${res.stderr}`);
      const m = JSON.parse(res.stdout.trim().split('\n').pop() as string) as Measure;
      measures.push(m);
      process.stderr.write(
        `run ${r + 1}: ${m.seconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU, ${m.maxRssMb.toFixed(0)} MB max RSS\n`,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  const seconds = median(measures.map((m) => m.seconds));
  const cpuSeconds = median(measures.map((m) => m.cpuSeconds));
  const rss = median(measures.map((m) => m.maxRssMb));
  const { records, outputMb } = measures[0];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    `| ${date} | ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version} ` +
      `| \`npx tsx bench/synth.ts --people ${people} --sources ${sources} --runs ${runs}${noise === 'default' ? '' : ` --noise ${noise}`}\` ` +
      `| ${Number(people).toLocaleString('en')} | ${records.toLocaleString('en')} | ${seconds.toFixed(1)} s ` +
      `| ${cpuSeconds.toFixed(1)} s | ${Math.round(records / cpuSeconds).toLocaleString('en')} ` +
      `| ${rss.toFixed(0)} MB | ${outputMb.toFixed(0)} MB |\n`,
  );
}

if (process.argv.includes('--child')) child();
else main();

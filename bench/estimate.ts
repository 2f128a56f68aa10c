/**
 * Estimation benchmarks: `npx tsx bench/estimate.ts [--section timing|lcmcr|simulation|synth|
 * synth-linkage|all] [--runs N] [--replicates N] [--seeds N] [--people 2000,8000] [--sources 4,5]
 * [--heterogeneity 0,0.5,1,2] [--linkage-seeds N] [--lcmcr K,BURNIN,SAMPLES,THINNING,CHAINS]
 * [--methods lcmcr,loglinear,dga]`.
 *
 *  timing         the twelve Rcapture models and the hierarchical model search (4, 5, 6 lists)
 *  lcmcr          110,000 LCMCR sweeps on Kosovo with K = 10 (the R package's reference run)
 *  simulation     coverage of the 95% intervals and bias on populations simulated with capture
 *                 heterogeneity (the latent-class scenarios of datasets.json plus a homogeneous
 *                 one), `--replicates` tables per row
 *  synth          the same on populations from `jayu synth` (src/synth), true linkage: seeds
 *                 1..`--seeds` for every heterogeneity scale x size x number of lists
 *  synth-capture  how unequal the chance of being documented is at each heterogeneity scale
 *  synth-linkage  `jayu synth` files linked by src/linkage (linkRecords, default settings), capture
 *                 histories from the clusters, against the true histories of the same files
 *
 * Prints Markdown tables (medians of the runs; wall and CPU time, since the machine is shared).
 * Coverage comes with its Wilson 95% interval (binomial: how sure the table count makes it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { datasetPath } from '../test/datasets';
import { dgaModelAveraging } from '../src/estimate/dga';
import {
  fitHierarchicalWithInterval,
  searchHierarchicalModels,
} from '../src/estimate/hierarchical';
import { runLcmcr } from '../src/estimate/lcmcr';
import { fitClosedp } from '../src/estimate/loglinear';
import { Random } from '../src/estimate/random';
import { loadReferenceFile, referenceTable } from '../src/estimate/reference-data';
import { type CaptureTable, tableFromCounts } from '../src/estimate/table';
import { evaluateClusters } from '../src/linkage/evaluate';
import { readPersonLists } from '../src/linkage/input';
import { linkRecords } from '../src/linkage/run';
import { readTruth } from '../src/linkage/truth';
import { documentation } from '../src/synth/capture';
import { dayOf } from '../src/synth/dates';
import { ORGANISATIONS, type NoiseLevel } from '../src/synth/organisations';
import { generateVictim } from '../src/synth/population';
import { Habits } from '../src/synth/record';
import { synthesise } from '../src/synth/synthesise';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const section = arg('section', 'all');
const runs = Number(arg('runs', '5'));
const replicates = Number(arg('replicates', '30'));
const file = loadReferenceFile(datasetPath('mse/datasets.json'));
const dataset = (id: string) => referenceTable(file.datasets.find((d) => d.id === id)!);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall and CPU seconds of `runs` runs of fn (after one warm-up run). */
function time(fn: () => unknown, n = runs): { wall: number; cpu: number } {
  fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    walls.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const s3 = (x: number) => x.toFixed(3);

if (section === 'all' || section === 'timing') {
  console.log('\n### Log-linear models: twelve models and model search\n');
  console.log('| task | dataset | lists | models fitted | wall (s) | CPU (s) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const id of ['kosovo', 'congenital_massachusetts', 'UKdat']) {
    const t = dataset(id);
    const r = time(() => fitClosedp(t));
    console.log(
      `| twelve models (closedp.t) | ${id} | ${t.lists.length} | 12 | ${s3(r.wall)} | ${s3(r.cpu)} |`,
    );
  }
  const searches: [string, string, { maxorder?: number; strategy?: 'exhaustive' | 'downhill' }][] =
    [
      ['kosovo', 'BIC search, default (orders <= 3)', {}],
      ['UKdat_5', 'BIC search, default (orders <= 3)', {}],
      ['UKdat_5', 'BIC search, orders <= 4', { maxorder: 4 }],
      ['UKdat', 'BIC search, default (downhill, orders <= 2)', {}],
      ['UKdat', 'BIC search, exhaustive, orders <= 2', { maxorder: 2, strategy: 'exhaustive' }],
    ];
  for (const [id, label, opts] of searches) {
    const t = dataset(id);
    let examined = 0;
    const r = time(
      () => {
        examined = searchHierarchicalModels(t, opts).examined;
      },
      id === 'UKdat' && opts.strategy === 'exhaustive' ? 1 : runs,
    );
    console.log(
      `| ${label} | ${id} | ${t.lists.length} | ${examined} | ${s3(r.wall)} | ${s3(r.cpu)} |`,
    );
  }
}

if (section === 'all' || section === 'lcmcr') {
  console.log(
    '\n### LCMCR: 110,000 sweeps on Kosovo, K = 10 (burn-in 10,000 + 1,000 x thinning 100, one chain)\n',
  );
  const t = dataset('kosovo');
  const walls: number[] = [];
  const cpus: number[] = [];
  const medians: number[] = [];
  for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
    const c0 = process.cpuUsage();
    const res = runLcmcr(t, {
      K: 10,
      burnin: 10_000,
      samples: 1000,
      thinning: 100,
      chains: 1,
      seed: i + 1,
    });
    const c = process.cpuUsage(c0);
    walls.push(res.seconds);
    cpus.push((c.user + c.system) / 1e6);
    medians.push(res.median);
  }
  console.log(
    '| runs | sweeps per run | median wall (s) | median CPU (s) | sweeps per CPU second | posterior medians |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${walls.length} | 110,500 (incl. 500 warm-up) | ${s3(median(walls))} | ${s3(median(cpus))} | ${Math.round(110_500 / median(cpus)).toLocaleString('en-US')} | ${medians.join(', ')} |`,
  );
}

/** Methods compared in the coverage studies, on one table with known truth. */
interface MethodOutcome {
  estimate: number;
  lo: number;
  hi: number;
}

/**
 * LCMCR run in the coverage studies: `--lcmcr K,BURNIN,SAMPLES,THINNING,CHAINS` (default
 * 10,2000,1000,10,1; `jayu estimate` runs 5,10000,1000,10,2).
 */
const LCMCR_RUN = (() => {
  const [K, burnin, samples, thinning, chains] = arg('lcmcr', '10,2000,1000,10,1')
    .split(',')
    .map(Number);
  return { K, burnin, samples, thinning, chains };
})();
/** Methods in the coverage studies: `--methods lcmcr,loglinear,dga` (default all three). */
const METHODS = new Set(arg('methods', 'lcmcr,loglinear,dga').split(','));

/** CPU seconds spent in each method, summed over every table of the run. */
const methodCpu: Record<string, { seconds: number; tables: number }> = {};

function cpuOf<T>(name: string, fn: () => T): T {
  const c0 = process.cpuUsage();
  try {
    return fn();
  } finally {
    const c = process.cpuUsage(c0);
    const m = (methodCpu[name] ??= { seconds: 0, tables: 0 });
    m.seconds += (c.user + c.system) / 1e6;
    m.tables++;
  }
}

function methods(table: CaptureTable, seed: number): Record<string, MethodOutcome | null> {
  const out: Record<string, MethodOutcome | null> = {};
  if (METHODS.has('lcmcr'))
    out.LCMCR = cpuOf('LCMCR', () => {
      const lc = runLcmcr(table, { ...LCMCR_RUN, seed });
      return { estimate: lc.median, lo: lc.ci95[0], hi: lc.ci95[1] };
    });
  if (METHODS.has('loglinear'))
    out['log-linear, BIC'] = cpuOf('log-linear, BIC', () => {
      const search = searchHierarchicalModels(table);
      if (!search.ranked.length) return null;
      const best = fitHierarchicalWithInterval(table, search.ranked[0].model);
      const p = best.profile;
      return p ? { estimate: best.fit.abundance, lo: p.lower, hi: p.upper } : null;
    });
  if (METHODS.has('dga') && table.lists.length >= 3 && table.lists.length <= 5) {
    out.dga = cpuOf('dga', () => {
      const d = dgaModelAveraging(table);
      return { estimate: d.median, lo: d.ci95[0], hi: d.ci95[1] };
    });
  }
  return out;
}

interface Tally {
  n: number;
  covered: number;
  failed: number;
  /** Intervals wholly below / above the truth. */
  below: number;
  above: number;
  relBias: number[];
  width: number[];
}

function tally(
  results: Record<string, Tally>,
  outcome: Record<string, MethodOutcome | null>,
  truth: number,
): void {
  for (const [name, o] of Object.entries(outcome)) {
    const t = (results[name] ??= {
      n: 0,
      covered: 0,
      failed: 0,
      below: 0,
      above: 0,
      relBias: [],
      width: [],
    });
    t.n++;
    if (!o || !Number.isFinite(o.estimate)) {
      t.failed++;
      continue;
    }
    if (o.lo <= truth && truth <= o.hi) t.covered++;
    else if (o.hi < truth) t.below++;
    else t.above++;
    t.relBias.push((o.estimate - truth) / truth);
    t.width.push(Number.isFinite(o.hi) ? (o.hi - o.lo) / truth : Infinity);
  }
}

/** Wilson score interval (95%) for a binomial proportion x / n. */
function wilson(x: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const pct1 = (x: number) => `${(100 * x).toFixed(1)}%`;

const TALLY_HEADER =
  '| method | tables | 95% interval holds N | Wilson 95% | misses low / high | mean bias | median bias | median width / N | no estimate |';

function printTallies(label: string, results: Record<string, Tally>): void {
  for (const [name, t] of Object.entries(results)) {
    const meanBias = t.relBias.reduce((a, b) => a + b, 0) / Math.max(1, t.relBias.length);
    const [lo, hi] = wilson(t.covered, t.n);
    console.log(
      `| ${label} | ${name} | ${t.n} | ${pct1(t.covered / t.n)} | ${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)}% | ${t.below} / ${t.above} | ${pct1(meanBias)} | ${pct1(median(t.relBias))} | ${(100 * median(t.width)).toFixed(0)}% | ${t.failed} |`,
    );
  }
}

function resetMethodCpu(): void {
  for (const name of Object.keys(methodCpu)) delete methodCpu[name];
}

function printMethodCpu(): void {
  console.log(
    '\nCPU per table (mean over the run): ' +
      Object.entries(methodCpu)
        .map(([name, m]) => `${name} ${(m.seconds / m.tables).toFixed(3)} s`)
        .join(', '),
  );
}

/** Capture counts for a population made of latent strata with their own list probabilities. */
function simulateTable(
  strata: { size: number; list_probs: number[] }[],
  rng: Random,
): CaptureTable {
  const J = strata[0].list_probs.length;
  const counts = new Float64Array(1 << J);
  for (const s of strata) {
    for (let i = 0; i < s.size; i++) {
      let mask = 0;
      for (let j = 0; j < J; j++) if (rng.uniform() < s.list_probs[j]) mask |= 1 << j;
      counts[mask]++;
    }
  }
  counts[0] = 0;
  return tableFromCounts(
    Array.from({ length: J }, (_, j) => `L${j + 1}`),
    counts,
  );
}

if (section === 'all' || section === 'simulation') {
  resetMethodCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const scenarios: Record<string, { size: number; list_probs: number[] }[]> = {
    homogeneous: [{ size: 2000, list_probs: [0.2, 0.15, 0.25, 0.3, 0.1] }],
  };
  for (const sc of file.simulation_scenarios) {
    if (Array.isArray(sc.strata)) scenarios.sim1 = sc.strata;
    else Object.assign(scenarios, sc.strata);
  }
  const plan: { name: string; scale: number }[] = [
    ...Object.keys(scenarios).map((name) => ({ name, scale: 1 })),
    { name: 'homogeneous', scale: 0.5 },
    { name: 'homogeneous', scale: 2.5 },
    { name: 'sim1', scale: 0.5 },
    { name: 'sim1', scale: 2.5 },
  ];
  console.log(`\n### Coverage on simulated populations (${replicates} replicates per row)\n`);
  console.log(
    'Lists: 5. Strata sizes scaled from N = 2000; truth = the simulated population size.\n',
  );
  console.log(`| scenario (N) ${TALLY_HEADER}`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const overall: Record<string, Tally> = {};
  for (const { name, scale } of plan) {
    const strata = scenarios[name].map((s) => ({
      size: Math.round(s.size * scale),
      list_probs: s.list_probs,
    }));
    const N = strata.reduce((a, s) => a + s.size, 0);
    const results: Record<string, Tally> = {};
    for (let r = 0; r < replicates; r++) {
      const rng = Random.stream(1000 + r, Math.round(scale * 10));
      const table = simulateTable(strata, rng);
      const outcome = methods(table, r + 1);
      tally(results, outcome, N);
      tally(overall, outcome, N);
    }
    printTallies(`${name} (${N})`, results);
  }
  printTallies('all simulated', overall);
  const c = process.cpuUsage(c0);
  printMethodCpu();
  console.log(
    `Section: ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - t0) / 1000).toFixed(1)} s wall.`,
  );
}

const listArg = (name: string, fallback: string) => arg(name, fallback).split(',').map(Number);
const LEVEL_NAMES: Record<string, string> = {
  '0': 'none',
  '0.5': 'low',
  '1': 'default',
  '2': 'high',
};
const levelName = (h: number) => `${LEVEL_NAMES[String(h)] ?? 'scale'} (${h})`;
const SYNTH_YEARS = { from: 2000, to: 2024 };
const SYNTH_HORIZON = dayOf(SYNTH_YEARS.to, 12, 31);

/**
 * The true capture counts of a `jayu synth` population (perfect linkage: each woman is one capture
 * history), built in memory with the generator's own functions: what `jayu synth --people N
 * --sources K --seed S --heterogeneity H` documents, without writing the records.
 */
function synthTable(people: number, sources: number, seed: number, heterogeneity: number) {
  const orgs = ORGANISATIONS.slice(0, sources).map((p) => new Habits(p, 'default'));
  const counts = new Float64Array(1 << sources);
  for (let index = 0; index < people; index++) {
    const victim = generateVictim(index, { seed, years: SYNTH_YEARS });
    let mask = 0;
    for (const c of documentation(victim, orgs, seed, SYNTH_HORIZON, heterogeneity))
      mask |= 1 << c.org;
    counts[mask]++;
  }
  counts[0] = 0;
  return tableFromCounts(
    orgs.map((o) => o.profile.id),
    counts,
  );
}

const observedOf = (t: CaptureTable) => t.counts.reduce((a, b) => a + b, 0);

if (section === 'all' || section === 'synth-capture') {
  // How unequal the chance of being documented is at each heterogeneity scale: each woman of one
  // population (seed 1) documented again under 100 other capture seeds (her life unchanged).
  const people = Number(arg('capture-people', '2000'));
  const levels = listArg('heterogeneity', '0,0.5,1,2');
  const draws = 100;
  console.log(
    `\n### Chance of being documented on at least one of 4 lists (N=${people}, seed 1, ${draws} capture draws per woman)\n`,
  );
  console.log('| heterogeneity | mean | SD across women | under 5% | under 10% | under 20% |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const orgs = ORGANISATIONS.slice(0, 4).map((p) => new Habits(p, 'default'));
  const victims = Array.from({ length: people }, (_, i) =>
    generateVictim(i, { seed: 1, years: SYNTH_YEARS }),
  );
  for (const h of levels) {
    const p = victims.map((v) => {
      let k = 0;
      for (let r = 0; r < draws; r++)
        if (documentation(v, orgs, 1000 + r, SYNTH_HORIZON, h).length) k++;
      return k / draws;
    });
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    const sd = Math.sqrt(p.reduce((a, b) => a + (b - mean) ** 2, 0) / p.length);
    const under = (t: number) => pct1(p.filter((x) => x < t).length / p.length);
    console.log(
      `| ${levelName(h)} | ${pct1(mean)} | ${pct1(sd)} | ${under(0.05)} | ${under(0.1)} | ${under(0.2)} |`,
    );
  }
}

if (section === 'all' || section === 'synth') {
  const seeds = Number(arg('seeds', '40'));
  resetMethodCpu();
  const sizes = listArg('people', '2000,8000');
  const listCounts = listArg('sources', '4,5');
  const levels = listArg('heterogeneity', '0,0.5,1,2');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  console.log(
    `\n### Coverage on \`jayu synth\` populations (true linkage; seeds 1-${seeds} per row)\n`,
  );
  console.log(`| heterogeneity, N, lists ${TALLY_HEADER}`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const byLevel = new Map<number, Record<string, Tally>>();
  const overall: Record<string, Tally> = {};
  const documented: string[] = [];
  for (const h of levels) {
    const level: Record<string, Tally> = {};
    byLevel.set(h, level);
    for (const people of sizes) {
      for (const sources of listCounts) {
        const results: Record<string, Tally> = {};
        const shares: number[] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const table = synthTable(people, sources, seed, h);
          shares.push(observedOf(table) / people);
          const outcome = methods(table, seed);
          tally(results, outcome, people);
          tally(level, outcome, people);
          tally(overall, outcome, people);
        }
        printTallies(`${levelName(h)}, N=${people}, ${sources} lists`, results);
        documented.push(
          `${levelName(h)}, N=${people}, ${sources} lists: ${pct1(median(shares))} documented`,
        );
      }
    }
  }
  for (const [h, level] of byLevel) printTallies(`${levelName(h)}, all`, level);
  printTallies('all synth', overall);
  const c = process.cpuUsage(c0);
  console.log(`\nMedian share of N documented (on at least one list): ${documented.join('; ')}.`);
  printMethodCpu();
  console.log(
    `Section: ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - t0) / 1000).toFixed(1)} s wall.`,
  );
}

if (section === 'all' || section === 'synth-linkage') {
  const seeds = Number(arg('linkage-seeds', '20'));
  resetMethodCpu();
  const plan: { people: number; sources: number; noise: NoiseLevel }[] = [
    { people: 2000, sources: 4, noise: 'default' },
    { people: 8000, sources: 4, noise: 'default' },
    { people: 2000, sources: 4, noise: 'heavy' },
  ];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let linkCpu = 0;
  const work = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-estimate-'));
  console.log(
    `\n### Coverage through record linkage (\`jayu synth\` files -> linkRecords -> capture histories; seeds 1-${seeds} per row)\n`,
  );
  console.log(`| population, linkage ${TALLY_HEADER}`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const linkageRows: string[] = [];
  try {
    for (const { people, sources, noise } of plan) {
      const truthResults: Record<string, Tally> = {};
      const linkedResults: Record<string, Tally> = {};
      const shift: Record<string, number[]> = {};
      const q = {
        precision: [] as number[],
        recall: [] as number[],
        persons: [] as number[],
        split: [] as number[],
      };
      for (let seed = 1; seed <= seeds; seed++) {
        const dir = path.join(work, `p${people}-${noise}-s${seed}`);
        const { summary } = synthesise({ people, sources, seed, noise, out: dir, hidden: false });
        const records = await readPersonLists(
          summary.sources.map((s) => path.join(dir, `${s}.csv`)),
        );
        const { entityOf } = await readTruth(path.join(dir, 'truth.csv'), records);
        const l0 = process.cpuUsage();
        const linked = await linkRecords(records, { seed });
        const l = process.cpuUsage(l0);
        linkCpu += (l.user + l.system) / 1e6;
        rmSync(dir, { recursive: true, force: true });
        const ev = evaluateClusters(linked.clustering.clusterOf, entityOf);
        // Capture histories: one per true person, and one per cluster of the linkage.
        const historyOf = (groupOf: ArrayLike<number>) => {
          const masks = new Map<number, number>();
          for (let i = 0; i < records.size; i++)
            masks.set(groupOf[i], (masks.get(groupOf[i]) ?? 0) | (1 << records.sourceOf[i]));
          const counts = new Float64Array(1 << sources);
          for (const m of masks.values()) counts[m]++;
          return tableFromCounts(summary.sources, counts);
        };
        const truthTable = historyOf(entityOf);
        const linkedTable = historyOf(linked.clustering.clusterOf);
        // The files' truth and the in-memory study must agree (the same generator).
        const memory = synthTable(people, sources, seed, 1);
        if (memory.counts.some((v, m) => v !== truthTable.counts[m]))
          throw new Error(`seed ${seed}: truth.csv histories differ from the in-memory ones`);
        q.precision.push(ev.pairwise.precision);
        q.recall.push(ev.pairwise.recall);
        q.persons.push(observedOf(linkedTable) / observedOf(truthTable) - 1);
        // Women on two or more lists whose records the linkage left in more than one cluster.
        const lists = new Map<number, number>();
        const cluster = new Map<number, number>();
        const split = new Set<number>();
        for (let i = 0; i < records.size; i++) {
          const e = entityOf[i];
          lists.set(e, (lists.get(e) ?? 0) | (1 << records.sourceOf[i]));
          const c = linked.clustering.clusterOf[i];
          if ((cluster.get(e) ?? c) !== c) split.add(e);
          cluster.set(e, c);
        }
        const multi = [...lists].filter(([, m]) => m & (m - 1));
        q.split.push(multi.filter(([e]) => split.has(e)).length / multi.length);
        const a = methods(truthTable, seed);
        const b = methods(linkedTable, seed);
        tally(truthResults, a, people);
        tally(linkedResults, b, people);
        for (const name of Object.keys(a)) {
          const x = a[name];
          const y = b[name];
          if (x && y) (shift[name] ??= []).push((y.estimate - x.estimate) / people);
        }
      }
      const label = `N=${people}, ${sources} lists, noise ${noise}`;
      printTallies(`${label}, true linkage`, truthResults);
      printTallies(`${label}, Fellegi-Sunter linkage`, linkedResults);
      linkageRows.push(
        `| ${label} | ${pct1(median(q.precision))} | ${pct1(median(q.recall))} | ${pct1(median(q.split))} | ${pct1(median(q.persons))} | ${Object.entries(
          shift,
        )
          .map(([name, xs]) => `${name} ${pct1(median(xs))}`)
          .join(', ')} |`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    '\n| population | pairwise precision (median) | pairwise recall (median) | women on 2+ lists split by the linkage (median) | linked persons vs true documented persons (median) | median shift of the estimate, linked minus true, / N |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of linkageRows) console.log(row);
  const c = process.cpuUsage(c0);
  printMethodCpu();
  console.log(
    `Section: ${((c.user + c.system) / 1e6).toFixed(1)} s CPU (linkage ${linkCpu.toFixed(1)} s), ${((performance.now() - t0) / 1000).toFixed(1)} s wall.`,
  );
}

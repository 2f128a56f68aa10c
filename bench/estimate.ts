/**
 * Estimation benchmarks: `npx tsx bench/estimate.ts [--section timing|lcmcr|simulation|synth|all]
 * [--runs N] [--replicates N]`.
 *
 *  timing      the twelve Rcapture models and the hierarchical model search (4, 5, 6 lists)
 *  lcmcr       110,000 LCMCR sweeps on Kosovo with K = 10 (the R package's reference run)
 *  simulation  coverage of the 95% intervals and bias on populations simulated with capture
 *              heterogeneity (the latent-class scenarios of datasets.json plus a homogeneous one)
 *  synth       the same on populations from `jayu synth` (src/synth), true linkage
 *
 * Prints Markdown tables (medians of the runs; wall and CPU time, since the machine is shared).
 */
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
import { documentation } from '../src/synth/capture';
import { dayOf } from '../src/synth/dates';
import { ORGANISATIONS } from '../src/synth/organisations';
import { generateVictim } from '../src/synth/population';
import { Habits } from '../src/synth/record';

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

function methods(table: CaptureTable, seed: number): Record<string, MethodOutcome | null> {
  const out: Record<string, MethodOutcome | null> = {};
  const lc = runLcmcr(table, { K: 10, burnin: 2000, samples: 1000, thinning: 10, chains: 1, seed });
  out.LCMCR = { estimate: lc.median, lo: lc.ci95[0], hi: lc.ci95[1] };
  const search = searchHierarchicalModels(table);
  if (search.ranked.length) {
    const best = fitHierarchicalWithInterval(table, search.ranked[0].model);
    const p = best.profile;
    out['log-linear, BIC'] = p ? { estimate: best.fit.abundance, lo: p.lower, hi: p.upper } : null;
  } else {
    out['log-linear, BIC'] = null;
  }
  if (table.lists.length >= 3 && table.lists.length <= 5) {
    const d = dgaModelAveraging(table);
    out.dga = { estimate: d.median, lo: d.ci95[0], hi: d.ci95[1] };
  }
  return out;
}

interface Tally {
  n: number;
  covered: number;
  failed: number;
  relBias: number[];
  width: number[];
}

function tally(
  results: Record<string, Tally>,
  outcome: Record<string, MethodOutcome | null>,
  truth: number,
): void {
  for (const [name, o] of Object.entries(outcome)) {
    const t = (results[name] ??= { n: 0, covered: 0, failed: 0, relBias: [], width: [] });
    t.n++;
    if (!o || !Number.isFinite(o.estimate)) {
      t.failed++;
      continue;
    }
    if (o.lo <= truth && truth <= o.hi) t.covered++;
    t.relBias.push((o.estimate - truth) / truth);
    t.width.push(Number.isFinite(o.hi) ? (o.hi - o.lo) / truth : Infinity);
  }
}

function printTallies(label: string, results: Record<string, Tally>): void {
  for (const [name, t] of Object.entries(results)) {
    const meanBias = t.relBias.reduce((a, b) => a + b, 0) / Math.max(1, t.relBias.length);
    console.log(
      `| ${label} | ${name} | ${t.n} | ${((100 * t.covered) / t.n).toFixed(1)}% | ${(100 * meanBias).toFixed(1)}% | ${(100 * median(t.relBias)).toFixed(1)}% | ${(100 * median(t.width)).toFixed(0)}% | ${t.failed} |`,
    );
  }
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
  console.log(
    '| scenario (N) | method | tables | 95% interval holds N | mean bias | median bias | median width / N | no estimate |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
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
}

if (section === 'all' || section === 'synth') {
  console.log(
    '\n### Coverage on `jayu synth` populations (true linkage: each person is one capture history)\n',
  );
  console.log(
    '| population | method | tables | 95% interval holds N | mean bias | median bias | median width / N | no estimate |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const years = { from: 2000, to: 2024 };
  const horizon = dayOf(years.to, 12, 31);
  const overall: Record<string, Tally> = {};
  for (const people of [2000, 8000]) {
    for (const sources of [4, 5]) {
      const results: Record<string, Tally> = {};
      const orgs = ORGANISATIONS.slice(0, sources).map((p) => new Habits(p, 'default'));
      const seeds = Math.max(3, Math.round(replicates / 6));
      for (let seed = 1; seed <= seeds; seed++) {
        const counts = new Float64Array(1 << sources);
        for (let index = 0; index < people; index++) {
          const victim = generateVictim(index, { seed, years });
          let mask = 0;
          for (const c of documentation(victim, orgs, seed, horizon)) mask |= 1 << c.org;
          counts[mask]++;
        }
        counts[0] = 0;
        const table = tableFromCounts(
          orgs.map((o) => o.profile.id),
          counts,
        );
        const outcome = methods(table, seed);
        tally(results, outcome, people);
        tally(overall, outcome, people);
      }
      printTallies(`N=${people}, ${sources} lists`, results);
    }
  }
  printTallies('all synth', overall);
}

/**
 * LCMCR: Bayesian latent-class capture-recapture (Manrique-Vallier 2016, Biometrics 72:1246).
 *
 * Each person belongs to one of K latent classes; within a class, lists capture independently
 * (x_j | z = k ~ Bernoulli(lambda_jk)). Class weights follow a stick-breaking prior truncated at
 * K with concentration alpha ~ Gamma(a, b); lambda_jk ~ Beta(1, 1); p(N) proportional to 1/N
 * (truncated at N <= 21 n, as the package does).
 * Heterogeneity and list dependence are absorbed by the mixture.
 *
 * The Gibbs sampler follows the R package LCMCR (same updates, same order, same start: lambda at
 * the list frequencies, 500 warm-up sweeps without the alpha update, classes then sorted by
 * size) and works on the aggregated pattern table: for each observed pattern the class counts
 * are drawn at once from a multinomial, and the unobserved count n0 from a negative binomial,
 * so the cost per sweep depends on the number of distinct patterns, not on the number of people.
 */

import { effectiveSampleSize, gewekeZ, splitRhat } from './diagnostics';
import { mean, quantileSorted, sortedCopy, variance } from './numeric';
import { Random } from './random';
import { type CaptureTable, observedTotal } from './table';

export interface LcmcrSettings {
  /** Truncation level (maximum number of latent classes). */
  K: number;
  burnin: number;
  /** Posterior draws kept per chain. */
  samples: number;
  thinning: number;
  seed: number;
  aAlpha: number;
  bAlpha: number;
  /** Independent chains (streams of the same seed); their draws are pooled. */
  chains: number;
}

/** The R package's defaults (lcmCR and lcmCR_PostSampl), with two chains for diagnostics. */
export const LCMCR_DEFAULTS: LcmcrSettings = {
  K: 5,
  burnin: 10_000,
  samples: 1000,
  thinning: 10,
  seed: 1,
  aAlpha: 0.25,
  bAlpha: 0.25,
  chains: 2,
};

export interface LcmcrDiagnostics {
  /** Split R-hat of N over all chain halves (near 1 when chains agree; above 1.1 is a warning). */
  rhat: number;
  /** Effective sample size of N over all chains. */
  ess: number;
  /** Geweke z-score per chain (first 10% against last 50%); |z| > 2 suggests no stationarity. */
  geweke: number[];
  /** Mean number of occupied classes; near K means the truncation may bind. */
  meanOccupiedClasses: number;
  /** Largest number of occupied classes seen. */
  maxOccupiedClasses: number;
}

export interface LcmcrResult {
  settings: LcmcrSettings;
  observed: number;
  median: number;
  mean: number;
  sd: number;
  quantiles: { q025: number; q05: number; q25: number; q75: number; q95: number; q975: number };
  ci95: [number, number];
  /** Posterior draws of N, chain after chain (samples per chain each). */
  draws: Float64Array;
  diagnostics: LcmcrDiagnostics;
  sweeps: number;
  seconds: number;
}

/** State and workspace of one chain; all arrays are allocated once. */
class LcmcrChain {
  readonly J: number;
  readonly K: number;
  readonly M: number;
  readonly n: number;
  readonly cells: Uint8Array; // M x J
  readonly freq: Int32Array; // M
  readonly lambda: Float64Array; // J x K
  readonly nu: Float64Array; // K
  readonly logNu: Float64Array; // K
  readonly countMK: Int32Array; // M x K
  readonly count0K: Int32Array; // K
  readonly countK: Int32Array; // K
  readonly ones: Int32Array; // J x K: class-k people on list j
  readonly probs: Float64Array; // K
  readonly absent: Float64Array; // K: prod_j (1 - lambda_jk)
  /** Per cell, the class order of the last multinomial draw (kept to sort cheaply). */
  readonly cellOrder: Int32Array; // M x K
  /** Per class, the probability of every pattern (2^J x K) when J is small enough. */
  readonly patternProb: Float64Array | null;
  readonly masks: Int32Array; // M
  alpha = 1;
  n0 = 0;
  probZero = 0;
  occupied = 0;

  constructor(
    table: CaptureTable,
    K: number,
    readonly aAlpha: number,
    readonly bAlpha: number,
    readonly rng: Random,
  ) {
    const J = table.lists.length;
    const patterns: number[] = [];
    for (let m = 1; m < table.counts.length; m++) if (table.counts[m] > 0) patterns.push(m);
    this.J = J;
    this.K = K;
    this.M = patterns.length;
    this.n = observedTotal(table);
    this.cells = new Uint8Array(this.M * J);
    this.freq = new Int32Array(this.M);
    patterns.forEach((mask, m) => {
      this.freq[m] = table.counts[mask];
      for (let j = 0; j < J; j++) this.cells[m * J + j] = mask & (1 << j) ? 1 : 0;
    });
    this.lambda = new Float64Array(J * K);
    this.nu = new Float64Array(K);
    this.logNu = new Float64Array(K);
    this.countMK = new Int32Array(this.M * K);
    this.count0K = new Int32Array(K);
    this.countK = new Int32Array(K);
    this.ones = new Int32Array(J * K);
    this.probs = new Float64Array(K);
    this.absent = new Float64Array(K);
    this.cellOrder = new Int32Array((this.M + 1) * K);
    for (let m = 0; m <= this.M; m++) for (let k = 0; k < K; k++) this.cellOrder[m * K + k] = k;
    this.masks = Int32Array.from(patterns);
    // Pattern probabilities by a recursion over subsets cost 2^J K per sweep against M J K for
    // the direct products: worth it unless the table is much sparser than 2^J.
    this.patternProb = 1 << J <= 4 * this.M * J ? new Float64Array((1 << J) * K) : null;
  }

  initialise(): void {
    const { J, K } = this;
    // Stick-breaking weights from the prior with alpha = 1 (as the package does first).
    let acc = 0;
    for (let k = 0; k < K - 1; k++) {
      const g1 = this.rng.logGamma(1);
      const g2 = this.rng.logGamma(1);
      const gs = logSum(g1, g2);
      this.logNu[k] = g1 - gs + acc;
      acc += g2 - gs;
    }
    this.logNu[K - 1] = acc;
    for (let k = 0; k < K; k++) this.nu[k] = Math.exp(this.logNu[k]);
    // Capture probabilities start at the list frequencies.
    for (let j = 0; j < J; j++) {
      let on = 0;
      for (let m = 0; m < this.M; m++) if (this.cells[m * J + j]) on += this.freq[m];
      const p = on / this.n;
      for (let k = 0; k < K; k++) this.lambda[j * K + k] = p;
    }
    this.alpha = 0.3 / K;
    const startK = Math.min(4, K);
    for (let k = 0; k < startK; k++) this.nu[k] = 0.9 / startK;
    for (let k = startK; k < K; k++) this.nu[k] = 0.1 / (K - startK);
    this.n0 = 0;
    this.count0K.fill(0);
    for (let i = 0; i < 500; i++) this.sweep(false);
    this.sortClassesBySize();
  }

  /** One Gibbs sweep: class counts, lambda, nu, n0, unobserved class counts, alpha. */
  sweep(updateAlpha = true): void {
    const { J, K, M, cells, freq, lambda, nu, countMK, probs, rng } = this;
    // Class counts of each observed pattern.
    const table = this.patternProb;
    if (table) {
      // table[mask * K + k] = nu_k prod_{j in mask} lambda_jk prod_{j not in mask} (1 - lambda_jk),
      // built list by list (no division, so a lambda of exactly 1 is harmless).
      for (let k = 0; k < K; k++) table[k] = nu[k];
      for (let j = 0; j < J; j++) {
        const bit = 1 << j;
        for (let mask = 0; mask < bit; mask++) {
          const row = mask * K;
          const up = (mask | bit) * K;
          for (let k = 0; k < K; k++) {
            const v = table[row + k];
            const l = lambda[j * K + k];
            table[up + k] = v * l;
            table[row + k] = v - v * l;
          }
        }
      }
    }
    for (let m = 0; m < M; m++) {
      if (table) {
        const row = this.masks[m] * K;
        for (let k = 0; k < K; k++) probs[k] = table[row + k];
      } else {
        const cm = m * J;
        for (let k = 0; k < K; k++) {
          let prod = nu[k];
          for (let j = 0; j < J; j++) {
            const l = lambda[j * K + k];
            prod *= cells[cm + j] ? l : 1 - l;
          }
          probs[k] = prod;
        }
      }
      const off = m * K;
      if (freq[m] > 1) {
        rng.multinomial(freq[m], probs, K, countMK, off, this.cellOrder, off);
      } else {
        const z = rng.categorical(probs, K);
        for (let k = 0; k < K; k++) countMK[off + k] = 0;
        countMK[off + z] = 1;
      }
    }
    // Capture probabilities: Beta(1 + on, 1 + off) per list and class.
    const ones = this.ones;
    const countK = this.countK;
    ones.fill(0);
    for (let k = 0; k < K; k++) countK[k] = this.count0K[k];
    const masks = this.masks;
    for (let m = 0; m < M; m++) {
      const off = m * K;
      const mask = masks[m];
      for (let k = 0; k < K; k++) {
        const c = countMK[off + k];
        if (c === 0) continue;
        countK[k] += c;
        for (let bits = mask; bits !== 0; bits &= bits - 1)
          ones[(31 - Math.clz32(bits & -bits)) * K + k] += c;
      }
    }
    for (let j = 0; j < J; j++) {
      for (let k = 0; k < K; k++) {
        const on = ones[j * K + k];
        lambda[j * K + k] = rng.beta(1 + on, 1 + countK[k] - on);
      }
    }
    // Stick-breaking weights.
    let occupied = 0;
    for (let k = 0; k < K; k++) if (countK[k] > 0) occupied++;
    this.occupied = occupied;
    let nAcc = 0;
    let lAcc = 0;
    const total = this.n0 + this.n;
    for (let k = 0; k < K - 1; k++) {
      nAcc += countK[k];
      const g1 = rng.logGamma(1 + countK[k]);
      const g2 = rng.logGamma(this.alpha + (total - nAcc));
      const gs = logSum(g1, g2);
      this.logNu[k] = g1 - gs + lAcc;
      lAcc += g2 - gs;
      nu[k] = Math.exp(this.logNu[k]);
    }
    this.logNu[K - 1] = lAcc;
    nu[K - 1] = Math.exp(lAcc);
    // Probability of being on no list, then the number never recorded.
    let p0 = 0;
    for (let k = 0; k < K; k++) {
      let a = nu[k];
      for (let j = 0; j < J; j++) a *= 1 - lambda[j * K + k];
      this.absent[k] = a;
      p0 += a;
    }
    this.probZero = p0;
    // The package rejects draws above 20 n (a truncated prior on the number missed).
    do {
      this.n0 = rng.negativeBinomial(this.n, 1 - p0);
    } while (this.n0 > 20 * this.n);
    rng.multinomial(this.n0, this.absent, K, this.count0K, 0, this.cellOrder, M * K);
    if (updateAlpha) {
      this.alpha = rng.gamma(this.aAlpha + K - 1) / (this.bAlpha - this.logNu[K - 1]);
    }
  }

  /** Relabels classes by decreasing weight (the package does this once after warm-up). */
  sortClassesBySize(): void {
    const { J, K, M } = this;
    const order = Array.from({ length: K }, (_, k) => k).sort(
      (a, b) => 1 - this.nu[a] - (1 - this.nu[b]),
    );
    const permute = (arr: Float64Array | Int32Array, rows: number) => {
      const copy = arr.slice();
      for (let r = 0; r < rows; r++)
        for (let k = 0; k < K; k++) arr[r * K + k] = copy[r * K + order[k]];
    };
    permute(this.lambda, J);
    permute(this.countMK, M);
    permute(this.nu, 1);
    permute(this.logNu, 1);
    permute(this.countK, 1);
    permute(this.count0K, 1);
  }
}

function logSum(a: number, b: number): number {
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

export function validateLcmcrSettings(s: LcmcrSettings): void {
  const checkInt = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
  };
  checkInt('K', s.K, 2);
  checkInt('burnin', s.burnin, 0);
  checkInt('samples', s.samples, 10);
  checkInt('thinning', s.thinning, 1);
  checkInt('chains', s.chains, 1);
  checkInt('seed', s.seed, 0);
  if (!(s.aAlpha > 0) || !(s.bAlpha > 0))
    throw new RangeError('aAlpha and bAlpha must be positive');
}

/** Runs the LCMCR sampler and summarises the posterior of the population size N. */
export function runLcmcr(table: CaptureTable, settings: Partial<LcmcrSettings> = {}): LcmcrResult {
  const s: LcmcrSettings = { ...LCMCR_DEFAULTS, ...settings };
  validateLcmcrSettings(s);
  const n = observedTotal(table);
  if (n === 0) throw new RangeError('the table is empty: nobody was recorded');
  const started = performance.now();
  const draws = new Float64Array(s.samples * s.chains);
  const perChain: Float64Array[] = [];
  let occupiedSum = 0;
  let occupiedMax = 0;
  for (let c = 0; c < s.chains; c++) {
    const chain = new LcmcrChain(table, s.K, s.aAlpha, s.bAlpha, Random.stream(s.seed, c));
    chain.initialise();
    for (let i = 0; i < s.burnin; i++) chain.sweep();
    const trace = draws.subarray(c * s.samples, (c + 1) * s.samples);
    for (let i = 0; i < s.samples; i++) {
      for (let r = 0; r < s.thinning; r++) chain.sweep();
      trace[i] = n + chain.n0;
      occupiedSum += chain.occupied;
      if (chain.occupied > occupiedMax) occupiedMax = chain.occupied;
    }
    perChain.push(trace);
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = sortedCopy(draws);
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    settings: s,
    observed: n,
    median: q(0.5),
    mean: mean(draws),
    sd: Math.sqrt(variance(draws)),
    quantiles: {
      q025: q(0.025),
      q05: q(0.05),
      q25: q(0.25),
      q75: q(0.75),
      q95: q(0.95),
      q975: q(0.975),
    },
    ci95: [q(0.025), q(0.975)],
    draws,
    diagnostics: {
      rhat: splitRhat(perChain),
      ess: effectiveSampleSize(perChain),
      geweke: perChain.map((tr) => gewekeZ(tr)),
      meanOccupiedClasses: occupiedSum / (s.samples * s.chains),
      maxOccupiedClasses: occupiedMax,
    },
    sweeps: s.chains * (500 + s.burnin + s.samples * s.thinning),
    seconds,
  };
}

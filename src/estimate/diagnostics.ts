/**
 * Convergence diagnostics for MCMC output: split R-hat (Gelman et al.), effective sample size
 * with Geyer's initial monotone sequence, and Geweke's z-score. They tell the user when a
 * posterior summary should not be trusted yet.
 */

import { mean } from './numeric';

/** Autocovariances gamma_0..gamma_maxLag (divided by n, the usual biased estimator). */
export function autocovariance(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const m = mean(x);
  const out = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += (x[i] - m) * (x[i + lag] - m);
    out[lag] = s / n;
  }
  return out;
}

/**
 * Sum of autocorrelations truncated by Geyer's initial monotone positive sequence; returns the
 * integrated autocorrelation time tau = -1 + 2 sum_{k} Gamma_k (Gamma_k = rho_2k + rho_2k+1).
 */
function geyerTau(rho: (lag: number) => number, maxLag: number): number {
  let sum = 0;
  let prev = Infinity;
  for (let k = 0; 2 * k + 1 <= maxLag; k++) {
    let pair = rho(2 * k) + rho(2 * k + 1);
    if (pair <= 0) break;
    if (pair > prev) pair = prev;
    prev = pair;
    sum += pair;
  }
  return Math.max(-1 + 2 * sum, 1 / Math.log10(Math.max(maxLag, 10)));
}

/** Spectral density at frequency zero (the variance of the mean times n). */
export function spectralDensityAtZero(x: ArrayLike<number>): number {
  const n = x.length;
  const maxLag = Math.min(n - 1, 1000);
  const acov = autocovariance(x, maxLag);
  if (acov[0] === 0) return 0;
  const tau = geyerTau((lag) => acov[lag] / acov[0], maxLag);
  return acov[0] * tau;
}

/** Geweke (1992): z = (mean of first 10% - mean of last 50%) / its standard error. */
export function gewekeZ(x: ArrayLike<number>, first = 0.1, last = 0.5): number {
  const n = x.length;
  const a = Array.prototype.slice.call(x, 0, Math.floor(first * n)) as number[];
  const b = Array.prototype.slice.call(x, n - Math.floor(last * n)) as number[];
  const va = spectralDensityAtZero(a) / a.length;
  const vb = spectralDensityAtZero(b) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return 0;
  return (mean(a) - mean(b)) / se;
}

/** Split R-hat: each chain cut in two halves, then between/within variance ratio. */
export function splitRhat(chains: readonly ArrayLike<number>[]): number {
  const halves: number[][] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    if (half < 2) continue;
    halves.push(Array.prototype.slice.call(c, 0, half) as number[]);
    halves.push(Array.prototype.slice.call(c, c.length - half) as number[]);
  }
  const m = halves.length;
  if (m < 2) return NaN;
  const n = Math.min(...halves.map((h) => h.length));
  const means = halves.map((h) => mean(h.slice(0, n)));
  const grand = mean(means);
  let B = 0;
  for (const mu of means) B += (mu - grand) ** 2;
  B = (n * B) / (m - 1);
  let W = 0;
  halves.forEach((h, i) => {
    let s = 0;
    for (let t = 0; t < n; t++) s += (h[t] - means[i]) ** 2;
    W += s / (n - 1);
  });
  W /= m;
  if (W === 0) return B === 0 ? 1 : Infinity;
  const varPlus = ((n - 1) / n) * W + B / n;
  return Math.sqrt(varPlus / W);
}

/** Effective sample size over chains (combined autocorrelation, Geyer truncation), as Stan computes it. */
export function effectiveSampleSize(chains: readonly ArrayLike<number>[]): number {
  const m = chains.length;
  const n = Math.min(...chains.map((c) => c.length));
  if (n < 4) return NaN;
  const maxLag = Math.min(n - 1, 1000);
  const acovs = chains.map((c) =>
    autocovariance(Array.prototype.slice.call(c, 0, n) as number[], maxLag),
  );
  const means = chains.map((c) => mean(Array.prototype.slice.call(c, 0, n) as number[]));
  const W = mean(acovs.map((a) => (a[0] * n) / (n - 1)));
  const grand = mean(means);
  let B = 0;
  for (const mu of means) B += (mu - grand) ** 2;
  B = m > 1 ? (n * B) / (m - 1) : 0;
  const varPlus = ((n - 1) / n) * W + B / n;
  if (varPlus === 0) return m * n;
  const rho = (lag: number) => 1 - (W - mean(acovs.map((a) => a[lag]))) / varPlus;
  const tau = geyerTau(rho, maxLag);
  return (m * n) / tau;
}

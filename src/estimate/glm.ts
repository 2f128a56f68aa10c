/**
 * Poisson regression (log link) by iteratively reweighted least squares, following the steps of
 * R's glm.fit so that estimates, deviances and warnings agree with R-based packages (Rcapture,
 * MultipleSystemsEstimation) to rounding: start at mu = y + 0.1, at most 25 iterations, stop when
 * the relative change of deviance is below 1e-8, least squares by Householder QR with R's
 * limited column pivoting (a column whose residual norm falls below 1e-11 of its original norm
 * is aliased and its coefficient is missing), fitted rates floored at machine epsilon.
 *
 * The design matrix is column-major: x[j * n + i] is row i, column j.
 */

import { logFactorial } from './numeric';

export const DOUBLE_EPS = 2.220446049250313e-16;

export interface PoissonGlmOptions {
  maxit?: number;
  epsilon?: number;
  /** Start values for the coefficients (R's `start`), instead of mu = y + 0.1. */
  start?: Float64Array;
}

export interface PoissonGlmFit {
  /** One per column; NaN where the column is aliased (R's NA). */
  coefficients: Float64Array;
  aliased: boolean[];
  fitted: Float64Array;
  deviance: number;
  /** R's aic: -2 log-likelihood (with log y! terms) + 2 rank. */
  aic: number;
  loglik: number;
  rank: number;
  dfResidual: number;
  converged: boolean;
  iterations: number;
  /** glm.fit warning texts, as R words them. */
  warnings: string[];
  /**
   * Unscaled covariance (X'WX)^-1 from the last QR, p x p column-major, NaN on aliased rows and
   * columns (as vcov() in R).
   */
  cov: Float64Array;
}

export const GLM_WARNING = {
  notConverged: 'glm.fit: algorithm did not converge',
  boundary: 'glm.fit: algorithm stopped at boundary value',
  zeroRates: 'glm.fit: fitted rates numerically 0 occurred',
  divergence: 'step size truncated due to divergence',
  nonFinite: 'non-finite coefficients',
} as const;

function devianceOf(y: Float64Array, mu: Float64Array): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const m = mu[i];
    dev += yi > 0 ? yi * Math.log(yi / m) - (yi - m) : m;
  }
  return 2 * dev;
}

function poissonLoglik(y: Float64Array, mu: Float64Array): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    ll += yi > 0 ? yi * Math.log(mu[i]) - mu[i] - logFactorial(yi) : -mu[i];
  }
  return ll;
}

/**
 * Householder QR with R's limited pivoting (LINPACK dqrdc2 as modified for R). Works in place on
 * `a` (n x p, column-major). Returns the rank; `pivot` gets the column order, aliased columns
 * moved to the end in the order they were found.
 */
function qrLimitedPivot(
  a: Float64Array,
  n: number,
  p: number,
  tol: number,
  qraux: Float64Array,
  pivot: Int32Array,
  work1: Float64Array,
  work2: Float64Array,
  colTmp: Float64Array,
): number {
  for (let j = 0; j < p; j++) {
    let s = 0;
    const off = j * n;
    for (let i = 0; i < n; i++) s += a[off + i] * a[off + i];
    const nrm = Math.sqrt(s);
    qraux[j] = nrm;
    work1[j] = nrm;
    work2[j] = nrm === 0 ? 1 : nrm;
    pivot[j] = j;
  }
  const lup = Math.min(n, p);
  let k = p; // columns at index >= k have been found negligible
  for (let l = 0; l < lup; l++) {
    while (l < k && qraux[l] < work2[l] * tol) {
      // Move column l to the end, shifting the others left.
      const offL = l * n;
      for (let i = 0; i < n; i++) colTmp[i] = a[offL + i];
      for (let j = l + 1; j < p; j++) {
        const src = j * n;
        const dst = (j - 1) * n;
        for (let i = 0; i < n; i++) a[dst + i] = a[src + i];
      }
      const last = (p - 1) * n;
      for (let i = 0; i < n; i++) a[last + i] = colTmp[i];
      const pv = pivot[l];
      const q = qraux[l];
      const w1 = work1[l];
      const w2 = work2[l];
      for (let j = l + 1; j < p; j++) {
        pivot[j - 1] = pivot[j];
        qraux[j - 1] = qraux[j];
        work1[j - 1] = work1[j];
        work2[j - 1] = work2[j];
      }
      pivot[p - 1] = pv;
      qraux[p - 1] = q;
      work1[p - 1] = w1;
      work2[p - 1] = w2;
      k--;
    }
    if (l === n - 1) break;
    const offL = l * n;
    let s = 0;
    for (let i = l; i < n; i++) s += a[offL + i] * a[offL + i];
    let nrmxl = Math.sqrt(s);
    if (nrmxl === 0) continue;
    if (a[offL + l] !== 0) nrmxl = a[offL + l] < 0 ? -Math.abs(nrmxl) : Math.abs(nrmxl);
    const inv = 1 / nrmxl;
    for (let i = l; i < n; i++) a[offL + i] *= inv;
    a[offL + l] += 1;
    const diag = a[offL + l];
    for (let j = l + 1; j < p; j++) {
      const offJ = j * n;
      let dot = 0;
      for (let i = l; i < n; i++) dot += a[offL + i] * a[offJ + i];
      const t = -dot / diag;
      for (let i = l; i < n; i++) a[offJ + i] += t * a[offL + i];
      if (qraux[j] !== 0) {
        let tt = 1 - (Math.abs(a[offJ + l]) / qraux[j]) ** 2;
        if (tt < 0) tt = 0;
        if (Math.abs(tt) < 1e-6) {
          let s2 = 0;
          for (let i = l + 1; i < n; i++) s2 += a[offJ + i] * a[offJ + i];
          qraux[j] = Math.sqrt(s2);
          work1[j] = qraux[j];
        } else {
          qraux[j] *= Math.sqrt(tt);
        }
      }
    }
    qraux[l] = a[offL + l];
    a[offL + l] = -nrmxl;
  }
  return Math.min(k, n);
}

/** Least-squares coefficients for the first `rank` pivoted columns, from a dqrdc2 factorisation. */
function qrSolve(
  a: Float64Array,
  n: number,
  rank: number,
  qraux: Float64Array,
  rhs: Float64Array,
  out: Float64Array,
): boolean {
  const ju = Math.min(rank, n - 1);
  for (let j = 0; j < ju; j++) {
    if (qraux[j] === 0) continue;
    const off = j * n;
    const temp = a[off + j];
    a[off + j] = qraux[j];
    let dot = 0;
    for (let i = j; i < n; i++) dot += a[off + i] * rhs[i];
    const t = -dot / a[off + j];
    for (let i = j; i < n; i++) rhs[i] += t * a[off + i];
    a[off + j] = temp;
  }
  for (let j = 0; j < rank; j++) out[j] = rhs[j];
  for (let j = rank - 1; j >= 0; j--) {
    const d = a[j * n + j];
    if (d === 0) return false;
    out[j] /= d;
    const t = -out[j];
    const off = j * n;
    for (let i = 0; i < j; i++) out[i] += t * a[off + i];
  }
  return true;
}

/** (R'R)^-1 for the leading rank x rank upper triangle of a dqrdc2 factorisation (R's chol2inv). */
function chol2inv(a: Float64Array, n: number, rank: number): Float64Array {
  const rinv = new Float64Array(rank * rank); // column-major upper triangular inverse
  for (let j = 0; j < rank; j++) {
    rinv[j * rank + j] = 1 / a[j * n + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += a[k * n + i] * rinv[j * rank + k];
      rinv[j * rank + i] = -s / a[i * n + i];
    }
  }
  const out = new Float64Array(rank * rank);
  for (let i = 0; i < rank; i++) {
    for (let j = i; j < rank; j++) {
      let s = 0;
      for (let k = j; k < rank; k++) s += rinv[k * rank + i] * rinv[k * rank + j];
      out[j * rank + i] = s;
      out[i * rank + j] = s;
    }
  }
  return out;
}

/** Fits a Poisson log-linear model y ~ x with optional offset, as R's glm.fit(family = poisson()). */
export function poissonGlm(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  offset?: Float64Array | null,
  options: PoissonGlmOptions = {},
): PoissonGlmFit {
  const maxit = options.maxit ?? 25;
  const epsilon = options.epsilon ?? 1e-8;
  const tol = Math.min(1e-7, epsilon / 1000);
  const off = offset ?? new Float64Array(n);
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const a = new Float64Array(n * p);
  const qraux = new Float64Array(p);
  const pivot = new Int32Array(p);
  const work1 = new Float64Array(p);
  const work2 = new Float64Array(p);
  const colTmp = new Float64Array(n);
  const sol = new Float64Array(p);
  const start = new Float64Array(p);
  const coefold = new Float64Array(p);
  let haveCoefold = false;
  const warnings: string[] = [];

  if (options.start) {
    start.set(options.start);
    for (let i = 0; i < n; i++) {
      let s = off[i];
      for (let j = 0; j < p; j++) s += x[j * n + i] * start[j];
      eta[i] = s;
      mu[i] = Math.max(Math.exp(s), DOUBLE_EPS);
    }
  } else {
    for (let i = 0; i < n; i++) {
      eta[i] = Math.log(y[i] + 0.1);
      mu[i] = Math.max(Math.exp(eta[i]), DOUBLE_EPS);
    }
  }
  let devold = devianceOf(y, mu);
  let dev = devold;
  let converged = false;
  let boundary = false;
  let rank = 0;
  let iterations = 0;
  const coef = new Float64Array(p);
  let haveCoef = false;

  for (let iter = 1; iter <= maxit; iter++) {
    iterations = iter;
    for (let i = 0; i < n; i++) {
      const me = Math.max(Math.exp(eta[i]), DOUBLE_EPS);
      z[i] = eta[i] - off[i] + (y[i] - mu[i]) / me;
      w[i] = Math.sqrt((me * me) / mu[i]);
    }
    for (let j = 0; j < p; j++) {
      const o = j * n;
      for (let i = 0; i < n; i++) a[o + i] = x[o + i] * w[i];
    }
    for (let i = 0; i < n; i++) z[i] *= w[i];
    rank = qrLimitedPivot(a, n, p, tol, qraux, pivot, work1, work2, colTmp);
    sol.fill(0);
    qrSolve(a, n, rank, qraux, z, sol);
    let finite = true;
    for (let j = 0; j < p; j++) if (!Number.isFinite(sol[j])) finite = false;
    if (!finite) {
      converged = false;
      warnings.push(`${GLM_WARNING.nonFinite} at iteration ${iter}`);
      break;
    }
    for (let j = 0; j < p; j++) start[pivot[j]] = sol[j];
    const computeEta = () => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += x[j * n + i] * start[j];
        eta[i] = s + off[i];
        mu[i] = Math.max(Math.exp(eta[i]), DOUBLE_EPS);
      }
    };
    computeEta();
    dev = devianceOf(y, mu);
    boundary = false;
    if (!Number.isFinite(dev)) {
      if (!haveCoefold)
        throw new Error(
          'no valid set of coefficients has been found: please supply starting values',
        );
      warnings.push(GLM_WARNING.divergence);
      let ii = 1;
      while (!Number.isFinite(dev)) {
        if (ii > maxit) throw new Error('inner loop 1; cannot correct step size');
        ii++;
        for (let j = 0; j < p; j++) start[j] = (start[j] + coefold[j]) / 2;
        computeEta();
        dev = devianceOf(y, mu);
      }
      boundary = true;
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      coef.set(start);
      haveCoef = true;
      break;
    }
    devold = dev;
    coef.set(start);
    coefold.set(start);
    haveCoefold = true;
    haveCoef = true;
  }
  if (!converged) warnings.push(GLM_WARNING.notConverged);
  if (boundary) warnings.push(GLM_WARNING.boundary);
  let zero = false;
  for (let i = 0; i < n; i++) if (mu[i] < 10 * DOUBLE_EPS) zero = true;
  if (zero) warnings.push(GLM_WARNING.zeroRates);
  if (!haveCoef) coef.set(start);

  const aliased = new Array<boolean>(p).fill(false);
  for (let j = rank; j < p; j++) aliased[pivot[j]] = true;
  const coefficients = new Float64Array(p);
  for (let j = 0; j < p; j++) coefficients[j] = aliased[j] ? NaN : coef[j];

  const cov = new Float64Array(p * p).fill(NaN);
  if (rank > 0) {
    const c = chol2inv(a, n, rank);
    for (let i = 0; i < rank; i++) {
      for (let j = 0; j < rank; j++) cov[pivot[j] * p + pivot[i]] = c[j * rank + i];
    }
  }
  const loglik = poissonLoglik(y, mu);
  return {
    coefficients,
    aliased,
    fitted: mu,
    deviance: dev,
    aic: -2 * loglik + 2 * rank,
    loglik,
    rank,
    dfResidual: n - rank,
    converged,
    iterations,
    warnings,
    cov,
  };
}

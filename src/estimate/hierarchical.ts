/**
 * Hierarchical log-linear models given by their generating interaction terms, e.g. [123,14,34]
 * (lists 1-2-3 interact, and so do 1-4 and 3-4; every subset of a term is in the model), and the
 * search among them by BIC or AIC as MultipleSystemsEstimation does it: a parameter whose
 * sufficient statistic is zero (no one on all those lists) is fixed at minus infinity and the
 * cells that contain it are dropped; models whose extended maximum-likelihood estimate does not
 * exist (Fienberg-Rinaldo linear program) or is not identifiable (design not of full rank) are
 * set aside; BIC = npar log n - 2 log L with n the number of people observed.
 */

import { DOUBLE_EPS } from './glm';
import { logFactorial } from './numeric';
import { type Heterogeneity } from './loglinear';
import { fitCustomModel, fitDesignWithProfile, type CustomFitResult } from './loglinear';
import { maximizeStandardForm } from './simplex';
import { type CaptureTable, observedTotal, popcount } from './table';

/** A hierarchical model: its generating terms as list-index masks (bit i = list i). */
export interface HierarchicalModel {
  readonly generators: readonly number[];
}

export type Criterion = 'BIC' | 'AIC';

const digitCache = new Map<number, string[]>();

function termDigits(mask: number, t: number): string {
  let cache = digitCache.get(t);
  if (!cache) {
    cache = new Array<string>(1 << t);
    digitCache.set(t, cache);
  }
  const hit = cache[mask];
  if (hit !== undefined) return hit;
  const s = computeTermDigits(mask, t);
  cache[mask] = s;
  return s;
}

function computeTermDigits(mask: number, t: number): string {
  const parts: string[] = [];
  for (let i = 0; i < t; i++) if (mask & (1 << i)) parts.push(String(i + 1));
  return t <= 9 ? parts.join('') : parts.join('.');
}

function compareTerms(a: number, b: number, t: number): number {
  const oa = popcount(a);
  const ob = popcount(b);
  if (oa !== ob) return ob - oa;
  const sa = termDigits(a, t);
  const sb = termDigits(b, t);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Name in the notation of Rcapture and MultipleSystemsEstimation: "[123,14,34]". */
export function modelName(model: HierarchicalModel, t: number): string {
  const gens = [...model.generators].sort((a, b) => compareTerms(a, b, t));
  return `[${gens.map((g) => termDigits(g, t)).join(',')}]`;
}

/** Reduces any set of terms to its maximal elements (the generators). */
export function generatorsOf(terms: readonly number[]): number[] {
  const uniq = [...new Set(terms.filter((m) => m !== 0))];
  return uniq.filter((a) => !uniq.some((b) => b !== a && (a & b) === a));
}

/**
 * Parses "[123,14,34]" (or "[1.10,2]" beyond nine lists). Lists missing from every term are
 * added as main effects, so "[12]" with 3 lists means [12,3].
 */
export function parseModelName(name: string, t: number): HierarchicalModel {
  const s = name.trim();
  if (!/^\[.*\]$/.test(s)) throw new Error(`model "${name}" must look like [12,13,4]`);
  const body = s.slice(1, -1).replace(/\s+/g, '');
  const terms: number[] = [];
  if (body) {
    for (const part of body.split(',')) {
      const digits = t <= 9 ? part.split('') : part.split('.');
      let mask = 0;
      for (const d of digits) {
        const i = Number(d) - 1;
        if (!Number.isInteger(i) || i < 0 || i >= t)
          throw new Error(`model "${name}": list ${d} does not exist`);
        if (mask & (1 << i)) throw new Error(`model "${name}": list ${d} repeated in a term`);
        mask |= 1 << i;
      }
      terms.push(mask);
    }
  }
  for (let i = 0; i < t; i++) terms.push(1 << i);
  return { generators: generatorsOf(terms) };
}

const termRankCache = new Map<number, Int32Array>();

/** Rank of every term mask in the order (order, then digits), computed once per number of lists. */
function termRanks(t: number): Int32Array {
  let ranks = termRankCache.get(t);
  if (!ranks) {
    const masks = Array.from({ length: (1 << t) - 1 }, (_, i) => i + 1);
    masks.sort((a, b) => {
      const oa = popcount(a);
      const ob = popcount(b);
      if (oa !== ob) return oa - ob;
      const sa = termDigits(a, t);
      const sb = termDigits(b, t);
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    });
    ranks = new Int32Array(1 << t);
    masks.forEach((m, i) => (ranks![m] = i));
    termRankCache.set(t, ranks);
  }
  return ranks;
}

/** All non-empty terms of the model (the generators and their subsets), lowest order first. */
export function closureTerms(model: HierarchicalModel, t: number): number[] {
  const seen = new Uint8Array(1 << t);
  const out: number[] = [];
  for (const g of model.generators) {
    for (let sub = g; sub; sub = (sub - 1) & g) {
      if (!seen[sub]) {
        seen[sub] = 1;
        out.push(sub);
      }
    }
  }
  for (let i = 0; i < t; i++) {
    if (!seen[1 << i]) {
      seen[1 << i] = 1;
      out.push(1 << i);
    }
  }
  const ranks = termRanks(t);
  return out.sort((a, b) => ranks[a] - ranks[b]);
}

export function modelOrder(model: HierarchicalModel): number {
  return Math.max(1, ...model.generators.map(popcount));
}

/**
 * Every hierarchical model with all main effects and interactions of order at most maxorder
 * (maxorder < t: the saturated model is never identifiable from 2^t - 1 cells).
 */
export function enumerateHierarchicalModels(t: number, maxorder: number): HierarchicalModel[] {
  const order = Math.min(maxorder, t - 1);
  const candidates: number[] = [];
  for (let m = 1; m < 1 << t; m++) {
    const k = popcount(m);
    if (k >= 2 && k <= order) candidates.push(m);
  }
  candidates.sort((a, b) => popcount(a) - popcount(b) || a - b);
  const models: HierarchicalModel[] = [];
  const included = new Set<number>();
  const allSubsetsIncluded = (m: number) => {
    if (popcount(m) === 2) return true;
    for (let i = 0; i < t; i++) {
      if (m & (1 << i)) {
        const sub = m & ~(1 << i);
        if (!included.has(sub)) return false;
      }
    }
    return true;
  };
  const rec = (idx: number) => {
    if (idx === candidates.length) {
      const terms = [...included];
      for (let i = 0; i < t; i++) terms.push(1 << i);
      models.push({ generators: generatorsOf(terms) });
      return;
    }
    const m = candidates[idx];
    rec(idx + 1);
    if (allSubsetsIncluded(m)) {
      included.add(m);
      rec(idx + 1);
      included.delete(m);
    }
  };
  rec(0);
  return models;
}

/** Neighbours for a downhill search: add one term whose subsets are all present, or drop one generator. */
export function neighbourModels(
  model: HierarchicalModel,
  t: number,
  maxorder: number,
): HierarchicalModel[] {
  const terms = new Set(closureTerms(model, t));
  const out: HierarchicalModel[] = [];
  for (let m = 1; m < 1 << t; m++) {
    const k = popcount(m);
    if (k < 2 || k > Math.min(maxorder, t - 1) || terms.has(m)) continue;
    let ok = true;
    for (let i = 0; i < t && ok; i++) if (m & (1 << i) && !terms.has(m & ~(1 << i))) ok = false;
    if (ok) out.push({ generators: generatorsOf([...terms, m]) });
  }
  for (const g of model.generators) {
    if (popcount(g) < 2) continue;
    const rest = [...terms].filter((x) => x !== g);
    out.push({ generators: generatorsOf(rest) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** What fitting one hierarchical model gives, MultipleSystemsEstimation style. */
export interface HierarchicalFit {
  model: string;
  generators: number[];
  order: number;
  /** Parameters including intercept and those fixed at minus infinity. */
  parameters: number;
  abundance: number;
  bic: number;
  aic: number;
  deviance: number;
  df: number;
  loglik: number;
  /** Terms (masks) whose parameter is minus infinity: nobody is on all those lists. */
  minusInfinityTerms: number[];
  /** False when the extended MLE does not exist (the estimate would be infinite or undefined). */
  exists: boolean;
  identifiable: boolean;
  converged: boolean;
}

interface PreparedTable {
  t: number;
  n: number;
  /** Observable masks 1..2^t-1 and their counts. */
  counts: Float64Array;
  /** nstar[term] = people on all lists of the term. */
  nstar: Float64Array;
}

function prepare(table: CaptureTable): PreparedTable {
  const t = table.lists.length;
  const size = 1 << t;
  const nstar = new Float64Array(size);
  for (let term = 1; term < size; term++) {
    let s = 0;
    for (let m = term; m < size; m = (m + 1) | term) s += table.counts[m];
    nstar[term] = s;
  }
  return { t, n: observedTotal(table), counts: table.counts, nstar };
}

function buildDesign(cells: readonly number[], terms: readonly number[]): Float64Array {
  const rows = cells.length;
  const p = terms.length + 1;
  const x = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) x[r] = 1;
  terms.forEach((term, j) => {
    const off = (j + 1) * rows;
    for (let r = 0; r < rows; r++) x[off + r] = (cells[r] & term) === term ? 1 : 0;
  });
  return x;
}

/**
 * Fienberg-Rinaldo: the extended MLE exists on the kept cells iff some r > 0 has the same
 * sufficient statistics as the data (max s subject to A'(s 1 + u) = A'y, u >= 0, is positive).
 */
function mleExists(x: Float64Array, rows: number, p: number, y: Float64Array): boolean {
  let anyZero = false;
  for (let r = 0; r < rows; r++) if (y[r] === 0) anyZero = true;
  if (!anyZero) return true;
  // Variables: u_1..u_rows, s. Constraints (p of them): sum_r x_rj (u_r + s) = sum_r x_rj y_r.
  const nvar = rows + 1;
  const A = new Float64Array(p * nvar);
  const b = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let tj = 0;
    let rowSum = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[j * rows + r];
      A[j * nvar + r] = v;
      rowSum += v;
      tj += v * y[r];
    }
    A[j * nvar + rows] = rowSum;
    b[j] = tj;
  }
  const c = new Float64Array(nvar);
  c[rows] = 1;
  const res = maximizeStandardForm(A, p, nvar, b, c);
  if (res.status === 'unbounded') return true;
  return res.status === 'optimal' && res.objective > 1e-7;
}

/** In place: out[m] = sum of v[s] over all supersets s of m (zeta transform over supersets). */
function supersetSums(v: Float64Array, t: number): void {
  const size = 1 << t;
  for (let i = 0; i < t; i++) {
    const bit = 1 << i;
    for (let m = 0; m < size; m++) if (!(m & bit)) v[m] += v[m | bit];
  }
}

/** In place: out[m] = sum of v[s] over all subsets s of m. */
function subsetSums(v: Float64Array, t: number): void {
  const size = 1 << t;
  for (let i = 0; i < t; i++) {
    const bit = 1 << i;
    for (let m = 0; m < size; m++) if (m & bit) v[m] += v[m ^ bit];
  }
}

/** Cholesky factorisation in place of a p x p symmetric matrix (lower triangle used); false if not positive definite. */
function cholesky(g: Float64Array, p: number, relTol: number): boolean {
  for (let j = 0; j < p; j++) {
    const orig = g[j * p + j];
    let d = orig;
    for (let k = 0; k < j; k++) d -= g[j * p + k] * g[j * p + k];
    if (!(d > relTol * Math.max(orig, 1e-300))) return false;
    const l = Math.sqrt(d);
    g[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let s = g[i * p + j];
      for (let k = 0; k < j; k++) s -= g[i * p + k] * g[j * p + k];
      g[i * p + j] = s / l;
    }
  }
  return true;
}

function choleskySolve(g: Float64Array, p: number, rhs: Float64Array, out: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= g[i * p + k] * out[k];
    out[i] = s / g[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = out[i];
    for (let k = i + 1; k < p; k++) s -= g[k * p + i] * out[k];
    out[i] = s / g[i * p + i];
  }
}

interface CellFit {
  /** The last Newton step still pushed some empty cell towards zero (boundary of the parameter space). */
  diverging: boolean;
  intercept: number;
  loglik: number;
  deviance: number;
  converged: boolean;
  identifiable: boolean;
  minFittedAtZero: number;
}

/**
 * Maximum likelihood for a hierarchical Poisson log-linear model on the cells of a 2^t table,
 * by Newton's method. With 0/1 interaction columns, X'WX[a][b] is the sum of the weights over
 * the cells containing a|b, and the linear predictor of a cell is the sum of the parameters of
 * its sub-terms, so each step costs O(t 2^t + p^3) instead of O(cells p^2). Started as glm.fit
 * (mu = y + 0.1) and stopped with glm.fit's deviance criterion, so it reaches the same maximum.
 */
class CellWorkspace {
  mu = new Float64Array(0);
  eta = new Float64Array(0);
  w = new Float64Array(0);
  wz = new Float64Array(0);
  g = new Float64Array(0);
  rhs = new Float64Array(0);
  beta = new Float64Array(0);
  prevEta = new Float64Array(0);
  ensure(size: number, p: number): void {
    if (this.mu.length < size) {
      this.prevEta = new Float64Array(size);
      this.mu = new Float64Array(size);
      this.eta = new Float64Array(size);
      this.w = new Float64Array(size);
      this.wz = new Float64Array(size);
    }
    if (this.rhs.length < p) {
      this.g = new Float64Array(p * p);
      this.rhs = new Float64Array(p);
      this.beta = new Float64Array(p);
    }
  }
}

const workspace = new CellWorkspace();

/**
 * Asked when the fit drifts towards the boundary (some empty cell's fitted value collapsing):
 * returns false if the estimate does not exist, and the fit is abandoned.
 */
type BoundaryCheck = () => boolean;

function fitOnCells(
  t: number,
  counts: Float64Array,
  kept: Uint8Array,
  terms: readonly number[],
  onBoundary: BoundaryCheck | null,
  warmStart: Float64Array | null = null,
  maxit = 25,
  epsilon = 1e-8,
): CellFit & { abandoned: boolean } {
  const size = 1 << t;
  const p = terms.length + 1;
  const allTerms = [0, ...terms];
  workspace.ensure(size, p);
  const { mu, eta, w, wz, g, rhs, beta } = workspace;
  mu.fill(0, 0, size);
  eta.fill(0, 0, size);
  // Identifiability: X'X (unweighted) must be positive definite.
  w.fill(0, 0, size);
  for (let m = 1; m < size; m++) if (kept[m]) w[m] = 1;
  supersetSums(w, t);
  for (let a = 0; a < p; a++)
    for (let b = 0; b <= a; b++) g[a * p + b] = w[allTerms[a] | allTerms[b]];
  if (!cholesky(g, p, 1e-9)) {
    return {
      intercept: NaN,
      loglik: NaN,
      deviance: NaN,
      converged: false,
      identifiable: false,
      minFittedAtZero: 0,
      diverging: false,
      abandoned: false,
    };
  }
  const deviance = () => {
    let dev = 0;
    for (let m = 1; m < size; m++) {
      if (!kept[m]) continue;
      const y = counts[m];
      dev += y > 0 ? y * Math.log(y / mu[m]) - (y - mu[m]) : mu[m];
    }
    return 2 * dev;
  };
  for (let m = 1; m < size; m++) {
    if (!kept[m]) continue;
    // A neighbouring model's fit is close to this one's maximum and saves Newton steps; the
    // maximum itself does not depend on the start.
    mu[m] = warmStart && warmStart[m] > 1e-3 ? warmStart[m] : counts[m] + 0.1;
    eta[m] = Math.log(mu[m]);
  }
  let devold = deviance();
  let dev = devold;
  let converged = false;
  let identifiable = true;
  let lastDiverging = false;
  const prevEta = workspace.prevEta;
  for (let iter = 1; iter <= maxit; iter++) {
    w.fill(0, 0, size);
    wz.fill(0, 0, size);
    for (let m = 1; m < size; m++) {
      if (!kept[m]) continue;
      w[m] = mu[m];
      wz[m] = mu[m] * eta[m] + (counts[m] - mu[m]);
    }
    supersetSums(w, t);
    supersetSums(wz, t);
    for (let a = 0; a < p; a++) {
      rhs[a] = wz[allTerms[a]];
      for (let b = 0; b <= a; b++) g[a * p + b] = w[allTerms[a] | allTerms[b]];
    }
    if (!cholesky(g, p, 1e-13)) {
      identifiable = false;
      break;
    }
    choleskySolve(g, p, rhs, beta);
    prevEta.set(eta.subarray(0, size));
    eta.fill(0, 0, size);
    for (let a = 0; a < p; a++) eta[allTerms[a]] = beta[a];
    subsetSums(eta, t);
    // Newton steps settle quickly inside the parameter space; on the boundary the linear
    // predictor of some empty cells keeps falling by about one per step.
    let diverging = false;
    for (let m = 1; m < size; m++) {
      if (!kept[m]) continue;
      mu[m] = Math.max(Math.exp(eta[m]), DOUBLE_EPS);
      if (counts[m] === 0 && mu[m] < 1e-3 && eta[m] - prevEta[m] < -0.5) diverging = true;
    }
    lastDiverging = diverging;
    if (diverging && iter >= 5 && onBoundary) {
      const exists = onBoundary();
      onBoundary = null;
      if (!exists) {
        return {
          intercept: NaN,
          loglik: NaN,
          deviance: NaN,
          converged: false,
          identifiable: true,
          minFittedAtZero: 0,
          diverging: true,
          abandoned: true,
        };
      }
    }
    dev = deviance();
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  let loglik = 0;
  let minFittedAtZero = Infinity;
  for (let m = 1; m < size; m++) {
    if (!kept[m]) continue;
    const y = counts[m];
    loglik += y > 0 ? y * Math.log(mu[m]) - mu[m] - logFactorial(y) : -mu[m];
    if (y === 0 && mu[m] < minFittedAtZero) minFittedAtZero = mu[m];
  }
  return {
    intercept: beta[0],
    loglik,
    deviance: dev,
    converged,
    identifiable,
    minFittedAtZero,
    diverging: lastDiverging,
    abandoned: false,
  };
}

function fitPrepared(
  prep: PreparedTable,
  model: HierarchicalModel,
  checkExistence: boolean,
  warm: Float64Array | null = null,
): HierarchicalFit {
  const { t, n } = prep;
  const terms = closureTerms(model, t);
  const name = modelName(model, t);
  const npars = terms.length + 1;
  const sparse = terms.filter((m) => prep.nstar[m] === 0);
  const estTerms = sparse.length ? terms.filter((m) => prep.nstar[m] !== 0) : terms;
  const size = 1 << t;
  const kept = new Uint8Array(size);
  let rows = 0;
  for (let m = 1; m < size; m++) {
    if (!sparse.some((s) => (m & s) === s)) {
      kept[m] = 1;
      rows++;
    }
  }
  // Plain object literals (no spread): this runs for every one of thousands of models.
  const failed = (exists: boolean, identifiable: boolean): HierarchicalFit => ({
    model: name,
    generators: model.generators as number[],
    order: modelOrder(model),
    parameters: npars,
    minusInfinityTerms: sparse,
    abundance: NaN,
    bic: NaN,
    aic: NaN,
    deviance: NaN,
    df: NaN,
    loglik: NaN,
    exists,
    identifiable,
    converged: false,
  });
  const p = estTerms.length + 1;
  if (rows < p) return failed(true, false);
  // The linear program decides existence; it is only asked when the fit drifts to the boundary.
  let lpAnswer: boolean | null = null;
  const existenceByLp = () => {
    if (lpAnswer === null) {
      const cells: number[] = [];
      for (let m = 1; m < size; m++) if (kept[m]) cells.push(m);
      const y = Float64Array.from(cells, (m) => prep.counts[m]);
      lpAnswer = mleExists(buildDesign(cells, estTerms), rows, p, y);
    }
    return lpAnswer;
  };
  const fit = fitOnCells(
    t,
    prep.counts,
    kept,
    estTerms,
    checkExistence ? existenceByLp : null,
    warm,
  );
  if (!fit.identifiable) return failed(true, false);
  if (fit.abandoned) return failed(false, true);
  const suspicious = !fit.converged || fit.diverging;
  const exists = !checkExistence || !suspicious || existenceByLp();
  if (!exists) return failed(false, true);
  let yobs = 0;
  for (let m = 1; m < size; m++) if (kept[m]) yobs += prep.counts[m];
  if (warm && fit.converged && !fit.diverging) {
    for (let m = 1; m < size; m++) warm[m] = kept[m] ? workspace.mu[m] : 0;
  }
  return {
    model: name,
    generators: model.generators as number[],
    order: modelOrder(model),
    parameters: npars,
    minusInfinityTerms: sparse,
    abundance: yobs + Math.exp(fit.intercept),
    bic: npars * Math.log(n) - 2 * fit.loglik,
    aic: 2 * npars - 2 * fit.loglik,
    deviance: fit.deviance,
    df: size - 1 - npars,
    loglik: fit.loglik,
    exists,
    identifiable: true,
    converged: fit.converged,
  };
}

/** Fits one hierarchical model (MultipleSystemsEstimation's fit_hier_model with the existence check). */
export function fitHierarchicalModel(
  table: CaptureTable,
  model: HierarchicalModel | string,
  options: { checkExistence?: boolean } = {},
): HierarchicalFit {
  const t = table.lists.length;
  const m = typeof model === 'string' ? parseModelName(model, t) : model;
  return fitPrepared(prepare(table), m, options.checkExistence ?? true);
}

/**
 * Fits a hierarchical model the Rcapture way (closedpCI.t with the model's formula): Poisson GLM
 * on all 2^t - 1 cells, Rcapture's SE, AIC, BIC, infoFit and profile interval; optional
 * heterogeneity columns (closedpMS.t with h = "Darroch", say).
 */
export function fitHierarchicalRcapture(
  table: CaptureTable,
  model: HierarchicalModel | string,
  options: {
    heterogeneity?: Heterogeneity;
    profile?: boolean;
    /** Fit even when there are more parameters than cells (closedpMS does; aliased terms get NA). */
    allowMoreParametersThanCells?: boolean;
  } = {},
): CustomFitResult {
  const t = table.lists.length;
  const m = typeof model === 'string' ? parseModelName(model, t) : model;
  const terms = closureTerms(m, t).map((mask) => {
    const idx: number[] = [];
    for (let i = 0; i < t; i++) if (mask & (1 << i)) idx.push(i);
    return idx;
  });
  return fitCustomModel(
    table,
    { name: modelName(m, t), terms, heterogeneity: options.heterogeneity },
    {
      profile: options.profile,
      allowMoreParametersThanCells: options.allowMoreParametersThanCells,
    },
  );
}

export interface ModelSearchOptions {
  criterion?: Criterion;
  /** Highest interaction order; default as MultipleSystemsEstimation: 1 (2 lists), 2 (3), 3 (4-5), 2 (6+). */
  maxorder?: number;
  /** 'exhaustive' fits every model, 'downhill' walks from main effects; 'auto' is exhaustive up to 5 lists. */
  strategy?: 'exhaustive' | 'downhill' | 'auto';
  checkExistence?: boolean;
}

export interface ModelSearchResult {
  criterion: Criterion;
  strategy: 'exhaustive' | 'downhill';
  maxorder: number;
  /** Fitted models that exist, best first. */
  ranked: HierarchicalFit[];
  /** Models set aside because their estimate does not exist or is not identifiable. */
  excluded: number;
  examined: number;
}

export function defaultMaxOrder(t: number): number {
  if (t <= 2) return 1;
  if (t === 3) return 2;
  if (t <= 5) return 3;
  return 2;
}

/** Ranks hierarchical models by BIC (or AIC), like MultipleSystemsEstimation's estimate_population_bic. */
export function searchHierarchicalModels(
  table: CaptureTable,
  options: ModelSearchOptions = {},
): ModelSearchResult {
  const t = table.lists.length;
  const criterion = options.criterion ?? 'BIC';
  const maxorder = Math.min(options.maxorder ?? defaultMaxOrder(t), t - 1);
  const strategy =
    options.strategy === 'auto' || !options.strategy
      ? t <= 5
        ? 'exhaustive'
        : 'downhill'
      : options.strategy;
  const checkExistence = options.checkExistence ?? true;
  const prep = prepare(table);
  const score = (f: HierarchicalFit) => (criterion === 'BIC' ? f.bic : f.aic);
  const fits: HierarchicalFit[] = [];
  let excluded = 0;
  if (strategy === 'exhaustive') {
    const warm = new Float64Array(1 << t);
    for (const model of enumerateHierarchicalModels(t, maxorder)) {
      const f = fitPrepared(prep, model, checkExistence, warm);
      if (Number.isFinite(score(f))) fits.push(f);
      else excluded++;
    }
  } else {
    const seen = new Map<string, HierarchicalFit>();
    const visit = (model: HierarchicalModel) => {
      const name = modelName(model, t);
      let f = seen.get(name);
      if (!f) {
        f = fitPrepared(prep, model, checkExistence);
        seen.set(name, f);
        if (Number.isFinite(score(f))) fits.push(f);
        else excluded++;
      }
      return f;
    };
    let current: HierarchicalModel = { generators: Array.from({ length: t }, (_, i) => 1 << i) };
    let best = visit(current);
    for (let iter = 0; iter < 200; iter++) {
      let improved: { model: HierarchicalModel; fit: HierarchicalFit } | null = null;
      for (const nb of neighbourModels(current, t, maxorder)) {
        const f = visit(nb);
        const s = score(f);
        if (Number.isFinite(s) && (!improved || s < score(improved.fit)))
          improved = { model: nb, fit: f };
      }
      if (!improved || !(score(improved.fit) < score(best) || !Number.isFinite(score(best)))) break;
      current = improved.model;
      best = improved.fit;
    }
  }
  if (criterion === 'BIC') fits.sort((a, b) => a.bic - b.bic);
  else fits.sort((a, b) => a.aic - b.aic);
  return {
    criterion,
    strategy,
    maxorder,
    ranked: fits,
    excluded,
    examined: fits.length + excluded,
  };
}

/**
 * The chosen hierarchical model with Rcapture-style statistics and a profile-likelihood
 * interval, on the cells the model leaves free: cells containing a term nobody has (its
 * parameter at minus infinity) are fixed at zero and dropped, as in the model search. BIC and
 * df count every parameter of the model, as MultipleSystemsEstimation does.
 */
export function fitHierarchicalWithInterval(
  table: CaptureTable,
  model: HierarchicalModel | string,
  options: { alpha?: number } = {},
): CustomFitResult & { minusInfinityTerms: number[] } {
  const t = table.lists.length;
  const m = typeof model === 'string' ? parseModelName(model, t) : model;
  const prep = prepare(table);
  const terms = closureTerms(m, t);
  const sparse = terms.filter((x) => prep.nstar[x] === 0);
  const estTerms = terms.filter((x) => prep.nstar[x] !== 0);
  const cells: number[] = [];
  for (let mask = (1 << t) - 1; mask >= 1; mask--)
    if (!sparse.some((s) => (mask & s) === s)) cells.push(mask);
  const y = Float64Array.from(cells, (mask) => table.counts[mask]);
  const columns = estTerms.map((term) =>
    Float64Array.from(cells, (mask) => ((mask & term) === term ? 1 : 0)),
  );
  const names = estTerms.map((term) => termDigits(term, t));
  const res = fitDesignWithProfile(
    modelName(m, t),
    y,
    prep.n,
    { columns, names, nca: columns.length + 1 },
    null,
    false,
    { alpha: options.alpha },
  );
  if (sparse.length) {
    const npars = terms.length + 1;
    res.fit.df = (1 << t) - 1 - npars;
    res.fit.aic = -2 * fitLoglik(res.fit.aic, res.fit.rank) + 2 * npars;
    res.fit.bic = -2 * fitLoglik(res.fit.aic, npars) + Math.log(prep.n) * npars;
  }
  return { ...res, minusInfinityTerms: sparse };
}

/** log-likelihood back from an AIC and the number of parameters it counted. */
function fitLoglik(aic: number, k: number): number {
  return -(aic - 2 * k) / 2;
}

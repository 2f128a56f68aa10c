/**
 * Log-linear capture-recapture models on the 2^t - 1 observable capture patterns, defined as
 * Rcapture defines them (Baillargeon & Rivest 2007; Rivest & Baillargeon 2007):
 *
 *   log E[y_w] = b0 + x_w' b,   N = n + exp(b0),   SE(N) = sqrt(exp(b0) + exp(2 b0) Var(b0)),
 *
 * AIC as glm's (with the log y! terms), BIC = AIC + (log n - 2) * rank where n is the number of
 * people observed, infoFit codes from the fitting warnings, Chao lower-bound models refitted
 * without the negative eta parameters, behavioural models Mb/Mbh with their own N formulas,
 * and the multinomial profile-likelihood interval of closedpCI.
 *
 * Everything here works on numbers only: a capture table in, estimates out.
 */

import { bfgsMinimize, invertMatrix, numericHessian } from './bfgs';
import { brentMinimize, brentRoot, RootNotBracketedError } from './brent';
import { poissonGlm, type PoissonGlmFit } from './glm';
import { lgamma, logChoose, logFactorial, qchisq1, qnorm } from './numeric';
import { type CaptureTable, observedTotal, popcount } from './table';

/** The twelve models of Rcapture's closedp.t, in its order and spelling. */
export const CLOSEDP_MODELS = [
  'M0',
  'Mt',
  'Mh Chao (LB)',
  'Mh Poisson2',
  'Mh Darroch',
  'Mh Gamma3.5',
  'Mth Chao (LB)',
  'Mth Poisson2',
  'Mth Darroch',
  'Mth Gamma3.5',
  'Mb',
  'Mbh',
] as const;
export type ClosedpModelName = (typeof CLOSEDP_MODELS)[number];

/** The heterogeneity column(s) h(k) of Mh/Mth models, k = number of lists a person is on. */
export type Heterogeneity =
  | { kind: 'Chao' }
  | { kind: 'Poisson'; theta?: number }
  | { kind: 'Darroch' }
  | { kind: 'Gamma'; theta?: number }
  | { kind: 'function'; name: string; h: (k: number) => number };

/** Result of fitting one model, with the statistics Rcapture reports. */
export interface LoglinearFit {
  model: string;
  abundance: number;
  stderr: number;
  deviance: number;
  df: number;
  aic: number;
  bic: number;
  /** Rcapture's code: 0 fine, 1 questionable (no convergence, large bias), 2 not full rank, 3 other. */
  infoFit: number;
  /** Asymptotic bias of N (NaN when the design is not of full rank). */
  bias: number;
  /** Raw fitting warnings (R's wording), to be turned into plain language by the caller. */
  fitWarnings: string[];
  /** Names of the Chao eta parameters set to zero because their estimate was negative. */
  etaRemoved: string[];
  converged: boolean;
  rank: number;
  /** Coefficient names and values (intercept first), after any eta removal. */
  coefficientNames: string[];
  coefficients: number[];
  /** Fitted values on the observable cells, in the order of the design rows. */
  fitted: Float64Array;
}

/** Profile-likelihood interval for N as Rcapture's closedpCI computes it (multinomial profile). */
export interface ProfileInterval {
  /** Value of N maximising the multinomial profile likelihood. */
  abundance: number;
  lower: number;
  /** Upper bound, or Infinity when it lies beyond fmaxSupCL * N (Rcapture prints ">value"). */
  upper: number;
  /** The search limit used for the upper bound, fmaxSupCL * N. */
  upperSearchLimit: number;
  /** Rcapture's infoCI: 0 fine, 5 lower bound set to n, 6 upper bound beyond the limit, -1 error. */
  infoCI: number;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Cell order and design columns

/**
 * Capture patterns in Rcapture's row order (histpos.t): list 1 is the most significant digit and
 * the rows run from 11...1 down to 00...1. Returns our masks (bit i = list i).
 */
export function rcaptureMasks(t: number): Int32Array {
  const rows = (1 << t) - 1;
  const masks = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = rows - r;
    let mask = 0;
    for (let i = 0; i < t; i++) if (v & (1 << (t - 1 - i))) mask |= 1 << i;
    masks[r] = mask;
  }
  return masks;
}

/** Data and design for the .t functions: one row per observable pattern. */
export interface CellLayout {
  t: number;
  masks: Int32Array;
  y: Float64Array;
  /** Number of lists each row is on. */
  nbcap: Float64Array;
  /** Capture indicator of list i for each row. */
  capture: Float64Array[];
  n: number;
}

export function cellLayout(table: CaptureTable): CellLayout {
  const t = table.lists.length;
  const masks = rcaptureMasks(t);
  const rows = masks.length;
  const y = new Float64Array(rows);
  const nbcap = new Float64Array(rows);
  const capture = Array.from({ length: t }, () => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const m = masks[r];
    y[r] = table.counts[m];
    nbcap[r] = popcount(m);
    for (let i = 0; i < t; i++) capture[i][r] = m & (1 << i) ? 1 : 0;
  }
  return { t, masks, y, nbcap, capture, n: observedTotal(table) };
}

export interface DesignColumns {
  columns: Float64Array[];
  names: string[];
}

function heterogeneityColumns(h: Heterogeneity, nbcap: Float64Array, t: number): DesignColumns {
  const rows = nbcap.length;
  if (h.kind === 'Chao') {
    if (t < 3) return { columns: [new Float64Array(rows)], names: ['eta'] };
    const columns: Float64Array[] = [];
    const names: string[] = [];
    for (let j = 3; j <= t; j++) {
      const col = new Float64Array(rows);
      for (let r = 0; r < rows; r++) col[r] = Math.max(nbcap[r] - j + 1, 0);
      columns.push(col);
      names.push(`eta${j}`);
    }
    return { columns, names };
  }
  const col = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = nbcap[r];
    switch (h.kind) {
      case 'Poisson':
        col[r] = (h.theta ?? 2) ** k - 1;
        break;
      case 'Darroch':
        col[r] = (k * k) / 2;
        break;
      case 'Gamma': {
        const theta = h.theta ?? 3.5;
        col[r] = -Math.log(theta + k) + Math.log(theta);
        break;
      }
      case 'function':
        col[r] = h.h(k);
        break;
    }
  }
  return { columns: [col], names: ['tau'] };
}

/** An interaction term: the lists (0-based) whose joint presence the column indicates. */
export type Term = readonly number[];

/** Design columns for the given terms (each a product of capture indicators). */
export function termColumns(layout: CellLayout, terms: readonly Term[]): DesignColumns {
  const rows = layout.y.length;
  const columns: Float64Array[] = [];
  const names: string[] = [];
  for (const term of terms) {
    const col = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let v = 1;
      for (const i of term) v *= layout.capture[i][r];
      col[r] = v;
    }
    columns.push(col);
    names.push(
      term.length === 1 ? `beta${term[0] + 1}` : `lambda${term.map((i) => i + 1).join('_')}`,
    );
  }
  return { columns, names };
}

/** Design (without the intercept) of one of the closedp.t models. */
export function closedpDesign(
  layout: CellLayout,
  model: ClosedpModelName,
): DesignColumns & { nca: number } {
  const { t, nbcap } = layout;
  const rows = nbcap.length;
  const mainEffects = termColumns(
    layout,
    Array.from({ length: t }, (_, i) => [i]),
  );
  const nbcapColumn: DesignColumns = { columns: [Float64Array.from(nbcap)], names: ['beta'] };
  const withH = (base: DesignColumns, h: Heterogeneity): DesignColumns => {
    const hc = heterogeneityColumns(h, nbcap, t);
    return { columns: [...base.columns, ...hc.columns], names: [...base.names, ...hc.names] };
  };
  const firstCapture = () => {
    // Occasions before the first capture and captures after it (Rcapture's Mb columns).
    const before = new Float64Array(rows);
    const after = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let first = 0;
      while (first < t && layout.capture[first][r] === 0) first++;
      before[r] = first;
      after[r] = nbcap[r] - 1;
    }
    return { before, after };
  };
  switch (model) {
    case 'M0':
      return { ...nbcapColumn, nca: 2 };
    case 'Mt':
      return { ...mainEffects, nca: t + 1 };
    case 'Mh Chao (LB)':
      return { ...withH(nbcapColumn, { kind: 'Chao' }), nca: 2 };
    case 'Mh Poisson2':
      return { ...withH(nbcapColumn, { kind: 'Poisson', theta: 2 }), nca: 2 };
    case 'Mh Darroch':
      return { ...withH(nbcapColumn, { kind: 'Darroch' }), nca: 2 };
    case 'Mh Gamma3.5':
      return { ...withH(nbcapColumn, { kind: 'Gamma', theta: 3.5 }), nca: 2 };
    case 'Mth Chao (LB)':
      return { ...withH(mainEffects, { kind: 'Chao' }), nca: t + 1 };
    case 'Mth Poisson2':
      return { ...withH(mainEffects, { kind: 'Poisson', theta: 2 }), nca: t + 1 };
    case 'Mth Darroch':
      return { ...withH(mainEffects, { kind: 'Darroch' }), nca: t + 1 };
    case 'Mth Gamma3.5':
      return { ...withH(mainEffects, { kind: 'Gamma', theta: 3.5 }), nca: t + 1 };
    case 'Mb': {
      const { before, after } = firstCapture();
      return { columns: [before, after], names: ['beta1', 'beta2'], nca: 3 };
    }
    case 'Mbh': {
      const { before, after } = firstCapture();
      const notFirst = new Float64Array(rows);
      for (let r = 0; r < rows; r++) notFirst[r] = 1 - layout.capture[0][r];
      return { columns: [notFirst, before, after], names: ['eta', 'beta1', 'beta2'], nca: 4 };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fitting one model (Rcapture's closedp.fitone for Poisson log-linear models)

export const RCAPTURE_WARNING = {
  notFullRank: 'glm: design matrix not of full rank',
  largeBias: 'the asymptotic bias is large',
  lowerBoundN: 'the CI lower bound is set to the sample size n',
  upperBoundLimit:
    "the CI upper bound is larger than 'fmaxSupCL*N', you could set 'fmaxSupCL' to a larger value",
} as const;

interface GlmCall {
  fit: PoissonGlmFit;
  warnings: string[];
}

function glmCall(
  y: Float64Array,
  columns: readonly Float64Array[],
  cst: Float64Array | null,
): GlmCall {
  const rows = y.length;
  const p = columns.length + 1;
  const x = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) x[i] = 1;
  columns.forEach((col, j) => x.set(col, (j + 1) * rows));
  const fit = poissonGlm(x, rows, p, y, cst);
  const warnings = fit.warnings.map((w) => `glm: ${w}`);
  if (fit.aliased.some(Boolean)) {
    warnings.push(RCAPTURE_WARNING.notFullRank + (rows < p ? ' (fewer rows than columns)' : ''));
  }
  return { fit, warnings };
}

/** Rcapture's getInfo: one digit per kind of warning, sorted and concatenated. */
export function infoCode(warnings: readonly string[], error = false): number {
  if (error) return -1;
  if (warnings.length === 0) return 0;
  const digits = new Set<number>();
  for (const w of warnings) {
    if (
      w.includes('converge') ||
      w.includes('the sigma estimate is non-positive') ||
      w.includes('the asymptotic bias is large')
    ) {
      digits.add(1);
    } else if (w.includes('design matrix not of full rank')) digits.add(2);
    else if (w.includes('multinomial estimation')) digits.add(4);
    else if (w.includes('lower bound')) digits.add(5);
    else if (w.includes('upper bound')) digits.add(6);
    else digits.add(3);
  }
  return Number([...digits].sort((a, b) => a - b).join(''));
}

interface FitOneResult {
  fit: PoissonGlmFit;
  columns: Float64Array[];
  names: string[];
  warnings: string[];
  etaRemoved: string[];
  bias: number;
  bic: number;
}

/** Removes negative eta (Chao) parameters one at a time, refitting each time (Chao.neg). */
function removeNegativeEta(
  first: GlmCall,
  y: Float64Array,
  columns: Float64Array[],
  names: string[],
  nca: number,
  cst: Float64Array | null,
): { call: GlmCall; columns: Float64Array[]; names: string[]; warnings: string[] } {
  const isNeg = (v: number) => !Number.isNaN(v) && v < 0;
  let call = first;
  let cols = columns;
  let nms = names;
  const warnings: string[] = [];
  let testneg = false;
  for (let c = nca; c < call.fit.coefficients.length; c++)
    if (isNeg(call.fit.coefficients[c])) testneg = true;
  while (testneg) {
    let pos = nca;
    while (!isNeg(call.fit.coefficients[pos])) pos++;
    const removed = nms[pos - 1];
    const nextCols = cols.filter((_, j) => j !== pos - 1);
    const nextNames = nms.filter((_, j) => j !== pos - 1);
    const next = glmCall(y, nextCols, cst);
    call = next;
    cols = nextCols;
    nms = nextNames;
    testneg = false;
    if (call.fit.coefficients.length > nca) {
      for (let c = nca; c < call.fit.coefficients.length; c++)
        if (isNeg(call.fit.coefficients[c])) testneg = true;
    }
    if (next.warnings.length) {
      const intro = testneg ? 'warning not from the last fit' : 'warning from the last fit';
      for (const w of next.warnings) warnings.push(`${intro} (after removing ${removed}): ${w}`);
    }
  }
  return { call, columns: cols, names: nms, warnings };
}

/** Asymptotic bias of exp(b0): 0.5 exp(b0) [-I^-1 psi]_1 (Rcapture, after Rivest's derivation). */
function asymptoticBias(fit: PoissonGlmFit, columns: readonly Float64Array[]): number {
  if (fit.aliased.some(Boolean)) return NaN;
  const p = columns.length + 1;
  const rows = fit.fitted.length;
  const V = fit.cov;
  const xrow = new Float64Array(p);
  const psi = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    xrow[0] = 1;
    for (let j = 1; j < p; j++) xrow[j] = columns[j - 1][r];
    let quad = 0;
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += V[b * p + a] * xrow[b];
      quad += xrow[a] * s;
    }
    // psi = -2 X' diag(mu) xi with xi = -0.5 x'Vx, i.e. sum_r mu_r x_r (x_r' V x_r)
    const f = fit.fitted[r] * quad;
    for (let j = 0; j < p; j++) psi[j] += f * xrow[j];
  }
  psi[0] -= 1;
  let vec1 = 0;
  for (let b = 0; b < p; b++) vec1 -= V[b * p + 0] * psi[b];
  return 0.5 * Math.exp(fit.coefficients[0]) * vec1;
}

function fitOne(
  y: Float64Array,
  design: DesignColumns,
  n: number,
  cst: Float64Array | null,
  chao: { nca: number } | null,
): FitOneResult {
  const first = glmCall(y, design.columns, cst);
  let call = first;
  let columns = design.columns;
  let names = design.names;
  let warnings = [...first.warnings];
  let etaRemoved: string[] = [];
  if (chao) {
    const neg = removeNegativeEta(first, y, design.columns, design.names, chao.nca, cst);
    etaRemoved = design.names.filter((nm) => !neg.names.includes(nm));
    call = neg.call;
    columns = neg.columns;
    names = neg.names;
    if (neg.warnings.length) {
      const intro =
        warnings.length === 0 ||
        (neg.warnings.length === 1 && neg.warnings[0].includes('the negative eta'))
          ? ''
          : 'warning not from the last fit (with every eta parameters): ';
      warnings = [...warnings.map((w) => intro + w), ...neg.warnings];
    }
  }
  const fit = call.fit;
  const bias = asymptoticBias(fit, columns);
  const bic = fit.aic + (Math.log(n) - 2) * fit.rank;
  return { fit, columns, names, warnings, etaRemoved, bias, bic };
}

function standardAbundance(n: number, fit: PoissonGlmFit): { abundance: number; stderr: number } {
  const b0 = fit.coefficients[0];
  const v00 = fit.cov[0];
  return {
    abundance: n + Math.exp(b0),
    stderr: Math.sqrt(Math.exp(b0) + Math.exp(2 * b0) * v00),
  };
}

function quadForm(V: Float64Array, v: readonly number[]): number {
  const p = v.length;
  let s = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += v[a] * V[b * p + a] * v[b];
  return s;
}

function behaviouralAbundance(
  model: 'Mb' | 'Mbh',
  t: number,
  fit: PoissonGlmFit,
): { abundance: number; stderr: number } {
  const c = fit.coefficients;
  if (model === 'Mb') {
    const e1 = Math.exp(c[1]);
    const e2 = Math.exp(c[2]);
    const N = (Math.exp(c[0]) * (1 + e2) ** t) / (1 + e2 - e1);
    const v = [1, e1 / (1 + e2 - e1), (t * e2) / (1 + e2) - e2 / (1 + e2 - e1)].map((x) => N * x);
    return { abundance: N, stderr: Math.sqrt(quadForm(fit.cov, v) - N) };
  }
  const e3 = Math.exp(c[3]);
  const e2 = Math.exp(c[2]);
  const d = 1 + e3 - e2;
  const e12 = Math.exp(c[1] + c[2]);
  const scale = Math.exp(c[0]) * (1 + e3) ** (t - 1);
  const N = scale * (1 + e12 / d);
  const v = [
    1 + e12 / d,
    e12 / d,
    e12 / d + Math.exp(c[1] + 2 * c[2]) / (d * d),
    ((t - 1) * e3) / (1 + e3) - Math.exp(c[1] + c[2] + c[3]) / (d * d),
  ].map((x) => scale * x);
  return { abundance: N, stderr: Math.sqrt(quadForm(fit.cov, v) - N) };
}

function toLoglinearFit(
  model: string,
  one: FitOneResult,
  abundance: number,
  stderr: number,
  extraWarnings: readonly string[] = [],
): LoglinearFit {
  const warnings = [...one.warnings, ...extraWarnings];
  if (!Number.isNaN(one.bias) && Math.abs(one.bias) > 0.1 * abundance)
    warnings.push(RCAPTURE_WARNING.largeBias);
  return {
    model,
    abundance,
    stderr,
    deviance: one.fit.deviance,
    df: one.fit.dfResidual,
    aic: one.fit.aic,
    bic: one.bic,
    infoFit: infoCode(warnings),
    bias: one.bias,
    fitWarnings: warnings,
    etaRemoved: one.etaRemoved,
    converged: one.fit.converged,
    rank: one.fit.rank,
    coefficientNames: ['(Intercept)', ...one.names],
    coefficients: Array.from(one.fit.coefficients),
    fitted: one.fit.fitted,
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * The closedp.t family: M0, Mt, the Mh and Mth heterogeneity models and Mb, Mbh (only M0, Mt,
 * Mb with two lists).
 */
export function fitClosedp(
  table: CaptureTable,
  models?: readonly ClosedpModelName[],
): LoglinearFit[] {
  const layout = cellLayout(table);
  const wanted = models ?? (layout.t === 2 ? (['M0', 'Mt', 'Mb'] as const) : CLOSEDP_MODELS);
  return wanted.map((model) => fitClosedpModel(layout, model));
}

export function fitClosedpModel(layout: CellLayout, model: ClosedpModelName): LoglinearFit {
  if (layout.t === 2 && !['M0', 'Mt', 'Mb'].includes(model)) {
    throw new Error(`model ${model} needs at least 3 lists`);
  }
  const design = closedpDesign(layout, model);
  const isChao = model === 'Mh Chao (LB)' || model === 'Mth Chao (LB)';
  const one = fitOne(layout.y, design, layout.n, null, isChao ? { nca: design.nca } : null);
  const { abundance, stderr } =
    model === 'Mb' || model === 'Mbh'
      ? behaviouralAbundance(model, layout.t, one.fit)
      : standardAbundance(layout.n, one.fit);
  return toLoglinearFit(model, one, abundance, stderr);
}

export interface CustomModelSpec {
  /** Model name to report. */
  name: string;
  /** Interaction terms beyond the intercept (main effects included explicitly), e.g. [[0],[1],[0,1]]. */
  terms?: readonly Term[];
  /** Use the number of captures k as the only non-heterogeneity column (M0/Mh style) instead of terms. */
  nbcapOnly?: boolean;
  /** Further raw columns (one value per Rcapture row), e.g. an indicator for one cell. */
  extraColumns?: readonly Float64Array[];
  heterogeneity?: Heterogeneity;
}

/** Design for a custom model (closedpCI.t's mX + h). */
export function customDesign(
  layout: CellLayout,
  spec: CustomModelSpec,
): DesignColumns & { nca: number } {
  const base: DesignColumns = spec.nbcapOnly
    ? { columns: [Float64Array.from(layout.nbcap)], names: ['beta'] }
    : termColumns(layout, spec.terms ?? []);
  const extra = spec.extraColumns ?? [];
  const columns = [...base.columns, ...extra];
  const names = [...base.names, ...extra.map((_, i) => `mX.${i + 1}`)];
  const nca = columns.length + 1;
  if (spec.heterogeneity) {
    const hc = heterogeneityColumns(spec.heterogeneity, layout.nbcap, layout.t);
    columns.push(...hc.columns);
    names.push(...hc.names);
  }
  return { columns, names, nca };
}

export interface CustomFitResult {
  fit: LoglinearFit;
  /** Null when the design is not of full rank (Rcapture then does not compute the interval). */
  profile: ProfileInterval | null;
}

/**
 * closedpCI.t: fits a custom model (any hierarchical or non-hierarchical set of terms, optional
 * heterogeneity) and, unless disabled, its multinomial profile-likelihood interval.
 */
export function fitCustomModel(
  table: CaptureTable,
  spec: CustomModelSpec,
  options: {
    profile?: boolean;
    alpha?: number;
    fmaxSupCL?: number;
    allowMoreParametersThanCells?: boolean;
  } = {},
): CustomFitResult {
  const layout = cellLayout(table);
  const design = customDesign(layout, spec);
  return fitDesignWithProfile(
    spec.name,
    layout.y,
    layout.n,
    design,
    null,
    spec.heterogeneity?.kind === 'Chao',
    options,
  );
}

/**
 * Fits a log-linear model given its cells and design (without intercept) and, unless disabled,
 * its profile-likelihood interval. `n` is the number of people observed (for BIC and N = n +
 * exp(b0)); `y` may omit cells fixed at zero by the model.
 */
export function fitDesignWithProfile(
  name: string,
  y: Float64Array,
  n: number,
  design: DesignColumns & { nca: number },
  cst: Float64Array | null,
  chao: boolean,
  options: {
    profile?: boolean;
    alpha?: number;
    fmaxSupCL?: number;
    allowMoreParametersThanCells?: boolean;
  },
): CustomFitResult {
  if (design.columns.length + 1 > y.length && !options.allowMoreParametersThanCells) {
    throw new Error(
      `the model has ${design.columns.length + 1} parameters but only ${y.length} cells to fit them`,
    );
  }
  const one = fitOne(y, design, n, cst, chao ? { nca: design.nca } : null);
  const { abundance, stderr } = standardAbundance(n, one.fit);
  const fit = toLoglinearFit(name, one, abundance, stderr);
  if (options.profile === false) return { fit, profile: null };
  if (fit.fitWarnings.some((w) => w.includes('design matrix not of full rank')))
    return { fit, profile: null };
  const profile = profileInterval(
    y,
    n,
    design,
    cst,
    chao,
    abundance,
    options.alpha ?? 0.05,
    options.fmaxSupCL ?? 3,
  );
  return { fit, profile };
}

/**
 * Multinomial profile-likelihood interval (Cormack 1992) as closedpCI: the unobserved cell is
 * added with count N - n, the Poisson deviance corrected to the multinomial, the maximum found by
 * optimize() on (n, 1.5 N) and the bounds by uniroot() with tolerance 1e-4.
 */
function profileInterval(
  y: Float64Array,
  n: number,
  design: DesignColumns & { nca: number },
  cst: Float64Array | null,
  chao: boolean,
  poissonN: number,
  alpha: number,
  fmaxSupCL: number,
): ProfileInterval {
  const rows = y.length;
  const yAug = new Float64Array(rows + 1);
  yAug.set(y);
  const colsAug = design.columns.map((c) => {
    const a = new Float64Array(rows + 1);
    a.set(c);
    return a;
  });
  const cstAug = cst ? Float64Array.from([...cst, 0]) : null;
  let ySum = 0;
  for (let r = 0; r < rows; r++) ySum += y[r];
  const loglik = (N: number, lobj: number): number => {
    const n0 = N - n;
    yAug[rows] = n0;
    let call = glmCall(yAug, colsAug, cstAug);
    if (chao) call = removeNegativeEta(call, yAug, colsAug, design.names, design.nca, cstAug).call;
    // Cormack's correction uses the modelled cells only (with t0 < t, units seen more than t0
    // times are in n but not in y).
    const total = ySum + n0;
    let ct: number;
    if (total > 100) {
      ct =
        n0 === 0 || n0 === 1
          ? -total + 0.5 * Math.log(2 * Math.PI * total)
          : n0 - total - 0.5 * Math.log(n0 / total);
    } else {
      const n0logn0 = n0 > 0 ? n0 * Math.log(n0) : 0;
      ct = n0logn0 + lgamma(total + 1) - total * Math.log(total) - lgamma(n0 + 1);
    }
    return (call.fit.deviance - 2 * ct) / -2 - lobj;
  };
  const warnings: string[] = [];
  const nmax = brentMinimize((N) => -loglik(N, 0), n, 1.5 * poissonN, 0.0001);
  const lmax = loglik(nmax, 0);
  const lminCI = lmax - qchisq1(1 - alpha) / 2;
  let lower = n;
  try {
    lower = brentRoot((N) => loglik(N, lminCI), n, nmax, 0.0001).root;
  } catch (err) {
    if (!(err instanceof RootNotBracketedError)) throw err;
    warnings.push(RCAPTURE_WARNING.lowerBoundN);
  }
  const upperSearchLimit = fmaxSupCL * poissonN;
  let upper = Infinity;
  try {
    upper = brentRoot((N) => loglik(N, lminCI), nmax, upperSearchLimit, 0.0001).root;
  } catch (err) {
    if (!(err instanceof RootNotBracketedError)) throw err;
    warnings.push(RCAPTURE_WARNING.upperBoundLimit);
  }
  return { abundance: nmax, lower, upper, upperSearchLimit, infoCI: infoCode(warnings), warnings };
}

// ---------------------------------------------------------------------------------------------
// Frequencies of the number of captures (Rcapture's closedp.0 / closedpCI.0)

export interface CaptureFrequencies {
  /** frequencies[k-1] = number of units captured exactly k times, k = 1..length. */
  frequencies: readonly number[];
  /** Number of capture occasions; Infinity for captures in continuous time. */
  t: number;
  /** Only units captured at most t0 times are modelled (default t; the observed maximum if t is infinite). */
  t0?: number;
}

export const CLOSEDP0_MODELS = [
  'M0',
  'Mh Chao (LB)',
  'Mh Poisson2',
  'Mh Darroch',
  'Mh Gamma3.5',
] as const;
export type Closedp0ModelName = (typeof CLOSEDP0_MODELS)[number];

interface FrequencyLayout {
  y: Float64Array;
  nbcap: Float64Array;
  cst: Float64Array | null;
  n: number;
  t0: number;
}

function frequencyLayout(data: CaptureFrequencies): FrequencyLayout {
  const freqs = data.frequencies;
  let maxObserved = 0;
  freqs.forEach((f, i) => {
    if (f < 0 || !Number.isInteger(f))
      throw new Error(`frequency of ${i + 1} captures must be a non-negative integer`);
    if (f > 0) maxObserved = i + 1;
  });
  const infinite = !Number.isFinite(data.t);
  const t = infinite ? maxObserved : data.t;
  if (t < 2) throw new Error('at least 2 capture occasions are needed');
  if (maxObserved > t)
    throw new Error(`units captured ${maxObserved} times but only ${t} occasions`);
  const t0 = data.t0 ?? t;
  if (!Number.isInteger(t0) || t0 < 2 || (!infinite && t0 > t))
    throw new Error('t0 must be an integer between 2 and t');
  const y = new Float64Array(t0);
  const nbcap = new Float64Array(t0);
  let n = 0;
  freqs.forEach((f) => (n += f));
  for (let r = 0; r < t0; r++) {
    const k = t0 - r;
    nbcap[r] = k;
    y[r] = k - 1 < freqs.length ? freqs[k - 1] : 0;
  }
  const cst = new Float64Array(t0);
  for (let r = 0; r < t0; r++) cst[r] = infinite ? -logFactorial(nbcap[r]) : logChoose(t, nbcap[r]);
  return { y, nbcap, cst, n, t0 };
}

function frequencyDesign(
  layout: FrequencyLayout,
  h: Heterogeneity | undefined,
): DesignColumns & { nca: number } {
  const columns: Float64Array[] = [Float64Array.from(layout.nbcap)];
  const names = ['beta'];
  if (h) {
    const hc = heterogeneityColumns(h, layout.nbcap, layout.t0);
    columns.push(...hc.columns);
    names.push(...hc.names);
  }
  return { columns, names, nca: 2 };
}

const CLOSEDP0_H: Record<Closedp0ModelName, Heterogeneity | undefined> = {
  M0: undefined,
  'Mh Chao (LB)': { kind: 'Chao' },
  'Mh Poisson2': { kind: 'Poisson', theta: 2 },
  'Mh Darroch': { kind: 'Darroch' },
  'Mh Gamma3.5': { kind: 'Gamma', theta: 3.5 },
};

/** closedp.0: M0 and the four Mh models fitted to capture frequencies (offset log C(t, k)). */
export function fitClosedp0(data: CaptureFrequencies): LoglinearFit[] {
  const layout = frequencyLayout(data);
  const models: readonly Closedp0ModelName[] = layout.t0 === 2 ? ['M0'] : CLOSEDP0_MODELS;
  return models.map((model) => {
    const h = CLOSEDP0_H[model];
    const design = frequencyDesign(layout, h);
    const one = fitOne(
      layout.y,
      design,
      layout.n,
      layout.cst,
      h?.kind === 'Chao' ? { nca: 2 } : null,
    );
    const { abundance, stderr } = standardAbundance(layout.n, one.fit);
    return toLoglinearFit(model, one, abundance, stderr);
  });
}

/** closedpCI.0: one Mh (or M0) model on capture frequencies, with its profile interval. */
export function fitFrequencyModel(
  data: CaptureFrequencies,
  heterogeneity: Heterogeneity | undefined,
  name: string,
  options: { profile?: boolean; alpha?: number; fmaxSupCL?: number } = {},
): CustomFitResult {
  const layout = frequencyLayout(data);
  const design = frequencyDesign(layout, heterogeneity);
  return fitDesignWithProfile(
    name,
    layout.y,
    layout.n,
    design,
    layout.cst,
    heterogeneity?.kind === 'Chao',
    options,
  );
}

// ---------------------------------------------------------------------------------------------
// Intervals that do not need the profile

/**
 * Log-normal interval for N from its standard error (Chao 1987, eq. 12): the unobserved part
 * N - n is taken as log-normal so the interval never goes below n.
 */
export function logNormalInterval(
  n: number,
  abundance: number,
  stderr: number,
  level = 0.95,
): [number, number] {
  const f0 = abundance - n;
  if (!(f0 > 0) || !Number.isFinite(stderr)) return [NaN, NaN];
  const z = qnorm(0.5 + level / 2);
  const c = Math.exp(z * Math.sqrt(Math.log(1 + (stderr * stderr) / (f0 * f0))));
  return [n + f0 / c, n + f0 * c];
}

// ---------------------------------------------------------------------------------------------
// Normal heterogeneity (Rivest 2011): log-normal capture heterogeneity integrated by 20-point
// Gauss-Hermite quadrature, fitted by minimising the Poisson deviance with BFGS as Rcapture does.

/** Nodes and weights of n-point Gauss-Hermite quadrature (weight exp(-x^2)), by Newton's method. */
export function gaussHermite(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[n - 1];
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[n - 2];
    else z = 2 * z - nodes[n - i + 1];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = Math.PI ** -0.25;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15) break;
    }
    nodes[n - 1 - i] = z;
    nodes[i] = -z;
    weights[i] = 2 / (pp * pp);
    weights[n - 1 - i] = weights[i];
  }
  return { nodes, weights };
}

const HERMITE20 = gaussHermite(20);

function normalModelMu(
  par: Float64Array,
  columns: readonly Float64Array[],
  nbcap: Float64Array,
  cst: Float64Array | null,
  out: Float64Array,
): void {
  const rows = nbcap.length;
  const q = columns.length;
  const b0 = par[0];
  const sigma = par[q + 1];
  let tmax = 0;
  for (let r = 0; r < rows; r++) if (nbcap[r] > tmax) tmax = nbcap[r];
  const lin = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = (cst ? cst[r] : 0) + b0;
    for (let j = 0; j < q; j++) s += columns[j][r] * par[j + 1];
    lin[r] = s;
  }
  const { nodes, weights } = HERMITE20;
  const C = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += Math.exp(lin[r] + nbcap[r] * nodes[i] * Math.SQRT2 * sigma);
    C[i] = Math.exp(b0) / (Math.exp(b0) + s);
  }
  let den = 0;
  for (let i = 0; i < nodes.length; i++) den += weights[i] * C[i];
  const phi = new Float64Array(tmax + 1);
  for (let k = 1; k <= tmax; k++) {
    let num = 0;
    for (let i = 0; i < nodes.length; i++)
      num += weights[i] * Math.exp(k * Math.SQRT2 * sigma * nodes[i]) * C[i];
    phi[k] = Math.log(num / den);
  }
  for (let r = 0; r < rows; r++) out[r] = Math.exp(lin[r] + phi[nbcap[r]]);
}

export interface NormalHeterogeneityFit extends Omit<
  LoglinearFit,
  'bias' | 'etaRemoved' | 'fitted'
> {
  /** Log-normal (Chao 1987) interval, as closedpCI reports for this model. */
  lower: number;
  upper: number;
  sigma: number;
}

function fitNormal(
  name: string,
  y: Float64Array,
  n: number,
  design: DesignColumns,
  nbcap: Float64Array,
  cst: Float64Array | null,
  alpha: number,
): NormalHeterogeneityFit {
  const rows = y.length;
  const q = design.columns.length;
  const npar = q + 2;
  if (rows < npar)
    throw new Error(`the model has ${npar} parameters but only ${rows} cells to fit them`);
  const tau = Float64Array.from(nbcap, (k) => (k * k) / 2);
  const darroch = glmCall(y, [...design.columns, tau], cst);
  const warnings = darroch.warnings.map(
    (w) => `warning from a call to glm to determine 'initcoef': ${w}`,
  );
  const start = new Float64Array(npar);
  for (let j = 0; j <= q; j++) start[j] = darroch.fit.coefficients[j];
  start[q + 1] = 0.2;
  const mu = new Float64Array(rows);
  const deviance = (par: Float64Array) => {
    normalModelMu(par, design.columns, nbcap, cst, mu);
    let dev = 0;
    for (let r = 0; r < rows; r++)
      dev += y[r] > 0 ? 2 * (y[r] * Math.log(y[r] / mu[r]) - (y[r] - mu[r])) : 2 * mu[r];
    return dev;
  };
  const opt = bfgsMinimize(deviance, start);
  if (opt.convergence !== 0) warnings.push('optim: algorithm did not converge');
  const par = opt.par;
  if (par[q + 1] <= 0) {
    warnings.push(
      'the sigma estimate is non-positive, it seems there is no heterogeneous catchability in the data',
    );
  }
  normalModelMu(par, design.columns, nbcap, cst, mu);
  let loglik = 0;
  for (let r = 0; r < rows; r++)
    loglik += y[r] > 0 ? y[r] * Math.log(mu[r]) - mu[r] - logFactorial(y[r]) : -mu[r];
  const hessian = numericHessian(deviance, par);
  const varcov = invertMatrix(hessian, npar);
  const b0 = par[0];
  const abundance = n + Math.exp(b0);
  const stderr = Math.sqrt(Math.exp(b0) + Math.exp(2 * b0) * varcov[0]);
  const [lower, upper] = logNormalInterval(n, abundance, stderr, 1 - alpha);
  return {
    model: name,
    abundance,
    stderr,
    lower,
    upper,
    sigma: par[q + 1],
    deviance: opt.value,
    df: rows - npar,
    aic: -2 * loglik + 2 * npar,
    bic: -2 * loglik + Math.log(n) * npar,
    infoFit: infoCode(warnings),
    fitWarnings: warnings,
    converged: opt.convergence === 0,
    rank: npar,
    coefficientNames: ['(Intercept)', ...design.names, 'sigma'],
    coefficients: Array.from(par),
  };
}

/** closedpCI.0 with h = "Normal": normal heterogeneity on capture frequencies. */
export function fitFrequencyNormal(
  data: CaptureFrequencies,
  name = 'Mh Normal',
  alpha = 0.05,
): NormalHeterogeneityFit {
  const layout = frequencyLayout(data);
  return fitNormal(
    name,
    layout.y,
    layout.n,
    frequencyDesign(layout, undefined),
    layout.nbcap,
    layout.cst,
    alpha,
  );
}

/** closedpCI.t with h = "Normal": normal heterogeneity added to a custom design on the capture patterns. */
export function fitPatternNormal(
  table: CaptureTable,
  spec: Omit<CustomModelSpec, 'heterogeneity'>,
  alpha = 0.05,
): NormalHeterogeneityFit {
  const layout = cellLayout(table);
  const design = customDesign(layout, spec);
  return fitNormal(spec.name, layout.y, layout.n, design, layout.nbcap, null, alpha);
}

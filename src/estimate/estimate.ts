/**
 * One estimation run on a capture table: the twelve classical log-linear models, the best
 * hierarchical model by BIC (or AIC), model averaging over decomposable graphs, and the
 * latent-class model, each with its 95% interval, plain-language warnings and assumptions, and
 * one selected estimate. The report records every setting and the seed, so it can be stored
 * with the inputs and reproduced.
 */

import { dgaModelAveraging } from './dga';
import { loglinearWarnings, modelAssumptions, tableWarnings } from './explain';
import {
  type Criterion,
  fitHierarchicalWithInterval,
  searchHierarchicalModels,
} from './hierarchical';
import { type LcmcrSettings, LCMCR_DEFAULTS, runLcmcr } from './lcmcr';
import {
  CLOSEDP_MODELS,
  type ClosedpModelName,
  type CustomModelSpec,
  fitClosedp,
  fitCustomModel,
  type LoglinearFit,
  logNormalInterval,
  type ProfileInterval,
} from './loglinear';
import { type CaptureTable, observedTotal, patternString, tableFromHistories } from './table';

export type EstimationMethod = 'loglinear' | 'lcmcr' | 'all';

export interface EstimateOptions {
  method?: EstimationMethod;
  /** LCMCR settings (R package defaults: K 5, burn-in 10,000, 1,000 samples, thinning 10). */
  lcmcr?: Partial<LcmcrSettings>;
  /** Seed for the sampler (also lcmcr.seed). */
  seed?: number;
  /** Criterion for the hierarchical model search (default BIC). */
  criterion?: Criterion;
  /** Highest interaction order in the search (default by number of lists). */
  maxorder?: number;
  /** Further hierarchical models to fit and report, e.g. ["[12,13,34]"]. */
  models?: string[];
  /** Model averaging over decomposable graphs (3 to 5 lists); default on with method "all". */
  dga?: boolean;
  /** Profile-likelihood intervals (on by default; off makes large batches faster). */
  profile?: boolean;
}

export interface ModelReport {
  method: 'loglinear' | 'dga';
  model: string;
  abundance: number;
  stderr: number | null;
  deviance: number | null;
  df: number | null;
  aic: number | null;
  bic: number | null;
  /** 95% interval; an upper bound of null means it could not be found (larger than any limit). */
  ci95: [number, number | null] | null;
  ciMethod: 'profile likelihood' | 'log-normal' | 'posterior' | null;
  /** Rcapture's infoFit code (0 = no problem). */
  infoFit: number | null;
  warnings: string[];
  assumptions: string;
}

export interface LcmcrReport {
  K: number;
  burnin: number;
  samples: number;
  thinning: number;
  seed: number;
  chains: number;
  aAlpha: number;
  bAlpha: number;
  median: number;
  mean: number;
  sd: number;
  ci95: [number, number];
  quantiles: Record<string, number>;
  diagnostics: {
    rhat: number;
    ess: number;
    geweke: number[];
    meanOccupiedClasses: number;
    maxOccupiedClasses: number;
  };
  warnings: string[];
  assumptions: string;
  seconds: number;
}

export interface SelectedEstimate {
  method: 'loglinear' | 'lcmcr';
  model: string;
  estimate: number;
  ci95: [number, number | null] | null;
  reason: string;
}

export interface EstimateReport {
  lists: string[];
  observed: number;
  /** The input: people per capture pattern (non-zero patterns; 1 = on that list). */
  counts: { pattern: string; count: number }[];
  models: ModelReport[];
  search: {
    criterion: Criterion;
    strategy: 'exhaustive' | 'downhill';
    maxorder: number;
    examined: number;
    excluded: number;
    top: { model: string; abundance: number; score: number }[];
  } | null;
  lcmcr: LcmcrReport | null;
  selected: SelectedEstimate | null;
  warnings: string[];
  settings: { method: EstimationMethod; seed: number; criterion: Criterion; profile: boolean };
  /** Posterior draws of N from LCMCR (kept for strata sums and plots; not printed). */
  lcmcrDraws?: Float64Array;
}

function jsonInterval(lo: number, hi: number): [number, number | null] | null {
  if (!Number.isFinite(lo)) return null;
  return [lo, Number.isFinite(hi) ? hi : null];
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function closedpSpec(model: ClosedpModelName, t: number): CustomModelSpec | null {
  const main = Array.from({ length: t }, (_, i) => [i]);
  const h = {
    'Chao (LB)': { kind: 'Chao' as const },
    Poisson2: { kind: 'Poisson' as const, theta: 2 },
    Darroch: { kind: 'Darroch' as const },
    'Gamma3.5': { kind: 'Gamma' as const, theta: 3.5 },
  };
  if (model === 'M0') return { name: model, nbcapOnly: true };
  if (model === 'Mt') return { name: model, terms: main };
  if (model === 'Mb' || model === 'Mbh') return null;
  const [kind, ...rest] = model.split(' ');
  const het = h[rest.join(' ') as keyof typeof h];
  return kind === 'Mh'
    ? { name: model, nbcapOnly: true, heterogeneity: het }
    : { name: model, terms: main, heterogeneity: het };
}

function loglinearReport(
  fit: LoglinearFit,
  observed: number,
  profile: ProfileInterval | null,
  lists: readonly string[],
): ModelReport {
  let ci95: [number, number | null] | null = null;
  let ciMethod: ModelReport['ciMethod'] = null;
  if (profile && profile.infoCI >= 0) {
    ci95 = jsonInterval(profile.lower, profile.upper);
    ciMethod = 'profile likelihood';
  } else if (Number.isFinite(fit.stderr)) {
    const [lo, hi] = logNormalInterval(observed, fit.abundance, fit.stderr);
    ci95 = jsonInterval(lo, hi);
    ciMethod = ci95 ? 'log-normal' : null;
  }
  return {
    method: 'loglinear',
    model: fit.model,
    abundance: fit.abundance,
    stderr: finiteOrNull(fit.stderr),
    deviance: finiteOrNull(fit.deviance),
    df: fit.df,
    aic: finiteOrNull(fit.aic),
    bic: finiteOrNull(fit.bic),
    ci95,
    ciMethod,
    infoFit: fit.infoFit,
    warnings: loglinearWarnings(fit, observed, profile),
    assumptions: modelAssumptions(fit.model, lists),
  };
}

/** True when the model's estimate can be shown as a number (converged, finite, not flagged). */
function usable(r: ModelReport): boolean {
  return r.warnings.length === 0 && Number.isFinite(r.abundance) && r.ci95 !== null;
}

export function estimateTable(table: CaptureTable, options: EstimateOptions = {}): EstimateReport {
  const method = options.method ?? 'all';
  const criterion = options.criterion ?? 'BIC';
  const profile = options.profile ?? true;
  const seed = options.seed ?? options.lcmcr?.seed ?? LCMCR_DEFAULTS.seed;
  const observed = observedTotal(table);
  const t = table.lists.length;
  const warnings = tableWarnings(table);
  const models: ModelReport[] = [];
  let search: EstimateReport['search'] = null;
  let bestLoglinear: ModelReport | null = null;
  if (observed === 0) throw new RangeError('the table is empty: nobody was recorded');

  if (method === 'loglinear' || method === 'all') {
    for (const fit of fitClosedp(table)) {
      const spec = closedpSpec(fit.model as ClosedpModelName, t);
      let prof: ProfileInterval | null = null;
      if (profile && spec && !fit.fitWarnings.some((w) => w.includes('not of full rank'))) {
        try {
          prof = fitCustomModel(table, spec).profile;
        } catch {
          prof = null;
        }
      }
      models.push(loglinearReport(fit, observed, prof, table.lists));
    }
    const res = searchHierarchicalModels(table, { criterion, maxorder: options.maxorder });
    const score = (f: { bic: number; aic: number }) => (criterion === 'BIC' ? f.bic : f.aic);
    search = {
      criterion,
      strategy: res.strategy,
      maxorder: res.maxorder,
      examined: res.examined,
      excluded: res.excluded,
      top: res.ranked
        .slice(0, 5)
        .map((f) => ({ model: f.model, abundance: f.abundance, score: score(f) })),
    };
    const extra = new Set(options.models ?? []);
    const names = [...new Set([...(res.ranked[0] ? [res.ranked[0].model] : []), ...extra])];
    for (const name of names) {
      const hf = fitHierarchicalWithInterval(table, name);
      const report = loglinearReport(hf.fit, observed, profile ? hf.profile : null, table.lists);
      if (hf.minusInfinityTerms.length) {
        report.warnings.push(
          `Some list combinations in this model have nobody, so their effect is fixed at minus infinity and those cells at zero.`,
        );
      }
      if (res.ranked[0] && name === res.ranked[0].model) {
        report.assumptions += ` Chosen among ${res.examined} hierarchical models by ${criterion}.`;
        bestLoglinear = report;
      }
      models.push(report);
    }
    if (!res.ranked.length) {
      warnings.push('No hierarchical log-linear model has a finite estimate for this table.');
    }
  }

  if (method === 'all' && (options.dga ?? true) && t >= 3 && t <= 5) {
    const d = dgaModelAveraging(table);
    const dgaWarnings: string[] = [];
    if (d.massAtGridEnd > 1e-6) {
      dgaWarnings.push(
        'Much of the posterior lies beyond ten times the documented number: the estimate is unbounded.',
      );
    }
    models.push({
      method: 'dga',
      model: `decomposable graphs (${d.graphs.length}, delta=2^-${t})`,
      abundance: d.median,
      stderr: null,
      deviance: null,
      df: null,
      aic: null,
      bic: null,
      ci95: [d.ci95[0], d.ci95[1]],
      ciMethod: 'posterior',
      infoFit: null,
      warnings: dgaWarnings,
      assumptions: `${modelAssumptions('dga')} Most probable graph: ${d.topModel.cliques.join(', ')} (${(100 * d.topModel.probability).toFixed(0)}%).`,
    });
  }

  let lcmcr: LcmcrReport | null = null;
  let draws: Float64Array | undefined;
  if (method === 'lcmcr' || method === 'all') {
    const settings = { ...LCMCR_DEFAULTS, ...options.lcmcr, seed };
    const r = runLcmcr(table, settings);
    draws = r.draws;
    const lw: string[] = [];
    if (t < 3) {
      lw.push(
        'With two lists the latent-class model cannot be identified: its result reflects the prior, not the data.',
      );
    }
    if (r.diagnostics.rhat > 1.1) {
      lw.push(
        `The chains disagree (R-hat ${r.diagnostics.rhat.toFixed(2)}): run longer (more burn-in or thinning) before using this estimate.`,
      );
    }
    if (r.diagnostics.ess < 100) {
      lw.push(
        `Only about ${Math.round(r.diagnostics.ess)} effectively independent draws: the interval is rough; increase samples or thinning.`,
      );
    }
    if (r.diagnostics.geweke.some((z) => Math.abs(z) > 3)) {
      lw.push('The start and end of a chain differ (Geweke test): the burn-in may be too short.');
    }
    if (r.diagnostics.maxOccupiedClasses >= settings.K) {
      lw.push(`All ${settings.K} latent classes were used at times: consider a larger K.`);
    }
    if (r.quantiles.q975 > 20 * observed)
      lw.push('The posterior reaches more than twenty times the documented number.');
    lcmcr = {
      K: settings.K,
      burnin: settings.burnin,
      samples: settings.samples,
      thinning: settings.thinning,
      seed: settings.seed,
      chains: settings.chains,
      aAlpha: settings.aAlpha,
      bAlpha: settings.bAlpha,
      median: r.median,
      mean: r.mean,
      sd: r.sd,
      ci95: r.ci95,
      quantiles: r.quantiles,
      diagnostics: r.diagnostics,
      warnings: lw,
      assumptions: modelAssumptions('LCMCR'),
      seconds: r.seconds,
    };
  }

  // The latent-class estimate is selected when its chains passed the convergence checks (a
  // saturated truncation K is reported but does not disqualify it).
  const lcmcrConverged =
    lcmcr !== null &&
    t >= 3 &&
    lcmcr.diagnostics.rhat <= 1.1 &&
    lcmcr.diagnostics.ess >= 100 &&
    lcmcr.diagnostics.geweke.every((z) => Math.abs(z) <= 3) &&
    lcmcr.quantiles.q975 <= 20 * observed;
  let selected: SelectedEstimate | null = null;
  if (lcmcr && lcmcrConverged) {
    selected = {
      method: 'lcmcr',
      model: 'LCMCR',
      estimate: lcmcr.median,
      ci95: lcmcr.ci95,
      reason:
        method === 'lcmcr'
          ? 'Latent-class model requested.'
          : 'The latent-class model allows people to differ and lists to depend on each other, and its chains converged; its posterior median and 95% interval are reported.',
    };
  } else if (bestLoglinear && usable(bestLoglinear)) {
    selected = {
      method: 'loglinear',
      model: bestLoglinear.model,
      estimate: bestLoglinear.abundance,
      ci95: bestLoglinear.ci95,
      reason: lcmcr
        ? `The latent-class chains did not pass the convergence checks, so the best log-linear model by ${criterion} is reported.`
        : `Best hierarchical log-linear model by ${criterion}, with its profile-likelihood 95% interval.`,
    };
  } else if (lcmcr) {
    selected = {
      method: 'lcmcr',
      model: 'LCMCR',
      estimate: lcmcr.median,
      ci95: lcmcr.ci95,
      reason: 'Only the latent-class model gave an estimate; read its warnings before using it.',
    };
  }
  if (!selected) warnings.push('No method gave a usable estimate for this table.');
  const counts: EstimateReport['counts'] = [];
  for (let m = 1; m < table.counts.length; m++) {
    if (table.counts[m] > 0) counts.push({ pattern: patternString(m, t), count: table.counts[m] });
  }
  return {
    lists: [...table.lists],
    observed,
    counts,
    models,
    search,
    lcmcr,
    selected,
    warnings,
    settings: { method, seed, criterion, profile },
    lcmcrDraws: draws,
  };
}

/**
 * Estimates from individual capture histories (one per person, e.g. one per linkage cluster,
 * as 0/1 vectors aligned with `lists`). This is the entry point for the store path: it only
 * ever sees which lists each (anonymous) person is on.
 */
export function estimateFromHistories(
  histories: { lists: readonly string[]; histories: Iterable<ArrayLike<number | boolean>> },
  options: EstimateOptions = {},
): EstimateReport {
  return estimateTable(tableFromHistories(histories.lists, histories.histories), options);
}

/** The report as printed with --json: one object, no typed arrays. */
export function reportToJson(report: EstimateReport): Omit<EstimateReport, 'lcmcrDraws'> {
  const { lcmcrDraws: _draws, ...rest } = report;
  return rest;
}

export { CLOSEDP_MODELS };

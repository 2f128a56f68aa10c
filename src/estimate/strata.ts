/**
 * Stratified estimation (by year, province, violation type...): one estimate per stratum and
 * their sum with an interval. For the latent-class model the sum's posterior is the sum of the
 * strata's independent posterior draws; for log-linear models the unrecorded parts are added and
 * their variances combined, with the log-normal interval of Chao (1987) for the total.
 */

import { type EstimateOptions, type EstimateReport, estimateTable } from './estimate';
import { mean, qnorm, quantileSorted, sortedCopy } from './numeric';
import { type StratumPoint } from './plots';
import { type CaptureTable, observedTotal } from './table';

export interface Stratum {
  /** Label of the stratum, e.g. "2021" or "2021|Jilin"; never an identity. */
  key: string;
  table: CaptureTable;
}

export interface StratumResult {
  key: string;
  observed: number;
  /** Null when the stratum could not be estimated (the error says why). */
  report: EstimateReport | null;
  error: string | null;
}

export interface StrataTotal {
  observed: number;
  lcmcr: { median: number; mean: number; ci95: [number, number] } | null;
  loglinear: { estimate: number; stderr: number; ci95: [number, number] } | null;
  /** Strata left out of a sum because they had no usable estimate. */
  missingFrom: { lcmcr: string[]; loglinear: string[] };
}

export interface StrataReport {
  strata: StratumResult[];
  total: StrataTotal;
  warnings: string[];
}

/** Per-stratum estimates plus the total. Each stratum gets its own sampler stream (seed + index). */
export function estimateStrata(
  strata: readonly Stratum[],
  options: EstimateOptions = {},
): StrataReport {
  const seed = options.seed ?? options.lcmcr?.seed ?? 1;
  const keys = new Set<string>();
  for (const s of strata) {
    if (keys.has(s.key)) throw new RangeError(`stratum "${s.key}" appears twice`);
    keys.add(s.key);
  }
  const results: StratumResult[] = strata.map((s, i) => {
    const observed = observedTotal(s.table);
    try {
      const report = estimateTable(s.table, {
        ...options,
        seed: seed + i,
        lcmcr: { ...options.lcmcr, seed: seed + i },
      });
      return { key: s.key, observed, report, error: null };
    } catch (err) {
      return { key: s.key, observed, report: null, error: (err as Error).message };
    }
  });
  const observed = results.reduce((a, r) => a + r.observed, 0);
  const warnings: string[] = [];
  for (const r of results) {
    if (r.error) warnings.push(`Stratum "${r.key}" could not be estimated: ${r.error}`);
    else if (r.report && r.report.observed < 30)
      warnings.push(`Stratum "${r.key}" has only ${r.report.observed} people documented.`);
  }

  // LCMCR: sum of draws, stratum by stratum (independent chains, equal numbers of draws).
  const withDraws = results.filter((r) => r.report?.lcmcrDraws);
  let lcmcr: StrataTotal['lcmcr'] = null;
  const missingLcmcr = results.filter((r) => !r.report?.lcmcrDraws).map((r) => r.key);
  if (withDraws.length) {
    const len = Math.min(...withDraws.map((r) => r.report!.lcmcrDraws!.length));
    const sum = new Float64Array(len);
    for (const r of withDraws) {
      const d = r.report!.lcmcrDraws!;
      for (let i = 0; i < len; i++) sum[i] += d[i];
    }
    // Strata without draws still count what was documented there.
    const floor = results.filter((r) => !r.report?.lcmcrDraws).reduce((a, r) => a + r.observed, 0);
    for (let i = 0; i < len; i++) sum[i] += floor;
    const sorted = sortedCopy(sum);
    lcmcr = {
      median: quantileSorted(sorted, 0.5),
      mean: mean(sum),
      ci95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    };
  }

  // Log-linear: each stratum's selected log-linear model (or its best by the criterion).
  let unrecorded = 0;
  let variance = 0;
  const missingLoglinear: string[] = [];
  for (const r of results) {
    const best = r.report?.models.find(
      (m) =>
        m.method === 'loglinear' &&
        m.model.startsWith('[') &&
        m.stderr !== null &&
        m.warnings.length === 0,
    );
    if (!best || best.stderr === null) {
      missingLoglinear.push(r.key);
      continue;
    }
    unrecorded += best.abundance - r.observed;
    variance += best.stderr * best.stderr;
  }
  let loglinear: StrataTotal['loglinear'] = null;
  if (missingLoglinear.length < results.length && unrecorded > 0) {
    const se = Math.sqrt(variance);
    const z = qnorm(0.975);
    const c = Math.exp(z * Math.sqrt(Math.log(1 + variance / (unrecorded * unrecorded))));
    loglinear = {
      estimate: observed + unrecorded,
      stderr: se,
      ci95: [observed + unrecorded / c, observed + unrecorded * c],
    };
  }
  if (missingLoglinear.length && loglinear) {
    warnings.push(
      `The log-linear total leaves out the unrecorded part of ${missingLoglinear.length} stratum/strata without a usable model (only their documented cases count).`,
    );
  }
  return {
    strata: results,
    total: {
      observed,
      lcmcr,
      loglinear,
      missingFrom: { lcmcr: missingLcmcr, loglinear: missingLoglinear },
    },
    warnings,
  };
}

/**
 * Points for strataTimelineSvg, one per stratum in the given order: documented count and the
 * chosen estimate with its 95% interval (null where the stratum has none).
 */
export function strataTimelinePoints(
  report: StrataReport,
  method: 'selected' | 'lcmcr' | 'loglinear' = 'selected',
): StratumPoint[] {
  return report.strata.map((s) => {
    const r = s.report;
    let estimate: number | null = null;
    let lower: number | null = null;
    let upper: number | null = null;
    if (r) {
      if (method === 'lcmcr' && r.lcmcr) {
        estimate = r.lcmcr.median;
        [lower, upper] = r.lcmcr.ci95;
      } else if (method === 'loglinear') {
        const best = r.models.find((m) => m.method === 'loglinear' && m.model.startsWith('['));
        if (best && best.ci95) {
          estimate = best.abundance;
          [lower, upper] = best.ci95;
        }
      } else if (method === 'selected' && r.selected && r.selected.ci95) {
        estimate = r.selected.estimate;
        [lower, upper] = r.selected.ci95;
      }
    }
    return { label: s.key, documented: s.observed, estimate, lower, upper };
  });
}

/**
 * The estimates a report shows: how many women crossed in the period in all (documented or not),
 * and year by year, from the lists' overlaps (multiple systems estimation, src/estimate). The
 * estimator only ever sees capture histories: which lists each linked person is on.
 *
 * Consent: only people with consent for the report's purpose are in the histories; someone left
 * out looks, to the estimator, like someone nobody recorded (the report says so).
 */
import {
  estimateStrata,
  estimateTable,
  tableFromHistories,
  type EstimateReport,
  type StrataReport,
} from '../estimate';
import type { LinkedPerson, Period } from './statistics';

export interface Interval95 {
  estimate: number;
  lower: number;
  upper: number | null;
}

export interface YearEstimate {
  year: number;
  /** Null when the year has no usable estimate (too few people, lists without overlap). */
  estimate: Interval95 | null;
  method: string | null;
  warnings: string[];
}

export interface ReportEstimates {
  lists: string[];
  /** The selected estimate for the whole period, or null. */
  overall: (Interval95 & { method: string; model: string; reason: string }) | null;
  /** LCMCR posterior draws of the whole-period total (for the business estimate and plots). */
  draws: Float64Array | null;
  byYear: YearEstimate[];
  /** Sum of the yearly estimates (log-linear), with its interval. */
  yearlySum: Interval95 | null;
  warnings: string[];
  settings: { seed: number; lcmcr: { burnin: number; samples: number; thinning: number } | null };
}

export interface EstimateSettings {
  seed?: number;
  /** Smaller LCMCR runs for tests and previews (R package defaults otherwise). */
  lcmcr?: { burnin?: number; samples?: number; thinning?: number };
}

/** Which lists each person is on, as 0/1 rows aligned with `lists`. */
export function captureHistories(
  persons: readonly LinkedPerson[],
  lists: readonly string[],
): number[][] {
  const index = new Map(lists.map((l, i) => [l, i]));
  return persons.map((p) => {
    const row = lists.map(() => 0);
    for (const s of p.sources) {
      const i = index.get(s);
      if (i !== undefined) row[i] = 1;
    }
    return row;
  });
}

function interval(estimate: number, ci: [number, number | null] | null): Interval95 {
  return { estimate, lower: ci ? ci[0] : estimate, upper: ci ? ci[1] : null };
}

export function estimateForReport(
  persons: readonly LinkedPerson[],
  lists: readonly string[],
  period: Period,
  settings: EstimateSettings = {},
): ReportEstimates {
  const seed = settings.seed ?? 1;
  const inPeriod = persons.filter(
    (p) => p.crossingYear !== null && p.crossingYear >= period.from && p.crossingYear <= period.to,
  );
  const warnings: string[] = [];
  let overall: ReportEstimates['overall'] = null;
  let draws: Float64Array | null = null;
  let lcmcrSettings: ReportEstimates['settings']['lcmcr'] = null;
  if (inPeriod.length > 0 && lists.length >= 2) {
    let report: EstimateReport | null = null;
    try {
      report = estimateTable(tableFromHistories(lists, captureHistories(inPeriod, lists)), {
        method: 'all',
        seed,
        dga: false,
        lcmcr: { ...settings.lcmcr, seed },
      });
    } catch (err) {
      warnings.push(`The whole-period estimate failed: ${(err as Error).message}`);
    }
    if (report) {
      warnings.push(...report.warnings);
      if (report.selected) {
        overall = {
          ...interval(report.selected.estimate, report.selected.ci95),
          method: report.selected.method,
          model: report.selected.model,
          reason: report.selected.reason,
        };
      }
      draws = report.lcmcrDraws ?? null;
      if (report.lcmcr) {
        lcmcrSettings = {
          burnin: report.lcmcr.burnin,
          samples: report.lcmcr.samples,
          thinning: report.lcmcr.thinning,
        };
      }
    }
  } else {
    warnings.push(
      'Nobody with consent for this purpose crossed in the period, or there are fewer than two lists.',
    );
  }

  const byYear: YearEstimate[] = [];
  let yearlySum: Interval95 | null = null;
  if (lists.length >= 2) {
    const strata = [];
    for (let y = period.from; y <= period.to; y++) {
      const people = inPeriod.filter((p) => p.crossingYear === y);
      if (people.length === 0) continue;
      strata.push({
        key: String(y),
        table: tableFromHistories(lists, captureHistories(people, lists)),
      });
    }
    let strataReport: StrataReport | null = null;
    if (strata.length)
      strataReport = estimateStrata(strata, { method: 'loglinear', seed, profile: true });
    const byKey = new Map(strataReport?.strata.map((s) => [s.key, s]) ?? []);
    for (let y = period.from; y <= period.to; y++) {
      const s = byKey.get(String(y));
      const sel = s?.report?.selected ?? null;
      byYear.push({
        year: y,
        estimate: sel ? interval(sel.estimate, sel.ci95) : null,
        method: sel ? sel.model : null,
        warnings: s?.error ? [s.error] : (s?.report?.warnings ?? []),
      });
    }
    const ll = strataReport?.total.loglinear;
    if (ll) yearlySum = { estimate: ll.estimate, lower: ll.ci95[0], upper: ll.ci95[1] };
    if (strataReport) warnings.push(...strataReport.warnings);
  }
  return {
    lists: [...lists],
    overall,
    draws,
    byYear,
    yearlySum,
    warnings,
    settings: { seed, lcmcr: lcmcrSettings },
  };
}

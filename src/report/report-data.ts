/**
 * Everything a UN submission report shows, computed once from the report input and then only
 * rendered (PDF or HTML, any language). Every count in it has been through disclosure control:
 * renderers never see an unprotected count, only published cells (null where hidden), model
 * estimates, and the business estimate (whose small parts are hidden by the renderer's rules).
 */
import { vocabularies, violationOf } from '../model/vocabularies';
import { businessEstimate, type BusinessEstimate, type BusinessOptions } from './business';
import { checkK, DEFAULT_K, suppressTables } from './disclosure/suppress';
import { roundTables } from './disclosure/round';
import type { NoisyRelease } from './disclosure/release';
import { cellKey, type PublishedTable } from './disclosure/tables';
import { estimateForReport, type EstimateSettings, type ReportEstimates } from './estimates';
import type { ReportInput } from './sources/synth-dir';
import { buildTables, linkPersons, type Exclusions, type Period } from './statistics';

/** The border closure: arrivals in South Korea fell from 1,047 (2019) to 229, 63 and 67. */
export const BLACK_HOLE_YEARS = [2020, 2021, 2022] as const;

export interface ReportOptions {
  period: Period;
  /** Smallest group shown (default 11, at least 5). */
  k?: number;
  protection?: number;
  /** Round shown counts to this base (e.g. 5); none by default. */
  roundTo?: number | null;
  estimate?: EstimateSettings;
  business?: BusinessOptions;
  /** ISO date printed on the report and used for consent (default today). */
  generatedOn?: string;
  /**
   * A differentially private release of the tables (disclosure/release.ts), made from
   * `buildTables(linkPersons(input.records), period, { maxPerPerson })` with the release's cap:
   * its noisy tables are published instead of suppressed ones.
   */
  noise?: NoisyRelease;
}

export interface LegalRow {
  violation: string;
  /** Violations of this type documented in the period (published count or null). */
  count: number | null;
  crimeAgainstHumanity: boolean;
  frameworks: string[];
  elements: string[];
}

export interface ReportData {
  generatedOn: string;
  period: Period;
  purpose: string;
  dataset: ReportInput['dataset'];
  lists: number;
  linkage: ReportInput['linkage'];
  /** From the store: the organisations whose cases the report counts. */
  organisations: string[] | null;
  withoutConsent: number;
  exclusions: Exclusions;
  disclosure: {
    k: number;
    protection: number;
    roundTo: number | null;
    cells: { published: number; primary: number; secondary: number };
    /** How noise was added instead of suppression, or null. */
    noise: {
      kind: 'laplace' | 'gaussian';
      epsilon: number;
      delta: number;
      maxPerPerson: number;
      dataset: string;
      ledger: 'store' | 'memory';
      tables: number;
      perTableEpsilon: number;
    } | null;
  };
  tables: Record<string, PublishedTable>;
  estimates: Omit<ReportEstimates, 'draws'>;
  posterior: { draws: number[]; median: number; ci95: [number, number] } | null;
  business: BusinessEstimate | null;
  businessError: string | null;
  legal: LegalRow[];
}

/** A published cell of a table by its coordinates (dimension -> code; omit a dimension for its total). */
export function cellOf(
  data: Pick<ReportData, 'tables'>,
  tableId: string,
  coords: Record<string, string>,
): number | null {
  const t = data.tables[tableId];
  if (!t) throw new Error(`no table ${tableId}`);
  const key = cellKey(t.spec.unit, coords);
  const c = t.cells.find((x) => x.key === key);
  if (!c) throw new Error(`table ${tableId} has no cell ${key.split('|')[1] || '(total)'}`);
  return c.value;
}

/** The LCMCR posterior of the total, summarised from its own draws (whichever method was selected). */
function posteriorOf(draws: Float64Array | null): ReportData['posterior'] {
  if (!draws || draws.length === 0) return null;
  const sorted = Float64Array.from(draws).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { draws: thin(draws, 4000), median: at(0.5), ci95: [at(0.025), at(0.975)] };
}

function thin(draws: Float64Array, max: number): number[] {
  if (draws.length <= max) return Array.from(draws);
  const step = draws.length / max;
  return Array.from({ length: max }, (_, i) => draws[Math.floor(i * step)]);
}

export function buildReportData(input: ReportInput, options: ReportOptions): ReportData {
  const { period } = options;
  if (!(Number.isInteger(period.from) && Number.isInteger(period.to) && period.from <= period.to)) {
    throw new Error(`period ${period.from}-${period.to} is not a range of years`);
  }
  const persons = linkPersons(input.records);
  const { noise } = options;
  const { tables, exclusions } = buildTables(
    persons,
    period,
    noise ? { maxPerPerson: noise.request.maxPerPerson } : {},
  );
  let released: PublishedTable[];
  let protection: number;
  let k: number;
  const cells = { published: 0, primary: 0, secondary: 0 };
  const roundTo = options.roundTo ?? null;
  if (noise) {
    // Noise protects every cell: nothing is hidden, and rounding would add nothing.
    const ids = tables.map((t) => t.spec.id).join(',');
    if (noise.tables.map((t) => t.spec.id).join(',') !== ids) {
      throw new Error(`the noisy release holds other tables than the report's (${ids})`);
    }
    if (roundTo) throw new Error('noisy tables are not rounded further');
    released = noise.tables;
    cells.published = released.reduce((n, t) => n + t.cells.length, 0);
    // k still applies to what is not a table (a mean price is shown only over k prices or more).
    k = checkK(options.k ?? DEFAULT_K);
    protection = options.protection ?? Math.ceil(k / 2);
  } else {
    const protectedTables = suppressTables(tables, {
      k: options.k,
      protection: options.protection,
    });
    released = roundTo ? roundTables(protectedTables.tables, roundTo) : protectedTables.tables;
    for (const s of protectedTables.status.values()) cells[s]++;
    k = protectedTables.k;
    protection = protectedTables.protection;
  }

  const est = estimateForReport(persons, input.lists, period, options.estimate);
  const { draws, ...estimates } = est;
  // No estimate is shown for a year whose documented count is not shown.
  const victimsByYear = released.find((t) => t.spec.id === 'victims_year')!;
  const yearShown = (y: number) =>
    victimsByYear.cells.find((c) => c.key === cellKey('victim', { year: String(y) }))?.value !==
    null;
  estimates.byYear = estimates.byYear.map((y) =>
    yearShown(y.year)
      ? y
      : { ...y, estimate: null, method: null, warnings: ['hidden: documented count not shown'] },
  );

  let business: BusinessEstimate | null = null;
  let businessError: string | null = null;
  try {
    business = businessEstimate(persons, period, est, {
      seed: options.estimate?.seed,
      ...options.business,
    });
  } catch (err) {
    businessError = (err as Error).message;
  }

  const typeTable = released.find((t) => t.spec.id === 'violations_type_year')!;
  const legal: LegalRow[] = vocabularies.violations.map((v) => {
    const full = violationOf(v.code);
    return {
      violation: v.code,
      count:
        typeTable.cells.find((c) => c.key === cellKey('violation', { violation: v.code }))?.value ??
        null,
      crimeAgainstHumanity: full.crimeAgainstHumanity,
      frameworks: [...new Set(full.routes.map((r) => r.framework))],
      elements: [...full.elements],
    };
  });

  return {
    generatedOn: options.generatedOn ?? new Date().toISOString().slice(0, 10),
    period,
    purpose: input.purpose,
    dataset: input.dataset,
    lists: input.lists.length,
    linkage: input.linkage,
    organisations: input.organisations ?? null,
    withoutConsent: input.withoutConsent,
    exclusions,
    disclosure: {
      k,
      protection,
      roundTo,
      cells,
      noise: noise
        ? {
            kind: noise.request.kind,
            epsilon: noise.request.epsilon,
            delta: noise.request.delta,
            maxPerPerson: noise.request.maxPerPerson,
            dataset: noise.dataset,
            ledger: noise.ledger,
            tables: noise.perTable.length,
            perTableEpsilon: noise.perTable[0].epsilon,
          }
        : null,
    },
    tables: Object.fromEntries(released.map((t) => [t.spec.id, t])),
    estimates,
    posterior: posteriorOf(draws),
    business,
    businessError,
    legal,
  };
}

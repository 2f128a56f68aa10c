/**
 * The tables Jayu publishes, counted from de-identified records (records.ts) that are already
 * filtered for consent, and linked across lists (records of one person share a personKey).
 *
 * Units and what each counts (every record falls in exactly one category of every dimension, so
 * totals add up and disclosure control can reason about them):
 *  - victim: a person (after linkage) whose crossing year is in the period; her age band when she
 *    crossed and her home province are the most frequent known values among her records.
 *  - violation: a distinct (person, violation type, year, province) in the period. The same act
 *    told to two organisations is counted once.
 *  - involvement: a perpetrator's part (type x role) in such a violation.
 *  - repatriated: a person forcibly returned in the period, by year and by the worst that is
 *    recorded to have followed (death > disappearance > torture > detention > interrogation).
 *  - sale: a distinct (person, sale kind, year) with its price band.
 *
 * Locations are no finer than a province, dates no finer than a year (domain.md rule 5).
 */
import { vocabularies } from '../model/vocabularies';
import { allPlaces } from '../model/gazetteer';
import type { ReportAct, ReportRecord } from './records';
import { tabulate, type CountTable, type Dimension, type TableSpec } from './disclosure/tables';

export interface Period {
  from: number;
  to: number;
}

export const UNKNOWN = 'unknown';

export const REGION: Dimension = {
  name: 'region',
  categories: ['cn-ln', 'cn-jl', 'cn-hl', 'cn-other', 'kp', 'elsewhere', UNKNOWN],
  groups: { redzone: ['cn-ln', 'cn-jl', 'cn-hl'], cn: ['redzone', 'cn-other'] },
};

export const DPRK_PROVINCES: readonly string[] = allPlaces()
  .filter((p) => p.kind === 'province' && p.country === 'KP')
  .map((p) => p.id);

export const AGE_BANDS: readonly string[] = [...vocabularies.ageBands.map((b) => b.code), UNKNOWN];
export const VIOLATIONS: readonly string[] = vocabularies.violations.map((v) => v.code);
export const PERPETRATOR_TYPES: readonly string[] = vocabularies.perpetratorTypes.map(
  (p) => p.code,
);
export const ROLES: readonly string[] = [...vocabularies.roles.map((r) => r.code), UNKNOWN];
export const SALE_KINDS: readonly string[] = ['wife', 'brothel', 'cybersex', 'labour', 'other'];
/** Price bands in CNY: the "commonly 3,000-10,000" of domain.md section 7 split in two. */
export const PRICE_BANDS: readonly string[] = [
  'lt3000',
  '3000-5999',
  '6000-9999',
  'ge10000',
  UNKNOWN,
];
export const AFTER_RETURN: readonly string[] = [
  'death',
  'disappearance',
  'torture',
  'detention',
  'interrogation',
  'none_recorded',
];

export function years(period: Period): string[] {
  const out: string[] = [];
  for (let y = period.from; y <= period.to; y++) out.push(String(y));
  return out;
}

export function regionOf(act: { province: string | null; country: string | null }): string {
  if (act.province && ['cn-ln', 'cn-jl', 'cn-hl'].includes(act.province)) return act.province;
  if (act.country === 'CN') return 'cn-other';
  if (act.country === 'KP') return 'kp';
  if (act.country) return 'elsewhere';
  return UNKNOWN;
}

export function priceBand(priceCny: number | null): string {
  if (priceCny === null) return UNKNOWN;
  if (priceCny < 3000) return 'lt3000';
  if (priceCny < 6000) return '3000-5999';
  if (priceCny < 10000) return '6000-9999';
  return 'ge10000';
}

/** One person after linkage: her records and the attributes merged from them. */
export interface LinkedPerson {
  personKey: string;
  records: ReportRecord[];
  ageBand: string;
  homeProvince: string;
  crossingYear: number | null;
  /** Her violations, each distinct (type, year, province) once. */
  acts: ReportAct[];
  sources: string[];
}

/** The most frequent known value (ties to the value of the earliest record by case id). */
function mode<T>(values: readonly (T | null)[], unknown: T | null): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null && v !== unknown) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/** Groups records by person and merges what they say about her. */
export function linkPersons(records: readonly ReportRecord[]): LinkedPerson[] {
  const byPerson = new Map<string, ReportRecord[]>();
  for (const r of [...records].sort((a, b) =>
    a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0,
  )) {
    const list = byPerson.get(r.personKey);
    if (list) list.push(r);
    else byPerson.set(r.personKey, [r]);
  }
  const out: LinkedPerson[] = [];
  for (const [personKey, recs] of byPerson) {
    const seen = new Set<string>();
    const acts: ReportAct[] = [];
    for (const r of recs) {
      for (const a of r.acts) {
        const key = `${a.violation}|${a.year}|${a.province ?? a.country}|${a.saleKind ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        acts.push(a);
      }
    }
    out.push({
      personKey,
      records: recs,
      ageBand:
        mode(
          recs.map((r) => r.ageBand),
          UNKNOWN,
        ) ?? UNKNOWN,
      homeProvince:
        mode(
          recs.map((r) => r.homeProvince),
          UNKNOWN,
        ) ?? UNKNOWN,
      crossingYear: mode(
        recs.map((r) => r.crossingYear),
        null,
      ),
      acts,
      sources: [...new Set(recs.map((r) => r.source))].sort(),
    });
  }
  return out;
}

function inPeriod(y: number | null, p: Period): y is number {
  return y !== null && y >= p.from && y <= p.to;
}

const RANK_AFTER_RETURN: Record<string, number> = {
  death: 0,
  disappearance: 1,
  torture: 2,
  detention: 3,
  interrogation: 4,
  none_recorded: 5,
};

/** The worst that is recorded to have happened to a person after her forced return. */
export function afterReturn(person: LinkedPerson, returnYear: number): string {
  let worst = 'none_recorded';
  const consider = (c: string) => {
    if (RANK_AFTER_RETURN[c] < RANK_AFTER_RETURN[worst]) worst = c;
  };
  for (const r of person.records) {
    for (const e of r.events) {
      if (e.year !== null && e.year < returnYear) continue;
      if (e.type === 'Death') consider('death');
      if (e.type === 'DetentionDPRK') consider('detention');
      if (e.type === 'InterrogationDPRK') consider('interrogation');
    }
  }
  for (const a of person.acts) {
    if (a.year !== null && a.year < returnYear) continue;
    if (a.violation === 'execution') consider('death');
    if (a.violation === 'enforced_disappearance') consider('disappearance');
    if (a.violation === 'torture' && a.country === 'KP') consider('torture');
    if (a.violation === 'arbitrary_imprisonment' && a.country === 'KP') consider('detention');
  }
  return worst;
}

/** A sale price in CNY, or null when none was recorded or its currency is not CNY. */
export function priceInCny(a: ReportAct): number | null {
  if (a.salePrice === null) return null;
  if (a.saleCurrency && a.saleCurrency !== 'CNY') return null;
  return a.salePrice;
}

export interface StatisticsInput {
  persons: LinkedPerson[];
  period: Period;
}

/** Counts of what was left out of the period tables and why (shown in the report). */
export interface Exclusions {
  victimsWithoutCrossingYear: number;
  violationsWithoutYear: number;
}

export interface ReportTables {
  tables: CountTable[];
  exclusions: Exclusions;
  /**
   * The most rows one person adds to the tables of each unit (her contribution bound): 1 for
   * victims, the cap for the others when `maxPerPerson` is given, else Infinity (unbounded).
   * Differential privacy calibrates its noise to these.
   */
  contribution: Record<string, number>;
}

export interface TableOptions {
  /**
   * Caps the rows one person adds to each unit's tables (violations, involvements, forced returns,
   * sales): her first `maxPerPerson` in a fixed order are counted, the rest left out. Needed before
   * noise is added (a person's influence must be bounded); not used with suppression.
   */
  maxPerPerson?: number;
}

const spec = (id: string, unit: string, dimensions: Dimension[]): TableSpec => ({
  id,
  unit,
  dimensions,
});

/** Builds every published table for a period. */
export function buildTables(
  persons: readonly LinkedPerson[],
  period: Period,
  options: TableOptions = {},
): ReportTables {
  const cap = options.maxPerPerson ?? Infinity;
  if (!(cap === Infinity || (Number.isInteger(cap) && cap >= 1))) {
    throw new Error(`maxPerPerson ${cap} must be a whole number >= 1`);
  }
  const year: Dimension = { name: 'year', categories: years(period) };
  const age: Dimension = { name: 'age', categories: AGE_BANDS };
  const home: Dimension = { name: 'home', categories: [...DPRK_PROVINCES, UNKNOWN] };
  const type: Dimension = { name: 'violation', categories: VIOLATIONS };
  const perpetrator: Dimension = { name: 'perpetrator', categories: PERPETRATOR_TYPES };
  const role: Dimension = { name: 'role', categories: ROLES };
  const outcome: Dimension = { name: 'after_return', categories: AFTER_RETURN };
  const prcDetention: Dimension = { name: 'prc_detention', categories: ['yes', 'no'] };
  const kind: Dimension = { name: 'sale_kind', categories: SALE_KINDS };
  const price: Dimension = { name: 'price', categories: PRICE_BANDS };

  const victims: Record<string, string>[] = [];
  const violations: Record<string, string>[] = [];
  const involvements: Record<string, string>[] = [];
  const returns: Record<string, string>[] = [];
  const sales: Record<string, string>[] = [];
  const exclusions: Exclusions = { victimsWithoutCrossingYear: 0, violationsWithoutYear: 0 };
  const knownRoles = new Set(ROLES);

  for (const p of persons) {
    if (p.crossingYear === null) exclusions.victimsWithoutCrossingYear++;
    else if (inPeriod(p.crossingYear, period)) {
      victims.push({ year: String(p.crossingYear), age: p.ageBand, home: p.homeProvince });
    }
    const returnYears = new Set<number>();
    let detainedInChina = false;
    for (const r of p.records) {
      for (const e of r.events) {
        if (e.type === 'Repatriation' && inPeriod(e.year, period)) returnYears.add(e.year);
        if (e.type === 'DetentionPRC' || e.type === 'ArrestPRC') detainedInChina = true;
      }
    }
    let returned = 0;
    for (const y of [...returnYears].sort((a, b) => a - b)) {
      if (returned >= cap) break;
      returned++;
      returns.push({
        year: String(y),
        after_return: afterReturn(p, y),
        prc_detention: detainedInChina ? 'yes' : 'no',
      });
    }
    const saleSeen = new Set<string>();
    let violated = 0;
    let involved = 0;
    let sold = 0;
    for (const a of p.acts) {
      if (a.year === null) {
        exclusions.violationsWithoutYear++;
        continue;
      }
      if (!inPeriod(a.year, period)) continue;
      if (!VIOLATIONS.includes(a.violation)) continue;
      // Past the cap, her further violations (and their perpetrators and sales) are left out.
      if (violated >= cap) continue;
      violated++;
      violations.push({ violation: a.violation, year: String(a.year), region: regionOf(a) });
      for (const inv of a.perpetrators) {
        if (!PERPETRATOR_TYPES.includes(inv.type)) continue;
        if (involved >= cap) break;
        involved++;
        involvements.push({
          perpetrator: inv.type,
          role: knownRoles.has(inv.role) ? inv.role : UNKNOWN,
        });
      }
      if (a.saleKind) {
        const k = `${a.saleKind}|${a.year}|${a.salePrice ?? ''}`;
        if (!saleSeen.has(k) && sold < cap) {
          saleSeen.add(k);
          sold++;
          sales.push({ sale_kind: a.saleKind, price: priceBand(priceInCny(a)) });
        }
      }
    }
  }

  // Victims and returns are few next to the cells a cross-table would have (10 years x 10 age
  // bands for a few hundred women leaves most cells below k): they are published one dimension
  // at a time, which keeps almost every number visible. Violations are many: cross-tables.
  const tables = [
    tabulate(spec('victims_year', 'victim', [year]), victims),
    tabulate(spec('victims_age', 'victim', [age]), victims),
    tabulate(spec('victims_home', 'victim', [home]), victims),
    tabulate(spec('violations_type_year', 'violation', [type, year]), violations),
    tabulate(spec('violations_type_region', 'violation', [type, REGION]), violations),
    tabulate(spec('violations_year_region', 'violation', [year, REGION]), violations),
    tabulate(spec('perpetrators_type_role', 'involvement', [perpetrator, role]), involvements),
    tabulate(spec('returns_year', 'repatriated', [year]), returns),
    tabulate(spec('returns_outcome', 'repatriated', [outcome]), returns),
    tabulate(spec('returns_prc_detention', 'repatriated', [prcDetention]), returns),
    tabulate(spec('sales_kind_price', 'sale', [kind, price]), sales),
  ];
  return {
    tables,
    exclusions,
    contribution: { victim: 1, violation: cap, involvement: cap, repatriated: cap, sale: cap },
  };
}

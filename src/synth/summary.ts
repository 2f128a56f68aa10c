import { ageBand } from '../model/vocabularies';
import { isoOf, yearOf, type Day } from './dates';
import { PRICE_CNY } from './facts';
import type { NoiseLevel } from './organisations';
import type { Situation, Victim } from './population';
import type { SynthRecord } from './record';

/** Counts by key, written with keys in a stable order. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(key: string | number, n = 1): void {
    const k = String(key);
    this.counts.set(k, (this.counts.get(k) ?? 0) + n);
  }

  get(key: string | number): number {
    return this.counts.get(String(key)) ?? 0;
  }

  toObject(): Record<string, number> {
    const keys = [...this.counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(keys.map((k) => [k, this.counts.get(k) as number]));
  }
}

const UNKNOWN = 'unknown';

/** The breakdowns `jayu stats --json` produces over imported records; see README.md. */
export interface DocumentedCounts {
  /** Distinct people with at least one record. */
  people: number;
  /** People no organisation documented (population size minus `people`). */
  undocumented: number;
  records: number;
  recordsBySource: Record<string, number>;
  /** Records beyond the first that one organisation holds for one person. */
  duplicateRecords: number;
  /**
   * Capture histories of the documented people: one digit per source, in the order of
   * `sources`, 1 when that source holds at least one record of her. The all-zero history is
   * not listed (its count is `undocumented`).
   */
  captureHistories: Record<string, number>;
  /** Acts in the cases, by violation code. */
  byViolation: Record<string, number>;
  /** Events in the cases, by event type. */
  byEventType: Record<string, number>;
  /** Records by home province id as recorded; `unknown` when the record has none. */
  byHomeProvince: Record<string, number>;
  /** Records by `event_year` (year of the border crossing) as recorded; `unknown` when empty. */
  byCrossingYear: Record<string, number>;
  /** Records by the `repatriated` column: yes, no, unknown (empty). */
  repatriated: Record<string, number>;
  /** Records by the year of the interview (information[0].interviewDate). */
  byInterviewYear: Record<string, number>;
}

export interface PopulationCounts {
  size: number;
  trafficked: number;
  byExploitation: Record<string, number>;
  byHomeProvince: Record<string, number>;
  byCrossingYear: Record<string, number>;
  byAgeAtCrossing: Record<string, number>;
  bySituation: Record<Situation, number>;
  repatriated: number;
  reachedSouthKorea: number;
  childrenBorn: number;
  sales: {
    count: number;
    byKind: Record<string, number>;
    /** Sales as a "wife": price range and the share in the common range (3,000-10,000 CNY). */
    wife: { min: number; max: number; mean: number; commonRangeShare: number };
  };
}

export interface PopulationJson {
  format: 'jayu-synth-population/1';
  seed: number;
  noise: NoiseLevel;
  /** Scale of the capture heterogeneity (SynthOptions.heterogeneity); absent when it is 1. */
  heterogeneity?: number;
  years: { from: number; to: number };
  /** Last day of the period: nothing later is known. */
  horizon: string;
  /** Source ids, in the order of the capture-history digits. */
  sources: string[];
  population: PopulationCounts;
  documented: DocumentedCounts;
}

/** Accumulates population.json while people and records stream past. */
export class Summary {
  private readonly population = {
    size: 0,
    trafficked: 0,
    byExploitation: new Tally(),
    byHomeProvince: new Tally(),
    byCrossingYear: new Tally(),
    byAgeAtCrossing: new Tally(),
    bySituation: new Tally(),
    repatriated: 0,
    reachedSouthKorea: 0,
    childrenBorn: 0,
    salesCount: 0,
    salesByKind: new Tally(),
    wifeMin: Infinity,
    wifeMax: -Infinity,
    wifeSum: 0,
    wifeCount: 0,
    wifeCommon: 0,
  };
  private readonly documented = {
    people: 0,
    records: 0,
    recordsBySource: new Tally(),
    duplicateRecords: 0,
    captureHistories: new Tally(),
    byViolation: new Tally(),
    byEventType: new Tally(),
    byHomeProvince: new Tally(),
    byCrossingYear: new Tally(),
    repatriated: new Tally(),
    byInterviewYear: new Tally(),
  };

  constructor(
    private readonly meta: {
      seed: number;
      noise: NoiseLevel;
      years: { from: number; to: number };
      horizon: Day;
      sources: string[];
      heterogeneity?: number;
    },
  ) {
    // Every source appears in the counts, with 0 if it documented nobody.
    for (const source of meta.sources) this.documented.recordsBySource.add(source, 0);
  }

  addVictim(victim: Victim, recordsPerSource: readonly number[]): void {
    const p = this.population;
    p.size++;
    if (victim.trafficked) p.trafficked++;
    if (victim.exploitation) p.byExploitation.add(victim.exploitation);
    p.byHomeProvince.add(victim.homeProvince);
    p.byCrossingYear.add(yearOf(victim.crossingDay));
    p.byAgeAtCrossing.add(ageBand(Math.max(0, (victim.crossingDay - victim.birthDay) / 365.25)));
    p.bySituation.add(victim.situation);
    if (victim.repatriationDay !== undefined) p.repatriated++;
    if (victim.arrivalDay !== undefined) p.reachedSouthKorea++;
    p.childrenBorn += victim.children;
    for (const sale of victim.sales) {
      p.salesCount++;
      p.salesByKind.add(sale.kind);
      if (sale.kind === 'wife') {
        p.wifeMin = Math.min(p.wifeMin, sale.price);
        p.wifeMax = Math.max(p.wifeMax, sale.price);
        p.wifeSum += sale.price;
        p.wifeCount++;
        if (sale.price >= PRICE_CNY.wife.commonMin) p.wifeCommon++;
      }
    }
    const d = this.documented;
    let history = '';
    let any = false;
    for (const n of recordsPerSource) {
      history += n > 0 ? '1' : '0';
      if (n > 0) any = true;
      if (n > 1) d.duplicateRecords += n - 1;
    }
    if (any) {
      d.people++;
      d.captureHistories.add(history);
    }
  }

  addRecord(record: SynthRecord): void {
    const d = this.documented;
    d.records++;
    d.recordsBySource.add(record.source);
    for (const act of record.kase.acts) d.byViolation.add(act.violation);
    for (const event of record.kase.events) d.byEventType.add(event.type);
    d.byHomeProvince.add(record.counted.homeProvince ?? UNKNOWN);
    d.byCrossingYear.add(record.counted.eventYear ?? UNKNOWN);
    d.repatriated.add(record.counted.repatriated);
    const interview = record.kase.information[0]?.interviewDate?.value;
    d.byInterviewYear.add(interview ? interview.slice(0, 4) : UNKNOWN);
  }

  toJSON(): PopulationJson {
    const p = this.population;
    const d = this.documented;
    return {
      format: 'jayu-synth-population/1',
      seed: this.meta.seed,
      noise: this.meta.noise,
      ...(this.meta.heterogeneity !== undefined && this.meta.heterogeneity !== 1
        ? { heterogeneity: this.meta.heterogeneity }
        : {}),
      years: this.meta.years,
      horizon: isoOf(this.meta.horizon),
      sources: this.meta.sources,
      population: {
        size: p.size,
        trafficked: p.trafficked,
        byExploitation: p.byExploitation.toObject(),
        byHomeProvince: p.byHomeProvince.toObject(),
        byCrossingYear: p.byCrossingYear.toObject(),
        byAgeAtCrossing: p.byAgeAtCrossing.toObject(),
        bySituation: p.bySituation.toObject() as Record<Situation, number>,
        repatriated: p.repatriated,
        reachedSouthKorea: p.reachedSouthKorea,
        childrenBorn: p.childrenBorn,
        sales: {
          count: p.salesCount,
          byKind: p.salesByKind.toObject(),
          wife:
            p.wifeCount === 0
              ? { min: 0, max: 0, mean: 0, commonRangeShare: 0 }
              : {
                  min: p.wifeMin,
                  max: p.wifeMax,
                  mean: Math.round(p.wifeSum / p.wifeCount),
                  commonRangeShare: Number((p.wifeCommon / p.wifeCount).toFixed(4)),
                },
        },
      },
      documented: {
        people: d.people,
        undocumented: p.size - d.people,
        records: d.records,
        recordsBySource: d.recordsBySource.toObject(),
        duplicateRecords: d.duplicateRecords,
        captureHistories: d.captureHistories.toObject(),
        byViolation: d.byViolation.toObject(),
        byEventType: d.byEventType.toObject(),
        byHomeProvince: d.byHomeProvince.toObject(),
        byCrossingYear: d.byCrossingYear.toObject(),
        repatriated: d.repatriated.toObject(),
        byInterviewYear: d.byInterviewYear.toObject(),
      },
    };
  }
}

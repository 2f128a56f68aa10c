/**
 * Scoring with a trained Fellegi-Sunter model: match weight = log2(prior odds) + the log2 Bayes
 * factor m/u of each comparison's level + term-frequency adjustments; probability from the weight.
 * A missing value contributes nothing. Every weight can be taken apart field by field (explain).
 */
import { PatternCodec, type Comparator } from './comparisons';
import { levelLabels, type LinkageSettings } from './settings';

export function probabilityFromWeight(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

export function weightFromProbability(probability: number): number {
  return Math.log2(probability / (1 - probability));
}

/** A value shared by this share of records or less counts as rare as this (no infinite weights). */
const MIN_TF = 1e-6;

export interface FieldExplanation {
  comparison: string;
  /** Level label ('exact', 'variant', 'jw>=0.92', 'same_year', 'else', or 'missing'). */
  level: string;
  m?: number;
  u?: number;
  /** log2(m/u); 0 when a value is missing. */
  log2BayesFactor: number;
  /** log2(u / frequency of the value) on agreeing levels of tf-adjusted comparisons, else 0. */
  tfAdjustment: number;
}

export interface PairExplanation {
  prior: number;
  priorWeight: number;
  fields: FieldExplanation[];
  matchWeight: number;
  probability: number;
}

export class ScoringModel {
  readonly codec: PatternCodec;
  readonly priorWeight: number;
  /** log2(m/u) per comparison and level. */
  readonly levelWeights: Float64Array[];
  private readonly tfRecord: Float64Array[];
  private readonly tfLevelFlag: Uint8Array[];
  /**
   * The pattern read in groups of consecutive comparisons, each group's digits a number below
   * 2^16: per group and sub-pattern, the weight of its levels and which of its comparisons are
   * at a tf-adjusted level (a bit each). A pattern's weight is a few table lookups.
   */
  private readonly groups: Array<{
    stride: number;
    size: number;
    first: number;
    weight: Float64Array;
    tf: Uint32Array;
  }> = [];
  /** Per comparison: log2 of each record's value frequency (floored at MIN_TF), and log2 u. */
  private readonly tfLog: Float64Array[];
  private readonly tfBaseLog: Float64Array;
  /** Per comparison: the frequency of a typical value (see meanFrequency). */
  private readonly tfBase: number[];

  constructor(
    readonly settings: LinkageSettings,
    readonly comparators: readonly Comparator[],
    /** Number of records the comparators cover. */
    readonly records: number,
  ) {
    if (settings.prior === undefined) throw new Error('the model is not trained: it has no prior');
    this.codec = new PatternCodec(comparators.map((c) => c.levelCount));
    this.priorWeight = weightFromProbability(settings.prior);
    this.levelWeights = settings.comparisons.map((spec, k) => {
      const { m, u } = spec;
      if (!m || !u || m.length !== comparators[k].levelCount || u.length !== m.length) {
        throw new Error(`comparison ${spec.name} has no trained m and u for its levels`);
      }
      return Float64Array.from(m, (mi, l) => Math.log2(mi / u[l]));
    });
    // Per record frequencies and per level flags, read in the scoring loop without calls.
    this.tfRecord = comparators.map((c) => {
      if (c.tfLevels.size === 0) return new Float64Array(0);
      const freq = new Float64Array(records);
      for (let r = 0; r < records; r++) freq[r] = c.tfFrequency(r);
      return freq;
    });
    this.tfLevelFlag = comparators.map((c) =>
      Uint8Array.from({ length: c.levelCount }, (_, l) => (c.tfLevels.has(l) ? 1 : 0)),
    );
    this.tfBase = this.tfRecord.map((freq) => meanFrequency(freq));
    this.tfLog = this.tfRecord.map((freq) => {
      const logs = new Float64Array(freq.length);
      for (let r = 0; r < freq.length; r++)
        logs[r] = Math.log2(freq[r] > MIN_TF ? freq[r] : MIN_TF);
      return logs;
    });
    this.tfBaseLog = Float64Array.from(this.tfBase, (u) => Math.log2(u));
    this.buildGroups();
  }

  private buildGroups(): void {
    const { radices, strides } = this.codec;
    const K = radices.length;
    for (let first = 0; first < K;) {
      let last = first + 1;
      let size = radices[first];
      while (last < K && size * radices[last] <= 65536 && last - first < 32)
        size *= radices[last++];
      const weight = new Float64Array(size);
      const tf = new Uint32Array(size);
      for (let sub = 0; sub < size; sub++) {
        let rest = sub;
        for (let k = first; k < last; k++) {
          const digit = rest % radices[k];
          rest = (rest - digit) / radices[k];
          if (digit === 0) continue;
          weight[sub] += this.levelWeights[k][digit - 1];
          if (this.tfLevelFlag[k][digit - 1] === 1) tf[sub] |= 1 << (k - first);
        }
      }
      this.groups.push({ stride: strides[first], size, first, weight, tf });
      first = last;
    }
  }

  /**
   * log2(typical frequency / frequency of the value): agreeing on 김 (a fifth of all records)
   * weighs less than the average agreement, on a rare surname more. As in Splink, but the
   * typical frequency is the mean frequency of a record's value, not the u of the exact level:
   * the two are equal when agreeing means having the same value, and u also holds the chance
   * that both records chose a script the level needs (both in Hangul, for exact), which the
   * level's m holds as well; dividing by it again took a bit from every agreeing name.
   */
  private tfAdjustment(k: number, level: number, a: number, b: number): number {
    const c = this.comparators[k];
    if (!c.tfLevels.has(level)) return 0;
    const tf = Math.max(c.tfFrequency(a), c.tfFrequency(b), MIN_TF);
    return Math.log2(this.tfBase[k] / tf);
  }

  /** Match weight of a pair whose pattern is already known (the scoring loop). */
  weightOfPattern(pattern: number, a: number, b: number): number {
    let w = this.priorWeight;
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const sub = Math.floor(pattern / group.stride) % group.size;
      w += group.weight[sub];
      let bits = group.tf[sub];
      while (bits !== 0) {
        const low = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        const k = group.first + low;
        const logs = this.tfLog[k];
        const la = logs[a];
        const lb = logs[b];
        // log2(u / max(frequency)): the commoner of the two values decides.
        w += this.tfBaseLog[k] - (la > lb ? la : lb);
      }
    }
    return w;
  }

  /** Match weight of any pair of records (compares them afresh). */
  matchWeight(a: number, b: number): number {
    let w = this.priorWeight;
    for (let k = 0; k < this.comparators.length; k++) {
      const level = this.comparators[k].level(a, b);
      if (level < 0) continue;
      w += this.levelWeights[k][level] + this.tfAdjustment(k, level, a, b);
    }
    return w;
  }

  /** The weight of a pair taken apart: prior, then each comparison's level, m, u and tf term. */
  explain(a: number, b: number): PairExplanation {
    const fields = this.comparators.map((c, k): FieldExplanation => {
      const spec = this.settings.comparisons[k];
      const level = c.level(a, b);
      if (level < 0) {
        return { comparison: spec.name, level: 'missing', log2BayesFactor: 0, tfAdjustment: 0 };
      }
      return {
        comparison: spec.name,
        level: levelLabels(spec)[level],
        m: spec.m?.[level],
        u: spec.u?.[level],
        log2BayesFactor: this.levelWeights[k][level],
        tfAdjustment: this.tfAdjustment(k, level, a, b),
      };
    });
    const matchWeight =
      this.priorWeight + fields.reduce((s, f) => s + f.log2BayesFactor + f.tfAdjustment, 0);
    return {
      prior: this.settings.prior as number,
      priorWeight: this.priorWeight,
      fields,
      matchWeight,
      probability: probabilityFromWeight(matchWeight),
    };
  }
}

/**
 * The frequency of a typical value: the mean, over records that have a value, of its frequency
 * (sum of squared frequencies, the chance that two random records share their value). A pair
 * at an agreeing level whose value is this common gets no adjustment.
 */
export function meanFrequency(frequencyOfRecord: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let r = 0; r < frequencyOfRecord.length; r++) {
    const f = frequencyOfRecord[r];
    if (f > 0) {
      sum += f > MIN_TF ? f : MIN_TF;
      count++;
    }
  }
  return count > 0 ? sum / count : 1;
}

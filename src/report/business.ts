/**
 * The business estimate: what the sale of the women who crossed in a period brought to those who
 * sold them, from the prices recorded in testimonies times the estimated number of women, with a
 * bootstrap interval; and how it compares with the often-repeated "USD 105 million a year" (Korea
 * Future Initiative 2019, repeated by Global Rights Compliance 2023), which has no published
 * derivation: a claim to test, not a number to calibrate to.
 *
 * Estimator (plain words in i18n.ts, assumptions A1-A6):
 *   for each sale kind k (sale as a "wife", to a brothel, to a cybersex operation, for labour):
 *     sales per woman  s_k = (sales of kind k recorded) / (documented women)
 *     mean price       m_k = mean of the recorded CNY prices of kind k
 *   revenue per woman  r = sum_k s_k * m_k
 *   revenue            R = N * r   (N: estimated number of women who crossed in the period)
 *   per year           R / (years in the period), converted at a stated CNY-per-USD rate.
 * Each woman's sales of a kind are those of her record that tells of most sales of that kind, so
 * a sale told to two organisations is not counted twice. Sales without a price take the mean price of
 * their kind (A3).
 *
 * Interval: B bootstrap replicates, each resampling the documented women with replacement and
 * drawing N from the estimate's uncertainty (LCMCR posterior draws when there are any, else a
 * log-normal on the unrecorded part matched to the 95% interval); the 2.5% and 97.5% quantiles.
 * Seeded (src/estimate's generator), so a report is reproducible.
 */
import { quantileSorted } from '../estimate/numeric';
import { Random } from '../estimate/random';
import { priceInCny, SALE_KINDS, type LinkedPerson, type Period } from './statistics';
import type { ReportEstimates } from './estimates';

/** The figure being tested, in USD per year. */
export const CLAIMED_USD_PER_YEAR = 105_000_000;

export interface BusinessOptions {
  /** CNY per USD (an assumption, stated in the report). Default 6.9, roughly the 2015-2024 average. */
  cnyPerUsd?: number;
  replicates?: number;
  seed?: number;
}

export interface KindEstimate {
  kind: string;
  /** Sales recorded, and how many of them have a price. */
  sales: number;
  priced: number;
  salesPerWoman: number;
  meanPriceCny: number | null;
  /** Estimated revenue per year, CNY. */
  perYearCny: number;
}

export interface BusinessEstimate {
  period: Period;
  years: number;
  documentedWomen: number;
  estimatedWomen: number;
  kinds: KindEstimate[];
  revenuePerWomanCny: number;
  perYearCny: { estimate: number; lower: number; upper: number | null };
  perYearUsd: { estimate: number; lower: number; upper: number | null };
  cnyPerUsd: number;
  replicates: number;
  seed: number;
  nSource: 'lcmcr draws' | 'log-normal';
  claim: {
    usdPerYear: number;
    /** Claim divided by our estimate. */
    ratio: number;
    insideInterval: boolean;
    /** Women who would have to cross each year, at our revenue per woman, for the claim to hold. */
    womenPerYearImplied: number;
    womenPerYearEstimated: number;
  };
}

export class BusinessEstimateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessEstimateError';
  }
}

interface WomanSales {
  count: number[];
  priced: number[];
  sum: number[];
}

/**
 * A woman's sales, per kind (in SALE_KINDS order): for each kind, the record that tells of most
 * sales of that kind. Records of one woman overlap (the same sale told twice) and each misses
 * some events, so the fullest account of each kind is kept rather than the sum or one record.
 */
export function salesOf(person: LinkedPerson): WomanSales {
  const K = SALE_KINDS.length;
  const out: WomanSales = {
    count: new Array(K).fill(0),
    priced: new Array(K).fill(0),
    sum: new Array(K).fill(0),
  };
  for (const r of person.records) {
    const count = new Array<number>(K).fill(0);
    const priced = new Array<number>(K).fill(0);
    const sum = new Array<number>(K).fill(0);
    for (const a of r.acts) {
      if (!a.saleKind) continue;
      const k = SALE_KINDS.indexOf(a.saleKind);
      if (k < 0) continue;
      count[k]++;
      const price = priceInCny(a);
      if (price !== null && price > 0) {
        priced[k]++;
        sum[k] += price;
      }
    }
    for (let k = 0; k < K; k++) {
      if (count[k] > out.count[k] || (count[k] === out.count[k] && priced[k] > out.priced[k])) {
        out.count[k] = count[k];
        out.priced[k] = priced[k];
        out.sum[k] = sum[k];
      }
    }
  }
  return out;
}

/** Revenue per woman (CNY) and its parts, from a sample of women. */
function perWoman(sample: readonly WomanSales[], fallbackMean: (number | null)[]) {
  const K = SALE_KINDS.length;
  const count = new Array<number>(K).fill(0);
  const priced = new Array<number>(K).fill(0);
  const sum = new Array<number>(K).fill(0);
  for (const w of sample) {
    for (let k = 0; k < K; k++) {
      count[k] += w.count[k];
      priced[k] += w.priced[k];
      sum[k] += w.sum[k];
    }
  }
  const n = sample.length;
  const mean = count.map((_, k) => (priced[k] > 0 ? sum[k] / priced[k] : fallbackMean[k]));
  const perKind = count.map((c, k) => (n > 0 && mean[k] !== null ? (c / n) * mean[k]! : 0));
  return { count, priced, mean, perKind, total: perKind.reduce((a, b) => a + b, 0) };
}

export function businessEstimate(
  persons: readonly LinkedPerson[],
  period: Period,
  estimates: Pick<ReportEstimates, 'overall' | 'draws'>,
  options: BusinessOptions = {},
): BusinessEstimate {
  const cnyPerUsd = options.cnyPerUsd ?? 6.9;
  const B = options.replicates ?? 2000;
  const seed = options.seed ?? 1;
  if (!(cnyPerUsd > 0))
    throw new BusinessEstimateError(`the exchange rate must be positive, got ${cnyPerUsd}`);
  if (!Number.isInteger(B) || B < 100)
    throw new BusinessEstimateError(`at least 100 bootstrap replicates are needed, got ${B}`);
  const overall = estimates.overall;
  if (!overall)
    throw new BusinessEstimateError('there is no estimate of the number of women for the period');
  const cohort = persons.filter(
    (p) => p.crossingYear !== null && p.crossingYear >= period.from && p.crossingYear <= period.to,
  );
  const n = cohort.length;
  if (n === 0) throw new BusinessEstimateError('nobody documented crossed in the period');
  const years = period.to - period.from + 1;
  const sample = cohort.map(salesOf);
  const full = perWoman(
    sample,
    SALE_KINDS.map(() => null),
  );
  if (full.priced.every((p) => p === 0))
    throw new BusinessEstimateError('no sale price was recorded for anyone in the period');
  const N = overall.estimate;

  // Draws of N: the LCMCR posterior, or a log-normal on the unrecorded part matched to the interval.
  const rng = new Random(seed);
  const index = (n: number) => Math.min(n - 1, Math.floor(rng.uniform() * n));
  const draws =
    estimates.draws && estimates.draws.length > 0 && overall.method === 'lcmcr'
      ? estimates.draws
      : null;
  const unrecorded = Math.max(N - n, 1e-9);
  const sigma =
    overall.upper === null
      ? Infinity
      : Math.max(Math.log(Math.max(overall.upper - n, 1e-9) / unrecorded) / 1.959964, 0);
  const drawN = (): number => {
    if (draws) return draws[index(draws.length)];
    if (!Number.isFinite(sigma)) return Infinity;
    return n + unrecorded * Math.exp(sigma * rng.normal());
  };

  const replicate = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const resample: WomanSales[] = new Array(n);
    for (let i = 0; i < n; i++) resample[i] = sample[index(n)];
    const r = perWoman(resample, full.mean);
    replicate[b] = (drawN() * r.total) / years;
  }
  replicate.sort();
  const perYear = (N * full.total) / years;
  const lower = quantileSorted(replicate, 0.025);
  const upperRaw = quantileSorted(replicate, 0.975);
  const upper = Number.isFinite(upperRaw) ? upperRaw : null;
  const toUsd = (x: number) => x / cnyPerUsd;
  const perYearUsd = {
    estimate: toUsd(perYear),
    lower: toUsd(lower),
    upper: upper === null ? null : toUsd(upper),
  };
  const claimCny = CLAIMED_USD_PER_YEAR * cnyPerUsd;
  return {
    period,
    years,
    documentedWomen: n,
    estimatedWomen: N,
    kinds: SALE_KINDS.map((kind, k) => ({
      kind,
      sales: full.count[k],
      priced: full.priced[k],
      salesPerWoman: full.count[k] / n,
      meanPriceCny: full.mean[k],
      perYearCny: (N * full.perKind[k]) / years,
    })),
    revenuePerWomanCny: full.total,
    perYearCny: { estimate: perYear, lower, upper },
    perYearUsd,
    cnyPerUsd,
    replicates: B,
    seed,
    nSource: draws ? 'lcmcr draws' : 'log-normal',
    claim: {
      usdPerYear: CLAIMED_USD_PER_YEAR,
      ratio: CLAIMED_USD_PER_YEAR / perYearUsd.estimate,
      insideInterval:
        CLAIMED_USD_PER_YEAR >= perYearUsd.lower &&
        (perYearUsd.upper === null || CLAIMED_USD_PER_YEAR <= perYearUsd.upper),
      womenPerYearImplied: claimCny / full.total,
      womenPerYearEstimated: N / years,
    },
  };
}

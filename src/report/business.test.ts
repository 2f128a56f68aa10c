/**
 * The business estimate on a synthetic population, scored against its known truth
 * (population.jsonl: every woman's sales and prices, documented or not).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesise } from '../synth';
import { businessEstimate, BusinessEstimateError, CLAIMED_USD_PER_YEAR } from './business';
import { estimateForReport, type ReportEstimates } from './estimates';
import { loadSynthDirectory } from './sources/synth-dir';
import { readSynthTruth, type SynthTruth } from './sources/synth-truth';
import { linkPersons, type LinkedPerson } from './statistics';

const period = { from: 2005, to: 2019 };
let dir: string;
let persons: LinkedPerson[];
let truth: SynthTruth;
let estimates: ReportEstimates;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jayu-business-'));
  synthesise({ people: 6000, sources: 4, seed: 5, out: dir });
  // aggregate_statistics: every synthetic record consents to it, so what is scored is the method.
  const input = await loadSynthDirectory(dir, {
    purpose: 'aggregate_statistics',
    linkage: 'truth',
  });
  persons = linkPersons(input.records);
  truth = await readSynthTruth(dir, period);
  estimates = estimateForReport(persons, input.lists, period, {
    seed: 2,
    lcmcr: { burnin: 5000, samples: 1000, thinning: 10 },
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('business estimate against the synthetic truth', () => {
  it('recovers the mean price of each kind of sale from the documented women', () => {
    const b = businessEstimate(persons, period, estimates);
    for (const kind of ['wife', 'brothel', 'cybersex']) {
      const k = b.kinds.find((x) => x.kind === kind)!;
      const t = truth.sales[kind];
      const trueMean = t.totalCny / t.count;
      expect(k.priced).toBeGreaterThan(30);
      expect(Math.abs(k.meanPriceCny! - trueMean) / trueMean, kind).toBeLessThan(0.1);
    }
  });

  it('is close to the true revenue when given the true number of women', () => {
    const oracle = businessEstimate(persons, period, {
      overall: {
        estimate: truth.women,
        lower: truth.women,
        upper: truth.women,
        method: 'oracle',
        model: 'truth',
        reason: '',
      },
      draws: null,
    });
    const error = oracle.perYearCny.estimate / truth.revenuePerYearCny - 1;
    // What is left is the documented women's own bias: they tell of fewer sales (assumption A1).
    expect(Math.abs(error)).toBeLessThan(0.25);
  });

  it('with the estimated number of women, stays within a factor of two of the truth and says how far', () => {
    const b = businessEstimate(persons, period, estimates, { seed: 9 });
    const ratio = b.perYearCny.estimate / truth.revenuePerYearCny;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    expect(b.perYearCny.lower).toBeLessThan(b.perYearCny.estimate);
    expect(b.perYearCny.upper!).toBeGreaterThan(b.perYearCny.estimate);
    // The population estimate is the larger part of the error: women no list can reach are not
    // seen by multiple systems estimation either (the limitation the report states).
    expect(b.estimatedWomen).toBeLessThan(truth.women);
    console.log(
      `business estimate: CNY ${Math.round(b.perYearCny.estimate)} a year ` +
        `[${Math.round(b.perYearCny.lower)}, ${Math.round(b.perYearCny.upper!)}] vs truth ${Math.round(truth.revenuePerYearCny)} ` +
        `(x${ratio.toFixed(2)}); women ${Math.round(b.estimatedWomen)} vs ${truth.women}`,
    );
  });

  it('tests the USD 105 million claim with stated arithmetic', () => {
    const b = businessEstimate(persons, period, estimates, { cnyPerUsd: 7 });
    expect(b.claim.usdPerYear).toBe(CLAIMED_USD_PER_YEAR);
    expect(b.perYearUsd.estimate).toBeCloseTo(b.perYearCny.estimate / 7, 6);
    expect(b.claim.ratio).toBeCloseTo(CLAIMED_USD_PER_YEAR / b.perYearUsd.estimate, 6);
    expect(b.claim.womenPerYearImplied * b.revenuePerWomanCny).toBeCloseTo(
      CLAIMED_USD_PER_YEAR * 7,
      0,
    );
    expect(b.claim.insideInterval).toBe(false); // a small synthetic population is nowhere near it
  });

  it('is reproducible from its seed, and its interval moves with another seed', () => {
    const a = businessEstimate(persons, period, estimates, { seed: 4, replicates: 500 });
    const again = businessEstimate(persons, period, estimates, { seed: 4, replicates: 500 });
    const other = businessEstimate(persons, period, estimates, { seed: 5, replicates: 500 });
    expect(again.perYearCny).toEqual(a.perYearCny);
    expect(other.perYearCny.lower).not.toBe(a.perYearCny.lower);
    expect(other.perYearCny.estimate).toBe(a.perYearCny.estimate);
  });

  it('refuses a meaningless exchange rate, too few replicates, or no estimate', () => {
    expect(() => businessEstimate(persons, period, estimates, { cnyPerUsd: 0 })).toThrow(
      BusinessEstimateError,
    );
    expect(() => businessEstimate(persons, period, estimates, { replicates: 10 })).toThrow(
      /replicates/,
    );
    expect(() => businessEstimate(persons, period, { overall: null, draws: null })).toThrow(
      /no estimate/,
    );
  });
});

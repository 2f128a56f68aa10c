import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { PatternCodec } from './comparisons';
import {
  comparablePairs,
  expectationMaximisation,
  initialM,
  randomPairs,
  rulePairs,
  setAsideRunaways,
  type Histogram,
} from './training';

/** Draws comparison vectors from a known two-class model and counts their patterns. */
function simulate(
  m: number[][],
  u: number[][],
  lambda: number,
  pairs: number,
  seed: number,
): { histogram: Histogram; codec: PatternCodec } {
  const codec = new PatternCodec(m.map((row) => row.length));
  const rng = xoroshiro128plus(seed);
  const uniform = () => unsafeUniformIntDistribution(0, 2 ** 30 - 1, rng) / 2 ** 30;
  const draw = (probs: number[]) => {
    let x = uniform();
    for (let l = 0; l < probs.length; l++) {
      x -= probs[l];
      if (x < 0) return l;
    }
    return probs.length - 1;
  };
  const histogram: Histogram = new Map();
  const levels = new Int32Array(m.length);
  for (let p = 0; p < pairs; p++) {
    const match = uniform() < lambda;
    for (let k = 0; k < m.length; k++) levels[k] = draw(match ? m[k] : u[k]);
    const pattern = codec.encode(levels);
    histogram.set(pattern, (histogram.get(pattern) ?? 0) + 1);
  }
  return { histogram, codec };
}

describe('expectationMaximisation', () => {
  const trueM = [
    [0.85, 0.1, 0.05],
    [0.7, 0.2, 0.1],
    [0.6, 0.3, 0.1],
    [0.9, 0.1],
  ];
  const trueU = [
    [0.02, 0.08, 0.9],
    [0.01, 0.04, 0.95],
    [0.05, 0.15, 0.8],
    [0.1, 0.9],
  ];

  it('recovers known m and the share of matches with u held fixed', () => {
    const { histogram, codec } = simulate(trueM, trueU, 0.15, 200_000, 42);
    const result = expectationMaximisation(
      histogram,
      codec,
      trueU,
      trueM.map((row) => initialM(row.length)),
      trueM.map(() => true),
      { maxIterations: 200, tolerance: 1e-7 },
    );
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(0.15, 2);
    result.m.forEach((row, k) =>
      row.forEach((x, l) => expect(Math.abs(x - trueM[k][l])).toBeLessThan(0.02)),
    );
  });

  it('leaves excluded comparisons untouched and still recovers the others', () => {
    const { histogram, codec } = simulate(trueM, trueU, 0.3, 100_000, 7);
    const start = trueM.map((row) => initialM(row.length));
    const result = expectationMaximisation(
      histogram,
      codec,
      trueU,
      start,
      [true, true, true, false],
      {
        maxIterations: 200,
        tolerance: 1e-7,
      },
    );
    expect(result.m[3]).toEqual(start[3]);
    result.m
      .slice(0, 3)
      .forEach((row, k) =>
        row.forEach((x, l) => expect(Math.abs(x - trueM[k][l])).toBeLessThan(0.03)),
      );
  });
});

describe('random pairs and comparable pairs', () => {
  it('draws distinct records, across lists only when linking only', () => {
    const sourceOf = Int32Array.from({ length: 100 }, (_, i) => (i < 30 ? 0 : 1));
    const pairs = randomPairs(sourceOf, 5000, 3, true);
    expect(pairs.count).toBe(5000);
    for (let p = 0; p < pairs.count; p++) {
      expect(pairs.left[p]).not.toBe(pairs.right[p]);
      expect(sourceOf[pairs.left[p]]).not.toBe(sourceOf[pairs.right[p]]);
    }
    expect(comparablePairs(sourceOf, true)).toBe(30 * 70);
    expect(comparablePairs(sourceOf, false)).toBe((100 * 99) / 2);
  });

  it('is reproducible from its seed', () => {
    const sourceOf = new Int32Array(50);
    expect(randomPairs(sourceOf, 100, 9, false)).toEqual(randomPairs(sourceOf, 100, 9, false));
  });
});

describe('rulePairs', () => {
  it('gives every pair agreeing on all keys when they fit the budget', () => {
    // Keys: block a (records 0-2), block b (3-6); record 7 lacks the second key; 8 is alone.
    const first = Int32Array.from([1, 1, 1, 2, 2, 2, 2, 1, 3]);
    const second = Int32Array.from([5, 5, 5, 5, 5, 5, 5, 0, 5]);
    const sourceOf = Int32Array.from([0, 1, 1, 0, 1, 0, 1, 0, 0]);
    const all = rulePairs([first, second], sourceOf, false, 1000, 1);
    const found = new Set<string>();
    for (let p = 0; p < all.count; p++) found.add(`${all.left[p]}-${all.right[p]}`);
    expect(found).toEqual(new Set(['0-1', '0-2', '1-2', '3-4', '3-5', '3-6', '4-5', '4-6', '5-6']));
    expect(all.count).toBe(9);
    expect([...all.weight]).toEqual(new Array(9).fill(1));
    // Linking only: pairs inside one list are left out.
    const across = rulePairs([first, second], sourceOf, true, 1000, 1);
    const crossing = new Set<string>();
    for (let p = 0; p < across.count; p++) crossing.add(`${across.left[p]}-${across.right[p]}`);
    expect(crossing).toEqual(new Set(['0-1', '0-2', '3-4', '3-6', '4-5', '5-6']));
  });

  it('samples an over-sized rule uniformly, weights summing to its number of pairs', () => {
    // Blocks of 1,000 and 200 records: 499,500 + 19,900 pairs, 10,000 drawn.
    const codes = Int32Array.from({ length: 1200 }, (_, i) => (i < 1000 ? 1 : 2));
    const sample = rulePairs([codes], new Int32Array(1200), false, 10_000, 5);
    expect(sample.count).toBeGreaterThan(9_500);
    expect(sample.count).toBeLessThan(10_500);
    const total = sample.weight.reduce((s, w) => s + w, 0);
    expect(Math.abs(total / (499_500 + 19_900) - 1)).toBeLessThan(0.05);
    let small = 0;
    for (let p = 0; p < sample.count; p++) {
      expect(codes[sample.left[p]]).toBe(codes[sample.right[p]]);
      expect(sample.left[p]).toBeLessThan(sample.right[p]);
      if (codes[sample.left[p]] === 2) small++;
    }
    // The small block's share of the sample is its share of the pairs (3.8%), not of the blocks.
    expect(Math.abs(small / sample.count - 19_900 / 519_400)).toBeLessThan(0.01);
  });
});

describe('setAsideRunaways', () => {
  it('sets aside a session whose match class outgrows the expected matches, then judges again', () => {
    // Sessions expect 900, 400, 80,000 and 30,000 matches among their pairs. With all four the
    // run expects 60,000 (the third runs away); without the third 20,000 (the fourth then runs
    // away too); without both, 1,000.
    const lambdas = [0.9, 0.4, 0.8, 0.3];
    const pairs = [1_000, 1_000, 100_000, 100_000];
    const seen: boolean[][] = [];
    const result = setAsideRunaways(lambdas, pairs, (setAside) => {
      seen.push([...setAside]);
      if (setAside[2] && setAside[3]) return 1_000;
      if (setAside[2]) return 20_000;
      return 60_000;
    });
    expect(result).toEqual([false, false, true, true]);
    expect(seen).toEqual([
      [false, false, false, false],
      [false, false, true, false],
      [false, false, true, true],
    ]);
  });

  it('keeps every session that fits, and always the last one', () => {
    expect(setAsideRunaways([0.2, 0.1], [1_000, 2_000], () => 500)).toEqual([false, false]);
    expect(setAsideRunaways([0.9, 0.8], [10_000, 10_000], () => 10)).toEqual([true, false]);
  });
});

import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { PatternCodec } from './comparisons';
import {
  comparablePairs,
  expectationMaximisation,
  initialM,
  randomPairs,
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

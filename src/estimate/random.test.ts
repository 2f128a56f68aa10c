import { describe, expect, it } from 'vitest';
import { Random } from './random';

/** Mean and variance of n draws. */
function moments(n: number, draw: () => number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: (s2 - n * mean * mean) / (n - 1) };
}

/** |observed - expected| within z standard errors of the mean. */
function expectMean(observed: number, expected: number, variance: number, n: number, z = 5): void {
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(z * Math.sqrt(variance / n));
}

describe('random variates', () => {
  const N = 200_000;

  it('is reproducible from its seed and streams differ', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = Random.stream(42, 1);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });

  it('uniform lies in (0, 1) with mean 1/2', () => {
    const r = new Random(1);
    let outside = 0;
    const m = moments(N, () => {
      const u = r.uniform();
      if (!(u > 0 && u < 1)) outside++;
      return u;
    });
    expect(outside).toBe(0);
    expectMean(m.mean, 0.5, 1 / 12, N);
  });

  it('normal has the standard normal moments, quantiles and tails (ziggurat layers and tail)', () => {
    const r = new Random(12);
    const n = 400_000;
    let below1 = 0;
    let beyondR = 0;
    const m = moments(n, () => {
      const z = r.normal();
      if (z < -1) below1++;
      if (Math.abs(z) > 3.442619855899) beyondR++;
      return z;
    });
    expectMean(m.mean, 0, 1, n);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.01);
    // P(Z < -1) = 0.158655; P(|Z| > 3.4426) = 5.761e-4
    expect(Math.abs(below1 / n - 0.158655)).toBeLessThan(5 * Math.sqrt((0.1587 * 0.8413) / n));
    expect(Math.abs(beyondR / n - 5.761e-4)).toBeLessThan(5 * Math.sqrt(5.761e-4 / n));
  });

  it.each([0.05, 0.7, 1, 3.5, 250])(
    'gamma(%s) has mean and variance equal to its shape',
    (shape) => {
      const r = new Random(2);
      const m = moments(N, () => r.gamma(shape));
      expectMean(m.mean, shape, shape, N);
      expect(m.variance / shape).toBeGreaterThan(0.95);
      expect(m.variance / shape).toBeLessThan(1.05);
    },
  );

  it('logGamma agrees with log(gamma) where both are representable', () => {
    const r = new Random(3);
    const m = moments(N, () => Math.exp(r.logGamma(0.3)));
    expectMean(m.mean, 0.3, 0.3, N);
  });

  it.each([
    [1, 1],
    [1, 7],
    [4, 1],
    [2.5, 9],
  ])('beta(%s, %s) has the right mean', (a, b) => {
    const r = new Random(4);
    const m = moments(N, () => r.beta(a, b));
    const mean = a / (a + b);
    expectMean(m.mean, mean, (a * b) / ((a + b) ** 2 * (a + b + 1)), N);
  });

  it.each([
    [10, 0.3],
    [1000, 0.004],
    [50, 0.9],
    [1131, 0.3],
    [100_000, 0.42],
  ])('binomial(%s, %s) has mean np and variance np(1-p)', (n, p) => {
    const r = new Random(5);
    let invalid = 0;
    const m = moments(N, () => {
      const x = r.binomial(n, p);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) invalid++;
      return x;
    });
    expect(invalid).toBe(0);
    const v = n * p * (1 - p);
    expectMean(m.mean, n * p, v, N);
    expect(m.variance / v).toBeGreaterThan(0.95);
    expect(m.variance / v).toBeLessThan(1.05);
  });

  it('binomial reproduces the exact distribution of a small case', () => {
    const r = new Random(6);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < N; i++) counts[r.binomial(3, 0.25)]++;
    const exact = [27 / 64, 27 / 64, 9 / 64, 1 / 64];
    counts.forEach((c, k) => expect(Math.abs(c / N - exact[k])).toBeLessThan(0.005));
  });

  it.each([0.5, 7, 45, 6000])('poisson(%s) has mean and variance lambda', (lambda) => {
    const r = new Random(7);
    const m = moments(N, () => r.poisson(lambda));
    expectMean(m.mean, lambda, lambda, N);
    expect(m.variance / lambda).toBeGreaterThan(0.95);
    expect(m.variance / lambda).toBeLessThan(1.05);
  });

  it('negative binomial counts failures before n successes', () => {
    const r = new Random(8);
    const size = 4400;
    const p = 0.42;
    const m = moments(50_000, () => r.negativeBinomial(size, p));
    const mean = (size * (1 - p)) / p;
    expectMean(m.mean, mean, mean / p, 50_000);
  });

  it.each([7, 40, 1131, 6000])('multinomial(%s) keeps the total and the category means', (n) => {
    const r = new Random(9);
    const probs = Float64Array.from([0.5, 0.2, 0.15, 0.1, 0.04, 0.009, 0.001]);
    const out = new Int32Array(7);
    const sums = new Float64Array(7);
    const reps = 20_000;
    let wrongTotals = 0;
    for (let i = 0; i < reps; i++) {
      r.multinomial(n, probs, 7, out);
      let total = 0;
      for (let k = 0; k < 7; k++) {
        total += out[k];
        sums[k] += out[k];
      }
      if (total !== n) wrongTotals++;
    }
    expect(wrongTotals).toBe(0);
    probs.forEach((p, k) => expectMean(sums[k] / reps, n * p, n * p * (1 - p), reps));
  });
});

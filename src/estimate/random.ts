/**
 * Random variates for the samplers, driven by pure-rand's xoroshiro128+ so that a seed fixes
 * every draw (estimates are reproducible and can be stored with their seed). Written for speed:
 * the Gibbs sampler draws tens of millions of variates, so nothing here allocates.
 *
 * Algorithms: Marsaglia-Tsang (2000) for gamma, Hormann's BTRD (1993) for large binomials and
 * inversion for small ones, Hormann's PTRS (1993) for large Poisson means.
 */

import { xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { lgamma } from './numeric';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(sqrt(2 pi))]: Stirling's correction for BTRD. */
function stirlingCorrection(k: number): number {
  if (k < 10) return STIRLING_TABLE[k];
  const r = 1 / (k + 1);
  const r2 = r * r;
  return (1 / 12 - (1 / 360 - r2 / 1260) * r2) * r;
}
const STIRLING_TABLE = Float64Array.from({ length: 10 }, (_, k) => {
  let lf = 0;
  for (let i = 2; i <= k; i++) lf += Math.log(i);
  return lf - ((k + 0.5) * Math.log(k + 1) - (k + 1) + 0.5 * Math.log(2 * Math.PI));
});

/** x^n for a whole n >= 0 by repeated squaring: exact to a few ulps, and much cheaper than Math.pow here. */
export function powInt(x: number, n: number): number {
  let result = 1;
  let base = x;
  let e = n;
  while (e > 0) {
    if (e & 1) result *= base;
    base *= base;
    e >>>= 1;
  }
  return result;
}

/** Ziggurat tables for the normal distribution (Marsaglia & Tsang 2000), 128 layers. */
const ZIG_KN = new Float64Array(128);
const ZIG_WN = new Float64Array(128);
const ZIG_FN = new Float64Array(128);
const ZIG_R = 3.442619855899;
(() => {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  ZIG_KN[0] = (dn / q) * m1;
  ZIG_KN[1] = 0;
  ZIG_WN[0] = q / m1;
  ZIG_WN[127] = dn / m1;
  ZIG_FN[0] = 1;
  ZIG_FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_KN[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_FN[i] = Math.exp(-0.5 * dn * dn);
    ZIG_WN[i] = dn / m1;
  }
})();

export class Random {
  private readonly gen: RandomGenerator;

  constructor(seedOrGenerator: number | RandomGenerator) {
    this.gen =
      typeof seedOrGenerator === 'number' ? xoroshiro128plus(seedOrGenerator | 0) : seedOrGenerator;
  }

  /** An independent stream: the generator advanced by 2^64 steps per index (xoroshiro jump). */
  static stream(seed: number, index: number): Random {
    let g = xoroshiro128plus(seed | 0);
    for (let i = 0; i < index; i++) g = g.jump!();
    return new Random(g);
  }

  /** Uniform on (0, 1), 53 random bits, never exactly 0 or 1. */
  uniform(): number {
    const a = this.gen.unsafeNext() >>> 5;
    const b = this.gen.unsafeNext() >>> 6;
    return (a * 67108864 + b + 0.5) / TWO_POW_53;
  }

  /** Uniform on (0, 1) from 32 bits: enough where a cruder resolution does not matter. */
  uniform32(): number {
    return ((this.gen.unsafeNext() >>> 0) + 0.5) / TWO_POW_32;
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia & Tsang 2000); the layer is drawn
   * separately from the value, which removes the original's small correlation between them.
   */
  normal(): number {
    for (;;) {
      const hz = this.gen.unsafeNext() | 0;
      const iz = this.gen.unsafeNext() & 127;
      if (Math.abs(hz) < ZIG_KN[iz]) return hz * ZIG_WN[iz];
      const x = hz * ZIG_WN[iz];
      if (iz === 0) {
        // The tail beyond R.
        let xt: number;
        let y: number;
        do {
          xt = -Math.log(this.uniform32()) / ZIG_R;
          y = -Math.log(this.uniform32());
        } while (y + y < xt * xt);
        return hz > 0 ? ZIG_R + xt : -ZIG_R - xt;
      }
      if (ZIG_FN[iz] + this.uniform32() * (ZIG_FN[iz - 1] - ZIG_FN[iz]) < Math.exp(-0.5 * x * x))
        return x;
    }
  }

  /** Gamma(shape, scale 1). */
  gamma(shape: number): number {
    if (shape < 1) {
      // Gamma(a) = Gamma(a + 1) U^(1/a)
      return this.gamma(shape + 1) * Math.exp(Math.log(this.uniform()) / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform32();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** log of a Gamma(shape) variate, accurate when shape is tiny and the variate underflows. */
  logGamma(shape: number): number {
    if (shape >= 1) return Math.log(this.gamma(shape));
    return Math.log(this.gamma(shape + 1)) + Math.log(this.uniform()) / shape;
  }

  beta(a: number, b: number): number {
    // Beta(1, b) and Beta(a, 1) have closed forms (common: lists with no one of a class).
    // (Math.pow is several times slower than exp/log in V8, hence the spelling.)
    if (a === 1) return b === 1 ? this.uniform() : -Math.expm1(Math.log(this.uniform()) / b);
    if (b === 1) return Math.exp(Math.log(this.uniform()) / a);
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Binomial(n, p) for integer n >= 0. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomialLow(n, 1 - p);
    return this.binomialLow(n, p);
  }

  private binomialLow(n: number, p: number): number {
    if (n * p < 10) {
      // Inversion: walk up the distribution function from 0.
      const q = 1 - p;
      const s = p / q;
      const a = (n + 1) * s;
      const r0 = powInt(q, n);
      let r = r0;
      let u = this.uniform32();
      let x = 0;
      while (u > r) {
        u -= r;
        x++;
        if (x > n) {
          // Rounding left a sliver of probability: start again.
          x = 0;
          r = r0;
          u = this.uniform32();
          continue;
        }
        r *= a / x - s;
      }
      return x;
    }
    return this.btrd(n, p);
  }

  /** Hormann's BTRD: transformed rejection with decomposition, for p <= 1/2 and n p >= 10. */
  private btrd(n: number, p: number): number {
    const q = 1 - p;
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const alpha = (2.83 + 5.1 / b) * spq;
    const vr = 0.92 - 4.2 / b;
    const urvr = 0.86 * vr;
    const m = Math.floor((n + 1) * p);
    const r = p / q;
    const nr = (n + 1) * r;
    const npq = n * p * q;
    for (;;) {
      let v = this.uniform32();
      let u: number;
      if (v <= urvr) {
        u = v / vr - 0.43;
        return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
      }
      if (v >= vr) {
        u = this.uniform32() - 0.5;
      } else {
        u = v / vr - 0.93;
        u = (u < 0 ? -0.5 : 0.5) - u;
        v = this.uniform32() * vr;
      }
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      v = (v * alpha) / (a / (us * us) + b);
      const km = Math.abs(k - m);
      if (km <= 15) {
        let f = 1;
        if (m < k) {
          for (let i = m + 1; i <= k; i++) f *= nr / i - r;
        } else if (m > k) {
          for (let i = k + 1; i <= m; i++) v *= nr / i - r;
        }
        if (v <= f) return k;
        continue;
      }
      v = Math.log(v);
      const rho = (km / npq) * (((km / 3 + 0.625) * km + 1 / 6) / npq + 0.5);
      const t = (-km * km) / (2 * npq);
      if (v < t - rho) return k;
      if (v > t + rho) continue;
      const nm = n - m + 1;
      const h =
        (m + 0.5) * Math.log((m + 1) / (r * nm)) +
        stirlingCorrection(m) +
        stirlingCorrection(n - m);
      const nk = n - k + 1;
      if (
        v <=
        h +
          (n + 1) * Math.log(nm / nk) +
          (k + 0.5) * Math.log((nk * r) / (k + 1)) -
          stirlingCorrection(k) -
          stirlingCorrection(n - k)
      ) {
        return k;
      }
    }
  }

  /** Poisson(mean). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 10) {
      let x = 0;
      let prod = this.uniform();
      const limit = Math.exp(-mean);
      while (prod > limit) {
        x++;
        prod *= this.uniform();
      }
      return x;
    }
    // PTRS
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -mean + k * loglam - lgamma(k + 1)
      ) {
        return k;
      }
    }
  }

  /**
   * Negative binomial: failures before `size` successes with success probability p, drawn as a
   * gamma-Poisson mixture (as GSL does).
   */
  negativeBinomial(size: number, p: number): number {
    const lambda = this.gamma(size) * ((1 - p) / p);
    return this.poisson(lambda);
  }

  private order = new Int32Array(0);
  private cumulative = new Float64Array(0);

  /**
   * Multinomial(n, probs[0..k-1] / sum) into out[offset..offset+k-1]. Exact, and cheap when a
   * few categories hold most of the mass: categories are taken in decreasing probability; the
   * low-probability tail is first given its total as one binomial draw (usually zero) and only
   * shared out when that total is positive. Small n uses one categorical draw per unit.
   */
  multinomial(
    n: number,
    probs: Float64Array,
    k: number,
    out: Int32Array,
    outOffset = 0,
    /**
     * Optional order of the categories kept by the caller between calls (a permutation of
     * 0..k-1, updated here): when probabilities change little from call to call, sorting it
     * again costs O(k).
     */
    orderHint?: Int32Array,
    orderOffset = 0,
  ): void {
    if (this.cumulative.length < k) {
      this.order = new Int32Array(k);
      this.cumulative = new Float64Array(k);
    }
    // order[ob + i]: categories by decreasing probability (no subarray: it allocates).
    let order: Int32Array;
    let ob: number;
    let total = 0;
    for (let i = 0; i < k; i++) {
      total += probs[i];
      out[outOffset + i] = 0;
    }
    if (orderHint) {
      order = orderHint;
      ob = orderOffset;
      for (let i = 1; i < k; i++) {
        const c = order[ob + i];
        const pc = probs[c];
        let j = i;
        while (j > 0 && probs[order[ob + j - 1]] < pc) {
          order[ob + j] = order[ob + j - 1];
          j--;
        }
        order[ob + j] = c;
      }
    } else {
      order = this.order;
      ob = 0;
      for (let i = 0; i < k; i++) {
        let j = i;
        while (j > 0 && probs[order[j - 1]] < probs[i]) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
    }
    if (n === 0 || !(total > 0)) return;
    if (n <= 12) {
      const cum = this.cumulative;
      let c = 0;
      for (let i = 0; i < k; i++) {
        c += probs[order[ob + i]];
        cum[i] = c;
      }
      for (let r = 0; r < n; r++) {
        const u = this.uniform32() * c;
        let i = 0;
        while (i < k - 1 && u >= cum[i]) i++;
        out[outOffset + order[ob + i]]++;
      }
      return;
    }
    // Head: categories until the remaining tail would expect fewer than 0.2 units.
    let head = k;
    let tailMass = 0;
    for (let i = k - 1; i > 0; i--) {
      const m = tailMass + probs[order[ob + i]];
      if ((m / total) * n >= 0.2) break;
      tailMass = m;
      head = i;
    }
    const inTail = head < k ? this.binomial(n, tailMass / total) : 0;
    this.shareOut(n - inTail, probs, order, ob, 0, head, total - tailMass, out, outOffset);
    if (inTail > 0) this.shareOut(inTail, probs, order, ob, head, k, tailMass, out, outOffset);
  }

  /** Sequential conditional binomials over order[ob+from..ob+to-1] whose probabilities sum to mass. */
  private shareOut(
    n: number,
    probs: Float64Array,
    order: Int32Array,
    ob: number,
    from: number,
    to: number,
    mass: number,
    out: Int32Array,
    outOffset: number,
  ): void {
    let left = n;
    let rest = mass;
    for (let i = from; i < to - 1 && left > 0; i++) {
      const c = order[ob + i];
      const pi = probs[c];
      const share = rest > 0 ? pi / rest : 1;
      const x = share >= 1 ? left : this.binomial(left, share);
      out[outOffset + c] = x;
      left -= x;
      rest -= pi;
    }
    if (left > 0) out[outOffset + order[ob + to - 1]] += left;
  }

  /** One draw from a categorical distribution with unnormalised weights. */
  categorical(probs: Float64Array, k: number): number {
    let total = 0;
    for (let i = 0; i < k; i++) total += probs[i];
    let u = this.uniform() * total;
    for (let i = 0; i < k - 1; i++) {
      u -= probs[i];
      if (u < 0) return i;
    }
    return k - 1;
  }
}

import { xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/**
 * Seeded randomness for the synthetic population. Every person, and every organisation's view of
 * her, draws from its own generator whose state is a hash of (seed, stream, index): a person
 * is the same whatever the population size, the number of organisations or the noise level, and
 * nothing needs to be held in memory between people.
 */

/** murmur3's 32-bit finaliser: a bijective avalanche on 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a list of integers (order matters). */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = fmix32((h ^ fmix32(part >>> 0)) + 0x7f4a7c15);
    // Parts above 2^32 (large indices) contribute their high half too.
    if (part > 0xffffffff) h = fmix32(h ^ Math.floor(part / 2 ** 32));
  }
  return h;
}

/** Stable numeric id of a stream name, so streams can be named in code. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private readonly generator: RandomGenerator;

  /** A generator for (seed, stream, ...indices); equal arguments give equal sequences. */
  constructor(seed: number, stream: string, ...indices: number[]) {
    const base = hashInts(seed, streamId(stream), ...indices);
    const state = [1, 2, 3, 4].map((k) => hashInts(base, k) | 0);
    // xoroshiro's state must not be all zero.
    if (!state.some((word) => word !== 0)) state[0] = 1;
    this.generator = xoroshiro128plus.fromState(state);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.generator.unsafeNext() >>> 5;
    const lo = this.generator.unsafeNext() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Uniform real in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  bool(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Number of failures before the first success, success probability p per trial. */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.float()) / Math.log(1 - p));
  }

  /** A function giving uniform [0, 1) numbers from this generator (for the name renderers). */
  get source(): () => number {
    return () => this.float();
  }
}

/**
 * A categorical distribution over fixed values, sampled by binary search of the cumulative
 * weights. Built once per distribution, sampled millions of times.
 */
export class Categorical<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('a categorical distribution needs a positive weight');
    this.values = kept.map(([v]) => v);
    this.cumulative = new Float64Array(kept.length);
    let total = 0;
    kept.forEach(([, w], i) => {
      total += w;
      this.cumulative[i] = total;
    });
    for (let i = 0; i < kept.length; i++) this.cumulative[i] /= total;
  }

  sample(rng: Rng): T {
    const x = rng.float();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }

  /** Each value with its probability. */
  probabilities(): Array<[T, number]> {
    return this.values.map((v, i) => [
      v,
      this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0),
    ]);
  }
}

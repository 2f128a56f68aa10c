/**
 * Comparators: one per comparison of the settings, each turning a pair of records into the index
 * of the first level the pair satisfies (levels are ordered, strongest first; the last index is
 * "else"), or -1 when either record lacks the field: a missing value neither agrees nor disagrees.
 * String work is done once per pair of distinct values and cached, since names repeat.
 */
import { jaroWinkler } from './compare/jaro-winkler';
import { identifierKind, Interner, type Features } from './features';
import { UNRESOLVED_PREFIX } from './places';
import type { NamePartKeys } from './names/keys';
import type { ComparisonSpec, NameLevel } from './settings';

export interface Comparator {
  readonly spec: ComparisonSpec;
  /** Number of levels including "else". */
  readonly levelCount: number;
  /** Feature the comparison reads (family, given, birth, id_number, sex, home, ...). */
  readonly feature: string;
  level(a: number, b: number): number;
  /** Term-frequency adjustment: which levels it applies to, and the frequency of a record's value. */
  readonly tfLevels: ReadonlySet<number>;
  tfFrequency(record: number): number;
}

/**
 * Caches a symmetric function of two positive codes in an open-addressing table of typed arrays
 * (a JS Map with keys above 2^31 boxes every key). Bounded: when it fills up it starts afresh.
 */
export class PairCache {
  private readonly keyA: Int32Array;
  private readonly keyB: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;
  private used = 0;

  constructor(private readonly bits = 20) {
    const size = 1 << bits;
    this.keyA = new Int32Array(size);
    this.keyB = new Int32Array(size);
    this.values = new Float64Array(size);
    this.mask = size - 1;
  }

  get(x: number, y: number, compute: () => number): number {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> (32 - this.bits);
    for (;;) {
      const ka = this.keyA[slot];
      if (ka === 0) break;
      if (ka === a && this.keyB[slot] === b) return this.values[slot];
      slot = (slot + 1) & this.mask;
    }
    const value = compute();
    if (this.used * 2 >= this.mask) {
      this.keyA.fill(0);
      this.used = 0;
      slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> (32 - this.bits);
    }
    this.keyA[slot] = a;
    this.keyB[slot] = b;
    this.values[slot] = value;
    this.used++;
    return value;
  }
}

function intersects(x: readonly string[], y: readonly string[]): boolean {
  for (const a of x) for (const b of y) if (a === b) return true;
  return false;
}

/**
 * A typo between keys of at least `minLength` letters: short keys are all one edit apart (I, O),
 * and skeletons, already merged, need more letters than spellings do before a typo means much.
 */
function anyWithinOneEdit(x: readonly string[], y: readonly string[], minLength: number): boolean {
  for (const a of x) {
    if (a.length < minLength) continue;
    for (const b of y) if (b.length >= minLength && withinOneEdit(a, b)) return true;
  }
  return false;
}

function maxJaroWinkler(x: readonly string[], y: readonly string[]): number {
  let best = 0;
  for (const a of x) {
    for (const b of y) {
      const s = jaroWinkler(a, b);
      if (s > best) best = s;
    }
  }
  return best;
}

/** The first name level two names' keys satisfy (levels.length = else). */
export function nameLevel(levels: readonly NameLevel[], x: NamePartKeys, y: NamePartKeys): number {
  let jw = -1;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    switch (level.type) {
      case 'exact':
        if (intersects(x.hangul, y.hangul) || intersects(x.literal, y.literal)) return i;
        break;
      case 'variant':
        if (
          intersects(x.skeleton, y.skeleton) ||
          intersects(x.guessHangul, y.hangul) ||
          intersects(x.hangul, y.guessHangul) ||
          intersects(x.guessHangul, y.guessHangul) ||
          intersects(x.guessSkeleton, y.skeleton) ||
          intersects(x.skeleton, y.guessSkeleton)
        ) {
          return i;
        }
        break;
      case 'swapped':
        if (intersects(x.swapped, y.skeleton) || intersects(x.skeleton, y.swapped)) return i;
        break;
      case 'one_edit':
        if (
          anyWithinOneEdit(x.literal, y.literal, 3) ||
          anyWithinOneEdit(x.jamo, y.jamo, 3) ||
          anyWithinOneEdit(x.skeleton, y.skeleton, 5)
        ) {
          return i;
        }
        break;
      case 'jaro_winkler':
        if (jw < 0) {
          jw = Math.max(
            maxJaroWinkler(x.skeleton, y.skeleton),
            maxJaroWinkler(x.literal, y.literal),
            maxJaroWinkler(x.jamo, y.jamo),
          );
        }
        if (jw >= level.min) return i;
        break;
    }
  }
  return levels.length;
}

/** Whether two strings of the same kind are at most one edit apart (Damerau), without allocating. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (diffs === 0) first = i;
        diffs++;
        if (diffs > 2) return false;
      }
    }
    if (diffs <= 1) return true;
    // Two differences: only an adjacent transposition counts as one edit.
    return (
      first + 1 < la &&
      a.charCodeAt(first) === b.charCodeAt(first + 1) &&
      a.charCodeAt(first + 1) === b.charCodeAt(first) &&
      a.slice(first + 2) === b.slice(first + 2)
    );
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < s.length && j < l.length) {
    if (s.charCodeAt(i) === l.charCodeAt(j)) {
      i++;
      j++;
    } else if (skipped) return false;
    else {
      skipped = true;
      j++;
    }
  }
  return true;
}

/** Dates YYYYMMDD one typing error apart, or with day and month swapped. */
function nearDates(a: string, b: string): boolean {
  if (withinOneEdit(a, b)) return true;
  return (
    a.slice(0, 4) === b.slice(0, 4) &&
    a.slice(4, 6) === b.slice(6, 8) &&
    a.slice(6, 8) === b.slice(4, 6)
  );
}

const NO_TF: ReadonlySet<number> = new Set();

export function makeComparator(spec: ComparisonSpec, features: Features): Comparator {
  const levelCount = spec.levels.length + 1;
  switch (spec.kind) {
    case 'name': {
      const f = spec.part === 'family' ? features.family() : features.given();
      const { ids, keys, primary } = f;
      const levels = spec.levels;
      const cache = new PairCache();
      const same = keys.length > 1 ? nameLevel(levels, keys[1], keys[1]) : 0;
      const freq = features.frequencies(primary, f.primaryValues.length);
      const tfLevels = new Set<number>();
      levels.forEach((l, i) => {
        if (spec.tf && (l.type === 'exact' || l.type === 'variant')) tfLevels.add(i);
      });
      return {
        spec,
        levelCount,
        feature: spec.part,
        tfLevels,
        tfFrequency: (r) => freq[primary[r]],
        level(a, b) {
          const ia = ids[a];
          const ib = ids[b];
          if (ia === 0 || ib === 0) return -1;
          if (ia === ib) return same;
          return cache.get(ia, ib, () => nameLevel(levels, keys[ia], keys[ib]));
        },
      };
    }
    case 'date': {
      const { year, date, dates } = features.birth();
      const levels = spec.levels;
      return {
        spec,
        levelCount,
        feature: 'birth',
        tfLevels: NO_TF,
        tfFrequency: () => 0,
        level(a, b) {
          const ya = year[a];
          const yb = year[b];
          if (ya === 0 || yb === 0) return -1;
          const da = date[a];
          const db = date[b];
          for (let i = 0; i < levels.length; i++) {
            const level = levels[i];
            switch (level.type) {
              case 'date_exact':
                if (da !== 0 && da === db) return i;
                break;
              case 'date_near':
                if (da !== 0 && db !== 0 && nearDates(dates[da], dates[db])) return i;
                break;
              case 'year_within':
                if (Math.abs(ya - yb) <= level.years) return i;
                break;
            }
          }
          return levels.length;
        },
      };
    }
    case 'identifier': {
      const { codes, values } = features.identifier(spec.column);
      const levels = spec.levels;
      const freq = features.frequencies(codes, values.length);
      // Numbers of different kinds (a phone, a resident number) are not compared.
      const kinds = new Interner();
      const kindOf = Int32Array.from(values, (v) =>
        kinds.code(spec.column === 'sex' ? 'sex' : identifierKind(v)),
      );
      return {
        spec,
        levelCount,
        feature: spec.column,
        tfLevels: spec.tf
          ? new Set(levels.flatMap((l, i) => (l.type === 'exact' ? [i] : [])))
          : NO_TF,
        tfFrequency: (r) => freq[codes[r]],
        level(a, b) {
          const ca = codes[a];
          const cb = codes[b];
          if (ca === 0 || cb === 0 || kindOf[ca] !== kindOf[cb]) return -1;
          for (let i = 0; i < levels.length; i++) {
            const level = levels[i];
            if (
              level.type === 'exact'
                ? ca === cb
                : ca === cb || withinOneEdit(values[ca], values[cb])
            ) {
              return i;
            }
          }
          return levels.length;
        },
      };
    }
    case 'place': {
      const { place, province, places } = features.place(spec.place);
      const levels = spec.levels;
      const cache = new PairCache();
      const unresolved = Uint8Array.from(places, (p) => (p.startsWith(UNRESOLVED_PREFIX) ? 1 : 0));
      const freq = features.frequencies(place, places.length);
      return {
        spec,
        levelCount,
        feature: spec.place,
        tfLevels: spec.tf
          ? new Set(levels.flatMap((l, i) => (l.type === 'same_place' ? [i] : [])))
          : NO_TF,
        tfFrequency: (r) => freq[place[r]],
        level(a, b) {
          const pa = place[a];
          const pb = place[b];
          const qa = province[a];
          const qb = province[b];
          if ((pa === 0 && qa === 0) || (pb === 0 && qb === 0)) return -1;
          // A name the gazetteer does not know says nothing against one it knows.
          if (pa !== 0 && pb !== 0 && unresolved[pa] !== unresolved[pb]) return -1;
          for (let i = 0; i < levels.length; i++) {
            const level = levels[i];
            switch (level.type) {
              case 'same_place':
                if (pa !== 0 && pa === pb) return i;
                break;
              case 'same_province':
                if (qa !== 0 && qa === qb) return i;
                break;
              case 'jaro_winkler':
                if (
                  pa !== 0 &&
                  pb !== 0 &&
                  cache.get(pa, pb, () => jaroWinkler(places[pa], places[pb])) >= level.min
                ) {
                  return i;
                }
                break;
            }
          }
          return levels.length;
        },
      };
    }
    case 'year': {
      const years = features.year(spec.column);
      const levels = spec.levels;
      return {
        spec,
        levelCount,
        feature: spec.column,
        tfLevels: NO_TF,
        tfFrequency: () => 0,
        level(a, b) {
          const ya = years[a];
          const yb = years[b];
          if (ya === 0 || yb === 0) return -1;
          for (let i = 0; i < levels.length; i++)
            if (Math.abs(ya - yb) <= levels[i].years) return i;
          return levels.length;
        },
      };
    }
    case 'text': {
      const { codes, values } = features.text(spec.column);
      const levels = spec.levels;
      const cache = new PairCache();
      const freq = features.frequencies(codes, values.length);
      return {
        spec,
        levelCount,
        feature: spec.column,
        tfLevels: spec.tf
          ? new Set(levels.flatMap((l, i) => (l.type === 'exact' ? [i] : [])))
          : NO_TF,
        tfFrequency: (r) => freq[codes[r]],
        level(a, b) {
          const ca = codes[a];
          const cb = codes[b];
          if (ca === 0 || cb === 0) return -1;
          let jw = -1;
          for (let i = 0; i < levels.length; i++) {
            const level = levels[i];
            if (level.type === 'exact') {
              if (ca === cb) return i;
            } else {
              if (ca === cb) return i;
              if (jw < 0) jw = cache.get(ca, cb, () => jaroWinkler(values[ca], values[cb]));
              if (jw >= level.min) return i;
            }
          }
          return levels.length;
        },
      };
    }
  }
}

/**
 * Comparison vectors packed into one integer: digit k is comparison k's level + 1 (0 = missing),
 * in mixed radix. Patterns make EM run over distinct vectors with counts, not over pairs.
 */
export class PatternCodec {
  readonly radices: number[];
  readonly strides: number[];
  readonly size: number;

  constructor(levelCounts: readonly number[]) {
    this.radices = levelCounts.map((c) => c + 1);
    this.strides = [];
    let stride = 1;
    for (const r of this.radices) {
      this.strides.push(stride);
      stride *= r;
    }
    this.size = stride;
    if (stride > 2 ** 32) throw new Error('too many comparison levels to pack into 32 bits');
  }

  encode(levels: ArrayLike<number>): number {
    let p = 0;
    for (let k = 0; k < this.radices.length; k++) p += (levels[k] + 1) * this.strides[k];
    return p;
  }

  /** Level of comparison k in a pattern (-1: missing). */
  level(pattern: number, k: number): number {
    return (Math.floor(pattern / this.strides[k]) % this.radices[k]) - 1;
  }
}

/** The pattern of one pair under a list of comparators. */
export function patternOf(
  comparators: readonly Comparator[],
  codec: PatternCodec,
  a: number,
  b: number,
): number {
  let p = 0;
  for (let k = 0; k < comparators.length; k++)
    p += (comparators[k].level(a, b) + 1) * codec.strides[k];
  return p;
}

/**
 * Comparators: one per comparison of the settings, each turning a pair of records into the index
 * of the first level the pair satisfies (levels are ordered, strongest first; the last index is
 * "else"), or -1 when either record lacks the field: a missing value neither agrees nor disagrees.
 * String work is done once per pair of distinct values and cached, since names repeat.
 */
import { withinOneEdit } from './compare/edit';
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
  /** Levels of pairs start..end-1 into out[0..end-start) (a tight loop per comparator). */
  fill(left: Int32Array, right: Int32Array, start: number, end: number, out: Int8Array): void;
  /** Term-frequency adjustment: which levels it applies to, and the frequency of a record's value. */
  readonly tfLevels: ReadonlySet<number>;
  tfFrequency(record: number): number;
}

/**
 * Caches a symmetric function of two positive codes in an open-addressing table of typed arrays
 * (a JS Map with keys above 2^31 boxes every key). Bounded: a full neighbourhood evicts its
 * first entry, so frequent pairs (common names written two ways) stay.
 */
export class PairCache {
  private readonly keyA: Int32Array;
  private readonly keyB: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;

  constructor(private readonly bits = 20) {
    const size = 1 << bits;
    this.keyA = new Int32Array(size);
    this.keyB = new Int32Array(size);
    this.values = new Float64Array(size);
    this.mask = size - 1;
  }

  get(x: number, y: number, compute: (a: number, b: number) => number): number {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const home = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> (32 - this.bits);
    let free = -1;
    for (let probe = 0; probe < 8; probe++) {
      const slot = (home + probe) & this.mask;
      const ka = this.keyA[slot];
      if (ka === 0) {
        free = slot;
        break;
      }
      if (ka === a && this.keyB[slot] === b) return this.values[slot];
    }
    const value = compute(a, b);
    const slot = free >= 0 ? free : home;
    this.keyA[slot] = a;
    this.keyB[slot] = b;
    this.values[slot] = value;
    return value;
  }
}

/** A key string with its letter histogram (32 buckets by char code), for similarity bounds. */
interface Spelled {
  text: string;
  histogram: Uint8Array;
}

function spelled(text: string): Spelled {
  const histogram = new Uint8Array(32);
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i) & 31;
    if (histogram[k] < 255) histogram[k]++;
  }
  return { text, histogram };
}

/** Letters two strings can have in common at most (buckets may merge letters: still a bound). */
function commonLetters(x: Spelled, y: Spelled): number {
  let common = 0;
  const hx = x.histogram;
  const hy = y.histogram;
  for (let k = 0; k < 32; k++) common += hx[k] < hy[k] ? hx[k] : hy[k];
  return common;
}

/**
 * An upper bound of Jaro-Winkler from the letters in common and the common prefix: most pairs
 * of different names are ruled out without running the algorithm.
 */
function jaroWinklerBound(x: Spelled, y: Spelled): number {
  const la = x.text.length;
  const lb = y.text.length;
  if (la === 0 || lb === 0) return 0;
  const m = Math.min(commonLetters(x, y), la, lb);
  if (m === 0) return 0;
  const j = (m / la + m / lb + 1) / 3;
  let prefix = 0;
  const max = Math.min(4, la, lb);
  while (prefix < max && x.text.charCodeAt(prefix) === y.text.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** The highest Jaro-Winkler over pairs of spellings that can reach `floor`, else a value below it. */
function bestJaroWinkler(xs: readonly Spelled[], ys: readonly Spelled[], floor: number): number {
  let best = 0;
  for (const x of xs) {
    for (const y of ys) {
      const bound = jaroWinklerBound(x, y);
      if (bound < floor || bound <= best) continue;
      const jw = jaroWinkler(x.text, y.text);
      if (jw > best) best = jw;
    }
  }
  return best;
}

/**
 * A typo between spellings of at least `minLength` letters (see anyWithinOneEdit). One edit
 * leaves the first or the last letter alone: pairs that differ at both ends are ruled out first.
 */
function spelledWithinOneEdit(
  xs: readonly Spelled[],
  ys: readonly Spelled[],
  minLength: number,
): boolean {
  for (const x of xs) {
    const a = x.text;
    const la = a.length;
    if (la < minLength) continue;
    for (const y of ys) {
      const b = y.text;
      const lb = b.length;
      if (lb < minLength || la - lb > 1 || lb - la > 1) continue;
      if (a.charCodeAt(0) !== b.charCodeAt(0) && a.charCodeAt(la - 1) !== b.charCodeAt(lb - 1))
        continue;
      if (commonLetters(x, y) < Math.max(la, lb) - 1) continue;
      if (withinOneEdit(a, b)) return true;
    }
  }
  return false;
}

/** Name keys with every key string replaced by an integer code, for fast intersections. */
export class CompiledNames {
  readonly hangul: Int32Array[] = [];
  readonly guessHangul: Int32Array[] = [];
  readonly literal: Int32Array[] = [];
  readonly skeleton: Int32Array[] = [];
  readonly guessSkeleton: Int32Array[] = [];
  readonly swapped: Int32Array[] = [];
  /** Hangul forms known or guessed, and skeletons of both: agreement on either is a variant. */
  readonly anyHangul: Int32Array[] = [];
  readonly anySkeleton: Int32Array[] = [];
  readonly skeletonText: Spelled[][] = [];
  readonly literalText: Spelled[][] = [];
  readonly jamoText: Spelled[][] = [];

  constructor(readonly keys: readonly NamePartKeys[]) {
    const hangul = new Interner();
    const skeleton = new Interner();
    const literal = new Interner();
    const codes = (list: readonly string[], interner: Interner) =>
      Int32Array.from(list, (v) => interner.code(v));
    for (const k of keys) {
      this.hangul.push(codes(k.hangul, hangul));
      this.guessHangul.push(codes(k.guessHangul, hangul));
      this.literal.push(codes(k.literal, literal));
      this.skeleton.push(codes(k.skeleton, skeleton));
      this.guessSkeleton.push(codes(k.guessSkeleton, skeleton));
      this.swapped.push(codes(k.swapped, skeleton));
      this.anyHangul.push(codes([...k.hangul, ...k.guessHangul], hangul));
      this.anySkeleton.push(codes([...k.skeleton, ...k.guessSkeleton], skeleton));
      this.skeletonText.push(k.skeleton.map(spelled));
      this.literalText.push(k.literal.map(spelled));
      this.jamoText.push(k.jamo.map(spelled));
    }
  }
}

function meets(x: Int32Array, y: Int32Array): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    for (let j = 0; j < y.length; j++) if (y[j] === v) return true;
  }
  return false;
}

/** nameLevel on compiled keys: integer intersections first, strings only for fuzzy levels. */
export function compiledNameLevel(
  levels: readonly NameLevel[],
  names: CompiledNames,
  a: number,
  b: number,
  floor = lowestJaroWinkler(levels),
): number {
  let jw = -1;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    switch (level.type) {
      case 'exact':
        if (meets(names.hangul[a], names.hangul[b]) || meets(names.literal[a], names.literal[b]))
          return i;
        break;
      case 'variant':
        // Romanisations meet through the skeleton; two names both known in Hangul that differ
        // (순옥, 선옥: one skeleton) are two names, not two spellings of one.
        if (
          ((names.hangul[a].length === 0 || names.hangul[b].length === 0) &&
            meets(names.anySkeleton[a], names.anySkeleton[b])) ||
          meets(names.anyHangul[a], names.anyHangul[b])
        ) {
          return i;
        }
        break;
      case 'swapped':
        if (
          meets(names.swapped[a], names.skeleton[b]) ||
          meets(names.skeleton[a], names.swapped[b])
        )
          return i;
        break;
      case 'one_edit':
        if (
          spelledWithinOneEdit(names.literalText[a], names.literalText[b], 3) ||
          spelledWithinOneEdit(names.jamoText[a], names.jamoText[b], 3) ||
          spelledWithinOneEdit(names.skeletonText[a], names.skeletonText[b], 5)
        ) {
          return i;
        }
        break;
      case 'jaro_winkler':
        if (jw < 0) {
          // Only the weakest threshold matters for ruling a pair out.
          jw = Math.max(
            bestJaroWinkler(names.skeletonText[a], names.skeletonText[b], floor),
            bestJaroWinkler(names.literalText[a], names.literalText[b], floor),
            bestJaroWinkler(names.jamoText[a], names.jamoText[b], floor),
          );
        }
        if (jw >= level.min) return i;
        break;
    }
  }
  return levels.length;
}

function lowestJaroWinkler(levels: readonly NameLevel[]): number {
  let lowest = 1;
  for (const l of levels) if (l.type === 'jaro_winkler' && l.min < lowest) lowest = l.min;
  return lowest;
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

function maxOf(values: Int32Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/** A comparator whose fill loops over its own level function. */
function withFill(c: Omit<Comparator, 'fill'> & Partial<Pick<Comparator, 'fill'>>): Comparator {
  if (c.fill) return c as Comparator;
  const level = c.level;
  return {
    ...c,
    fill(left, right, start, end, out) {
      for (let p = start; p < end; p++) out[p - start] = level(left[p], right[p]);
    },
  };
}

export function makeComparator(spec: ComparisonSpec, features: Features): Comparator {
  return withFill(makeLevelComparator(spec, features));
}

function makeLevelComparator(
  spec: ComparisonSpec,
  features: Features,
): Omit<Comparator, 'fill'> & Partial<Pick<Comparator, 'fill'>> {
  const levelCount = spec.levels.length + 1;
  switch (spec.kind) {
    case 'name': {
      const f = spec.part === 'family' ? features.family() : features.given();
      const { start, valueIds, keys, primary } = f;
      const levels = spec.levels;
      const cache = new PairCache(spec.part === 'given' ? 22 : 18);
      const compiled = new CompiledNames(keys);
      const floor = lowestJaroWinkler(levels);
      const compute = (x: number, y: number) => compiledNameLevel(levels, compiled, x, y, floor);
      const same = keys.length > 1 ? nameLevel(levels, keys[1], keys[1]) : 0;
      const freq = features.frequencies(primary, f.primaryValues.length);
      const tfLevels = new Set<number>();
      levels.forEach((l, i) => {
        if (spec.tf && (l.type === 'exact' || l.type === 'variant')) tfLevels.add(i);
      });
      // The best level over the records' values (name and aliases); lower index is better.
      const level = (a: number, b: number): number => {
        const fa = start[a];
        const ta = start[a + 1];
        const fb = start[b];
        const tb = start[b + 1];
        if (fa === ta || fb === tb) return -1;
        let best = levels.length;
        for (let x = fa; x < ta; x++) {
          const va = valueIds[x];
          for (let y = fb; y < tb; y++) {
            const vb = valueIds[y];
            const l = va === vb ? same : cache.get(va, vb, compute);
            if (l < best) {
              best = l;
              if (best === 0) return 0;
            }
          }
        }
        return best;
      };
      return {
        spec,
        levelCount,
        feature: spec.part,
        tfLevels,
        tfFrequency: (r) => freq[primary[r]],
        level,
        fill(left, right, from, to, out) {
          for (let p = from; p < to; p++) out[p - from] = level(left[p], right[p]);
        },
      };
    }
    case 'alias': {
      const { start, codes, distinct } = features.aliases();
      const counts = new Float64Array(distinct);
      for (const c of codes) counts[c]++;
      const records = features.table.size;
      // A record's aliases are as common as its most common one (a Chinese name from a pool).
      const freq = new Float64Array(records);
      for (let i = 0; i < records; i++) {
        for (let k = start[i]; k < start[i + 1]; k++)
          freq[i] = Math.max(freq[i], counts[codes[k]] / records);
      }
      return {
        spec,
        levelCount,
        feature: 'alias',
        tfLevels: spec.tf ? new Set([0]) : NO_TF,
        tfFrequency: (r) => freq[r],
        level(a, b) {
          const fa = start[a];
          const ta = start[a + 1];
          const fb = start[b];
          const tb = start[b + 1];
          if (fa === ta || fb === tb) return -1;
          for (let x = fa; x < ta; x++)
            for (let y = fb; y < tb; y++) if (codes[x] === codes[y]) return 0;
          return spec.levels.length;
        },
      };
    }
    case 'date': {
      const { year, date, dates, monthDay } = features.birth();
      const levels = spec.levels;
      // Term frequencies of the birth year, for the same-year level: some years are common.
      const yearFreq = spec.tf ? features.frequencies(year, maxOf(year) + 1) : undefined;
      return {
        spec,
        levelCount,
        feature: 'birth',
        tfLevels: yearFreq
          ? new Set(
              levels.flatMap((l, i) => (l.type === 'year_within' && l.years === 0 ? [i] : [])),
            )
          : NO_TF,
        tfFrequency: (r) => (yearFreq ? yearFreq[year[r]] : 0),
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
              case 'day_month':
                if (
                  da !== 0 &&
                  db !== 0 &&
                  monthDay[a] === monthDay[b] &&
                  Math.abs(ya - yb) <= level.years
                )
                  return i;
                break;
              case 'dates_differ':
                if (
                  da !== 0 &&
                  db !== 0 &&
                  (level.years === undefined || Math.abs(ya - yb) <= level.years)
                )
                  return i;
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
        kinds.code(spec.column === 'id_number' ? identifierKind(v) : spec.column),
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
      const nestedCache = new PairCache(16);
      const unresolved = Uint8Array.from(places, (p) => (p.startsWith(UNRESOLVED_PREFIX) ? 1 : 0));
      const freq = features.frequencies(place, places.length);
      // Gazetteer ids are paths (cn-jl-yanbian-yanji): one place is inside another when its id
      // continues the other's.
      const inside = (x: number, y: number) => {
        if (unresolved[x] || unresolved[y]) return 0;
        const px = places[x];
        const py = places[y];
        return py.startsWith(`${px}-`) || px.startsWith(`${py}-`) ? 1 : 0;
      };
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
              case 'nested':
                if (qa !== 0 && qa === qb && (pa === 0 || pb === 0)) return i;
                if (pa !== 0 && pb !== 0 && pa !== pb && nestedCache.get(pa, pb, inside) === 1)
                  return i;
                break;
              case 'same_province':
                if (qa !== 0 && qa === qb) return i;
                break;
              case 'jaro_winkler':
                if (
                  pa !== 0 &&
                  pb !== 0 &&
                  cache.get(pa, pb, (x, y) => jaroWinkler(places[x], places[y])) >= level.min
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
    case 'source': {
      const sourceOf = features.table.sourceOf;
      const other = spec.levels.length;
      return {
        spec,
        levelCount,
        feature: 'source',
        tfLevels: NO_TF,
        tfFrequency: () => 0,
        level: (a, b) => (other > 0 && sourceOf[a] === sourceOf[b] ? 0 : other),
      };
    }
    case 'year': {
      const years = features.year(spec.column);
      const levels = spec.levels;
      const yearFreq = spec.tf ? features.frequencies(years, maxOf(years) + 1) : undefined;
      return {
        spec,
        levelCount,
        feature: spec.column,
        tfLevels: yearFreq ? new Set(levels.flatMap((l, i) => (l.years === 0 ? [i] : []))) : NO_TF,
        tfFrequency: (r) => (yearFreq ? yearFreq[years[r]] : 0),
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
              if (jw < 0) jw = cache.get(ca, cb, (x, y) => jaroWinkler(values[x], values[y]));
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

/** Dense ids for comparison patterns: an open-addressing table of typed arrays. */
export class PatternIndex {
  private keys = new Uint32Array(1 << 12);
  private values = new Int32Array(1 << 12).fill(-1);
  private readonly patterns: number[] = [];

  get size(): number {
    return this.patterns.length;
  }

  pattern(id: number): number {
    return this.patterns[id];
  }

  id(pattern: number): number {
    const mask = this.keys.length - 1;
    let slot = (Math.imul(pattern, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const v = this.values[slot];
      if (v < 0) break;
      if (this.keys[slot] === pattern) return v;
      slot = (slot + 1) & mask;
    }
    const id = this.patterns.length;
    this.patterns.push(pattern);
    this.keys[slot] = pattern;
    this.values[slot] = id;
    if (this.patterns.length * 2 > this.keys.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.keys.length * 2;
    this.keys = new Uint32Array(size);
    this.values = new Int32Array(size).fill(-1);
    const mask = size - 1;
    this.patterns.forEach((pattern, id) => {
      let slot = (Math.imul(pattern, 0x9e3779b1) >>> 0) & mask;
      while (this.values[slot] >= 0) slot = (slot + 1) & mask;
      this.keys[slot] = pattern;
      this.values[slot] = id;
    });
  }
}

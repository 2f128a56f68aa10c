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
  /** Slots of three numbers: smaller code, larger code, value (one cache line, mostly). */
  private readonly slots: Float64Array;
  private readonly mask: number;

  constructor(private readonly bits = 20) {
    const size = 1 << bits;
    this.slots = new Float64Array(size * 3);
    this.mask = size - 1;
  }

  get(x: number, y: number, compute: (a: number, b: number) => number): number {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const slots = this.slots;
    const home = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> (32 - this.bits);
    let free = -1;
    for (let probe = 0; probe < 8; probe++) {
      const at = ((home + probe) & this.mask) * 3;
      const ka = slots[at];
      if (ka === 0) {
        free = at;
        break;
      }
      if (ka === a && slots[at + 1] === b) return slots[at + 2];
    }
    const value = compute(a, b);
    const at = free >= 0 ? free : home * 3;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = value;
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

/** Lists of codes per value, flat: value v's codes are ids[start[v]..start[v+1]). */
class CodeLists {
  readonly start: Int32Array;
  readonly ids: Int32Array;
  constructor(lists: readonly (readonly number[])[]) {
    this.start = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((l, v) => {
      total += l.length;
      this.start[v + 1] = total;
    });
    this.ids = new Int32Array(total);
    let at = 0;
    for (const l of lists) for (const id of l) this.ids[at++] = id;
  }
}

/** Whether value a's codes in x and value b's codes in y have one in common. */
function meets(x: CodeLists, a: number, y: CodeLists, b: number): boolean {
  const xs = x.ids;
  const ys = y.ids;
  const ya = y.start[b];
  const yb = y.start[b + 1];
  for (let i = x.start[a], end = x.start[a + 1]; i < end; i++) {
    const v = xs[i];
    for (let j = ya; j < yb; j++) if (ys[j] === v) return true;
  }
  return false;
}

/** Name keys with every key string replaced by an integer code, for fast intersections. */
export class CompiledNames {
  readonly hangul: CodeLists;
  readonly literal: CodeLists;
  readonly skeleton: CodeLists;
  readonly swapped: CodeLists;
  readonly jamo: CodeLists;
  /** Hangul forms known or guessed, and skeletons of both: agreement on either is a variant. */
  readonly anyHangul: CodeLists;
  readonly anySkeleton: CodeLists;
  /** 1 when the value has a Hangul form known for sure. */
  readonly hasHangul: Uint8Array;
  readonly skeletonText: Spelled[][] = [];
  readonly literalText: Spelled[][] = [];
  readonly jamoText: Spelled[][] = [];
  /** The distinct strings of each kind by code, and Jaro-Winkler cached per pair of them. */
  private readonly skeletonSpelled: Spelled[];
  private readonly literalSpelled: Spelled[];
  private readonly jamoSpelled: Spelled[];
  private readonly skeletonJw = new PairCache(20);
  private readonly literalJw = new PairCache(18);
  private readonly jamoJw = new PairCache(20);

  constructor(readonly keys: readonly NamePartKeys[]) {
    const hangul = new Interner();
    const skeleton = new Interner();
    const literal = new Interner();
    const jamo = new Interner();
    const codes = (list: readonly string[], interner: Interner) =>
      list.map((v) => interner.code(v));
    const lists = (f: (k: NamePartKeys) => number[]) => new CodeLists(keys.map(f));
    this.hangul = lists((k) => codes(k.hangul, hangul));
    this.literal = lists((k) => codes(k.literal, literal));
    this.skeleton = lists((k) => codes(k.skeleton, skeleton));
    this.swapped = lists((k) => codes(k.swapped, skeleton));
    this.jamo = lists((k) => codes(k.jamo, jamo));
    this.anyHangul = lists((k) => codes([...k.hangul, ...k.guessHangul], hangul));
    this.anySkeleton = lists((k) => codes([...k.skeleton, ...k.guessSkeleton], skeleton));
    this.hasHangul = Uint8Array.from(keys, (k) => (k.hangul.length > 0 ? 1 : 0));
    for (const k of keys) {
      this.skeletonText.push(k.skeleton.map(spelled));
      this.literalText.push(k.literal.map(spelled));
      this.jamoText.push(k.jamo.map(spelled));
    }
    this.skeletonSpelled = skeleton.values.map(spelled);
    this.literalSpelled = literal.values.map(spelled);
    this.jamoSpelled = jamo.values.map(spelled);
  }

  /**
   * The highest Jaro-Winkler between values a and b over their skeletons, letters and jamo,
   * or a value below `floor` when none reaches it. Many values share a string (영희, Younghee
   * and 英姬 share the skeleton YOGHI), so it is computed once per pair of strings.
   */
  bestJaroWinkler(a: number, b: number, floor: number): number {
    return Math.max(
      bestCached(
        this.skeleton,
        a,
        b,
        this.skeletonSpelled,
        floor,
        this.skeletonJw,
        this.skeletonCompute,
      ),
      bestCached(
        this.literal,
        a,
        b,
        this.literalSpelled,
        floor,
        this.literalJw,
        this.literalCompute,
      ),
      bestCached(this.jamo, a, b, this.jamoSpelled, floor, this.jamoJw, this.jamoCompute),
    );
  }

  // One function per kind, made once: a closure made per call costs more than the lookup.
  private readonly skeletonCompute = (p: number, q: number) =>
    this.jaroWinklerOf(this.skeletonSpelled, p, q);
  private readonly literalCompute = (p: number, q: number) =>
    this.jaroWinklerOf(this.literalSpelled, p, q);
  private readonly jamoCompute = (p: number, q: number) =>
    this.jaroWinklerOf(this.jamoSpelled, p, q);

  /** Jaro-Winkler of two strings by their codes. */
  private jaroWinklerOf(spelledOf: readonly Spelled[], p: number, q: number): number {
    const sp = spelledOf[p];
    const sq = spelledOf[q];
    return jaroWinkler(sp.text, sq.text);
  }
}

function bestCached(
  lists: CodeLists,
  a: number,
  b: number,
  spelledOf: readonly Spelled[],
  floor: number,
  cache: PairCache,
  compute: (p: number, q: number) => number,
): number {
  let best = 0;
  const ids = lists.ids;
  for (let i = lists.start[a], ei = lists.start[a + 1]; i < ei; i++) {
    for (let j = lists.start[b], ej = lists.start[b + 1]; j < ej; j++) {
      const x = ids[i];
      const y = ids[j];
      // Most pairs are ruled out by the bound, which needs no memory beyond the two strings.
      if (x !== y && jaroWinklerBound(spelledOf[x], spelledOf[y]) < floor) continue;
      const jw = x === y ? 1 : cache.get(x, y, compute);
      if (jw > best) best = jw;
    }
  }
  return best;
}

const EXACT = 0;
const VARIANT = 1;
const SWAPPED = 2;
const ONE_EDIT = 3;
const JARO_WINKLER = 4;
const LEVEL_CODES: Record<NameLevel['type'], number> = {
  exact: EXACT,
  variant: VARIANT,
  swapped: SWAPPED,
  one_edit: ONE_EDIT,
  jaro_winkler: JARO_WINKLER,
};

/** nameLevel on compiled keys: integer intersections first, strings only for fuzzy levels. */
export function compiledNameLevel(
  levels: readonly NameLevel[],
  names: CompiledNames,
  a: number,
  b: number,
  floor = lowestJaroWinkler(levels),
): number {
  return compiledLevel(levelPlan(levels), names, a, b, floor);
}

/** The levels as small integers (type, threshold), for the comparison loop. */
export interface LevelPlan {
  types: Int8Array;
  min: Float64Array;
}

export function levelPlan(levels: readonly NameLevel[]): LevelPlan {
  return {
    types: Int8Array.from(levels, (l) => LEVEL_CODES[l.type]),
    min: Float64Array.from(levels, (l) => (l.type === 'jaro_winkler' ? l.min : 0)),
  };
}

export function compiledLevel(
  plan: LevelPlan,
  names: CompiledNames,
  a: number,
  b: number,
  floor: number,
): number {
  const types = plan.types;
  let jw = -1;
  for (let i = 0; i < types.length; i++) {
    switch (types[i]) {
      case EXACT:
        if (meets(names.hangul, a, names.hangul, b) || meets(names.literal, a, names.literal, b))
          return i;
        break;
      case VARIANT:
        // Romanisations meet through the skeleton; two names both known in Hangul that differ
        // (순옥, 선옥: one skeleton) are two names, not two spellings of one.
        if (
          ((names.hasHangul[a] === 0 || names.hasHangul[b] === 0) &&
            meets(names.anySkeleton, a, names.anySkeleton, b)) ||
          meets(names.anyHangul, a, names.anyHangul, b)
        ) {
          return i;
        }
        break;
      case SWAPPED:
        if (
          meets(names.swapped, a, names.skeleton, b) ||
          meets(names.skeleton, a, names.swapped, b)
        )
          return i;
        break;
      case ONE_EDIT:
        if (
          spelledWithinOneEdit(names.literalText[a], names.literalText[b], 3) ||
          spelledWithinOneEdit(names.jamoText[a], names.jamoText[b], 3) ||
          spelledWithinOneEdit(names.skeletonText[a], names.skeletonText[b], 5)
        ) {
          return i;
        }
        break;
      case JARO_WINKLER:
        // Only the weakest threshold matters for ruling a pair out.
        if (jw < 0) jw = names.bestJaroWinkler(a, b, floor);
        if (jw >= plan.min[i]) return i;
        break;
    }
  }
  return types.length;
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
          ((x.hangul.length === 0 || y.hangul.length === 0) &&
            intersects(x.skeleton, y.skeleton)) ||
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
      const plan = levelPlan(levels);
      const compute = (x: number, y: number) => compiledLevel(plan, compiled, x, y, floor);
      const same = keys.length > 1 ? nameLevel(levels, keys[1], keys[1]) : 0;
      const freq = features.frequencies(primary, f.primaryValues.length);
      const tfLevels = new Set<number>();
      levels.forEach((l, i) => {
        if (spec.tf && (l.type === 'exact' || l.type === 'variant')) tfLevels.add(i);
      });
      // Pairs come sorted by their first record, and records sorted by name: the levels of one
      // value against the others it meets are kept in a row of small integers, in front of the
      // cache of all pairs of values.
      const row = new Int8Array(keys.length).fill(-2);
      const touched = new Int32Array(keys.length);
      let touchedCount = 0;
      let rowValue = -1;
      const lookup = (va: number, vb: number): number => {
        if (va === vb) return same;
        if (va !== rowValue) {
          for (let t = 0; t < touchedCount; t++) row[touched[t]] = -2;
          touchedCount = 0;
          rowValue = va;
        }
        let l = row[vb];
        if (l === -2) {
          l = cache.get(va, vb, compute);
          row[vb] = l;
          touched[touchedCount++] = vb;
        }
        return l;
      };
      // The best level over the records' values (name and aliases); lower index is better.
      const level = (a: number, b: number): number => {
        const fa = start[a];
        const ta = start[a + 1];
        const fb = start[b];
        const tb = start[b + 1];
        if (fa === ta || fb === tb) return -1;
        if (ta - fa === 1 && tb - fb === 1) return lookup(valueIds[fa], valueIds[fb]);
        let best = levels.length;
        for (let x = fa; x < ta; x++) {
          const va = valueIds[x];
          for (let y = fb; y < tb; y++) {
            const vb = valueIds[y];
            const l = lookup(va, vb);
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

/**
 * Blocking: which pairs get compared at all. Each rule groups records that share all its keys,
 * a record joining one block per form of its names (김 and its alias 朴; 영희 and 희영); the rules
 * are OR-ed and a pair several rules find is kept once. A block larger than the rule's
 * maxBlockSize (everyone called 김 born in 1990) is not compared all-pairs: its records are sorted
 * by name and each is compared with its `window` neighbours, so the work stays linear in the
 * number of records however skewed the keys are. Blocks are found by sorting typed arrays of
 * (block hash, record), never by objects per record.
 */
import { Features } from './features';
import type { BlockingRule } from './settings';

export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
}

/** Growable pair buffer (two Int32Arrays) so that no pair is ever an object. */
export class PairBuffer {
  left: Int32Array;
  right: Int32Array;
  count = 0;
  constructor(capacity = 1 << 16) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
  }
  push(a: number, b: number): void {
    if (this.count === this.left.length) {
      const grow = (old: Int32Array) => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
    }
    this.left[this.count] = a;
    this.right[this.count] = b;
    this.count++;
  }
  toPairs(): CandidatePairs {
    return {
      left: this.left.subarray(0, this.count),
      right: this.right.subarray(0, this.count),
      count: this.count,
    };
  }
}

/** Records are numbered below this: a (hash, record) pair is packed as hash * INDEX_BITS + record. */
export const INDEX_BITS = 2 ** 22;

/** A 31-bit hash of a block's key codes (distinct keys colliding only merges two blocks). */
export function hashCodes(codes: ArrayLike<number>, count: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < count; k++) {
    h = Math.imul(h ^ codes[k], 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
  }
  h ^= h >>> 16;
  // 0 is kept for "no block".
  return h >>> 1 || 1;
}

export interface BlockingStats {
  rule: string;
  /** Block memberships (a record with several name forms is in several blocks). */
  entries: number;
  blocks: number;
  cappedBlocks: number;
  largestBlock: number;
  /** Pairs the rule emitted, before pairs found by several rules were merged. */
  pairs: number;
}

/** At most this many blocks per record and rule (the product of its keys' values). */
const MAX_BLOCKS_PER_RECORD = 16;

export class Blocker {
  readonly stats: BlockingStats[] = [];

  constructor(
    private readonly features: Features,
    private readonly rules: readonly BlockingRule[],
    private readonly linkOnly: boolean,
  ) {
    if (features.table.size >= INDEX_BITS) {
      throw new Error(`linkage handles at most ${INDEX_BITS - 1} records in one run`);
    }
  }

  /**
   * The rule's blocks as sorted entries block * 2^22 + rank, where rank is the record's place in
   * the rule's profile order (see profileRank): sorting the entries groups each block and puts
   * its records in the order its window walks. A record is in one block per combination of its
   * keys' values: every form of its names (김 and its alias 朴, 영희 and 희영).
   */
  private entries(rule: BlockingRule, rank: Int32Array): Float64Array {
    const n = this.features.table.size;
    const keys = rule.keys.map((k) => this.features.blockKeyValues(k));
    const k = keys.length;
    let out = new Float64Array(Math.max(1024, n));
    let count = 0;
    const lists: Array<ArrayLike<number>> = new Array(k);
    const at = new Int32Array(k);
    const combo = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      let empty = false;
      for (let j = 0; j < k; j++) {
        const l = keys[j].of(i);
        if (l.length === 0) {
          empty = true;
          break;
        }
        lists[j] = l;
        at[j] = 0;
      }
      if (empty) continue;
      // Odometer over the product of the value lists.
      for (let emitted = 0; emitted < MAX_BLOCKS_PER_RECORD; emitted++) {
        for (let j = 0; j < k; j++) combo[j] = lists[j][at[j]];
        if (count === out.length) {
          const grown = new Float64Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[count++] = hashCodes(combo, k) * INDEX_BITS + rank[i];
        let j = k - 1;
        while (j >= 0 && ++at[j] === lists[j].length) at[j--] = 0;
        if (j < 0) break;
      }
    }
    const entries = out.subarray(0, count);
    entries.sort();
    return entries;
  }

  /**
   * Each record's place in the order a window walks an over-sized block: by the names the rule
   * does not fix, then birth year, home, place in China and event year, packed into one number
   * of 31 bits (later keys lose their low bits when the earlier ones fill it), ties by record.
   */
  private profileRank(rule: BlockingRule): Int32Array {
    const n = this.features.table.size;
    const family = this.features.family();
    const given = this.features.given();
    const fixed = new Set(rule.keys.map((k) => Features.blockKeyFeature(k)));
    const parts: Array<{ codes: ArrayLike<number>; of: (code: number) => number; max: number }> =
      [];
    const byText = (values: string[], codes: Int32Array) => {
      const order = values
        .map((_, i) => i)
        .sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
      const r = new Int32Array(values.length);
      order.forEach((code, position) => (r[code] = position));
      parts.push({ codes, of: (c) => r[c], max: values.length });
    };
    const numeric = (codes: Int32Array) => {
      let max = 0;
      for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
      parts.push({ codes, of: (c) => c, max: max + 1 });
    };
    if (!fixed.has('given')) byText(given.primaryValues, given.primary);
    if (!fixed.has('family')) byText(family.primaryValues, family.primary);
    if (!fixed.has('birth')) numeric(this.features.birth().year);
    if (!fixed.has('home')) numeric(this.features.place('home').place);
    if (!fixed.has('place_in_china')) numeric(this.features.place('place_in_china').place);
    if (!fixed.has('event_year')) numeric(this.features.year('event_year'));
    const key = new Float64Array(n);
    let free = 31;
    for (const part of parts) {
      if (free <= 0) break;
      const bits = Math.max(1, Math.ceil(Math.log2(part.max + 1)));
      const take = Math.min(bits, free);
      const shift = 2 ** (bits - take);
      const scale = 2 ** take;
      for (let i = 0; i < n; i++)
        key[i] = key[i] * scale + Math.floor(part.of(part.codes[i]) / shift);
      free -= take;
    }
    for (let i = 0; i < n; i++) key[i] = key[i] * 2 ** free * INDEX_BITS + i;
    key.sort();
    const rank = new Int32Array(n);
    for (let position = 0; position < n; position++) rank[key[position] % INDEX_BITS] = position;
    return rank;
  }

  /** Every candidate pair once, (smaller index, larger index), in increasing order. */
  candidates(onBlockRule?: (rule: number, of: number) => void): CandidatePairs {
    const out = new PairBuffer();
    const sourceOf = this.features.table.sourceOf;
    const linkOnly = this.linkOnly;
    const emit = (a: number, b: number) => {
      if (a === b || (linkOnly && sourceOf[a] === sourceOf[b])) return;
      if (a < b) out.push(a, b);
      else out.push(b, a);
    };
    this.rules.forEach((rule, r) => {
      onBlockRule?.(r, this.rules.length);
      const before = out.count;
      const rank = this.profileRank(rule);
      const recordAt = new Int32Array(rank.length);
      for (let i = 0; i < rank.length; i++) recordAt[rank[i]] = i;
      const entries = this.entries(rule, rank);
      let blocks = 0;
      let capped = 0;
      let largest = 0;
      for (let x = 0; x < entries.length;) {
        const start = x;
        const block = Math.floor(entries[x] / INDEX_BITS);
        while (x < entries.length && Math.floor(entries[x] / INDEX_BITS) === block) x++;
        const size = x - start;
        blocks++;
        if (size > largest) largest = size;
        if (size < 2) continue;
        // In profile order already (see entries); a window when the block is over-sized.
        let span = size;
        if (size > rule.maxBlockSize) {
          capped++;
          span = rule.window;
        }
        for (let i = start; i < x; i++) {
          const a = recordAt[entries[i] % INDEX_BITS];
          const last = Math.min(x, i + span);
          for (let j = i + 1; j < last; j++) emit(a, recordAt[entries[j] % INDEX_BITS]);
        }
      }
      this.stats.push({
        rule: rule.name,
        entries: entries.length,
        blocks,
        cappedBlocks: capped,
        largestBlock: largest,
        pairs: out.count - before,
      });
    });
    return dedupe(out);
  }
}

/**
 * Sorts pairs and drops repeats (a pair several rules found): a radix sort on (left, right),
 * 11 bits a pass, linear in the number of pairs however many rules found them.
 */
function dedupe(buffer: PairBuffer): CandidatePairs {
  const count = buffer.count;
  let left: Int32Array = buffer.left.subarray(0, count);
  let right: Int32Array = buffer.right.subarray(0, count);
  let spareLeft: Int32Array = new Int32Array(count);
  let spareRight: Int32Array = new Int32Array(count);
  const counts = new Int32Array(2048);
  // Record indices are below 2^22 (see INDEX_BITS): two passes per side, right side first.
  for (const [side, shift] of [
    [1, 0],
    [1, 11],
    [0, 0],
    [0, 11],
  ] as const) {
    const keys = side === 1 ? right : left;
    counts.fill(0);
    for (let p = 0; p < count; p++) counts[(keys[p] >>> shift) & 2047]++;
    let total = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let p = 0; p < count; p++) {
      const at = counts[(keys[p] >>> shift) & 2047]++;
      spareLeft[at] = left[p];
      spareRight[at] = right[p];
    }
    [left, spareLeft] = [spareLeft, left];
    [right, spareRight] = [spareRight, right];
  }
  let kept = 0;
  for (let p = 0; p < count; p++) {
    if (p > 0 && left[p] === left[p - 1] && right[p] === right[p - 1]) continue;
    left[kept] = left[p];
    right[kept] = right[p];
    kept++;
  }
  return { left: left.slice(0, kept), right: right.slice(0, kept), count: kept };
}

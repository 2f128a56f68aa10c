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

const INDEX_BITS = 2 ** 22;

/** A 31-bit hash of a block's key codes (distinct keys colliding only merges two blocks). */
function hashCodes(codes: ArrayLike<number>, count: number): number {
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
   * The rule's blocks as sorted entries block * 2^22 + record. A record is in one block per
   * combination of its keys' values: every form of its names (김 and its alias 朴, 영희 and 희영).
   */
  private entries(rule: BlockingRule): Float64Array {
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
        out[count++] = hashCodes(combo, k) * INDEX_BITS + i;
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
   * Order inside an over-sized block, so that a window pairs records likely to match: by the
   * names the rule does not fix, then birth year, home, place in China and event year.
   */
  private profileOrder(rule: BlockingRule): Float64Array[] {
    const family = this.features.family();
    const given = this.features.given();
    const rank = (values: string[], codes: Int32Array) => {
      const sorted = values
        .map((v, i) => [v, i] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const r = new Float64Array(values.length);
      sorted.forEach(([, i], position) => (r[i] = position));
      return Float64Array.from(codes, (c) => r[c]);
    };
    const fixed = new Set(rule.keys.map((k) => Features.blockKeyFeature(k)));
    const order: Float64Array[] = [];
    if (!fixed.has('given')) order.push(rank(given.primaryValues, given.primary));
    if (!fixed.has('family')) order.push(rank(family.primaryValues, family.primary));
    const numeric = (codes: Int32Array) => Float64Array.from(codes);
    if (!fixed.has('birth')) order.push(numeric(this.features.birth().year));
    if (!fixed.has('home')) order.push(numeric(this.features.place('home').place));
    if (!fixed.has('place_in_china'))
      order.push(numeric(this.features.place('place_in_china').place));
    if (!fixed.has('event_year')) order.push(numeric(this.features.year('event_year')));
    return order;
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
      const entries = this.entries(rule);
      let order: Float64Array[] | undefined;
      let blocks = 0;
      let capped = 0;
      let largest = 0;
      for (let x = 0; x < entries.length;) {
        const start = x;
        const block = Math.floor(entries[x] / INDEX_BITS);
        while (x < entries.length && Math.floor(entries[x] / INDEX_BITS) === block) x++;
        const size = x - start;
        blocks++;
        largest = Math.max(largest, size);
        if (size < 2) continue;
        const members = new Int32Array(size);
        for (let k = 0; k < size; k++) members[k] = entries[start + k] % INDEX_BITS;
        let span = size;
        if (size > rule.maxBlockSize) {
          capped++;
          order ??= this.profileOrder(rule);
          const keys = order;
          members.sort((p, q) => {
            for (const key of keys) if (key[p] !== key[q]) return key[p] - key[q];
            return p - q;
          });
          span = rule.window;
        }
        for (let i = 0; i < size; i++) {
          const last = Math.min(size, i + span);
          for (let j = i + 1; j < last; j++) emit(members[i], members[j]);
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

/** Sorts pairs and drops repeats (a pair several rules found). */
function dedupe(buffer: PairBuffer): CandidatePairs {
  const keys = new Float64Array(buffer.count);
  for (let p = 0; p < buffer.count; p++) keys[p] = buffer.left[p] * INDEX_BITS + buffer.right[p];
  keys.sort();
  let count = 0;
  for (let p = 0; p < keys.length; p++)
    if (p === 0 || keys[p] !== keys[p - 1]) keys[count++] = keys[p];
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    left[p] = Math.floor(keys[p] / INDEX_BITS);
    right[p] = keys[p] % INDEX_BITS;
  }
  return { left, right, count };
}

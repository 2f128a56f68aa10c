/**
 * Blocking: which pairs get compared at all. Each rule groups records that share all its keys;
 * the rules are OR-ed, and a pair found by an earlier rule is not emitted again (checked by key
 * equality, not by a set of seen pairs, so it costs no memory). A block larger than the rule's
 * maxBlockSize (everyone called 김 born in 1990) is not compared all-pairs: its records are sorted
 * by name and each is compared with its `window` neighbours, so the work stays linear in the
 * number of records however skewed the keys are.
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

/** One rule, indexed: the block of each record and, in capped blocks, its rank in name order. */
interface RuleIndex {
  rule: BlockingRule;
  block: Int32Array;
  position: Int32Array;
  capped: Uint8Array;
  /** Records sorted by block, and where each block starts in that order. */
  order: Int32Array;
  starts: number[];
}

export interface BlockingStats {
  rule: string;
  blocks: number;
  cappedBlocks: number;
  largestBlock: number;
  pairs: number;
}

export class Blocker {
  readonly indexes: RuleIndex[];
  readonly stats: BlockingStats[] = [];

  constructor(
    private readonly features: Features,
    rules: readonly BlockingRule[],
    private readonly linkOnly: boolean,
  ) {
    if (features.table.size >= INDEX_BITS) {
      throw new Error(`linkage handles at most ${INDEX_BITS - 1} records in one run`);
    }
    this.indexes = rules.map((rule) => this.index(rule));
  }

  /** Combined block code of every record (0 when any key is missing). */
  private blockCodes(rule: BlockingRule): Int32Array {
    const n = this.features.table.size;
    const keyCodes = rule.keys.map((k) => this.features.blockKey(k));
    let combined = Int32Array.from(keyCodes[0]);
    for (let k = 1; k < keyCodes.length; k++) {
      const next = keyCodes[k];
      const ids = new Map<number, number>();
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const a = combined[i];
        const b = next[i];
        if (a === 0 || b === 0) continue;
        const key = a * 67108864 + b;
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size + 1;
          ids.set(key, id);
        }
        out[i] = id;
      }
      combined = out;
    }
    return combined;
  }

  /** Name order inside an over-sized block: by the names the rule does not fix. */
  private nameRank(rule: BlockingRule): Float64Array {
    const family = this.features.family();
    const given = this.features.given();
    const rank = (values: string[]) => {
      const sorted = values
        .map((v, i) => [v, i] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const r = new Float64Array(values.length);
      sorted.forEach(([, i], position) => (r[i] = position));
      return r;
    };
    const familyRank = rank(family.primaryValues);
    const givenRank = rank(given.primaryValues);
    const nf = family.primaryValues.length;
    const ng = given.primaryValues.length;
    const byGivenFirst = !rule.keys.includes('given') && !rule.keys.includes('given_initial');
    const out = new Float64Array(this.features.table.size);
    for (let i = 0; i < out.length; i++) {
      const f = familyRank[family.primary[i]];
      const g = givenRank[given.primary[i]];
      out[i] = byGivenFirst ? g * nf + f : f * ng + g;
    }
    return out;
  }

  private index(rule: BlockingRule): RuleIndex {
    const n = this.features.table.size;
    const block = this.blockCodes(rule);
    const position = new Int32Array(n);
    const capped = new Uint8Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) if (block[i] !== 0) m++;
    const keys = new Float64Array(m);
    m = 0;
    for (let i = 0; i < n; i++) if (block[i] !== 0) keys[m++] = block[i] * INDEX_BITS + i;
    keys.sort();
    const order = new Int32Array(m);
    for (let x = 0; x < m; x++) order[x] = keys[x] % INDEX_BITS;
    const starts: number[] = [];
    let rank: Float64Array | undefined;
    let cappedBlocks = 0;
    let largest = 0;
    for (let x = 0; x < m;) {
      const start = x;
      const code = block[order[x]];
      while (x < m && block[order[x]] === code) x++;
      starts.push(start);
      const size = x - start;
      largest = Math.max(largest, size);
      if (size > rule.maxBlockSize) {
        cappedBlocks++;
        rank ??= this.nameRank(rule);
        const r = rank;
        const members = Array.from(order.subarray(start, x)).sort((a, b) => r[a] - r[b] || a - b);
        members.forEach((record, k) => {
          order[start + k] = record;
          position[record] = k;
          capped[record] = 1;
        });
      } else {
        for (let k = start; k < x; k++) position[order[k]] = k - start;
      }
    }
    starts.push(m);
    this.stats.push({
      rule: rule.name,
      blocks: starts.length - 1,
      cappedBlocks,
      largestBlock: largest,
      pairs: 0,
    });
    return { rule, block, position, capped, order, starts };
  }

  /** Whether rule r compares records a and b. */
  generates(r: number, a: number, b: number): boolean {
    const ix = this.indexes[r];
    const ba = ix.block[a];
    if (ba === 0 || ba !== ix.block[b]) return false;
    if (ix.capped[a] === 0) return true;
    return Math.abs(ix.position[a] - ix.position[b]) < ix.rule.window;
  }

  /** Every candidate pair once, (smaller index, larger index). */
  candidates(onBlockRule?: (rule: number, of: number) => void): CandidatePairs {
    const out = new PairBuffer();
    const sourceOf = this.features.table.sourceOf;
    const linkOnly = this.linkOnly;
    for (let r = 0; r < this.indexes.length; r++) {
      onBlockRule?.(r, this.indexes.length);
      const ix = this.indexes[r];
      const before = out.count;
      const emit = (a: number, b: number) => {
        if (linkOnly && sourceOf[a] === sourceOf[b]) return;
        for (let j = 0; j < r; j++) if (this.generates(j, a, b)) return;
        if (a < b) out.push(a, b);
        else out.push(b, a);
      };
      for (let s = 0; s + 1 < ix.starts.length; s++) {
        const start = ix.starts[s];
        const end = ix.starts[s + 1];
        const size = end - start;
        if (size < 2) continue;
        const span = size > ix.rule.maxBlockSize ? ix.rule.window : size;
        for (let x = start; x < end; x++) {
          const a = ix.order[x];
          const last = Math.min(end, x + span);
          for (let y = x + 1; y < last; y++) emit(a, ix.order[y]);
        }
      }
      this.stats[r].pairs = out.count - before;
    }
    return out.toPairs();
  }
}

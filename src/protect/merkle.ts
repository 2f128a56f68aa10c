/**
 * Merkle tree hashing as RFC 6962 section 2.1 defines it (and RFC 9162 keeps): leaves hashed as
 * SHA-256(0x00 || entry), interior nodes as SHA-256(0x01 || left || right), a tree of n leaves
 * split at the largest power of two below n. Inclusion and consistency proofs are generated from
 * the recursive definitions (PATH, PROOF/SUBPROOF) and verified with RFC 9162's iterative
 * algorithms (2.1.3.2, 2.1.4.2), so a verifier needs nothing but hashes.
 */
import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = createHash('sha256').digest();

/** Leaf hashes by index: a plain array, or a view over one large buffer. */
export interface LeafHashes {
  readonly size: number;
  at(index: number): Buffer;
}

export function leafHashesOf(hashes: Buffer[]): LeafHashes {
  return { size: hashes.length, at: (i) => hashes[i] };
}

/** Largest power of two strictly below n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]). */
export function treeHash(leaves: LeafHashes, lo = 0, hi = leaves.size): Buffer {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves.at(lo);
  const k = split(n);
  return nodeHash(treeHash(leaves, lo, lo + k), treeHash(leaves, lo + k, hi));
}

/**
 * The right edge of a growing tree: the roots of its perfect subtrees, largest first. Appending
 * a leaf and computing the root are O(log n), so a log of millions of entries is verified in one
 * pass without holding its leaves.
 */
export class MerkleFrontier {
  private stack: Buffer[] = [];
  private count = 0;

  /** Rebuilds a frontier from its saved state (see `save`). */
  static restore(size: number, saved: Uint8Array): MerkleFrontier {
    const f = new MerkleFrontier();
    let bits = 0;
    for (let n = size; n > 0; n = Math.floor(n / 2)) bits += n & 1;
    if (saved.length !== bits * HASH_BYTES) {
      throw new RangeError(
        `a frontier of ${size} leaves has ${bits} hashes, not ${saved.length / HASH_BYTES}`,
      );
    }
    const buf = Buffer.from(saved);
    for (let i = 0; i < bits; i++) f.stack.push(buf.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES));
    f.count = size;
    return f;
  }

  /** The subtree roots, concatenated, largest first. */
  save(): Buffer {
    return Buffer.concat(this.stack);
  }

  get size(): number {
    return this.count;
  }

  push(leaf: Buffer): void {
    this.stack.push(leaf);
    // Merge while the two rightmost subtrees have equal size: one merge per trailing 1-bit.
    for (let n = this.count; n & 1; n >>= 1) {
      const right = this.stack.pop()!;
      const left = this.stack.pop()!;
      this.stack.push(nodeHash(left, right));
    }
    this.count++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let acc = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i], acc);
    return acc;
  }
}

/** PATH(m, D[n]): the audit path of leaf m in the tree of the first n leaves. */
export function inclusionProof(leaves: LeafHashes, index: number, size = leaves.size): Buffer[] {
  if (index < 0 || index >= size || size > leaves.size) {
    throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  }
  const path: Buffer[] = [];
  const walk = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, lo, lo + k);
      path.push(treeHash(leaves, lo + k, hi));
    } else {
      walk(m - k, lo + k, hi);
      path.push(treeHash(leaves, lo, lo + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]): proves the tree of the first m leaves is a prefix of the tree of n. */
export function consistencyProof(
  leaves: LeafHashes,
  first: number,
  second = leaves.size,
): Buffer[] {
  if (first < 0 || first > second || second > leaves.size) {
    throw new RangeError(`no consistency proof from ${first} to ${second}`);
  }
  if (first === 0 || first === second) return [];
  const proof: Buffer[] = [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!whole) proof.push(treeHash(leaves, lo, hi));
      return;
    }
    const k = split(n);
    if (m <= k) {
      sub(m, lo, lo + k, whole);
      proof.push(treeHash(leaves, lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      proof.push(treeHash(leaves, lo, lo + k));
    }
  };
  sub(first, 0, second, true);
  return proof;
}

const lsb = (x: number) => (x & 1) === 1;

/** RFC 9162 2.1.3.2: does `proof` show `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

const isPowerOfTwo = (x: number) => x > 0 && (x & (x - 1)) === 0;

/** RFC 9162 2.1.4.2: is the tree (first, firstRoot) a prefix of (second, secondRoot)? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: Uint8Array[],
): boolean {
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && same(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && same(fr, firstRoot) && same(sr, secondRoot);
}

/**
 * Clustering: records joined by links at or above the threshold form clusters (connected
 * components), with human decisions forcing links (same) or forbidding them (not_same).
 *
 * Connected components chain: A~B and B~C put A and C together even when A and C plainly differ.
 * The guard looks inside every cluster of three or more: when two of its records score far below
 * the threshold (chainGuardBits), or a reviewer said they are not the same person, the cluster is
 * cut at the weakest link on the path that joins them in its maximum spanning tree, and each part
 * is checked again. A cluster larger than maxClusterSize is first cut at its weakest links.
 */
import { pairKey, type ResolvedDecisions } from './decisions';

export interface ScoredPairs {
  left: Int32Array;
  right: Int32Array;
  weight: Float64Array;
  count: number;
}

export interface ClusterOptions {
  thresholdWeight: number;
  chainGuardBits: number;
  maxClusterSize: number;
  decisions?: ResolvedDecisions;
  /** Weight of any two records (for pairs inside a cluster that were never candidates). */
  weightOf: (a: number, b: number) => number;
}

export interface CutLink {
  left: number;
  right: number;
  weight: number;
  reason: 'chain_guard' | 'not_same' | 'too_large';
}

export interface Clustering {
  /** Cluster of each record, numbered 0.. in order of each cluster's first record. */
  clusterOf: Int32Array;
  clusterCount: number;
  /** Links above the threshold that the guard or a decision cut. */
  cuts: CutLink[];
  /** Links kept, as indices into the scored pairs (and forced links as record pairs). */
  links: number;
}

class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.rank = new Uint8Array(n);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[x] !== r) {
      const next = this.parent[x];
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    if (this.rank[ra] < this.rank[rb]) this.parent[ra] = rb;
    else if (this.rank[ra] > this.rank[rb]) this.parent[rb] = ra;
    else {
      this.parent[rb] = ra;
      this.rank[ra]++;
    }
    return true;
  }
}

interface Edge {
  a: number;
  b: number;
  weight: number;
}

export function clusterRecords(n: number, pairs: ScoredPairs, options: ClusterOptions): Clustering {
  const { thresholdWeight, decisions } = options;
  const verdict = (a: number, b: number) => decisions?.byPair.get(pairKey(a, b));
  const uf = new UnionFind(n);
  const edges: Edge[] = [];
  for (let p = 0; p < pairs.count; p++) {
    if (pairs.weight[p] < thresholdWeight) continue;
    const a = pairs.left[p];
    const b = pairs.right[p];
    const v = verdict(a, b);
    if (v === 'not_same' || v === 'same') continue;
    edges.push({ a, b, weight: pairs.weight[p] });
    uf.union(a, b);
  }
  for (const [a, b] of decisions?.same ?? []) {
    edges.push({ a, b, weight: Infinity });
    uf.union(a, b);
  }

  // Components that need the guard: three or more records, or a not_same pair inside.
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[uf.find(i)]++;
  const suspect = new Set<number>();
  for (let i = 0; i < n; i++) if (size[i] >= 3) suspect.add(i);
  for (const [a, b] of decisions?.notSame ?? []) {
    if (uf.find(a) === uf.find(b)) suspect.add(uf.find(a));
  }

  const cuts: CutLink[] = [];
  const label = new Int32Array(n).fill(-1);
  let nextLabel = 0;
  const finalGroup = new Int32Array(n).fill(-1);

  if (suspect.size > 0) {
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const r = uf.find(i);
      if (!suspect.has(r)) continue;
      let list = members.get(r);
      if (!list) members.set(r, (list = []));
      list.push(i);
    }
    const edgesOf = new Map<number, Edge[]>();
    for (const e of edges) {
      const r = uf.find(e.a);
      if (!suspect.has(r)) continue;
      let list = edgesOf.get(r);
      if (!list) edgesOf.set(r, (list = []));
      list.push(e);
    }
    const notSameByRoot = new Map<number, Array<[number, number]>>();
    for (const [a, b] of decisions?.notSame ?? []) {
      const r = uf.find(a);
      if (r !== uf.find(b) || !suspect.has(r)) continue;
      let list = notSameByRoot.get(r);
      if (!list) notSameByRoot.set(r, (list = []));
      list.push([a, b]);
    }
    let group = 0;
    for (const [root, list] of members) {
      const parts = guard(
        list,
        edgesOf.get(root) ?? [],
        notSameByRoot.get(root) ?? [],
        options,
        cuts,
      );
      for (const part of parts) {
        for (const r of part) finalGroup[r] = group;
        group++;
      }
    }
  }

  // Number clusters in order of their first record; guarded components use their parts.
  const rootLabel = new Map<number, number>();
  const groupLabel = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (finalGroup[i] >= 0) {
      let l = groupLabel.get(finalGroup[i]);
      if (l === undefined) groupLabel.set(finalGroup[i], (l = nextLabel++));
      label[i] = l;
    } else {
      const r = uf.find(i);
      let l = rootLabel.get(r);
      if (l === undefined) rootLabel.set(r, (l = nextLabel++));
      label[i] = l;
    }
  }
  return { clusterOf: label, clusterCount: nextLabel, cuts, links: edges.length - cuts.length };
}

/** Splits one component until no part holds a violation; returns the parts. */
function guard(
  members: number[],
  edges: Edge[],
  notSame: Array<[number, number]>,
  options: ClusterOptions,
  cuts: CutLink[],
): number[][] {
  // Maximum spanning tree (Kruskal, strongest links first; forced links are Infinity).
  const local = new Map<number, number>();
  members.forEach((r, i) => local.set(r, i));
  const uf = new UnionFind(members.length);
  const tree: Edge[] = [];
  const known = new Map<number, number>();
  for (const e of edges) known.set(pairKey(e.a, e.b), e.weight);
  for (const e of [...edges].sort((x, y) => y.weight - x.weight)) {
    if (uf.union(local.get(e.a) as number, local.get(e.b) as number)) tree.push(e);
  }
  const out: number[][] = [];
  const stack: Array<{ nodes: number[]; tree: Edge[] }> = [{ nodes: members, tree }];
  const limit = options.thresholdWeight - options.chainGuardBits;
  while (stack.length > 0) {
    const { nodes, tree: t } = stack.pop() as { nodes: number[]; tree: Edge[] };
    const inside = new Set(nodes);
    // The violation to resolve first: a not_same pair, else an over-large cluster, else the
    // weakest internal pair far below the threshold.
    let violation: { a: number; b: number; weight: number; reason: CutLink['reason'] } | undefined;
    for (const [a, b] of notSame) {
      if (inside.has(a) && inside.has(b)) {
        violation = { a, b, weight: -Infinity, reason: 'not_same' };
        break;
      }
    }
    if (!violation && nodes.length > options.maxClusterSize) {
      const weakest = t.reduce<Edge | undefined>(
        (w, e) => (e.weight !== Infinity && (!w || e.weight < w.weight) ? e : w),
        undefined,
      );
      if (weakest)
        violation = { a: weakest.a, b: weakest.b, weight: weakest.weight, reason: 'too_large' };
    }
    if (!violation && nodes.length >= 3) {
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const key = pairKey(nodes[i], nodes[j]);
          if (options.decisions?.byPair.get(key) === 'same') continue;
          const w = known.get(key) ?? options.weightOf(nodes[i], nodes[j]);
          if (w < limit && (!violation || w < violation.weight)) {
            violation = { a: nodes[i], b: nodes[j], weight: w, reason: 'chain_guard' };
          }
        }
      }
    }
    if (!violation) {
      out.push(nodes);
      continue;
    }
    const cut = weakestOnPath(t, violation.a, violation.b);
    if (!cut) {
      // Only forced links join them: the reviewers' "same" decisions stand.
      out.push(nodes);
      continue;
    }
    cuts.push({ left: cut.a, right: cut.b, weight: cut.weight, reason: violation.reason });
    const rest = t.filter((e) => e !== cut);
    const sideA = reachable(rest, cut.a, inside);
    const nodesA = nodes.filter((r) => sideA.has(r));
    const nodesB = nodes.filter((r) => !sideA.has(r));
    stack.push({ nodes: nodesA, tree: rest.filter((e) => sideA.has(e.a)) });
    stack.push({ nodes: nodesB, tree: rest.filter((e) => !sideA.has(e.a)) });
  }
  return out;
}

function adjacency(tree: Edge[]): Map<number, Edge[]> {
  const adj = new Map<number, Edge[]>();
  for (const e of tree) {
    for (const v of [e.a, e.b]) {
      let list = adj.get(v);
      if (!list) adj.set(v, (list = []));
      list.push(e);
    }
  }
  return adj;
}

function reachable(tree: Edge[], from: number, inside: Set<number>): Set<number> {
  const adj = adjacency(tree);
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.pop() as number;
    for (const e of adj.get(v) ?? []) {
      const w = e.a === v ? e.b : e.a;
      if (inside.has(w) && !seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}

/** The weakest link that is not forced on the tree path from a to b. */
function weakestOnPath(tree: Edge[], a: number, b: number): Edge | undefined {
  const adj = adjacency(tree);
  const via = new Map<number, Edge>();
  const seen = new Set([a]);
  const queue = [a];
  while (queue.length > 0) {
    const v = queue.shift() as number;
    if (v === b) break;
    for (const e of adj.get(v) ?? []) {
      const w = e.a === v ? e.b : e.a;
      if (!seen.has(w)) {
        seen.add(w);
        via.set(w, e);
        queue.push(w);
      }
    }
  }
  let weakest: Edge | undefined;
  for (let v = b; v !== a;) {
    const e = via.get(v);
    if (!e) return undefined;
    if (e.weight !== Infinity && (!weakest || e.weight < weakest.weight)) weakest = e;
    v = e.a === v ? e.b : e.a;
  }
  return weakest;
}

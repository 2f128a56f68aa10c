/**
 * Bayesian model averaging over decomposable graphical models (Madigan & York 1997), as the dga
 * package computes it: every decomposable graph on the lists is a model; with a hyper-Dirichlet
 * prior (delta per cell) the marginal likelihood of the completed 2^p table factorises over the
 * cliques and separators; the unobserved cell count is put on a grid and given the prior 1/N.
 * The result is the joint posterior over (graph, N), averaged into one posterior for N.
 */

import { lgamma, logFactorial } from './numeric';
import { type CaptureTable, observedTotal, popcount } from './table';

export interface DecomposableGraph {
  /** Edge set: bit e set for the e-th pair (i < j) in lexicographic order. */
  edges: number;
  /** Maximal cliques as list masks. */
  cliques: number[];
  /** Non-empty separators as list masks (a junction tree's edges). */
  separators: number[];
}

function pairIndex(p: number): number[][] {
  const idx: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(-1));
  let e = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      idx[i][j] = e;
      idx[j][i] = e;
      e++;
    }
  }
  return idx;
}

/**
 * Cliques and separators of a graph if it is chordal (decomposable), else null: maximum
 * cardinality search gives a perfect elimination order exactly when the graph is chordal.
 */
function decompose(
  p: number,
  adjacency: number[],
): { cliques: number[]; separators: number[] } | null {
  const numbered: number[] = [];
  let done = 0;
  for (let step = 0; step < p; step++) {
    let best = -1;
    let bestCount = -1;
    for (let v = 0; v < p; v++) {
      if (done & (1 << v)) continue;
      const c = popcount(adjacency[v] & done);
      if (c > bestCount) {
        best = v;
        bestCount = c;
      }
    }
    numbered.push(best);
    done |= 1 << best;
  }
  // Chordal iff each vertex's earlier neighbours form a clique.
  let before = 0;
  const candidates: number[] = [];
  for (const v of numbered) {
    const earlier = adjacency[v] & before;
    for (let u = 0; u < p; u++) {
      if (earlier & (1 << u) && (earlier & ~(1 << u) & ~adjacency[u]) !== 0) return null;
    }
    candidates.push(earlier | (1 << v));
    before |= 1 << v;
  }
  // Maximal cliques in order of appearance; separators by the running intersection property.
  const cliques = candidates.filter(
    (c, i) => !candidates.some((d, j) => j !== i && (c & d) === c && (c !== d || j < i)),
  );
  const separators: number[] = [];
  let union = 0;
  cliques.forEach((c, i) => {
    if (i > 0) {
      const s = c & union;
      if (s !== 0) separators.push(s);
    }
    union |= c;
  });
  return { cliques, separators };
}

/** Every decomposable graph on p lists (8, 61, 822 for p = 3, 4, 5). */
export function enumerateDecomposableGraphs(p: number): DecomposableGraph[] {
  const idx = pairIndex(p);
  const nPairs = (p * (p - 1)) / 2;
  const graphs: DecomposableGraph[] = [];
  for (let edges = 0; edges < 1 << nPairs; edges++) {
    const adjacency = new Array<number>(p).fill(0);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) if (i !== j && edges & (1 << idx[i][j])) adjacency[i] |= 1 << j;
    }
    const dec = decompose(p, adjacency);
    if (dec) graphs.push({ edges, ...dec });
  }
  return graphs;
}

export interface DgaOptions {
  /** Prior pseudo-count per cell of the 2^p table; dga suggests 2^-p. */
  delta?: number;
  /** Largest number of unrecorded people on the grid 0..max (default 10 n). */
  maxMissing?: number;
  /** log prior of N on the grid; default -log N. */
  logPrior?: (N: number) => number;
}

export interface DgaResult {
  delta: number;
  observed: number;
  /** Grid of N = n + Nmissing and the averaged posterior over it. */
  N: Float64Array;
  posterior: Float64Array;
  mean: number;
  median: number;
  mode: number;
  ci95: [number, number];
  /** Posterior probability of each graph, in the order of `graphs`. */
  modelProbabilities: Float64Array;
  graphs: DecomposableGraph[];
  topModel: { index: number; probability: number; cliques: string[] };
  /** Posterior mass at the top of the grid: large values mean the grid is too short. */
  massAtGridEnd: number;
}

/** First grid value whose cumulative posterior exceeds the level (dga's posteriorQuantiles). */
function gridQuantile(N: Float64Array, post: Float64Array, level: number): number {
  let c = 0;
  for (let i = 0; i < post.length; i++) {
    c += post[i];
    if (c > level) return N[i];
  }
  return N[N.length - 1];
}

/** Model averaging over all decomposable graphs (3 to 5 lists), as dga's bma.cr. */
export function dgaModelAveraging(table: CaptureTable, options: DgaOptions = {}): DgaResult {
  const p = table.lists.length;
  if (p < 3 || p > 5)
    throw new RangeError(`decomposable-graph averaging supports 3 to 5 lists, got ${p}`);
  const n = observedTotal(table);
  const delta = options.delta ?? 2 ** -p;
  const maxMissing = options.maxMissing ?? 10 * n;
  const logPrior = options.logPrior ?? ((N: number) => -Math.log(N));
  const graphs = enumerateDecomposableGraphs(p);
  const size = 1 << p;
  // Marginal tables: for each subset A of lists, counts over the patterns restricted to A.
  // comp(A) = sum over cells of lgamma(count + a_A) - lgamma(a_A), a_A = delta 2^(p - |A|);
  // only the all-absent cell of A depends on the number missing.
  const compConst = new Float64Array(size);
  const zeroCell = new Float64Array(size);
  const alphaA = new Float64Array(size);
  for (let A = 1; A < size; A++) {
    const a = delta * 2 ** (p - popcount(A));
    alphaA[A] = a;
    const marg = new Map<number, number>();
    for (let m = 1; m < size; m++) {
      const c = table.counts[m];
      if (!c) continue;
      const key = m & A;
      marg.set(key, (marg.get(key) ?? 0) + c);
    }
    let s = 0;
    for (const [key, c] of marg) if (key !== 0) s += lgamma(c + a) - lgamma(a);
    compConst[A] = s;
    zeroCell[A] = marg.get(0) ?? 0;
  }
  let logYFact = 0;
  for (let m = 1; m < size; m++) logYFact += logFactorial(table.counts[m]);
  const alphaTotal = delta * size;
  const nGraphs = graphs.length;
  // Flattened terms: for graph g, masks termMask[termStart[g]..termStart[g+1]) with signs.
  const termStart = new Int32Array(nGraphs + 1);
  const termMask: number[] = [];
  const termSign: number[] = [];
  const nsub = new Float64Array(nGraphs);
  graphs.forEach((g, i) => {
    termStart[i] = termMask.length;
    for (const c of g.cliques) {
      termMask.push(c);
      termSign.push(1);
    }
    for (const sep of g.separators) {
      termMask.push(sep);
      termSign.push(-1);
    }
    nsub[i] = g.cliques.length - g.separators.length;
  });
  termStart[nGraphs] = termMask.length;
  const masks = Int32Array.from(termMask);
  const signs = Float64Array.from(termSign);
  const gridSize = maxMissing + 1;
  const Ngrid = new Float64Array(gridSize);
  const logPostN = new Float64Array(gridSize);
  const modelMax = new Float64Array(nGraphs).fill(-Infinity);
  const modelSum = new Float64Array(nGraphs);
  const comp = new Float64Array(size);
  const w = new Float64Array(nGraphs);
  // Terms below exp(-40) of the running maximum cannot move a sum of doubles; skip their exp.
  const NEGLIGIBLE = -40;
  /** log posterior of N (up to a constant) at grid index i; also accumulates model sums if asked. */
  const evaluate = (i: number, accumulate: boolean): number => {
    const Nm = i;
    const N = n + Nm;
    for (let A = 1; A < size; A++) {
      const a = alphaA[A];
      comp[A] = compConst[A] + lgamma(zeroCell[A] + Nm + a) - lgamma(a);
    }
    const D = lgamma(alphaTotal) - lgamma(N + alphaTotal);
    const common = lgamma(N + 1) - logYFact - lgamma(Nm + 1) + logPrior(N);
    let max = -Infinity;
    for (let g = 0; g < nGraphs; g++) {
      let s = common + nsub[g] * D;
      for (let k = termStart[g]; k < termStart[g + 1]; k++) s += signs[k] * comp[masks[k]];
      w[g] = s;
      if (s > max) max = s;
    }
    let tot = 0;
    for (let g = 0; g < nGraphs; g++) {
      const wg = w[g];
      if (wg - max > NEGLIGIBLE) tot += Math.exp(wg - max);
      if (!accumulate) continue;
      const mm = modelMax[g];
      if (wg > mm) {
        modelSum[g] = (wg - mm > -NEGLIGIBLE ? 0 : modelSum[g] * Math.exp(mm - wg)) + 1;
        modelMax[g] = wg;
      } else if (wg - mm > NEGLIGIBLE) {
        modelSum[g] += Math.exp(wg - mm);
      }
    }
    return max + Math.log(tot);
  };
  // A coarse pass finds where the posterior lives; grid points more than 60 log units below its
  // maximum (relative mass < 1e-26) are left at zero. The posterior of N is smooth at the scale of
  // the coarse step (a 400th of the grid), so no mass can hide between coarse points.
  const step = Math.max(1, Math.floor(gridSize / 400));
  const coarseIdx: number[] = [];
  for (let i = 0; i < gridSize; i += step) coarseIdx.push(i);
  if (coarseIdx[coarseIdx.length - 1] !== gridSize - 1) coarseIdx.push(gridSize - 1);
  const coarse = coarseIdx.map((i) => evaluate(i, false));
  const cmax = Math.max(...coarse);
  logPostN.fill(-Infinity);
  for (let i = 0; i < gridSize; i++) Ngrid[i] = n + i;
  for (let c = 0; c + 1 < coarseIdx.length || c === 0; c++) {
    const lo = coarseIdx[c];
    const hi = c + 1 < coarseIdx.length ? coarseIdx[c + 1] : lo;
    if (Math.max(coarse[c], coarse[Math.min(c + 1, coarse.length - 1)]) < cmax - 60) continue;
    for (let i = lo; i <= hi; i++) if (logPostN[i] === -Infinity) logPostN[i] = evaluate(i, true);
  }
  let gmax = -Infinity;
  for (let i = 0; i < gridSize; i++) if (logPostN[i] > gmax) gmax = logPostN[i];
  const posterior = new Float64Array(gridSize);
  let z = 0;
  for (let i = 0; i < gridSize; i++) {
    posterior[i] = Math.exp(logPostN[i] - gmax);
    z += posterior[i];
  }
  let meanN = 0;
  let modeIdx = 0;
  for (let i = 0; i < gridSize; i++) {
    posterior[i] /= z;
    meanN += posterior[i] * Ngrid[i];
    if (posterior[i] > posterior[modeIdx]) modeIdx = i;
  }
  const logZ = gmax + Math.log(z);
  const modelProbabilities = new Float64Array(nGraphs);
  let top = 0;
  for (let g = 0; g < nGraphs; g++) {
    modelProbabilities[g] = Math.exp(modelMax[g] + Math.log(modelSum[g]) - logZ);
    if (modelProbabilities[g] > modelProbabilities[top]) top = g;
  }
  const listName = (mask: number) => table.lists.filter((_, i) => mask & (1 << i)).join('+');
  return {
    delta,
    observed: n,
    N: Ngrid,
    posterior,
    mean: meanN,
    median: gridQuantile(Ngrid, posterior, 0.5),
    mode: Ngrid[modeIdx],
    ci95: [gridQuantile(Ngrid, posterior, 0.025), gridQuantile(Ngrid, posterior, 0.975)],
    modelProbabilities,
    graphs,
    topModel: {
      index: top,
      probability: modelProbabilities[top],
      cliques: graphs[top].cliques.map(listName),
    },
    massAtGridEnd: posterior[gridSize - 1],
  };
}

/**
 * Comparing candidate pairs on several threads. The features are computed once, on the main
 * thread, and handed to each worker as plain data; pairs and the patterns they produce live in
 * shared memory, each thread filling its own range. Used for large runs only: a worker costs
 * tens of milliseconds to start and a copy of the name keys.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CandidatePairs } from './blocking';
import { type Comparator, type PatternCodec } from './comparisons';
import type { FeatureSnapshot } from './features';
import type { ComparisonSpec } from './settings';

export interface CompareTask {
  snapshot: FeatureSnapshot;
  specs: ComparisonSpec[];
  strides: number[];
  left: Int32Array;
  right: Int32Array;
  patterns: Uint32Array;
  start: number;
  end: number;
}

/** Patterns of pairs start..end-1, a chunk and a comparator at a time (the single-thread loop). */
export function fillPatterns(
  comparators: readonly Comparator[],
  strides: readonly number[],
  left: Int32Array,
  right: Int32Array,
  patterns: Uint32Array,
  start: number,
  end: number,
  progress?: (done: number) => void,
): void {
  const chunk = 1 << 16;
  const levels = comparators.map(() => new Int8Array(chunk));
  for (let from = start; from < end; from += chunk) {
    const to = Math.min(end, from + chunk);
    comparators.forEach((c, k) => c.fill(left, right, from, to, levels[k]));
    for (let p = from; p < to; p++) {
      let pattern = 0;
      for (let k = 0; k < comparators.length; k++)
        pattern += (levels[k][p - from] + 1) * strides[k];
      patterns[p] = pattern;
    }
    progress?.(to);
  }
}

/** Threads worth using on this machine for `pairs` pairs (1: compare on the main thread). */
export function threadsFor(pairs: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  if (pairs < 500_000) return 1;
  return Math.max(1, Math.min(availableParallelism(), 4));
}

function shared<T extends Int32Array | Uint32Array>(
  array: T,
  Kind: { new (buffer: SharedArrayBuffer): T },
): T {
  const copy = new Kind(new SharedArrayBuffer(array.length * 4));
  (copy as Int32Array).set(array as Int32Array);
  return copy;
}

/**
 * Patterns of all candidate pairs on `threads` threads (the main thread takes the first range).
 * The comparators given are the main thread's; workers build their own from the same specs.
 */
export async function comparePairsInParallel(
  comparators: readonly Comparator[],
  snapshot: FeatureSnapshot,
  codec: PatternCodec,
  pairs: CandidatePairs,
  threads: number,
  progress?: (done: number) => void,
): Promise<Uint32Array> {
  const left = shared(pairs.left, Int32Array);
  const right = shared(pairs.right, Int32Array);
  const patterns = new Uint32Array(new SharedArrayBuffer(pairs.count * 4));
  const per = Math.ceil(pairs.count / threads);
  const specs = comparators.map((c) => c.spec);
  const workers: Array<Promise<void>> = [];
  for (let t = 1; t < threads; t++) {
    const start = t * per;
    const end = Math.min(pairs.count, start + per);
    if (start >= end) break;
    const task: CompareTask = {
      snapshot,
      specs,
      strides: codec.strides,
      left,
      right,
      patterns,
      start,
      end,
    };
    workers.push(
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL('./compare-worker.mjs', import.meta.url), {
          workerData: task,
        });
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`comparison worker stopped with code ${code}`));
        });
      }),
    );
  }
  fillPatterns(
    comparators,
    codec.strides,
    left,
    right,
    patterns,
    0,
    Math.min(per, pairs.count),
    progress,
  );
  await Promise.all(workers);
  progress?.(pairs.count);
  return patterns;
}

/**
 * Comparing candidate pairs on several threads. The features are computed once, on the main
 * thread, and handed to each worker as plain data when blocking starts, so that a worker's
 * start (its module loading, its copy of the name keys) overlaps with blocking; the pairs and the
 * patterns they produce then live in shared memory, each thread filling its own range.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CandidatePairs } from './blocking';
import { type Comparator, type PatternCodec } from './comparisons';
import type { FeatureSnapshot } from './features';
import type { ComparisonSpec } from './settings';

/** What a worker is started with. */
export interface WorkerSetup {
  snapshot: FeatureSnapshot;
  specs: ComparisonSpec[];
  strides: number[];
}

/** The range a worker compares, sent once the candidate pairs are known. */
export interface WorkerRange {
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

/**
 * Threads worth using for a run of `records` records (1: compare on the main thread). A worker
 * costs a second or two to start; below a few hundred thousand records it does not pay.
 */
export function threadsFor(records: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  if (records < 300_000) return 1;
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** Workers started ahead of the pairs they will compare. */
export class ComparisonWorkers {
  private readonly workers: Worker[] = [];
  private readonly failures: Array<Promise<never>> = [];

  constructor(
    setup: WorkerSetup,
    readonly count: number,
  ) {
    for (let t = 0; t < count; t++) {
      const worker = new Worker(new URL('./compare-worker.mjs', import.meta.url), {
        workerData: setup,
      });
      this.workers.push(worker);
      this.failures.push(
        new Promise<never>((_, reject) => {
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`comparison worker stopped with code ${code}`));
          });
        }),
      );
      // A failure before the pairs arrive is reported when they do.
      this.failures[t].catch(() => undefined);
    }
  }

  /**
   * Patterns of all candidate pairs: the workers take equal ranges after the first, which the
   * main thread compares with `comparators` meanwhile.
   */
  async compare(
    comparators: readonly Comparator[],
    codec: PatternCodec,
    pairs: CandidatePairs,
    progress?: (done: number) => void,
  ): Promise<Uint32Array> {
    const share = (array: Int32Array) => {
      const copy = new Int32Array(new SharedArrayBuffer(array.length * 4));
      copy.set(array);
      return copy;
    };
    const left = share(pairs.left);
    const right = share(pairs.right);
    const patterns = new Uint32Array(new SharedArrayBuffer(pairs.count * 4));
    const threads = this.workers.length + 1;
    const per = Math.ceil(pairs.count / threads);
    const done = this.workers.map((worker, t) => {
      const start = Math.min(pairs.count, (t + 1) * per);
      const range: WorkerRange = {
        left,
        right,
        patterns,
        start,
        end: Math.min(pairs.count, start + per),
      };
      const finished = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage(range);
      return Promise.race([finished, this.failures[t]]).then(() => worker.terminate());
    });
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
    await Promise.all(done);
    progress?.(pairs.count);
    return patterns;
  }

  /** Stops workers that will not be needed (a run that failed before comparing). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

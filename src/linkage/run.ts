/**
 * One linkage run from records to clusters: features, blocking, comparison, training (unless the
 * settings are already trained), scoring, clustering with the chaining guard and human decisions,
 * and the review queue. Pure computation on a RecordTable: reading files, the store and writing
 * results are the callers' business.
 */
import { Blocker, PairBuffer, type BlockingStats, type CandidatePairs } from './blocking';
import { clusterRecords, type Clustering, type ScoredPairs } from './cluster';
import { makeComparator, PatternCodec } from './comparisons';
import { ComparisonWorkers, fillPatterns, threadsFor } from './parallel';
import {
  pairKey,
  resolveDecisions,
  type HumanDecision,
  type ResolvedDecisions,
  type Verdict,
} from './decisions';
import { Features } from './features';
import { probabilityFromWeight, ScoringModel, weightFromProbability } from './model';
import type { PlaceResolver } from './places';
import type { RecordTable } from './records';
import { defaultSettings, type LinkageSettings } from './settings';
import { train, type TrainingReport } from './training';

export type LinkStage =
  'features' | 'blocking' | 'comparing' | 'training' | 'scoring' | 'clustering';

export interface ProgressEvent {
  stage: LinkStage;
  done: number;
  total: number;
}

export interface LinkOptions {
  settings?: LinkageSettings;
  seed?: number;
  /** Overrides settings.threshold. */
  threshold?: number;
  decisions?: readonly HumanDecision[];
  placeResolver?: PlaceResolver;
  /** Threads comparing pairs (default: all cores for large runs, the main thread for small ones). */
  threads?: number;
  /** Train even when the settings carry m, u and a prior. Default: train only untrained settings. */
  retrain?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ReviewItem {
  left: number;
  right: number;
  weight: number;
  probability: number;
  reason: 'uncertain' | 'chain_guard' | 'not_same' | 'too_large';
  /** 'unsure' when a reviewer has looked and could not tell. */
  decided?: Verdict;
}

export interface LinkageResult {
  table: RecordTable;
  /**
   * The features of the run, over its own record order: record i there is input record
   * recordOrder[i]. Every other index in the result (pairs, clusters, review, model) is an
   * input index.
   */
  features: Features;
  recordOrder: Int32Array;
  /** The settings as trained (m, u, prior filled), with the threshold used. */
  settings: LinkageSettings;
  model: ScoringModel;
  seed: number;
  candidatePairs: number;
  /** Scored pairs kept (probability >= settings.keepPairsAbove). */
  pairs: ScoredPairs;
  clustering: Clustering;
  review: ReviewItem[];
  decisions: ResolvedDecisions;
  training?: TrainingReport;
  blocking: BlockingStats[];
  /** Milliseconds per stage. */
  timings: Partial<Record<LinkStage, number>>;
}

export function isTrained(settings: LinkageSettings): boolean {
  return settings.prior !== undefined && settings.comparisons.every((c) => c.m && c.u);
}

export async function linkRecords(
  table: RecordTable,
  options: LinkOptions = {},
): Promise<LinkageResult> {
  const timings: Partial<Record<LinkStage, number>> = {};
  const progress = options.onProgress;
  let clock = performance.now();
  const lap = (stage: LinkStage) => {
    const now = performance.now();
    timings[stage] = (timings[stage] ?? 0) + (now - clock);
    clock = now;
  };
  const seed = options.seed ?? 1;
  let settings = options.settings ?? defaultSettings();
  if (options.threshold !== undefined) settings = { ...settings, threshold: options.threshold };
  const linkOnly = settings.linkType === 'link_only';

  progress?.({ stage: 'features', done: 0, total: 1 });
  // The run works on the records renumbered so that those sharing a name sit together: most
  // candidate pairs then compare records close in memory. Results are mapped back at the end.
  const inInputOrder = new Features(table, options.placeResolver);
  const order = inInputOrder.nameOrder();
  const features = inInputOrder.permuted(order);
  const internal = features.table;
  const comparators = settings.comparisons.map((spec) => makeComparator(spec, features));
  const codec = new PatternCodec(comparators.map((c) => c.levelCount));
  progress?.({ stage: 'features', done: 1, total: 1 });
  lap('features');
  let blocking: BlockingStats[] = [];

  // Workers start now, so that their start overlaps with blocking.
  const threads = threadsFor(table.size, options.threads);
  const workers =
    threads > 1
      ? new ComparisonWorkers(
          { snapshot: features.snapshot(), specs: settings.comparisons, strides: codec.strides },
          threads - 1,
        )
      : undefined;
  let patterns: Uint32Array;
  let candidates: CandidatePairs;
  try {
    const blocker = new Blocker(features, settings.blockingRules, linkOnly);
    candidates = blocker.candidates((r, of) =>
      progress?.({ stage: 'blocking', done: r, total: of }),
    );
    blocking = blocker.stats;
    progress?.({ stage: 'blocking', done: 1, total: 1 });
    lap('blocking');
    const total = candidates.count;
    const onCompared = (done: number) => progress?.({ stage: 'comparing', done, total });
    if (workers) patterns = await workers.compare(comparators, codec, candidates, onCompared);
    else {
      patterns = new Uint32Array(candidates.count);
      fillPatterns(
        comparators,
        codec.strides,
        candidates.left,
        candidates.right,
        patterns,
        0,
        total,
        onCompared,
      );
    }
  } catch (err) {
    await workers?.stop();
    throw err;
  }
  lap('comparing');

  let training: TrainingReport | undefined;
  if (options.retrain || !isTrained(settings)) {
    progress?.({ stage: 'training', done: 0, total: 1 });
    const trained = train(settings, features, comparators, codec, candidates, patterns, seed);
    settings = trained.settings;
    training = trained.report;
    progress?.({ stage: 'training', done: 1, total: 1 });
    lap('training');
  }

  const model = new ScoringModel(settings, comparators, internal.size);
  const keepWeight =
    settings.keepPairsAbove > 0 ? weightFromProbability(settings.keepPairsAbove) : -Infinity;
  const kept = new PairBuffer(1 << 16);
  let weights = new Float64Array(1 << 16);
  for (let p = 0; p < candidates.count; p++) {
    const a = candidates.left[p];
    const b = candidates.right[p];
    const w = model.weightOfPattern(patterns[p], a, b);
    if (w >= keepWeight) {
      if (kept.count === weights.length) {
        const grown = new Float64Array(weights.length * 2);
        grown.set(weights);
        weights = grown;
      }
      weights[kept.count] = w;
      kept.push(a, b);
    }
    if ((p & 0xfffff) === 0) progress?.({ stage: 'scoring', done: p, total: candidates.count });
  }
  const pairs: ScoredPairs = {
    left: kept.left.slice(0, kept.count),
    right: kept.right.slice(0, kept.count),
    weight: weights.slice(0, kept.count),
    count: kept.count,
  };
  lap('scoring');

  progress?.({ stage: 'clustering', done: 0, total: 1 });
  const decisions = resolveDecisions(options.decisions ?? [], internal);
  const thresholdWeight = weightFromProbability(settings.threshold);
  const clustering = clusterRecords(internal.size, pairs, {
    thresholdWeight,
    chainGuardBits: settings.chainGuardBits,
    maxClusterSize: settings.maxClusterSize,
    decisions,
    weightOf: (a, b) => model.matchWeight(a, b),
  });
  const review = reviewQueue(pairs, clustering, decisions, settings);
  progress?.({ stage: 'clustering', done: 1, total: 1 });
  lap('clustering');

  const inverse = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) inverse[order[i]] = i;
  return {
    table,
    features,
    recordOrder: order,
    settings,
    model: inInputOrderModel(model, inverse),
    seed,
    candidatePairs: candidates.count,
    pairs: inInputOrderPairs(pairs, order),
    clustering: inInputOrderClusters(clustering, order),
    review: review.map((item) => {
      const [left, right] = inputPair(order, item.left, item.right);
      return { ...item, left, right };
    }),
    decisions: options.decisions?.length ? resolveDecisions(options.decisions, table) : decisions,
    training,
    blocking,
    timings,
  };
}

/** Records a and b (run order) as input indices, the smaller first. */
function inputPair(order: Int32Array, a: number, b: number): [number, number] {
  const x = order[a];
  const y = order[b];
  return x < y ? [x, y] : [y, x];
}

function inInputOrderPairs(pairs: ScoredPairs, order: Int32Array): ScoredPairs {
  const left = new Int32Array(pairs.count);
  const right = new Int32Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    const [x, y] = inputPair(order, pairs.left[p], pairs.right[p]);
    left[p] = x;
    right[p] = y;
  }
  return { left, right, weight: pairs.weight, count: pairs.count };
}

/** Clusters by input record, numbered again in order of each cluster's first input record. */
function inInputOrderClusters(clustering: Clustering, order: Int32Array): Clustering {
  const n = order.length;
  const byRun = new Int32Array(n);
  for (let i = 0; i < n; i++) byRun[order[i]] = clustering.clusterOf[i];
  const label = new Int32Array(clustering.clusterCount).fill(-1);
  const clusterOf = new Int32Array(n);
  let next = 0;
  for (let r = 0; r < n; r++) {
    const c = byRun[r];
    if (label[c] < 0) label[c] = next++;
    clusterOf[r] = label[c];
  }
  return {
    ...clustering,
    clusterOf,
    cuts: clustering.cuts.map((cut) => {
      const [left, right] = inputPair(order, cut.left, cut.right);
      return { ...cut, left, right };
    }),
  };
}

/** The model answering for input record indices (it was built over the run's order). */
function inInputOrderModel(model: ScoringModel, inverse: Int32Array): ScoringModel {
  const view = Object.create(model) as ScoringModel;
  view.matchWeight = (a, b) => model.matchWeight(inverse[a], inverse[b]);
  view.explain = (a, b) => model.explain(inverse[a], inverse[b]);
  view.weightOfPattern = (pattern, a, b) => model.weightOfPattern(pattern, inverse[a], inverse[b]);
  return view;
}

/**
 * Pairs a person should look at: probabilities in the uncertain band, and links the guard or a
 * decision cut. Pairs decided same or not_same are settled and leave the queue.
 */
function reviewQueue(
  pairs: ScoredPairs,
  clustering: Clustering,
  decisions: ResolvedDecisions,
  settings: LinkageSettings,
): ReviewItem[] {
  const low = weightFromProbability(Math.max(settings.review.low, 1e-12));
  const high = settings.review.high >= 1 ? Infinity : weightFromProbability(settings.review.high);
  const items = new Map<number, ReviewItem>();
  const add = (item: ReviewItem) => {
    const verdict = decisions.byPair.get(pairKey(item.left, item.right));
    if (verdict === 'same' || verdict === 'not_same') return;
    items.set(pairKey(item.left, item.right), verdict ? { ...item, decided: verdict } : item);
  };
  for (let p = 0; p < pairs.count; p++) {
    const w = pairs.weight[p];
    if (w >= low && w < high) {
      add({
        left: pairs.left[p],
        right: pairs.right[p],
        weight: w,
        probability: probabilityFromWeight(w),
        reason: 'uncertain',
      });
    }
  }
  for (const cut of clustering.cuts) {
    if (cut.reason === 'not_same') continue;
    add({
      left: cut.left,
      right: cut.right,
      weight: cut.weight,
      probability: probabilityFromWeight(cut.weight),
      reason: cut.reason,
    });
  }
  return [...items.values()].sort((x, y) => y.weight - x.weight);
}

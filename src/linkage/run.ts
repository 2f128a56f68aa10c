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
  features: Features;
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
  const features = new Features(table, options.placeResolver);
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

  const model = new ScoringModel(settings, comparators, table.size);
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
  const decisions = resolveDecisions(options.decisions ?? [], table);
  const thresholdWeight = weightFromProbability(settings.threshold);
  const clustering = clusterRecords(table.size, pairs, {
    thresholdWeight,
    chainGuardBits: settings.chainGuardBits,
    maxClusterSize: settings.maxClusterSize,
    decisions,
    weightOf: (a, b) => model.matchWeight(a, b),
  });
  const review = reviewQueue(pairs, clustering, decisions, settings);
  progress?.({ stage: 'clustering', done: 1, total: 1 });
  lap('clustering');

  return {
    table,
    features,
    settings,
    model,
    seed,
    candidatePairs: candidates.count,
    pairs,
    clustering,
    review,
    decisions,
    training,
    blocking,
    timings,
  };
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

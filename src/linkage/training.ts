/**
 * Training a Fellegi-Sunter model the way Splink does:
 * - u (P(level | non-match)) from random pairs, which almost never match;
 * - m (P(level | match)) by expectation-maximisation with u held fixed, once per training rule
 *   over the candidate pairs that agree on the rule's keys, leaving out the comparisons those
 *   keys bias (pairs that agree on surname agree on surname, matches or not), then averaged;
 *   training rules are strict ones (same name, same birth date) where matches are dense enough
 *   for EM to find them;
 * - the prior (probability that two random records match) from deterministic rules: pairs that
 *   surely match, divided by the share of matches those rules find (given, or estimated as the
 *   deterministic pairs over the matches EM expects among all candidates).
 */
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { CandidatePairs } from './blocking';
import { PatternCodec, type Comparator } from './comparisons';
import { Features } from './features';
import type { BlockKey, LinkageSettings } from './settings';

export type Histogram = Map<number, number>;

/** Random pairs (across lists only, for link_only), as a seeded sample. */
export function randomPairs(
  sourceOf: Int32Array,
  samples: number,
  seed: number,
  linkOnly: boolean,
): CandidatePairs {
  const n = sourceOf.length;
  const left = new Int32Array(samples);
  const right = new Int32Array(samples);
  let count = 0;
  if (n < 2) return { left, right, count };
  const sources = new Set(sourceOf);
  if (linkOnly && sources.size < 2) return { left, right, count };
  const rng = xoroshiro128plus(seed);
  let attempts = 0;
  while (count < samples && attempts < samples * 20) {
    attempts++;
    const a = unsafeUniformIntDistribution(0, n - 1, rng);
    const b = unsafeUniformIntDistribution(0, n - 1, rng);
    if (a === b || (linkOnly && sourceOf[a] === sourceOf[b])) continue;
    left[count] = a;
    right[count] = b;
    count++;
  }
  return { left: left.subarray(0, count), right: right.subarray(0, count), count };
}

/**
 * u per comparison and level from random pairs: the share of non-missing comparisons at each
 * level, with half a pair added to every level so that a level random pairs never reach
 * (an identical identity number) gets a small u rather than zero.
 */
export function estimateU(comparators: readonly Comparator[], pairs: CandidatePairs): number[][] {
  return comparators.map((c) => {
    const counts = new Float64Array(c.levelCount);
    let total = 0;
    for (let p = 0; p < pairs.count; p++) {
      const l = c.level(pairs.left[p], pairs.right[p]);
      if (l < 0) continue;
      counts[l]++;
      total++;
    }
    return Array.from(counts, (k) => (k + 0.5) / (total + 0.5 * c.levelCount));
  });
}

/** A starting m: most matches agree at the strongest level, fewer at each weaker one. */
export function initialM(levelCount: number): number[] {
  const raw = Array.from({ length: levelCount }, (_, l) => Math.pow(0.35, l));
  const sum = raw.reduce((s, x) => s + x, 0);
  return raw.map((x) => x / sum);
}

export interface EmResult {
  m: number[][];
  /** Share of matches among the pairs trained on. */
  lambda: number;
  iterations: number;
  converged: boolean;
}

/**
 * EM over a histogram of comparison patterns with u fixed. Only comparisons flagged in
 * `included` enter the likelihood and get new m; the others keep theirs.
 */
export function expectationMaximisation(
  histogram: Histogram,
  codec: PatternCodec,
  u: readonly number[][],
  startM: readonly number[][],
  included: readonly boolean[],
  options: { maxIterations: number; tolerance: number; startLambda?: number },
): EmResult {
  const k = u.length;
  const patterns = [...histogram.keys()];
  const counts = patterns.map((p) => histogram.get(p) as number);
  const levels = patterns.map((p) => Int8Array.from({ length: k }, (_, c) => codec.level(p, c)));
  const m = startM.map((row) => [...row]);
  let lambda = options.startLambda ?? 0.1;
  let iterations = 0;
  let converged = false;
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return { m, lambda, iterations, converged: true };
  while (iterations < options.maxIterations) {
    iterations++;
    const num = u.map((row) => new Float64Array(row.length));
    const den = new Float64Array(k);
    let matches = 0;
    for (let p = 0; p < patterns.length; p++) {
      let lm = lambda;
      let lu = 1 - lambda;
      const lv = levels[p];
      for (let c = 0; c < k; c++) {
        if (!included[c] || lv[c] < 0) continue;
        lm *= m[c][lv[c]];
        lu *= u[c][lv[c]];
      }
      const w = lm / (lm + lu);
      const cw = counts[p] * w;
      matches += cw;
      for (let c = 0; c < k; c++) {
        if (!included[c] || lv[c] < 0) continue;
        num[c][lv[c]] += cw;
        den[c] += cw;
      }
    }
    let change = Math.abs(matches / total - lambda);
    lambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    for (let c = 0; c < k; c++) {
      if (!included[c] || den[c] === 0) continue;
      // A floor keeps a level no training match reached from weighing minus infinity.
      const raw = Array.from(num[c], (x) => Math.max(x / den[c], 1e-6));
      const sum = raw.reduce((s, x) => s + x, 0);
      for (let l = 0; l < raw.length; l++) {
        const next = raw[l] / sum;
        change = Math.max(change, Math.abs(next - m[c][l]));
        m[c][l] = next;
      }
    }
    if (change < options.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

/** Per-record codes of each key of a rule, fetched once for a loop over pairs. */
export function ruleKeyCodes(features: Features, keys: readonly BlockKey[]): Int32Array[] {
  return keys.map((key) => features.blockKey(key));
}

/** Whether a pair agrees on every key of a rule (keys present on both sides). */
export function satisfiesKeys(keyCodes: readonly Int32Array[], a: number, b: number): boolean {
  for (const codes of keyCodes) {
    if (codes[a] === 0 || codes[a] !== codes[b]) return false;
  }
  return true;
}

/** Number of pairs a run could compare: all pairs, or only pairs across lists. */
export function comparablePairs(sourceOf: Int32Array, linkOnly: boolean): number {
  const n = sourceOf.length;
  const all = (n * (n - 1)) / 2;
  if (!linkOnly) return all;
  const sizes = new Map<number, number>();
  for (const s of sourceOf) sizes.set(s, (sizes.get(s) ?? 0) + 1);
  let within = 0;
  for (const size of sizes.values()) within += (size * (size - 1)) / 2;
  return all - within;
}

export interface TrainingReport {
  uSamplePairs: number;
  deterministicPairs: number;
  /** Matches EM expects among the candidate pairs. */
  expectedMatches: number;
  /** Share of matches the deterministic rules find: given in the settings, or estimated. */
  deterministicRecall: number;
  prior: number;
  priorSource: 'deterministic_rules' | 'em';
  sessions: Array<{
    rule: string;
    pairs: number;
    lambda: number;
    iterations: number;
    converged: boolean;
    trained: string[];
  }>;
  /** Comparisons no session could train (every rule biased them): they keep the starting m. */
  untrained: string[];
}

/**
 * Trains m, u and the prior for `settings` on the candidate pairs; returns new settings with
 * the fitted values and a report of what was done.
 */
export function train(
  settings: LinkageSettings,
  features: Features,
  comparators: readonly Comparator[],
  codec: PatternCodec,
  pairs: CandidatePairs,
  patterns: Uint32Array,
  seed: number,
): { settings: LinkageSettings; report: TrainingReport } {
  const linkOnly = settings.linkType === 'link_only';
  const sample = randomPairs(
    features.table.sourceOf,
    settings.training.uSamplePairs,
    seed,
    linkOnly,
  );
  const u = estimateU(comparators, sample);
  const start = comparators.map((c) => c.spec.m ?? initialM(c.levelCount));
  const comparable = comparablePairs(features.table.sourceOf, linkOnly);
  const emRules = settings.training.emRules;
  const emCodes = emRules.map((keys) => ruleKeyCodes(features, keys));
  const deterministicCodes = settings.training.deterministicRules.map((keys) =>
    ruleKeyCodes(features, keys),
  );

  // One pass over the candidates: each EM rule's histogram, the first EM rule of each pattern
  // (for expected matches), and the deterministic pairs.
  const histograms: Histogram[] = emRules.map(() => new Map());
  const firstRule = new Int8Array(pairs.count).fill(-1);
  let deterministic = 0;
  for (let p = 0; p < pairs.count; p++) {
    const a = pairs.left[p];
    const b = pairs.right[p];
    const pattern = patterns[p];
    for (let r = 0; r < emCodes.length; r++) {
      if (!satisfiesKeys(emCodes[r], a, b)) continue;
      histograms[r].set(pattern, (histograms[r].get(pattern) ?? 0) + 1);
      if (firstRule[p] < 0) firstRule[p] = r;
    }
    if (deterministicCodes.some((codes) => satisfiesKeys(codes, a, b))) deterministic++;
  }

  const sums = comparators.map((c) => new Float64Array(c.levelCount));
  const trainedCount = new Int32Array(comparators.length);
  const sessions: TrainingReport['sessions'] = [];
  const fits: Array<{ lambda: number; m: number[][]; included: boolean[] } | undefined> = [];
  emRules.forEach((keys, r) => {
    const biased = new Set(keys.map((k) => Features.blockKeyFeature(k)));
    const included = comparators.map((c) => !biased.has(c.feature));
    const hist = histograms[r];
    let sessionPairs = 0;
    for (const count of hist.values()) sessionPairs += count;
    if (sessionPairs === 0 || !included.some(Boolean)) return;
    const result = expectationMaximisation(hist, codec, u, start, included, settings.training);
    comparators.forEach((_, c) => {
      if (!included[c]) return;
      trainedCount[c]++;
      result.m[c].forEach((x, l) => (sums[c][l] += x));
    });
    fits[r] = { lambda: result.lambda, m: result.m, included };
    sessions.push({
      rule: keys.join('+'),
      pairs: sessionPairs,
      lambda: result.lambda,
      iterations: result.iterations,
      converged: result.converged,
      trained: comparators.filter((_, c) => included[c]).map((c) => c.spec.name),
    });
  });
  // Lists without the fields the training rules need (restaurant names and addresses): one
  // session over all candidate pairs, biased by blocking but better than untrained guesses.
  let fallbackLambda: number | undefined;
  if (sessions.length === 0 && pairs.count > 0) {
    const all: Histogram = new Map();
    for (let p = 0; p < pairs.count; p++) all.set(patterns[p], (all.get(patterns[p]) ?? 0) + 1);
    const included = comparators.map(() => true);
    const result = expectationMaximisation(all, codec, u, start, included, settings.training);
    comparators.forEach((_, c) => {
      trainedCount[c]++;
      result.m[c].forEach((x, l) => (sums[c][l] += x));
    });
    fallbackLambda = result.lambda;
    sessions.push({
      rule: 'all candidate pairs',
      pairs: pairs.count,
      lambda: result.lambda,
      iterations: result.iterations,
      converged: result.converged,
      trained: comparators.map((c) => c.spec.name),
    });
  }
  const m = comparators.map((c, k) =>
    trainedCount[k] > 0 ? Array.from(sums[k], (x) => x / trainedCount[k]) : start[k],
  );

  // Matches expected among the candidates. A pair some EM rule covers gets its posterior under
  // that session's model (which leaves out what the rule's keys bias); the others, under the
  // final model with the prior those sessions imply.
  const posterior = (
    lambda: number,
    mm: number[][],
    included: boolean[] | undefined,
    pattern: number,
  ) => {
    let lm = lambda;
    let lu = 1 - lambda;
    for (let c = 0; c < comparators.length; c++) {
      const level = codec.level(pattern, c);
      if ((included && !included[c]) || level < 0) continue;
      lm *= mm[c][level];
      lu *= u[c][level];
    }
    return lm / (lm + lu);
  };
  const caches = emRules.map(() => new Map<number, number>());
  let covered = 0;
  for (let p = 0; p < pairs.count; p++) {
    const r = firstRule[p];
    const fit = r >= 0 ? fits[r] : undefined;
    if (!fit) continue;
    let w = caches[r].get(patterns[p]);
    if (w === undefined)
      caches[r].set(patterns[p], (w = posterior(fit.lambda, fit.m, fit.included, patterns[p])));
    covered += w;
  }
  const coveredPrior = Math.min(Math.max(covered / Math.max(comparable, 1), 1e-12), 0.5);
  const rest = new Map<number, number>();
  let uncovered = 0;
  for (let p = 0; p < pairs.count; p++) {
    if (firstRule[p] >= 0 && fits[firstRule[p]]) continue;
    let w = rest.get(patterns[p]);
    if (w === undefined)
      rest.set(patterns[p], (w = posterior(coveredPrior, m, undefined, patterns[p])));
    uncovered += w;
  }
  const expectedMatches =
    fallbackLambda !== undefined ? fallbackLambda * pairs.count : covered + uncovered;

  const clamp = (x: number) => Math.min(Math.max(x, 1e-12), 0.5);
  const givenRecall = settings.training.deterministicRecall;
  const recall =
    givenRecall ?? (expectedMatches > 0 ? Math.min(1, deterministic / expectedMatches) : 1);
  let prior: number;
  let priorSource: TrainingReport['priorSource'];
  if (deterministic > 0 && recall > 0) {
    prior = clamp(deterministic / recall / Math.max(comparable, 1));
    priorSource = 'deterministic_rules';
  } else {
    prior = clamp(
      expectedMatches > 0 ? expectedMatches / Math.max(comparable, 1) : 1 / Math.max(comparable, 1),
    );
    priorSource = 'em';
  }
  const trained: LinkageSettings = {
    ...settings,
    comparisons: settings.comparisons.map((spec, k) => ({ ...spec, m: m[k], u: u[k] })),
    prior,
  };
  return {
    settings: trained,
    report: {
      uSamplePairs: sample.count,
      deterministicPairs: deterministic,
      expectedMatches,
      deterministicRecall: recall,
      prior,
      priorSource,
      sessions,
      untrained: comparators.filter((_, k) => trainedCount[k] === 0).map((c) => c.spec.name),
    },
  };
}

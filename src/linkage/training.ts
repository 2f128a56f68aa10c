/**
 * Training a Fellegi-Sunter model the way Splink does:
 * - u (P(level | non-match)) from random pairs, which almost never match;
 * - m (P(level | match)) by expectation-maximisation with u held fixed, once per training rule
 *   over the pairs that agree on the rule's keys (all of them, or a uniform sample: not the
 *   candidate pairs, see rulePairs), leaving out the comparisons those keys bias (pairs that
 *   agree on surname agree on surname, matches or not), then averaged over the sessions whose
 *   match class does not outgrow the matches expected in the whole run;
 *   training rules are strict ones (same name, same birth date) where matches are dense enough
 *   for EM to find them;
 * - the prior (probability that two random records match) from deterministic rules: pairs that
 *   surely match, divided by the share of matches those rules find (given, or estimated as the
 *   deterministic pairs over the matches EM expects among all candidates).
 */
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { hashCodes, INDEX_BITS, PairBuffer, type CandidatePairs } from './blocking';
import { PatternCodec, PatternIndex, type Comparator } from './comparisons';
import { fillPatterns } from './parallel';
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

/** Pairs that agree on a rule's keys, each standing for `weight` such pairs. */
export interface WeightedPairs extends CandidatePairs {
  weight: Float64Array;
}

/**
 * The pairs that agree on every key of a rule (keys present on both sides), found from the keys
 * themselves rather than from the candidate pairs: when there are at most `budget` of them,
 * all; otherwise a uniform random sample of about `budget`, each weighted by the pairs it
 * stands for. Candidate pairs are no sample of a rule's pairs: an over-sized block is compared
 * through a window over records sorted by name, birth year and place, so the non-matches among
 * them agree on those fields far more often than random pairs do (their u); the more records,
 * the more blocks are over-sized, and EM took that likeness for matches (at a million records
 * it found half the pairs sharing a given name and birth year to be matches).
 */
export function rulePairs(
  keyCodes: readonly Int32Array[],
  sourceOf: Int32Array,
  linkOnly: boolean,
  budget: number,
  seed: number,
): WeightedPairs {
  const n = sourceOf.length;
  const BITS = INDEX_BITS;
  const keyed = new Float64Array(n);
  const codesOf = new Int32Array(keyCodes.length);
  let count = 0;
  records: for (let i = 0; i < n; i++) {
    for (let k = 0; k < keyCodes.length; k++) {
      codesOf[k] = keyCodes[k][i];
      if (codesOf[k] === 0) continue records;
    }
    keyed[count++] = hashCodes(codesOf, codesOf.length) * BITS + i;
  }
  const sorted = keyed.subarray(0, count).sort();
  const record = (x: number) => sorted[x] % BITS;
  // Blocks as [start, end) of sorted; a hash collision only merges two blocks, and pairs are
  // checked against the keys themselves below.
  const starts: number[] = [];
  let total = 0;
  for (let x = 0; x < count;) {
    const start = x;
    const block = Math.floor(sorted[x] / BITS);
    while (x < count && Math.floor(sorted[x] / BITS) === block) x++;
    const size = x - start;
    if (size < 2) continue;
    starts.push(start, x);
    total += (size * (size - 1)) / 2;
  }
  const rate = total > budget ? budget / total : 1;
  const out = new PairBuffer(Math.min(Math.ceil(Math.min(total, budget) * 1.1) + 16, 1 << 24));
  const rng = xoroshiro128plus(seed);
  const uniform = () => unsafeUniformIntDistribution(0, 0x3fffffff, rng) / 0x40000000;
  const agree = (a: number, b: number) =>
    satisfiesKeys(keyCodes, a, b) && !(linkOnly && sourceOf[a] === sourceOf[b]);
  for (let s = 0; s < starts.length; s += 2) {
    const start = starts[s];
    const end = starts[s + 1];
    const size = end - start;
    if (rate === 1) {
      for (let i = start; i < end; i++) {
        for (let j = i + 1; j < end; j++) {
          const a = record(i);
          const b = record(j);
          if (agree(a, b)) out.push(a, b);
        }
      }
      continue;
    }
    // Pairs drawn with replacement: floor(expected) and one more with the remainder's chance.
    const expected = ((size * (size - 1)) / 2) * rate;
    let draws = Math.floor(expected) + (uniform() < expected - Math.floor(expected) ? 1 : 0);
    while (draws-- > 0) {
      const i = start + unsafeUniformIntDistribution(0, size - 1, rng);
      let j = start + unsafeUniformIntDistribution(0, size - 2, rng);
      if (j >= i) j++;
      const a = record(i);
      const b = record(j);
      if (agree(a, b)) out.push(Math.min(a, b), Math.max(a, b));
    }
  }
  const weight = new Float64Array(out.count).fill(1 / rate);
  const pairs = out.toPairs();
  return { ...pairs, weight };
}

/**
 * Sessions set aside because their match class (lambda x pairs) is larger than all the matches
 * the run expects with the other sessions: such a session has taken something else for matches.
 * `expected` gives the expected matches with the sessions flagged in `setAside` left out; the
 * largest excess goes first, then the rest are judged again; the last session is always kept.
 */
export function setAsideRunaways(
  lambdas: readonly number[],
  pairs: readonly number[],
  expected: (setAside: readonly boolean[]) => number,
): boolean[] {
  const setAside = lambdas.map(() => false);
  let matches = expected(setAside);
  for (;;) {
    let worst = -1;
    let worstExcess = 1;
    let remaining = 0;
    lambdas.forEach((lambda, i) => {
      if (setAside[i]) return;
      remaining++;
      const excess = (lambda * pairs[i]) / Math.max(matches, 1);
      if (excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    });
    if (worst < 0 || remaining <= 1) return setAside;
    setAside[worst] = true;
    matches = expected(setAside);
  }
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
    /** Set aside: its match class held more pairs than the run's expected matches. */
    rejected?: boolean;
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

  // One pass over the candidates: pattern counts by the first EM rule each pair satisfies
  // (row 0: none), each EM rule's histogram, and the deterministic pairs. Patterns get dense ids
  // so that the counts are typed arrays, not maps looked up per pair.
  const ids = new PatternIndex();
  const rules = emRules.length;
  let byFirst = new Float64Array(1024 * (rules + 1));
  let width = 1024;
  let deterministic = 0;
  // Large runs train on every k-th candidate pair (counts scaled back): EM needs the shape of
  // the pattern counts, not every pair.
  const stride = Math.max(1, Math.ceil(pairs.count / settings.training.maxPairs));
  for (let p = 0; p < pairs.count; p += stride) {
    const a = pairs.left[p];
    const b = pairs.right[p];
    const id = ids.id(patterns[p]);
    if (id >= width) {
      const grow = (old: Float64Array, rows: number) => {
        const next = new Float64Array(width * 2 * rows);
        for (let r = 0; r < rows; r++)
          next.set(old.subarray(r * width, (r + 1) * width), r * width * 2);
        return next;
      };
      byFirst = grow(byFirst, rules + 1);
      width *= 2;
    }
    let first = -1;
    for (let r = 0; r < rules && first < 0; r++) if (satisfiesKeys(emCodes[r], a, b)) first = r;
    byFirst[(first + 1) * width + id] += stride;
    if (deterministicCodes.some((codes) => satisfiesKeys(codes, a, b))) deterministic += stride;
  }
  const histogram = (counts: Float64Array, row: number): Histogram => {
    const h: Histogram = new Map();
    for (let id = 0; id < ids.size; id++) {
      const c = counts[row * width + id];
      if (c > 0) h.set(ids.pattern(id), c);
    }
    return h;
  };
  // Each session trains on the pairs its rule finds among all records (see rulePairs), not on
  // the candidate pairs.
  const histograms: Histogram[] = emCodes.map((codes, r) => {
    const sample = rulePairs(
      codes,
      features.table.sourceOf,
      linkOnly,
      settings.training.sessionPairs,
      seed + 1 + r,
    );
    const found = new Uint32Array(sample.count);
    fillPatterns(comparators, codec.strides, sample.left, sample.right, found, 0, sample.count);
    const h: Histogram = new Map();
    for (let p = 0; p < sample.count; p++)
      h.set(found[p], (h.get(found[p]) ?? 0) + sample.weight[p]);
    return h;
  });

  const sessions: TrainingReport['sessions'] = [];
  const fits: Array<
    | { lambda: number; m: number[][]; included: boolean[]; pairs: number; session: number }
    | undefined
  > = [];
  emRules.forEach((keys, r) => {
    const biased = new Set(keys.map((k) => Features.blockKeyFeature(k)));
    const included = comparators.map((c) => !biased.has(c.feature));
    const hist = histograms[r];
    let sessionPairs = 0;
    for (const count of hist.values()) sessionPairs += count;
    if (sessionPairs === 0 || !included.some(Boolean)) return;
    const result = expectationMaximisation(hist, codec, u, start, included, settings.training);
    fits[r] = {
      lambda: result.lambda,
      m: result.m,
      included,
      pairs: sessionPairs,
      session: sessions.length,
    };
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
  let fallback: { lambda: number; m: number[][] } | undefined;
  if (sessions.length === 0 && pairs.count > 0) {
    const all: Histogram = new Map();
    for (let r = -1; r < rules; r++) {
      for (const [pattern, c] of histogram(byFirst, r + 1))
        all.set(pattern, (all.get(pattern) ?? 0) + c);
    }
    const included = comparators.map(() => true);
    const result = expectationMaximisation(all, codec, u, start, included, settings.training);
    fallback = { lambda: result.lambda, m: result.m };
    sessions.push({
      rule: 'all candidate pairs',
      pairs: pairs.count,
      lambda: result.lambda,
      iterations: result.iterations,
      converged: result.converged,
      trained: comparators.map((c) => c.spec.name),
    });
  }

  // m: the mean of the accepted sessions' m, per comparison.
  const trainedCount = new Int32Array(comparators.length);
  const averageM = (): number[][] => {
    if (fallback) {
      trainedCount.fill(1);
      return fallback.m;
    }
    const sums = comparators.map((c) => new Float64Array(c.levelCount));
    trainedCount.fill(0);
    for (const fit of fits) {
      if (!fit || sessions[fit.session].rejected) continue;
      comparators.forEach((_, c) => {
        if (!fit.included[c]) return;
        trainedCount[c]++;
        fit.m[c].forEach((x, l) => (sums[c][l] += x));
      });
    }
    return comparators.map((_, k) =>
      trainedCount[k] > 0 ? Array.from(sums[k], (x) => x / trainedCount[k]) : start[k],
    );
  };

  // Matches expected among the candidates. A pair some accepted EM rule covers gets its
  // posterior under that session's model (which leaves out what the rule's keys bias); the
  // others, under the final model with the prior those sessions imply.
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
  const accepted = (r: number) => {
    const fit = fits[r];
    return fit && !sessions[fit.session].rejected ? fit : undefined;
  };
  const expectMatches = (mm: number[][]): number => {
    if (fallback) return fallback.lambda * pairs.count;
    let covered = 0;
    for (let r = 0; r < rules; r++) {
      const fit = accepted(r);
      if (!fit) continue;
      for (let id = 0; id < ids.size; id++) {
        const c = byFirst[(r + 1) * width + id];
        if (c > 0) covered += c * posterior(fit.lambda, fit.m, fit.included, ids.pattern(id));
      }
    }
    const coveredPrior = Math.min(Math.max(covered / Math.max(comparable, 1), 1e-12), 0.5);
    let uncovered = 0;
    for (let r = -1; r < rules; r++) {
      if (r >= 0 && accepted(r)) continue;
      for (let id = 0; id < ids.size; id++) {
        const c = byFirst[(r + 1) * width + id];
        if (c > 0) uncovered += c * posterior(coveredPrior, mm, undefined, ids.pattern(id));
      }
    }
    return covered + uncovered;
  };

  // A session cannot hold more matches than the whole run: one whose match class is larger
  // than all the matches the others expect among the candidates has taken something else for
  // matches (namesakes from one county, who share a crossing point and a place in China because
  // places go together, not because they are one woman). Such sessions are set aside, the
  // largest excess first, until every remaining one fits; the last session is always kept.
  let m = averageM();
  let expectedMatches = expectMatches(m);
  const trainedRules = fits.flatMap((fit, r) => (fit ? [r] : []));
  setAsideRunaways(
    trainedRules.map((r) => (fits[r] as { lambda: number }).lambda),
    trainedRules.map((r) => (fits[r] as { pairs: number }).pairs),
    (setAside) => {
      setAside.forEach((out, i) => {
        const fit = fits[trainedRules[i]] as { session: number };
        sessions[fit.session].rejected = out || undefined;
      });
      m = averageM();
      expectedMatches = expectMatches(m);
      return expectedMatches;
    },
  );

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

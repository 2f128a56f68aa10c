import { describe, expect, it } from 'vitest';
import { clusterRecords, type ScoredPairs } from './cluster';
import { pairKey, type ResolvedDecisions } from './decisions';

function scored(edges: Array<[number, number, number]>): ScoredPairs {
  return {
    left: Int32Array.from(edges.map((e) => e[0])),
    right: Int32Array.from(edges.map((e) => e[1])),
    weight: Float64Array.from(edges.map((e) => e[2])),
    count: edges.length,
  };
}

/** Weights of every pair, scored or not (what the model would say of any two records). */
function weights(all: Record<string, number>, fallback = -20) {
  return (a: number, b: number) => all[`${Math.min(a, b)}-${Math.max(a, b)}`] ?? fallback;
}

function decisions(
  same: Array<[number, number]>,
  notSame: Array<[number, number]>,
): ResolvedDecisions {
  const byPair = new Map<number, 'same' | 'not_same'>();
  for (const [a, b] of same) byPair.set(pairKey(a, b), 'same');
  for (const [a, b] of notSame) byPair.set(pairKey(a, b), 'not_same');
  return { same, notSame, unsure: [], byPair, unmatched: 0 };
}

const options = { thresholdWeight: 3, chainGuardBits: 5, maxClusterSize: 60 };

describe('clusterRecords', () => {
  it('joins records linked at or above the threshold, transitively', () => {
    const c = clusterRecords(
      5,
      scored([
        [0, 1, 10],
        [1, 2, 8],
        [3, 4, 2],
      ]),
      {
        ...options,
        weightOf: weights({ '0-2': 6 }),
      },
    );
    expect(c.clusterOf[0]).toBe(c.clusterOf[1]);
    expect(c.clusterOf[1]).toBe(c.clusterOf[2]);
    expect(c.clusterOf[3]).not.toBe(c.clusterOf[4]);
    expect(c.clusterCount).toBe(3);
    expect(Array.from(c.clusterOf)).toEqual([0, 0, 0, 1, 2]);
  });

  it('splits a chain whose ends score far below the threshold, at its weakest link', () => {
    // 0~1 strong, 1~2 barely above the threshold, and 0 and 2 clearly different people.
    const c = clusterRecords(
      3,
      scored([
        [0, 1, 20],
        [1, 2, 4],
      ]),
      { ...options, weightOf: weights({ '0-2': -15 }) },
    );
    expect(c.clusterOf[0]).toBe(c.clusterOf[1]);
    expect(c.clusterOf[2]).not.toBe(c.clusterOf[1]);
    expect(c.cuts).toEqual([{ left: 1, right: 2, weight: 4, reason: 'chain_guard' }]);
  });

  it('keeps a chain whose ends are only a little below the threshold', () => {
    const c = clusterRecords(
      3,
      scored([
        [0, 1, 20],
        [1, 2, 4],
      ]),
      { ...options, weightOf: weights({ '0-2': 0 }) },
    );
    expect(new Set(c.clusterOf).size).toBe(1);
    expect(c.cuts).toEqual([]);
  });

  it('splits a long chain into its parts', () => {
    // Two tight groups {0,1,2} and {3,4,5} joined by one link 2~3.
    const edges: Array<[number, number, number]> = [
      [0, 1, 15],
      [1, 2, 15],
      [0, 2, 15],
      [3, 4, 15],
      [4, 5, 15],
      [3, 5, 15],
      [2, 3, 3.5],
    ];
    const all: Record<string, number> = {};
    for (const [a, b, w] of edges) all[`${a}-${b}`] = w;
    const c = clusterRecords(6, scored(edges), { ...options, weightOf: weights(all) });
    expect(c.clusterOf[0]).toBe(c.clusterOf[2]);
    expect(c.clusterOf[3]).toBe(c.clusterOf[5]);
    expect(c.clusterOf[2]).not.toBe(c.clusterOf[3]);
  });

  it('lets a not_same decision cut a cluster and a same decision join one', () => {
    const c = clusterRecords(
      4,
      scored([
        [0, 1, 20],
        [2, 3, 1],
      ]),
      {
        ...options,
        weightOf: weights({}),
        decisions: decisions([[2, 3]], [[0, 1]]),
      },
    );
    expect(c.clusterOf[0]).not.toBe(c.clusterOf[1]);
    expect(c.clusterOf[2]).toBe(c.clusterOf[3]);
  });

  it('does not cut links reviewers said are the same person, whatever the model says', () => {
    const c = clusterRecords(3, scored([]), {
      ...options,
      weightOf: weights({ '0-2': -30 }),
      decisions: decisions(
        [
          [0, 1],
          [1, 2],
        ],
        [],
      ),
    });
    expect(new Set(c.clusterOf).size).toBe(1);
  });

  it('cuts clusters larger than maxClusterSize at their weakest links', () => {
    const edges: Array<[number, number, number]> = [];
    for (let i = 0; i + 1 < 10; i++) edges.push([i, i + 1, i === 4 ? 3.1 : 12]);
    const c = clusterRecords(10, scored(edges), {
      ...options,
      maxClusterSize: 6,
      weightOf: weights({}, 10),
    });
    expect(c.clusterOf[4]).not.toBe(c.clusterOf[5]);
    expect(c.cuts.some((cut) => cut.reason === 'too_large')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluateClusters } from './evaluate';

describe('evaluateClusters', () => {
  it('scores pairs, records (B-cubed) and whole clusters against the truth', () => {
    // Truth: {0,1,2} {3,4} {5}; predicted: {0,1} {2,3,4} {5}.
    const report = evaluateClusters(
      Int32Array.from([0, 0, 1, 1, 1, 2]),
      Int32Array.from([7, 7, 7, 8, 8, 9]),
    );
    // Predicted pairs 0-1, 2-3, 2-4, 3-4; true pairs 0-1, 0-2, 1-2, 3-4; common 0-1, 3-4.
    expect(report.pairwise).toEqual({
      truePositives: 2,
      predicted: 4,
      actual: 4,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
    expect(report.clusters).toBe(3);
    expect(report.entities).toBe(3);
    expect(report.exactClusters).toBe(1);
    expect(report.exactClusterShare).toBeCloseTo(1 / 3, 12);
    // B-cubed precision: (1 + 1 + 1/3 + 2/3 + 2/3 + 1) / 6; recall: (2/3 + 2/3 + 1/3 + 1 + 1 + 1) / 6.
    expect(report.bcubed.precision).toBeCloseTo((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3 + 1) / 6, 12);
    expect(report.bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1 + 1) / 6, 12);
  });

  it('is perfect for a perfect clustering and treats unlabelled records as their own entities', () => {
    const report = evaluateClusters(Int32Array.from([4, 4, 5, 6]), Int32Array.from([1, 1, -1, -1]));
    expect(report.pairwise.f1).toBe(1);
    expect(report.bcubed.f1).toBe(1);
    expect(report.unlabelled).toBe(2);
    expect(report.exactClusterShare).toBe(1);
  });
});

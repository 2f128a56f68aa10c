import { describe, expect, it } from 'vitest';
import { makeComparator } from './comparisons';
import { Features } from './features';
import { meanFrequency, ScoringModel } from './model';
import { tableFromRows } from './records';
import { parseSettings, type LinkageSettings } from './settings';

describe('term-frequency adjustment', () => {
  it('takes the mean frequency of a value as the typical one (the sum of squares)', () => {
    // Values with frequencies 1/2, 1/4, 1/4 over four records; one record has none.
    const f = Float64Array.from([0.5, 0.5, 0.25, 0.25, 0]);
    expect(meanFrequency(f)).toBeCloseTo(0.5 * 0.5 + 0.25 * 0.25 + 0.25 * 0.25, 12);
    expect(meanFrequency(new Float64Array(3))).toBe(1);
  });

  // Six surnames over eight records: 김 four times, 박 twice, 최 and 오 once each.
  const surnames = ['김', '김', '金', '김', '박', '朴', '최', '오'];
  const table = tableFromRows(
    surnames.map((family_name, i) => ({ source: 'a', record_id: String(i), family_name })),
  );
  const settings = (u: number[]): LinkageSettings =>
    parseSettings({
      blockingRules: [{ name: 'family', keys: ['family'] }],
      comparisons: [
        {
          kind: 'name',
          name: 'family_name',
          part: 'family',
          levels: [{ type: 'exact' }],
          tf: true,
          m: [0.9, 0.1],
          u,
        },
      ],
      training: { emRules: [['family']], deterministicRules: [['family']] },
      prior: 0.01,
    });
  const model = (u: number[]) => {
    const features = new Features(table);
    const comparators = settings(u).comparisons.map((spec) => makeComparator(spec, features));
    return new ScoringModel(settings(u), comparators, table.size);
  };

  it('adjusts by log2(typical frequency / frequency of the value), whatever the level u', () => {
    const typical = (4 / 8) ** 2 + (2 / 8) ** 2 + 2 * (1 / 8) ** 2;
    for (const u of [
      [0.34, 0.66],
      [0.05, 0.95],
    ]) {
      const m = model(u);
      // 김 and 金: frequency 1/2; 박 and 朴: 1/4.
      const common = m.explain(0, 2).fields[0];
      expect(common.level).toBe('exact');
      expect(common.tfAdjustment).toBeCloseTo(Math.log2(typical / 0.5), 9);
      const rarer = m.explain(4, 5).fields[0];
      expect(rarer.tfAdjustment).toBeCloseTo(Math.log2(typical / 0.25), 9);
      // The scoring loop's lookup tables agree with the explanation.
      expect(m.matchWeight(4, 5)).toBeCloseTo(m.explain(4, 5).matchWeight, 9);
    }
    // A rare value weighs more than a common one by log2 of their frequencies' ratio.
    const m = model([0.34, 0.66]);
    expect(m.explain(4, 5).matchWeight - m.explain(0, 2).matchWeight).toBeCloseTo(1, 9);
  });
});

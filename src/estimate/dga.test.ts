import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../test/datasets';
import { dgaModelAveraging, enumerateDecomposableGraphs } from './dga';
import { loadReferenceFile, referenceTable } from './reference-data';

const file = loadReferenceFile(datasetPath('mse/datasets.json'));

interface DgaReference {
  median: number;
  q025: number;
  q975: number;
  mode: number;
  posterior_mean: number;
  top_model_prob: number;
  n_models: number;
  grid: [number, number];
}

describe('decomposable graphical model averaging against dga 2.0.2', () => {
  it('enumerates the decomposable graphs dga ships (graphs3, graphs4, graphs5)', () => {
    expect(enumerateDecomposableGraphs(3)).toHaveLength(8);
    expect(enumerateDecomposableGraphs(4)).toHaveLength(61);
    expect(enumerateDecomposableGraphs(5)).toHaveLength(822);
    // The 4-cycle is not decomposable; the complete graph has one clique.
    const g4 = enumerateDecomposableGraphs(4);
    expect(g4.every((g) => g.cliques.length >= 1)).toBe(true);
    const complete = g4.find((g) => g.edges === 0b111111)!;
    expect(complete.cliques).toEqual([0b1111]);
    expect(g4.some((g) => g.edges === 0b011110)).toBe(false);
  });

  const cases = file.datasets.filter((d) => d.computed_reference_outputs.dga);
  it.each(cases.map((d) => [d.id, d] as const))(
    '%s: posterior of N and top model as dga',
    (_id, ds) => {
      const ref = ds.computed_reference_outputs.dga as DgaReference;
      const table = referenceTable(ds);
      const res = dgaModelAveraging(table, {
        delta: 2 ** -table.lists.length,
        maxMissing: ref.grid[1] - ref.grid[0],
      });
      expect(res.graphs).toHaveLength(ref.n_models);
      expect(res.median).toBe(ref.median);
      expect(res.ci95).toEqual([ref.q025, ref.q975]);
      expect(res.mode).toBe(ref.mode);
      expect(Math.abs(res.mean - ref.posterior_mean) / ref.posterior_mean).toBeLessThan(1e-6);
      expect(
        Math.abs(res.topModel.probability - ref.top_model_prob) / ref.top_model_prob,
      ).toBeLessThan(1e-6);
      let total = 0;
      for (const p of res.posterior) total += p;
      expect(total).toBeCloseTo(1, 12);
    },
  );

  it('rejects tables it cannot average over', () => {
    const two = referenceTable(file.datasets.find((d) => d.id === 'seber_1982_p107')!);
    expect(() => dgaModelAveraging(two)).toThrow(/3 to 5 lists/);
  });
});

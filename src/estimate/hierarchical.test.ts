import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../test/datasets';
import {
  closureTerms,
  enumerateHierarchicalModels,
  fitHierarchicalModel,
  modelName,
  neighbourModels,
  parseModelName,
  searchHierarchicalModels,
} from './hierarchical';
import { loadReferenceFile, referenceTable } from './reference-data';
import { tableFromPatterns } from './table';

const file = loadReferenceFile(datasetPath('mse/datasets.json'));

describe('hierarchical model notation', () => {
  it('parses and names models as Rcapture and MultipleSystemsEstimation write them', () => {
    const m = parseModelName('[123,14,34]', 4);
    expect(modelName(m, 4)).toBe('[123,14,34]');
    // Lists left out get their main effect; generators are reduced to maximal terms.
    expect(modelName(parseModelName('[12,1]', 3), 3)).toBe('[12,3]');
    expect(modelName(parseModelName('[34,12]', 4), 4)).toBe('[12,34]');
    expect(closureTerms(parseModelName('[123]', 3), 3)).toEqual([1, 2, 4, 3, 5, 6, 7]);
    expect(() => parseModelName('[15]', 4)).toThrow(/list 5 does not exist/);
    expect(() => parseModelName('12,13', 3)).toThrow(/must look like/);
  });

  it('enumerates every hierarchical model with all main effects', () => {
    // Simplicial complexes on t labelled vertices, minus the saturated model: 8, 113, 6893.
    expect(enumerateHierarchicalModels(3, 2)).toHaveLength(8);
    expect(enumerateHierarchicalModels(4, 3)).toHaveLength(113);
    expect(enumerateHierarchicalModels(5, 4)).toHaveLength(6893);
    expect(enumerateHierarchicalModels(6, 2)).toHaveLength(2 ** 15);
    const names = enumerateHierarchicalModels(4, 3).map((m) => modelName(m, 4));
    expect(new Set(names).size).toBe(113);
  });

  it('neighbours add one admissible term or drop one generator', () => {
    const nb = neighbourModels(parseModelName('[12,3]', 3), 3, 2).map((m) => modelName(m, 3));
    expect(nb.sort()).toEqual(['[1,2,3]', '[12,13]', '[12,23]'].sort());
  });
});

describe('model search against MultipleSystemsEstimation (BIC, with the existence check)', () => {
  it('selects the same model, estimate and BIC on every reference dataset', () => {
    let checked = 0;
    for (const ds of file.datasets) {
      const refs = ds.computed_reference_outputs.MultipleSystemsEstimation_bic_point as
        Record<string, { popest: number; model: string; BIC: number }> | undefined;
      if (!refs) continue;
      const table = referenceTable(ds);
      for (const [key, ref] of Object.entries(refs)) {
        const maxorder = Number(key.replace('maxorder_', ''));
        const best = searchHierarchicalModels(table, { maxorder, strategy: 'exhaustive' })
          .ranked[0];
        expect(best.model, `${ds.id} ${key}`).toBe(ref.model);
        expect(
          Math.abs(best.abundance - ref.popest) / ref.popest,
          `${ds.id} ${key} estimate`,
        ).toBeLessThan(1e-6);
        expect(Math.abs(best.bic - ref.BIC) / ref.BIC, `${ds.id} ${key} BIC`).toBeLessThan(1e-6);
        checked++;
      }
    }
    expect(checked).toBe(25);
  });

  it('sets aside models whose estimate does not exist (Artificial_3: no one on lists 1 and 3 together)', () => {
    const ds = file.datasets.find((d) => d.id === 'Artificial_3')!;
    const table = referenceTable(ds);
    const saturated2 = fitHierarchicalModel(table, '[12,13,23]');
    expect(saturated2.identifiable && saturated2.exists).toBe(false);
    const ok = fitHierarchicalModel(table, '[13,2]');
    // nstar(13) = 0: the 1-3 interaction is minus infinity and its cells are dropped.
    expect(ok.minusInfinityTerms).toEqual([0b101]);
    expect(Number.isFinite(ok.abundance)).toBe(true);
  });

  it('downhill search finds the exhaustive optimum on Kosovo and runs on six lists', () => {
    const kosovo = referenceTable(file.datasets.find((d) => d.id === 'kosovo')!);
    const down = searchHierarchicalModels(kosovo, { maxorder: 3, strategy: 'downhill' });
    expect(down.ranked[0].model).toBe('[123,14,34]');
    expect(down.examined).toBeLessThan(113);
    const uk = referenceTable(file.datasets.find((d) => d.id === 'UKdat')!);
    const res = searchHierarchicalModels(uk);
    expect(res.strategy).toBe('downhill');
    expect(res.ranked[0].abundance).toBeGreaterThan(uk.counts.reduce((a, b) => a + b, 0));
  });

  it('a table with two disjoint lists has no finite estimate under independence', () => {
    const table = tableFromPatterns(
      ['A', 'B'],
      [
        { pattern: '10', count: 30 },
        { pattern: '01', count: 20 },
      ],
    );
    const fit = fitHierarchicalModel(table, '[1,2]');
    // Nobody on both lists: the estimate of those missed by both would be infinite.
    expect(fit.exists).toBe(false);
    expect(fit.abundance).toBeNaN();
  });
});

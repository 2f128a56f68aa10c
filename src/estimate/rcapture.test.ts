import { afterAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../test/datasets';
import {
  cellLayout,
  fitClosedp,
  fitClosedp0,
  fitCustomModel,
  fitFrequencyModel,
  fitFrequencyNormal,
  type LoglinearFit,
  type ProfileInterval,
} from './loglinear';
import { enumerateHierarchicalModels, fitHierarchicalRcapture } from './hierarchical';
import {
  loadReferenceFile,
  referenceFrequencies,
  referenceTable,
  type ReferenceFit,
} from './reference-data';

const file = loadReferenceFile(datasetPath('mse/datasets.json'));
const TOL = 1e-6;
let comparisons = 0;
const STATS = ['abundance', 'stderr', 'deviance', 'df', 'AIC', 'BIC'] as const;

function ours(
  fit:
    | LoglinearFit
    | { abundance: number; stderr: number; deviance: number; df: number; aic: number; bic: number },
  key: (typeof STATS)[number],
): number {
  switch (key) {
    case 'AIC':
      return fit.aic;
    case 'BIC':
      return fit.bic;
    default:
      return fit[key];
  }
}

/** Every statistic within 1e-6 relative; deviances of saturated fits (about 1e-10) within 1e-6 absolute. */
function expectMatches(
  label: string,
  fit: Parameters<typeof ours>[0] & { infoFit: number },
  ref: ReferenceFit,
): void {
  for (const key of STATS) {
    const a = ours(fit, key);
    const b = ref[key];
    comparisons++;
    const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    const ok = rel <= TOL || (key === 'deviance' && Math.abs(a - b) <= TOL);
    expect(
      ok,
      `${label} ${key}: ours ${a}, R ${b} (relative difference ${rel.toExponential(2)})`,
    ).toBe(true);
  }
  comparisons++;
  expect(fit.infoFit, `${label} infoFit`).toBe(ref.infoFit);
}

function expectProfile(
  label: string,
  profile: ProfileInterval | null,
  ref: NonNullable<ReferenceFit['profileCI_multinomial']>,
): void {
  expect(profile, `${label}: profile interval`).not.toBeNull();
  const p = profile!;
  comparisons++;
  expect(p.infoCI, `${label} infoCI`).toBe(ref.infoCI);
  const lower = ref.lower ?? ref.infCL!;
  const upper = ref.upper ?? ref.supCL!;
  comparisons++;
  expect(
    Math.abs(p.lower - lower) / lower,
    `${label} lower bound ${p.lower} vs ${lower}`,
  ).toBeLessThanOrEqual(TOL);
  comparisons++;
  if (typeof upper === 'string') {
    // Rcapture prints ">3N" when the bound lies beyond its search limit fmaxSupCL * N.
    expect(p.upper).toBe(Infinity);
    expect(upper.startsWith('>')).toBe(true);
    const limit = Number(upper.slice(1));
    // R prints the limit rounded to one decimal.
    expect(Math.abs(p.upperSearchLimit - limit), `${label} upper search limit`).toBeLessThanOrEqual(
      0.05 + TOL * limit,
    );
  } else {
    expect(
      Math.abs(p.upper - upper) / upper,
      `${label} upper bound ${p.upper} vs ${upper}`,
    ).toBeLessThanOrEqual(TOL);
  }
  // The profile maximum is only defined when the likelihood is not flat towards infinity; with an
  // unbounded interval (infoCI 6/56) both R and we stop at an arbitrary point of a flat ridge.
  if (ref.infoCI === 0) {
    comparisons++;
    expect(
      Math.abs(p.abundance - ref.abundance) / ref.abundance,
      `${label} profile maximum`,
    ).toBeLessThanOrEqual(TOL);
  }
}

function allTerms(t: number, order: number): number[][] {
  const terms: number[][] = [];
  const rec = (k: number, start: number, acc: number[]) => {
    if (acc.length === k) {
      terms.push(acc);
      return;
    }
    for (let i = start; i < t; i++) rec(k, i + 1, [...acc, i]);
  };
  for (let k = 1; k <= order; k++) rec(k, 0, []);
  return terms;
}

describe('log-linear models against every Rcapture 1.4-4 reference output', () => {
  afterAll(() => {
    console.log(`Rcapture reference comparisons made: ${comparisons}`);
  });

  it('closedp.t: twelve models on every dataset with capture patterns', () => {
    let datasets = 0;
    for (const ds of file.datasets) {
      const refs = ds.computed_reference_outputs.Rcapture_closedp_t as ReferenceFit[] | undefined;
      if (!refs || refs.length === 0) continue;
      datasets++;
      const fits = fitClosedp(referenceTable(ds));
      expect(fits.map((f) => f.model)).toEqual(refs.map((r) => r.model));
      refs.forEach((ref, i) => expectMatches(`${ds.id} ${ref.model}`, fits[i], ref));
    }
    expect(datasets).toBe(23);
  });

  it('closedpCI.t: all two-, three- and four-way interaction models with profile intervals', () => {
    const keys = [
      ['Rcapture_closedpCI_all_two_way', 2],
      ['Rcapture_closedpCI_all_three_way', 3],
      ['Rcapture_closedpCI_all_four_way', 4],
    ] as const;
    let fitted = 0;
    for (const ds of file.datasets) {
      for (const [key, order] of keys) {
        const ref = ds.computed_reference_outputs[key] as ReferenceFit | undefined;
        if (!ref) continue;
        const table = referenceTable(ds);
        const res = fitCustomModel(table, {
          name: ref.formula!,
          terms: allTerms(table.lists.length, order),
        });
        expectMatches(`${ds.id} ${key}`, res.fit, ref);
        expectProfile(`${ds.id} ${key}`, res.profile, ref.profileCI_multinomial!);
        fitted++;
      }
    }
    expect(fitted).toBeGreaterThanOrEqual(30);
  });

  it('closedpCI.t: the documentation examples (hare, HIV)', () => {
    const hare = file.datasets.find((d) => d.id === 'hare')!;
    const hareTable = referenceTable(hare);
    const ex = hare.computed_reference_outputs.Rcapture_doc_examples as Record<
      string,
      ReferenceFit
    >;
    const main6 = allTerms(6, 1);
    const mth = fitCustomModel(hareTable, {
      name: 'Mth Poisson2',
      terms: main6,
      heterogeneity: { kind: 'Poisson', theta: 2 },
    });
    expectMatches('hare Mth Poisson2', mth.fit, ex.MthPoisson2_CI);
    expectProfile('hare Mth Poisson2', mth.profile, ex.MthPoisson2_CI.profileCI_multinomial!);
    // An indicator for the history 111111 removes that cell from the fit.
    const all6 = Float64Array.from(cellLayout(hareTable).nbcap, (k) => (k === 6 ? 1 : 0));
    const without = fitCustomModel(hareTable, {
      name: 'Mt without 111111',
      terms: main6,
      extraColumns: [all6],
    });
    expectMatches('hare Mt without 111111', without.fit, ex.Mt_without_111111);
    expectProfile(
      'hare Mt without 111111',
      without.profile,
      ex.Mt_without_111111.profileCI_multinomial!,
    );

    const hiv = file.datasets.find((d) => d.id === 'HIV_rome')!;
    const hivTable = referenceTable(hiv);
    const ex2 = hiv.computed_reference_outputs.Rcapture_doc_examples as Record<
      string,
      ReferenceFit
    >;
    const inter12 = fitCustomModel(hivTable, {
      name: 'Mt interaction 1,2',
      terms: [...allTerms(4, 1), [0, 1]],
    });
    expectMatches('HIV Mt interaction 1,2', inter12.fit, ex2.Mt_interaction_12);
    expectProfile(
      'HIV Mt interaction 1,2',
      inter12.profile,
      ex2.Mt_interaction_12.profileCI_multinomial!,
    );
    const double = fitCustomModel(hivTable, {
      name: 'Mt double interaction',
      terms: allTerms(4, 2),
    });
    expectMatches('HIV Mt double interaction', double.fit, ex2.Mt_double_interaction);
    expectProfile(
      'HIV Mt double interaction',
      double.profile,
      ex2.Mt_double_interaction.profileCI_multinomial!,
    );
  });

  it('closedpMS.t: the five best hierarchical models with Darroch heterogeneity (lesbian data)', () => {
    const ds = file.datasets.find((d) => d.id === 'lesbian_allegheny')!;
    const table = referenceTable(ds);
    const refs = (
      ds.computed_reference_outputs.Rcapture_closedpMS_t as Record<
        string,
        (ReferenceFit & { model: string })[]
      >
    ).closedpMS_t_Darroch_top5_by_BIC;
    const fits = enumerateHierarchicalModels(4, 3)
      .map(
        (m) =>
          fitHierarchicalRcapture(table, m, {
            heterogeneity: { kind: 'Darroch' },
            profile: false,
            allowMoreParametersThanCells: true,
          }).fit,
      )
      .sort((a, b) => a.bic - b.bic);
    refs.forEach((ref, i) => {
      expect(fits[i].model).toBe(ref.model);
      expectMatches(`lesbian closedpMS ${ref.model}`, fits[i], ref);
    });
  });

  it('closedp.0 and closedpCI.0 on capture frequencies (BBS2001, ill, cbird)', () => {
    let fitted = 0;
    for (const ds of file.datasets.filter((d) => d.frequencies)) {
      const outputs = ds.computed_reference_outputs;
      for (const key of ['closedp_0', 'closedp_0_t0_5']) {
        const refs = outputs[key] as ReferenceFit[] | undefined;
        if (!refs) continue;
        // t0 is not stored; M0 has two parameters, so t0 = df + 2 (5 for the t0_5 run).
        const t0 = key === 'closedp_0_t0_5' ? 5 : refs[0].df + 2;
        const fits = fitClosedp0(referenceFrequencies(ds, t0));
        expect(fits.map((f) => f.model)).toEqual(refs.map((r) => r.model));
        refs.forEach((ref, i) => expectMatches(`${ds.id} ${key} ${ref.model}`, fits[i], ref));
        fitted++;
      }
      for (const key of ['gamma35_CI', 'chao_CI', 'LB_CI']) {
        const ref = outputs[key] as ReferenceFit | undefined;
        if (!ref) continue;
        const h =
          key === 'gamma35_CI'
            ? ({ kind: 'Gamma', theta: 3.5 } as const)
            : ({ kind: 'Chao' } as const);
        // The documented BBS2001 example uses t0 = 20 of its 50 occasions.
        const res = fitFrequencyModel(
          referenceFrequencies(ds, ds.id === 'BBS2001' ? 20 : undefined),
          h,
          ref.model!,
        );
        expectMatches(`${ds.id} ${key}`, res.fit, ref);
        expectProfile(`${ds.id} ${key}`, res.profile, ref.profileCI_multinomial!);
        fitted++;
      }
      const normal = outputs.normal as ReferenceFit | undefined;
      if (normal) {
        const fit = fitFrequencyNormal(referenceFrequencies(ds));
        expectMatches(`${ds.id} Mh Normal`, fit, normal);
        comparisons += 2;
        expect(Math.abs(fit.lower - normal.infCL!) / normal.infCL!).toBeLessThanOrEqual(TOL);
        expect(Math.abs(fit.upper - normal.supCL!) / normal.supCL!).toBeLessThanOrEqual(TOL);
        fitted++;
      }
    }
    expect(fitted).toBe(8);
  });
});

import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../test/datasets';
import { estimateFromHistories, estimateTable, reportToJson } from './estimate';
import { loadReferenceFile, referenceTable } from './reference-data';
import { estimateStrata, strataTimelinePoints } from './strata';
import { strataTimelineSvg } from './plots';
import {
  CaptureTableError,
  observedTotal,
  parseCaptureCsv,
  parseCaptureJson,
  tableFromHistories,
  tableFromPatterns,
  tableToCsv,
} from './table';

const file = loadReferenceFile(datasetPath('mse/datasets.json'));
const kosovo = referenceTable(file.datasets.find((d) => d.id === 'kosovo')!);
const korea = referenceTable(file.datasets.find((d) => d.id === 'korea_palembang')!);
const quick = { K: 5, burnin: 500, samples: 200, thinning: 2 };

function errorOf(fn: () => unknown): CaptureTableError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CaptureTableError) return err;
    throw err;
  }
  throw new Error('expected a CaptureTableError');
}

describe('capture-history input', () => {
  it('reads the CSV it writes (one 0/1 column per list, then count)', () => {
    const csv = tableToCsv(kosovo);
    expect(csv.split('\n')[0]).toBe('EXH,ABA,OSCE,HRW,count');
    const back = parseCaptureCsv(csv);
    expect(back.lists).toEqual(kosovo.lists);
    expect(Array.from(back.counts)).toEqual(Array.from(kosovo.counts));
    expect(observedTotal(back)).toBe(4400);
  });

  it('adds up repeated patterns and accepts quoted names and a BOM', () => {
    const t = parseCaptureCsv('\uFEFF"List A",B,count\n1,0,3\n1,0,2\n1,1,1\n');
    expect(t.lists).toEqual(['List A', 'B']);
    expect(t.counts[1]).toBe(5);
    expect(t.counts[3]).toBe(1);
  });

  it('names the row and column of bad input', () => {
    let e = errorOf(() => parseCaptureCsv('A,B,count\n1,0,3\n1,2,4\n'));
    expect(e.message).toBe('row 3, column "B": expected 0 or 1');
    expect([e.row, e.column]).toEqual([3, 'B']);
    e = errorOf(() => parseCaptureCsv('A,B,count\n1,0,-3\n'));
    expect(e.message).toMatch(/^row 2, column "count": count must be a non-negative integer/);
    e = errorOf(() => parseCaptureCsv('A,B,count\n1,0,2.5\n'));
    expect(e.row).toBe(2);
    e = errorOf(() => parseCaptureCsv('A,B,count\n1,0\n'));
    expect(e.message).toBe('row 2: expected 3 columns, found 2');
    e = errorOf(() => parseCaptureCsv('A,B\n1,0\n'));
    expect(e.message).toMatch(/row 1: the header needs a "count" column/);
    e = errorOf(() => parseCaptureCsv('A,A,count\n1,0,1\n'));
    expect(e.message).toMatch(/appears twice/);
    e = errorOf(() => parseCaptureCsv('A,B,count\n0,0,5\n'));
    expect(e.message).toMatch(/row 2: a pattern on no list cannot be observed/);
    e = errorOf(() => parseCaptureCsv('A,count\n1,5\n'));
    expect(e.message).toMatch(/at least 2 lists/);
  });

  it('reads the JSON form and rejects malformed entries', () => {
    const t = parseCaptureJson(
      JSON.stringify({
        lists: [{ code: 'A' }, 'B'],
        counts: [
          { pattern: '10', count: 2 },
          { pattern: '11', count: 1 },
        ],
      }),
    );
    expect(t.lists).toEqual(['A', 'B']);
    expect(t.counts[1]).toBe(2);
    expect(() =>
      parseCaptureJson('{"lists":["A","B"],"counts":[{"pattern":"1","count":1}]}'),
    ).toThrow(/entry 1: pattern "1" must be 2 characters/);
    expect(() =>
      parseCaptureJson('{"lists":["A","B"],"counts":[{"pattern":"10","count":"x"}]}'),
    ).toThrow(/counts\[0\]\.count must be a number/);
    expect(() => parseCaptureJson('not json')).toThrow(/not valid JSON/);
  });

  it('tabulates per-person histories and refuses people on no list', () => {
    const t = tableFromHistories(
      ['A', 'B', 'C'],
      [
        [1, 0, 0],
        [true, true, false],
        [1, 0, 0],
      ],
    );
    expect(t.counts[1]).toBe(2);
    expect(t.counts[3]).toBe(1);
    expect(() => tableFromHistories(['A', 'B'], [[0, 0]])).toThrow(/history 1 is on no list/);
    expect(() => tableFromHistories(['A', 'B'], [[1, 2]])).toThrow(
      /history 1, list "B": expected 0 or 1/,
    );
  });
});

describe('estimateTable', () => {
  it('reports the twelve models, the BIC-best hierarchical model, dga and LCMCR on Kosovo', () => {
    const report = estimateTable(kosovo, { lcmcr: quick, seed: 7 });
    expect(report.lists).toEqual(['EXH', 'ABA', 'OSCE', 'HRW']);
    expect(report.observed).toBe(4400);
    // The input travels with the result, so a stored estimate can be reproduced.
    expect(report.counts).toHaveLength(15);
    expect(report.counts[0]).toEqual({ pattern: '1000', count: 1131 });
    expect(report.settings).toEqual({ method: 'all', seed: 7, criterion: 'BIC', profile: true });
    const names = report.models.map((m) => m.model);
    expect(names.slice(0, 12)).toEqual([
      'M0',
      'Mt',
      'Mh Chao (LB)',
      'Mh Poisson2',
      'Mh Darroch',
      'Mh Gamma3.5',
      'Mth Chao (LB)',
      'Mth Poisson2',
      'Mth Darroch',
      'Mth Gamma3.5',
      'Mb',
      'Mbh',
    ]);
    const best = report.models.find((m) => m.model === '[123,14,34]')!;
    expect(best.abundance).toBeCloseTo(10356.5189572518, 6);
    expect(best.ci95![0]).toBeLessThan(best.abundance);
    expect(best.ci95![1]!).toBeGreaterThan(best.abundance);
    expect(best.ciMethod).toBe('profile likelihood');
    expect(report.search!.top[0].model).toBe('[123,14,34]');
    const mt = report.models.find((m) => m.model === 'Mt')!;
    expect(mt.abundance).toBeCloseTo(7394.58666230024, 6);
    expect(mt.assumptions).toMatch(/independently/);
    expect(report.models.find((m) => m.model === 'Mb')!.ciMethod).toBe('log-normal');
    expect(report.models.some((m) => m.method === 'dga')).toBe(true);
    expect(report.lcmcr).toMatchObject({ K: 5, burnin: 500, samples: 200, thinning: 2, seed: 7 });
    expect(report.lcmcr!.ci95[0]).toBeLessThan(report.lcmcr!.median);
    expect(report.selected).not.toBeNull();
    // One JSON object, numbers only where numbers are meant.
    const json = JSON.parse(JSON.stringify(reportToJson(report)));
    expect(json.lcmcrDraws).toBeUndefined();
    expect(Object.keys(json.models[0])).toEqual(
      expect.arrayContaining([
        'method',
        'model',
        'abundance',
        'stderr',
        'deviance',
        'df',
        'aic',
        'bic',
        'ci95',
        'warnings',
      ]),
    );
  });

  it('warns in plain language on a table whose interaction estimates do not exist', () => {
    const art = referenceTable(file.datasets.find((d) => d.id === 'Artificial_3')!);
    const report = estimateTable(art, { method: 'loglinear' });
    expect(report.warnings.join(' ')).toMatch(/nobody in common/);
    const m0 = report.models.find((m) => m.model === 'M0')!;
    expect(m0.infoFit).toBe(1);
    expect(m0.warnings.join(' ')).toMatch(/biased by more than 10%/);
    expect(report.lcmcr).toBeNull();
  });

  it('selects the log-linear model when asked for log-linear only, LCMCR when asked for it', () => {
    const ll = estimateTable(korea, { method: 'loglinear' });
    expect(ll.selected!.method).toBe('loglinear');
    expect(ll.selected!.model).toBe('[12,23]');
    const lc = estimateTable(korea, { method: 'lcmcr', lcmcr: quick });
    expect(lc.models).toHaveLength(0);
    expect(lc.selected!.method).toBe('lcmcr');
  });

  it('never selects the latent-class model with two lists (not identifiable)', () => {
    const seber = referenceTable(file.datasets.find((d) => d.id === 'seber_1982_p107')!);
    const report = estimateTable(seber, { lcmcr: quick });
    expect(report.lcmcr!.warnings.join(' ')).toMatch(/cannot be identified/);
    expect(report.selected!.method).toBe('loglinear');
    // Mt with two lists is the Lincoln-Petersen estimate 948 * 421 / 167.
    expect(report.models.find((m) => m.model === 'Mt')!.abundance).toBeCloseTo(
      (948 * 421) / 167,
      6,
    );
    expect(report.warnings.join(' ')).toMatch(/two lists/);
  });

  it('estimateFromHistories gives the same result as the table it tabulates', () => {
    const histories: number[][] = [];
    for (let m = 1; m < korea.counts.length; m++) {
      for (let c = 0; c < korea.counts[m]; c++)
        histories.push([0, 1, 2].map((j) => (m & (1 << j) ? 1 : 0)));
    }
    const a = estimateFromHistories({ lists: korea.lists, histories }, { method: 'loglinear' });
    const b = estimateTable(korea, { method: 'loglinear' });
    expect(a.models.map((m) => m.abundance)).toEqual(b.models.map((m) => m.abundance));
  });
});

describe('estimateStrata', () => {
  it('reports each stratum and the sum with intervals', () => {
    const kosovoA = tableFromPatterns(
      kosovo.lists,
      Array.from(kosovo.counts)
        .map((c, m) => ({ m, c: Math.round(c * 0.4) }))
        .filter((e) => e.m > 0)
        .map((e) => ({
          pattern: [0, 1, 2, 3].map((j) => (e.m & (1 << j) ? '1' : '0')).join(''),
          count: e.c,
        })),
    );
    const kosovoB = tableFromPatterns(
      kosovo.lists,
      Array.from(kosovo.counts)
        .map((c, m) => ({ m, c: c - Math.round(c * 0.4) }))
        .filter((e) => e.m > 0)
        .map((e) => ({
          pattern: [0, 1, 2, 3].map((j) => (e.m & (1 << j) ? '1' : '0')).join(''),
          count: e.c,
        })),
    );
    const res = estimateStrata(
      [
        { key: '1999-A', table: kosovoA },
        { key: '1999-B', table: kosovoB },
      ],
      { lcmcr: quick, dga: false, seed: 3 },
    );
    expect(res.strata.map((s) => s.key)).toEqual(['1999-A', '1999-B']);
    expect(res.total.observed).toBe(4400);
    const [a, b] = res.strata.map((s) => s.report!);
    const lc = res.total.lcmcr!;
    expect(lc.median).toBeGreaterThan(a.lcmcr!.median);
    expect(lc.ci95[0]).toBeLessThan(a.lcmcr!.median + b.lcmcr!.median);
    expect(lc.ci95[1]).toBeGreaterThan(a.lcmcr!.median + b.lcmcr!.median);
    const ll = res.total.loglinear!;
    const bestA = a.models.find((m) => m.model.startsWith('['))!;
    const bestB = b.models.find((m) => m.model.startsWith('['))!;
    expect(ll.estimate).toBeCloseTo(bestA.abundance + bestB.abundance, 6);
    expect(ll.ci95[0]).toBeLessThan(ll.estimate);
    expect(ll.ci95[1]).toBeGreaterThan(ll.estimate);
    const points = strataTimelinePoints(res, 'lcmcr');
    expect(points.map((p) => [p.label, p.documented, p.estimate])).toEqual([
      ['1999-A', observedTotal(kosovoA), a.lcmcr!.median],
      ['1999-B', observedTotal(kosovoB), b.lcmcr!.median],
    ]);
    expect(strataTimelineSvg({ points })).toContain('1999-B: documented');
  });

  it('keeps going when a stratum cannot be estimated, and says so', () => {
    const empty = tableFromPatterns(['A', 'B', 'C'], []);
    const res = estimateStrata(
      [
        { key: 'ok', table: korea },
        { key: 'empty', table: empty },
      ],
      { method: 'loglinear' },
    );
    expect(res.strata[1].report).toBeNull();
    expect(res.strata[1].error).toMatch(/empty/);
    expect(res.warnings.join(' ')).toMatch(/"empty" could not be estimated/);
    expect(res.total.observed).toBe(123);
    expect(() =>
      estimateStrata([
        { key: 'x', table: korea },
        { key: 'x', table: korea },
      ]),
    ).toThrow(/appears twice/);
  });
});

import { describe, expect, it } from 'vitest';
import prand from 'pure-rand';
import { attackPublication } from './audit';
import { requirementFor, suppressTables } from './suppress';
import { roundTables } from './round';
import {
  linkTables,
  publishedCells,
  tabulate,
  type CountTable,
  type PublishedTable,
  type TableSpec,
} from './tables';

const TYPES = ['sale', 'rape', 'forced_marriage', 'detention', 'torture', 'repatriation'];
const YEARS = ['2017', '2018', '2019', '2020', '2021', '2022', '2023'];
const REGION = {
  name: 'region',
  categories: ['CN-LN', 'CN-JL', 'CN-HL', 'CN-other', 'KP', 'unknown'],
  groups: { redzone: ['CN-LN', 'CN-JL', 'CN-HL'] },
};
const AGE = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'];

/** Skewed random records, like real ones: most in a few categories, a long tail of small cells. */
function fixture(seed: number, violations = 900, victims = 260): CountTable[] {
  const rng = prand.xoroshiro128plus(seed);
  const skew = (list: readonly string[]) => {
    const a = prand.unsafeUniformIntDistribution(0, list.length - 1, rng);
    const b = prand.unsafeUniformIntDistribution(0, list.length - 1, rng);
    return list[Math.min(a, b)];
  };
  const acts = Array.from({ length: violations }, () => ({
    type: skew(TYPES),
    year: YEARS[prand.unsafeUniformIntDistribution(0, YEARS.length - 1, rng)],
    region: skew(REGION.categories),
  }));
  const people = Array.from({ length: victims }, () => ({
    age: skew(AGE.slice(1, 7)),
    region: skew(REGION.categories),
  }));
  const v = (id: string, dims: TableSpec['dimensions']): TableSpec => ({
    id,
    unit: 'violation',
    dimensions: dims,
  });
  const type = { name: 'type', categories: TYPES };
  const year = { name: 'year', categories: YEARS };
  const age = { name: 'age', categories: AGE };
  return [
    tabulate(v('type_year', [type, year]), acts),
    tabulate(v('type_region', [type, REGION]), acts),
    tabulate(v('year_region', [year, REGION]), acts),
    tabulate({ id: 'age_region', unit: 'victim', dimensions: [age, REGION] }, people),
    tabulate({ id: 'age', unit: 'victim', dimensions: [age] }, people),
  ];
}

function shownSmall(tables: PublishedTable[], k: number): number {
  let n = 0;
  for (const t of tables)
    for (const c of t.cells) if (c.value !== null && c.value >= 1 && c.value < k) n++;
  return n;
}

describe('suppressTables', () => {
  it('refuses k below 5 and accepts 5', () => {
    const tables = fixture(1, 200, 50);
    expect(() => suppressTables(tables, { k: 4 })).toThrow(/k = 4 refused/);
    expect(() => suppressTables(tables, { k: 3.5 })).toThrow(/refused/);
    expect(() => suppressTables(tables, { k: 5 })).not.toThrow();
  });

  for (const k of [11, 5]) {
    it(`shows no cell between 1 and ${k - 1} in any linked table (k = ${k})`, () => {
      for (const seed of [1, 2, 3]) {
        const tables = fixture(seed);
        const before = shownSmall(
          tables.map((t) => ({
            spec: t.spec,
            cells: [...linkTables([t]).cells.values()].map((c) => ({
              ...c,
              status: 'published' as const,
            })),
          })),
          k,
        );
        expect(before).toBeGreaterThan(0); // the fixture does have small cells to hide
        const out = suppressTables(tables, { k });
        expect(shownSmall(out.tables, k)).toBe(0);
        const statuses = [...out.status.values()];
        expect(statuses).toContain('primary');
        expect(statuses).toContain('secondary');
        expect(statuses).toContain('published');
      }
    });
  }

  it('withstands an attack that bounds every hidden cell from all published tables at once', () => {
    for (const [seed, violations, victims] of [
      [1, 900, 260],
      [2, 900, 260],
      [3, 200, 80],
      [4, 200, 80],
    ]) {
      const out = suppressTables(fixture(seed, violations, victims));
      const bounds = attackPublication(out.tables);
      let checked = 0;
      for (const [key, status] of out.status) {
        if (status !== 'primary') continue;
        const cell = out.linked.cells.get(key)!;
        const b = bounds.get(key)!;
        const need = requirementFor(cell.value, out.floors.get(key)!, out.k, out.protection);
        // The attacker cannot tell a small group from a publishable one, nor pin its value.
        expect(b.upper, key).toBeGreaterThanOrEqual(need.upper);
        expect(b.lower, key).toBeLessThanOrEqual(need.lower);
        expect(b.upper - b.lower, key).toBeGreaterThanOrEqual(out.protection);
        expect(cell.value).toBeGreaterThanOrEqual(b.lower);
        expect(cell.value).toBeLessThanOrEqual(b.upper);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    }
  });

  it('the same attack recovers cells exactly when only primary suppression is applied', () => {
    const out = suppressTables(fixture(1));
    const primaryOnly: PublishedTable[] = out.tables.map((t) => ({
      spec: t.spec,
      cells: t.cells.map((c) => ({
        ...c,
        value: c.status === 'primary' ? null : out.linked.cells.get(c.key)!.value,
      })),
    }));
    const bounds = attackPublication(primaryOnly);
    const exact = [...bounds].filter(
      ([key, b]) => b.lower === b.upper && b.lower === out.linked.cells.get(key)!.value,
    );
    expect(exact.length).toBeGreaterThan(0);
  });

  it('protecting each table on its own is not enough: an attack on both together pins a cell', () => {
    // Violations by type x year (A) and by year x region (B) share the year totals. Each
    // publication below is safe on its own, but A shows the grand total and B shows the 2021
    // total, so together they give 2020 = 63 - 60 = 3, and the small cell with it.
    const type = { name: 'type', categories: ['sale', 'rape'] };
    const year = { name: 'year', categories: ['2020', '2021'] };
    const region = { name: 'region', categories: ['CN-JL', 'KP'] };
    const rows = (n: number, r: Record<string, string>) => Array.from({ length: n }, () => r);
    const acts = [
      ...rows(3, { type: 'sale', year: '2020', region: 'CN-JL' }),
      ...rows(20, { type: 'sale', year: '2021', region: 'CN-JL' }),
      ...rows(5, { type: 'rape', year: '2021', region: 'CN-JL' }),
      ...rows(35, { type: 'rape', year: '2021', region: 'KP' }),
    ];
    const a = tabulate({ id: 'a', unit: 'violation', dimensions: [type, year] }, acts);
    const b = tabulate({ id: 'b', unit: 'violation', dimensions: [year, region] }, acts);
    const truth = linkTables([a, b]).cells;
    const publish = (t: CountTable, hidden: string[]): PublishedTable => ({
      spec: t.spec,
      cells: publishedCells(t.spec).map((c) => {
        const hide = hidden.includes(c.key.split('|')[1]);
        return {
          ...c,
          value: hide ? null : truth.get(c.key)!.value,
          status: hide ? 'secondary' : 'published',
        };
      }),
    });
    const small = 'violation|type=sale;year=2020';
    const pubA = publish(a, [
      'type=sale;year=2020',
      'year=2020',
      'type=sale;year=2021',
      'year=2021',
    ]);
    const pubB = publish(b, [
      'region=CN-JL;year=2020',
      'year=2020',
      'region=CN-JL;year=2021',
      'region=KP;year=2021',
      'region=KP',
      '',
    ]);
    const alone = (p: PublishedTable) =>
      attackPublication([p]).get(small) ?? attackPublication([p]).get('violation|year=2020')!;
    expect(alone(pubA).upper).toBeGreaterThanOrEqual(11);
    expect(alone(pubB).upper).toBeGreaterThanOrEqual(11);
    const together = attackPublication([pubA, pubB]).get(small)!;
    expect(together).toEqual({ lower: 3, upper: 3 });

    // Jayu suppresses the two tables together, and the same attack fails.
    const out = suppressTables([a, b]);
    const bounds = attackPublication(out.tables);
    for (const [key, st] of out.status) {
      if (st !== 'primary') continue;
      const need = requirementFor(
        truth.get(key)!.value,
        out.floors.get(key)!,
        out.k,
        out.protection,
      );
      expect(bounds.get(key)!.upper).toBeGreaterThanOrEqual(need.upper);
      expect(bounds.get(key)!.lower).toBeLessThanOrEqual(need.lower);
    }
  });

  it('rounds shown values to base 5 and keeps hidden cells hidden', () => {
    const out = suppressTables(fixture(2));
    const rounded = roundTables(out.tables, 5);
    rounded.forEach((t, i) =>
      t.cells.forEach((c, j) => {
        const orig = out.tables[i].cells[j];
        if (orig.value === null) expect(c.value).toBeNull();
        else {
          expect(c.value! % 5).toBe(0);
          expect(Math.abs(c.value! - orig.value)).toBeLessThanOrEqual(2);
        }
      }),
    );
  });
});

describe('tables', () => {
  it('names the row and dimension of an unknown code', () => {
    const spec: TableSpec = {
      id: 't',
      unit: 'u',
      dimensions: [{ name: 'year', categories: ['2020'] }],
    };
    expect(() => tabulate(spec, [{ year: '2020' }, { year: '1999' }])).toThrow(
      /row 2 .*'1999'.*'year'/,
    );
    expect(() => tabulate(spec, [{}])).toThrow(/row 1 has no value for dimension 'year'/);
  });

  it('refuses tables of one unit that disagree on a shared cell', () => {
    const y = { name: 'year', categories: ['2020', '2021'] };
    const a = tabulate({ id: 'a', unit: 'u', dimensions: [y] }, [{ year: '2020' }]);
    const b = tabulate({ id: 'b', unit: 'u', dimensions: [y] }, [{ year: '2021' }]);
    expect(() => linkTables([a, b])).toThrow(/disagree on a shared cell/);
  });

  it('computes subtotals of hierarchical dimensions', () => {
    const t = tabulate({ id: 'r', unit: 'u', dimensions: [REGION] }, [
      { region: 'CN-LN' },
      { region: 'CN-JL' },
      { region: 'KP' },
    ]);
    const cells = linkTables([t]).cells;
    expect(cells.get('u|region=redzone')!.value).toBe(2);
    expect(cells.get('u|')!.value).toBe(3);
  });
});

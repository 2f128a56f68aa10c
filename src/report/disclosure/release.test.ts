/**
 * A noisy release of several tables: one charge for all of them before any noise is drawn, the
 * budget split evenly, noise calibrated to each unit's contribution bound; the rules of budgets
 * (fixed once given, none in the store without one); the per-person cap in buildTables.
 */
import { describe, expect, it } from 'vitest';
import type { ReportAct, ReportRecord } from '../records';
import {
  BudgetFixedError,
  ensureBudget,
  memoryPrivacyAccount,
  NoBudgetError,
  type PrivacyAccount,
} from '../privacy';
import { buildTables, linkPersons } from '../statistics';
import { seededUniform, type Uniform } from './dp';
import { BudgetExceededError, InMemoryPrivacyLedger } from './ledger';
import { planNoise, releaseNoisyTables } from './release';
import { tabulate, type TableSpec } from './tables';

const spec = (id: string, unit: string): TableSpec => ({
  id,
  unit,
  dimensions: [{ name: 'year', categories: ['2019', '2020'] }],
});
const victims = tabulate(spec('victims', 'victim'), [{ year: '2019' }, { year: '2020' }]);
const violations = tabulate(spec('violations', 'violation'), [{ year: '2019' }]);
const contribution = { victim: 1, violation: 4 };

describe('planNoise', () => {
  it('splits epsilon and delta evenly and calibrates each table to its unit', () => {
    const plan = planNoise(
      [victims, violations],
      { kind: 'gaussian', epsilon: 0.8, delta: 2e-5, maxPerPerson: 4 },
      contribution,
    );
    expect(plan.map((p) => p.noise)).toEqual([
      expect.objectContaining({ table: 'victims', epsilon: 0.4, delta: 1e-5, sensitivity: 1 }),
      expect.objectContaining({ table: 'violations', epsilon: 0.4, delta: 1e-5, sensitivity: 4 }),
    ]);
    // Gaussian sigma = sensitivity sqrt(2 ln(1.25/delta)) / epsilon.
    expect(plan[1].noise.sd).toBeCloseTo((4 * Math.sqrt(2 * Math.log(1.25 / 1e-5))) / 0.4, 9);
    const laplace = planNoise(
      [victims],
      { kind: 'laplace', epsilon: 0.5, delta: 0, maxPerPerson: 4 },
      contribution,
    );
    expect(laplace[0].noise.sd).toBeCloseTo(2 * Math.SQRT2, 12);
  });

  it('refuses a table whose unit has no bound, and a Gaussian split past its range', () => {
    expect(() =>
      planNoise(
        [violations],
        { kind: 'laplace', epsilon: 1, delta: 0, maxPerPerson: 4 },
        { violation: Infinity },
      ),
    ).toThrow(/table violations: how much one person changes it is not bounded/);
    expect(() =>
      planNoise(
        [victims, violations],
        { kind: 'gaussian', epsilon: 2.4, delta: 1e-5, maxPerPerson: 4 },
        contribution,
      ),
    ).toThrow(/table victims \(epsilon 1.2 of the release's 2.4 split over 2 tables\)/);
    expect(() =>
      planNoise([], { kind: 'laplace', epsilon: 1, delta: 0, maxPerPerson: 4 }, contribution),
    ).toThrow(/at least one table/);
  });
});

/** Counts the uniforms drawn (noise), to see that a refused release draws none. */
function counting(seed: number): Uniform & { draws: number } {
  const u = seededUniform(seed);
  const f = (() => {
    f.draws++;
    return u();
  }) as Uniform & { draws: number };
  f.draws = 0;
  return f;
}

describe('releaseNoisyTables', () => {
  it('charges the whole release once, then draws noise on every inner cell', async () => {
    const account = memoryPrivacyAccount('demo');
    await account.ledger.setBudget('demo', { epsilon: 1, delta: 0 });
    const u = counting(5);
    const out = await releaseNoisyTables(
      account,
      [victims, violations],
      { kind: 'laplace', epsilon: 0.6, delta: 0, maxPerPerson: 4 },
      contribution,
      u,
    );
    expect(u.draws).toBe(4); // two inner cells per table
    expect(out.ledger).toBe('memory');
    expect(out.tables.map((t) => t.spec.id)).toEqual(['victims', 'violations']);
    expect(await account.ledger.status('demo')).toEqual({
      budget: { epsilon: 1, delta: 0 },
      spent: { epsilon: 0.6, delta: 0 },
    });
  });

  it('a release past the budget draws nothing and records nothing', async () => {
    const account = memoryPrivacyAccount('demo');
    await account.ledger.setBudget('demo', { epsilon: 0.5, delta: 0 });
    const u = counting(5);
    await expect(
      releaseNoisyTables(
        account,
        [victims, violations],
        { kind: 'laplace', epsilon: 0.6, delta: 0, maxPerPerson: 4 },
        contribution,
        u,
      ),
    ).rejects.toBeInstanceOf(BudgetExceededError);
    expect(u.draws).toBe(0);
    expect((await account.ledger.status('demo')).spent.epsilon).toBe(0);
  });
});

describe('ensureBudget', () => {
  const asked = { epsilon: 0.3, delta: 0 };

  it('opens a budget once and refuses to change it', async () => {
    const recorded: string[] = [];
    const account: PrivacyAccount = {
      ...memoryPrivacyAccount('annual'),
      record: async (action) => void recorded.push(action),
    };
    expect(await ensureBudget(account, { epsilon: 1, delta: 0 }, asked)).toEqual({
      epsilon: 1,
      delta: 0,
    });
    // The same budget again is fine (scripts may always pass it); another is refused.
    await ensureBudget(account, { epsilon: 1, delta: 0 }, asked);
    await expect(ensureBudget(account, { epsilon: 2, delta: 0 }, asked)).rejects.toBeInstanceOf(
      BudgetFixedError,
    );
    expect(await ensureBudget(account, null, asked)).toEqual({ epsilon: 1, delta: 0 });
    expect(recorded).toEqual(['privacy.budget']);
  });

  it('in the store a dataset without a budget needs one; in memory it is what is asked', async () => {
    const store: PrivacyAccount = {
      ledger: new InMemoryPrivacyLedger(),
      dataset: 'org/a/x',
      where: 'store',
      record: async () => {},
    };
    await expect(ensureBudget(store, null, asked)).rejects.toBeInstanceOf(NoBudgetError);
    expect(await ensureBudget(memoryPrivacyAccount('x'), null, asked)).toEqual(asked);
  });

  it('refuses dataset names that could carry anything but a name', () => {
    expect(() => memoryPrivacyAccount('a b')).toThrow(/dataset name "a b"/);
    expect(() => memoryPrivacyAccount('')).toThrow(/dataset name/);
    expect(() => memoryPrivacyAccount('../x')).toThrow(/dataset name/);
  });
});

describe('buildTables with a cap per person', () => {
  const act = (year: number, i: number): ReportAct => ({
    violation: i % 2 ? 'sexual_slavery' : 'forced_marriage',
    year,
    province: 'cn-jl',
    country: 'CN',
    eventType: null,
    methods: [],
    saleKind: i < 6 ? 'wife' : null,
    salePrice: i < 6 ? 1000 * (i + 1) : null,
    saleCurrency: 'CNY',
    perpetrators: [
      { type: 'prc_broker', role: 'principal' },
      { type: 'buyer', role: 'principal' },
    ],
  });
  const record = (caseId: string, acts: number): ReportRecord => ({
    caseId,
    source: 'list-a',
    personKey: caseId,
    sex: 'female',
    ageBand: '18-20',
    homeProvince: 'unknown',
    crossingYear: 2019,
    citizenship: null,
    registrationYear: null,
    events: [2019, 2020, 2021].map((year) => ({
      type: 'Repatriation' as const,
      year,
      province: null,
      country: 'KP',
    })),
    acts: Array.from({ length: acts }, (_, i) => act(2019 + (i % 3), i)),
    perpetratorTypes: ['buyer', 'prc_broker'],
  });
  const persons = linkPersons([record('a', 12), record('b', 1)]);
  const period = { from: 2015, to: 2024 };
  const total = (tables: ReturnType<typeof buildTables>['tables'], id: string) =>
    [...tables.find((t) => t.spec.id === id)!.leafCounts.values()].reduce((a, b) => a + b, 0);

  it('keeps at most the cap of one person’s rows in every unit but victims', () => {
    const all = buildTables(persons, period);
    expect(all.contribution.violation).toBe(Infinity);
    const capped = buildTables(persons, period, { maxPerPerson: 2 });
    expect(capped.contribution).toEqual({
      victim: 1,
      violation: 2,
      involvement: 2,
      repatriated: 2,
      sale: 2,
    });
    // Person a: 12 distinct acts -> 2; person b: 1.
    expect(total(all.tables, 'violations_type_year')).toBeGreaterThan(3);
    expect(total(capped.tables, 'violations_type_year')).toBe(3);
    expect(total(capped.tables, 'perpetrators_type_role')).toBe(4);
    expect(total(capped.tables, 'returns_year')).toBe(4);
    expect(total(capped.tables, 'sales_kind_price')).toBe(3);
    expect(total(capped.tables, 'victims_year')).toBe(2);
    expect(() => buildTables(persons, period, { maxPerPerson: 0 })).toThrow(/maxPerPerson/);
  });
});

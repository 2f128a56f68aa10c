import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db';
import { storeBackends } from '../../store/testing';
import { laplace, noiseScale, noisyTable, seededUniform, secureUniform } from './dp';
import {
  BudgetExceededError,
  InMemoryPrivacyLedger,
  releaseWithBudget,
  StorePrivacyLedger,
  type PrivacyLedger,
} from './ledger';
import { tabulate, type TableSpec } from './tables';

const spec: TableSpec = {
  id: 'victims_by_year',
  unit: 'victim',
  dimensions: [{ name: 'year', categories: ['2019', '2020', '2021', '2022'] }],
};
const rows = [
  ...Array.from({ length: 40 }, () => ({ year: '2019' })),
  ...Array.from({ length: 3 }, () => ({ year: '2020' })),
  ...Array.from({ length: 25 }, () => ({ year: '2022' })),
];
const table = tabulate(spec, rows);

describe('noise', () => {
  it('Laplace noise has the scale it is calibrated to', () => {
    const u = seededUniform(3);
    const b = noiseScale({ kind: 'laplace', epsilon: 0.5, sensitivity: 1 });
    expect(b).toBe(2);
    const draws = Array.from({ length: 20000 }, () => laplace(b, u));
    const meanAbs = draws.reduce((a, x) => a + Math.abs(x), 0) / draws.length; // E|X| = b
    expect(meanAbs).toBeGreaterThan(1.9);
    expect(meanAbs).toBeLessThan(2.1);
  });

  it('secure uniforms stay in (0, 1)', () => {
    const u = secureUniform();
    for (let i = 0; i < 1000; i++) {
      const x = u();
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('noises inner cells, adds subtotals from them, and never shows negatives', () => {
    const out = noisyTable(
      table,
      { kind: 'laplace', epsilon: 1, sensitivity: 1 },
      seededUniform(9),
    );
    const inner = out.cells.filter((c) => Object.keys(c.coords).length === 1);
    const total = out.cells.find((c) => Object.keys(c.coords).length === 0)!;
    for (const c of out.cells) expect(c.value).toBeGreaterThanOrEqual(0);
    // The noisy release differs from the truth somewhere (else it is not noise).
    expect(inner.map((c) => c.value)).not.toEqual([40, 3, 0, 25]);
    expect(Math.abs(total.value! - 68)).toBeLessThan(30);
  });

  it('refuses a Gaussian mechanism outside its proven range', () => {
    expect(() =>
      noisyTable(
        table,
        { kind: 'gaussian', epsilon: 2, delta: 1e-6, sensitivity: 1 },
        seededUniform(1),
      ),
    ).toThrow(/epsilon < 1/);
  });
});

function ledgerSuite(open: () => Promise<{ ledger: PrivacyLedger; close(): Promise<void> }>) {
  let ledger: PrivacyLedger;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ ledger, close } = await open());
  });
  afterAll(async () => close());

  it('charges releases until the budget is spent, then refuses and records nothing', async () => {
    await ledger.setBudget('ngo-a', { epsilon: 1, delta: 0 });
    const u = seededUniform(5);
    for (let i = 0; i < 3; i++) {
      await releaseWithBudget(
        ledger,
        'ngo-a',
        table,
        { kind: 'laplace', epsilon: 0.3, sensitivity: 1 },
        u,
      );
    }
    let drawn = 0;
    const counting = () => {
      drawn++;
      return u();
    };
    await expect(
      releaseWithBudget(
        ledger,
        'ngo-a',
        table,
        { kind: 'laplace', epsilon: 0.3, sensitivity: 1 },
        counting,
      ),
    ).rejects.toThrow(BudgetExceededError);
    expect(drawn).toBe(0); // refused before any noise was drawn
    const { spent } = await ledger.status('ngo-a');
    expect(spent.epsilon).toBeCloseTo(0.9, 10);
    // What still fits is allowed: 0.1 remains.
    await releaseWithBudget(
      ledger,
      'ngo-a',
      table,
      { kind: 'laplace', epsilon: 0.1, sensitivity: 1 },
      u,
    );
    await expect(ledger.charge('ngo-a', { epsilon: 1e-6, delta: 0 }, 'one more')).rejects.toThrow(
      /refused/,
    );
  });

  it('keeps budgets per dataset and counts delta too', async () => {
    await ledger.setBudget('ngo-b', { epsilon: 0.5, delta: 1e-6 });
    await ledger.charge('ngo-b', { epsilon: 0.1, delta: 1e-6 }, 'gaussian table');
    await expect(ledger.charge('ngo-b', { epsilon: 0.1, delta: 1e-7 }, 'another')).rejects.toThrow(
      BudgetExceededError,
    );
    await expect(ledger.status('nobody')).rejects.toThrow(/no privacy budget/);
    await expect(ledger.setBudget('ngo-b', { epsilon: 0.05, delta: 1e-6 })).rejects.toThrow(
      /below what is already spent/,
    );
  });
}

describe('in-memory privacy ledger', () => {
  ledgerSuite(async () => ({ ledger: new InMemoryPrivacyLedger(), close: async () => {} }));
});

describe.each(storeBackends())('store privacy ledger ($name)', (backend) => {
  ledgerSuite(async () => {
    const db: Db = await backend.open();
    return { ledger: new StorePrivacyLedger(db), close: () => db.close() };
  });

  it('refuses concurrent charges that would together pass the budget', async () => {
    const db = await backend.open();
    try {
      const ledger = new StorePrivacyLedger(db);
      await ledger.setBudget('race', { epsilon: 1, delta: 0 });
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          ledger.charge('race', { epsilon: 0.4, delta: 0 }, `t${i}`),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect((await ledger.status('race')).spent.epsilon).toBeCloseTo(0.8, 10);
    } finally {
      await db.close();
    }
  });
});

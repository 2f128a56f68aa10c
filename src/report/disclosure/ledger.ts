/**
 * The privacy budget ledger: each dataset has a total (epsilon, delta) it may ever spend on noisy
 * releases; every release is charged before any noise is drawn, by simple sequential composition
 * (epsilons add, deltas add), and a release that would go past the budget is refused. Nothing is
 * ever refunded: a number once published stays published.
 *
 * Two implementations of one interface: in memory (tests, one-off CLI runs) and in the store
 * (table report_privacy_budget / report_privacy_charge, migration 0300), where a charge is one
 * transaction that locks the dataset's budget row so two concurrent releases cannot both fit.
 */
import type { Db } from '../../store/db';
import { noisyTable, privacyCost, validateMechanism, type Mechanism, type Uniform } from './dp';
import type { CountTable, PublishedTable } from './tables';

export interface PrivacyAmount {
  epsilon: number;
  delta: number;
}

export class BudgetExceededError extends Error {
  constructor(
    readonly dataset: string,
    readonly requested: PrivacyAmount,
    readonly remaining: PrivacyAmount,
  ) {
    super(
      `privacy budget of dataset '${dataset}' refused: the release needs epsilon ${requested.epsilon}` +
        (requested.delta ? `, delta ${requested.delta}` : '') +
        ` but only epsilon ${round(remaining.epsilon)}, delta ${round(remaining.delta)} remain`,
    );
    this.name = 'BudgetExceededError';
  }
}

export interface PrivacyLedger {
  /** Sets a dataset's total budget; refused if less than what is already spent. */
  setBudget(dataset: string, budget: PrivacyAmount): Promise<void>;
  /**
   * Gives a dataset this budget if it has none yet (atomically: of two concurrent calls one
   * creates it) and returns the dataset's budget as it now stands, which the caller compares.
   */
  openBudget(dataset: string, budget: PrivacyAmount): Promise<PrivacyAmount>;
  /** The dataset's total budget, or null if it has none. */
  budgetOf(dataset: string): Promise<PrivacyAmount | null>;
  /** Total and spent so far; throws if the dataset has no budget. */
  status(dataset: string): Promise<{ budget: PrivacyAmount; spent: PrivacyAmount }>;
  /** Records a charge, or throws BudgetExceededError and records nothing. */
  charge(dataset: string, amount: PrivacyAmount, release: string): Promise<void>;
}

// Floating-point sums of epsilons (0.1 + 0.2 ...) must not refuse a release that exactly fits.
const SLACK = 1e-12;

function fits(spent: PrivacyAmount, amount: PrivacyAmount, budget: PrivacyAmount): boolean {
  return (
    spent.epsilon + amount.epsilon <= budget.epsilon + SLACK &&
    spent.delta + amount.delta <= budget.delta + SLACK
  );
}

function validAmount(a: PrivacyAmount, what: string): void {
  if (!(a.epsilon >= 0) || !Number.isFinite(a.epsilon) || !(a.delta >= 0) || !(a.delta < 1)) {
    throw new Error(`${what}: epsilon must be >= 0 and finite, delta in [0, 1)`);
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export class InMemoryPrivacyLedger implements PrivacyLedger {
  private readonly budgets = new Map<string, PrivacyAmount>();
  private readonly charges = new Map<string, { amount: PrivacyAmount; release: string }[]>();

  async setBudget(dataset: string, budget: PrivacyAmount): Promise<void> {
    validAmount(budget, `budget of '${dataset}'`);
    const { spent } = this.budgets.has(dataset)
      ? await this.status(dataset)
      : { spent: { epsilon: 0, delta: 0 } };
    if (spent.epsilon > budget.epsilon + SLACK || spent.delta > budget.delta + SLACK) {
      throw new Error(`budget of '${dataset}' cannot be set below what is already spent`);
    }
    this.budgets.set(dataset, { ...budget });
  }

  async openBudget(dataset: string, budget: PrivacyAmount): Promise<PrivacyAmount> {
    validAmount(budget, `budget of '${dataset}'`);
    if (!this.budgets.has(dataset)) this.budgets.set(dataset, { ...budget });
    return { ...this.budgets.get(dataset)! };
  }

  async budgetOf(dataset: string): Promise<PrivacyAmount | null> {
    const b = this.budgets.get(dataset);
    return b ? { ...b } : null;
  }

  async status(dataset: string): Promise<{ budget: PrivacyAmount; spent: PrivacyAmount }> {
    const budget = this.budgets.get(dataset);
    if (!budget) throw new Error(`dataset '${dataset}' has no privacy budget`);
    const spent = { epsilon: 0, delta: 0 };
    for (const c of this.charges.get(dataset) ?? []) {
      spent.epsilon += c.amount.epsilon;
      spent.delta += c.amount.delta;
    }
    return { budget: { ...budget }, spent };
  }

  async charge(dataset: string, amount: PrivacyAmount, release: string): Promise<void> {
    validAmount(amount, `charge to '${dataset}'`);
    const { budget, spent } = await this.status(dataset);
    if (!fits(spent, amount, budget)) {
      throw new BudgetExceededError(dataset, amount, {
        epsilon: budget.epsilon - spent.epsilon,
        delta: budget.delta - spent.delta,
      });
    }
    const list = this.charges.get(dataset) ?? [];
    list.push({ amount: { ...amount }, release });
    this.charges.set(dataset, list);
  }
}

export class StorePrivacyLedger implements PrivacyLedger {
  constructor(private readonly db: Db) {}

  async setBudget(dataset: string, budget: PrivacyAmount): Promise<void> {
    validAmount(budget, `budget of '${dataset}'`);
    await this.db.transaction(async (tx) => {
      const spent = await spentIn(tx, dataset);
      if (spent.epsilon > budget.epsilon + SLACK || spent.delta > budget.delta + SLACK) {
        throw new Error(`budget of '${dataset}' cannot be set below what is already spent`);
      }
      await tx.query(
        `INSERT INTO report_privacy_budget (dataset, epsilon, delta) VALUES ($1, $2, $3)
         ON CONFLICT (dataset) DO UPDATE SET epsilon = EXCLUDED.epsilon, delta = EXCLUDED.delta`,
        [dataset, budget.epsilon, budget.delta],
      );
    });
  }

  async openBudget(dataset: string, budget: PrivacyAmount): Promise<PrivacyAmount> {
    validAmount(budget, `budget of '${dataset}'`);
    await this.db.query(
      `INSERT INTO report_privacy_budget (dataset, epsilon, delta) VALUES ($1, $2, $3)
       ON CONFLICT (dataset) DO NOTHING`,
      [dataset, budget.epsilon, budget.delta],
    );
    return (await this.budgetOf(dataset))!;
  }

  async budgetOf(dataset: string): Promise<PrivacyAmount | null> {
    const r = await this.db.query<{ epsilon: number; delta: number }>(
      `SELECT epsilon, delta FROM report_privacy_budget WHERE dataset = $1`,
      [dataset],
    );
    if (r.rows.length === 0) return null;
    return { epsilon: Number(r.rows[0].epsilon), delta: Number(r.rows[0].delta) };
  }

  async status(dataset: string): Promise<{ budget: PrivacyAmount; spent: PrivacyAmount }> {
    const r = await this.db.query<{ epsilon: number; delta: number }>(
      `SELECT epsilon, delta FROM report_privacy_budget WHERE dataset = $1`,
      [dataset],
    );
    if (r.rows.length === 0) throw new Error(`dataset '${dataset}' has no privacy budget`);
    const budget = { epsilon: Number(r.rows[0].epsilon), delta: Number(r.rows[0].delta) };
    return { budget, spent: await spentIn(this.db, dataset) };
  }

  async charge(dataset: string, amount: PrivacyAmount, release: string): Promise<void> {
    validAmount(amount, `charge to '${dataset}'`);
    await this.db.transaction(async (tx) => {
      const r = await tx.query<{ epsilon: number; delta: number }>(
        `SELECT epsilon, delta FROM report_privacy_budget WHERE dataset = $1 FOR UPDATE`,
        [dataset],
      );
      if (r.rows.length === 0) throw new Error(`dataset '${dataset}' has no privacy budget`);
      const budget = { epsilon: Number(r.rows[0].epsilon), delta: Number(r.rows[0].delta) };
      const spent = await spentIn(tx, dataset);
      if (!fits(spent, amount, budget)) {
        throw new BudgetExceededError(dataset, amount, {
          epsilon: budget.epsilon - spent.epsilon,
          delta: budget.delta - spent.delta,
        });
      }
      await tx.query(
        `INSERT INTO report_privacy_charge (dataset, epsilon, delta, release) VALUES ($1, $2, $3, $4)`,
        [dataset, amount.epsilon, amount.delta, release],
      );
    });
  }
}

async function spentIn(q: Pick<Db, 'query'>, dataset: string): Promise<PrivacyAmount> {
  const r = await q.query<{ epsilon: number | null; delta: number | null }>(
    `SELECT sum(epsilon) AS epsilon, sum(delta) AS delta FROM report_privacy_charge WHERE dataset = $1`,
    [dataset],
  );
  return { epsilon: Number(r.rows[0]?.epsilon ?? 0), delta: Number(r.rows[0]?.delta ?? 0) };
}

/** Charges the ledger for a noisy release of `table`, then (only then) draws the noise. */
export async function releaseWithBudget(
  ledger: PrivacyLedger,
  dataset: string,
  table: CountTable,
  mechanism: Mechanism,
  uniform: Uniform,
): Promise<PublishedTable> {
  validateMechanism(mechanism);
  await ledger.charge(dataset, privacyCost(mechanism), `table ${table.spec.id}`);
  return noisyTable(table, mechanism, uniform);
}

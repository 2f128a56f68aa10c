/**
 * Whose privacy budget a noisy release spends, and the rules around it.
 *
 *  - From the store, the budget lives in the store's ledger (migration 0300) under a name scoped
 *    to what the session may report on: `org/<organisation>/<name>` for a member of an
 *    organisation, `all/<name>` for a coordinator (whose releases span every organisation). An
 *    organisation's releases spend only its own budgets. The two kinds of ledger are separate: a
 *    woman in a coordinator's release and in her organisation's loses privacy in both, and what
 *    she loses in all is the sum (stated in the README).
 *  - A budget is given once, when the dataset is first named (`--budget`), and is fixed from then
 *    on: a release asking for a different budget is refused, so the budget cannot be raised from
 *    the report command to make room for one more release. Every budget opened, charge made and
 *    charge refused is recorded in the audit log (names and amounts, never data).
 *  - From a synth directory there is no store: the ledger is in memory and lasts one run (its
 *    budget is `--budget` if given, else the amount asked for). It is for demonstrations.
 */
import type { Session } from '../protect/protected-store';
import {
  BudgetExceededError,
  InMemoryPrivacyLedger,
  StorePrivacyLedger,
  type PrivacyAmount,
  type PrivacyLedger,
} from './disclosure/ledger';
import { checkDatasetName } from './disclosure/release';

export interface PrivacyAccount {
  ledger: PrivacyLedger;
  /** The dataset's key in the ledger. */
  dataset: string;
  where: 'store' | 'memory';
  /** Records what happened to the budget (the store's audit log; nothing in memory). */
  record(
    action: 'privacy.budget' | 'privacy.charge' | 'privacy.refused',
    detail: Record<string, string | number>,
  ): Promise<void>;
}

/** The dataset was named before with another budget; the report command does not change it. */
export class BudgetFixedError extends Error {
  constructor(dataset: string, existing: PrivacyAmount, asked: PrivacyAmount) {
    super(
      `dataset '${dataset}' already has a privacy budget of epsilon ${existing.epsilon}, delta ${existing.delta}; ` +
        `it cannot be changed to epsilon ${asked.epsilon}, delta ${asked.delta} (leave out --budget, or name a new dataset)`,
    );
    this.name = 'BudgetFixedError';
  }
}

/** The dataset has no budget and none was given. */
export class NoBudgetError extends Error {
  constructor(dataset: string) {
    super(`dataset '${dataset}' has no privacy budget yet: give one with --budget`);
    this.name = 'NoBudgetError';
  }
}

/** The store's ledger, under the session's organisation (or `all/` for a coordinator). */
export function storePrivacyAccount(session: Session, name: string): PrivacyAccount {
  checkDatasetName(name);
  const organisationId = session.principal.organisationId;
  return {
    ledger: new StorePrivacyLedger(session.store.db),
    dataset: organisationId ? `org/${organisationId}/${name}` : `all/${name}`,
    where: 'store',
    record: (action, detail) => session.log([{ action, organisationId, detail }]),
  };
}

/** A ledger for this run only. */
export function memoryPrivacyAccount(name: string): PrivacyAccount {
  return {
    ledger: new InMemoryPrivacyLedger(),
    dataset: checkDatasetName(name),
    where: 'memory',
    record: async () => {},
  };
}

const same = (a: PrivacyAmount, b: PrivacyAmount) =>
  Math.abs(a.epsilon - b.epsilon) <= 1e-12 && Math.abs(a.delta - b.delta) <= 1e-12;

/**
 * Makes sure the dataset has a budget: opens it with `budget` if it has none (in memory, the
 * amount asked for when no budget is given), checks that a given budget is the one it has.
 */
export async function ensureBudget(
  account: PrivacyAccount,
  budget: PrivacyAmount | null,
  asked: PrivacyAmount,
): Promise<PrivacyAmount> {
  const { ledger, dataset } = account;
  if (budget === null) {
    const existing = await ledger.budgetOf(dataset);
    if (existing) return existing;
    if (account.where === 'store') throw new NoBudgetError(dataset);
    return ledger.openBudget(dataset, asked);
  }
  const had = await ledger.budgetOf(dataset);
  const now = await ledger.openBudget(dataset, budget);
  if (!same(now, budget)) throw new BudgetFixedError(dataset, now, budget);
  if (!had) {
    await account.record('privacy.budget', {
      dataset,
      epsilon: budget.epsilon,
      delta: budget.delta,
    });
  }
  return now;
}

/** Charges go through releaseNoisyTables; this records a refusal before it is reported. */
export async function recordRefusal(account: PrivacyAccount, err: unknown): Promise<void> {
  if (err instanceof BudgetExceededError) {
    await account.record('privacy.refused', {
      dataset: account.dataset,
      epsilon: err.requested.epsilon,
      delta: err.requested.delta,
    });
  }
}

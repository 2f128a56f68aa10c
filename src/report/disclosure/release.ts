/**
 * A differentially private release of several tables at once, as the CLI makes it: one charge to
 * the privacy ledger for the whole release (all or nothing, before any noise is drawn), the
 * budget split evenly over the tables (basic sequential composition: the epsilons and deltas of
 * the tables add up to the release's), each table's noise calibrated to how much one person can
 * change it (her contribution bound for its unit, from statistics.ts `buildTables`).
 *
 * What it protects: one person's presence in the released tables. A person is what the report
 * counts as one (a linked cluster; one record where there is no linkage). Numbers published
 * outside the tables (estimates, record counts) are not covered, and the caller must say so.
 */
import { noiseScale, noisyTable, validateMechanism, type Mechanism, type Uniform } from './dp';
import type { PrivacyAmount, PrivacyLedger } from './ledger';
import type { CountTable, PublishedTable } from './tables';

export type NoiseKind = 'laplace' | 'gaussian';

export interface NoiseRequest {
  kind: NoiseKind;
  /** Total epsilon of the release (over all its tables). */
  epsilon: number;
  /** Total delta of the release (Gaussian only; 0 for Laplace). */
  delta: number;
  /** Rows one person adds to a table at most (statistics.ts `maxPerPerson`), victims aside. */
  maxPerPerson: number;
}

/** How one table of a release was noised. */
export interface TableNoise {
  table: string;
  unit: string;
  epsilon: number;
  delta: number;
  /** Most one person changes the table's inner cells (L1 for Laplace, L2 bound for Gaussian). */
  sensitivity: number;
  /** Standard deviation of the noise on each inner cell. */
  sd: number;
}

export interface NoisyRelease {
  request: NoiseRequest;
  /** The ledger's dataset the release was charged to. */
  dataset: string;
  /** The store's ledger, or one in memory for this run only. */
  ledger: 'store' | 'memory';
  tables: PublishedTable[];
  perTable: TableNoise[];
}

/** A dataset name a user may give: letters, digits, '.', '_', '-' (it goes into the audit log). */
export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function checkDatasetName(name: string): string {
  if (!DATASET_NAME.test(name)) {
    throw new Error(
      `dataset name "${name}" must be 1-100 letters, digits, '.', '_' or '-' (starting with a letter or digit)`,
    );
  }
  return name;
}

/**
 * The mechanism of each table: epsilon and delta split evenly, sensitivity from the unit's
 * contribution bound. Throws (naming the table) if a table's unit has no finite bound or a
 * mechanism is outside its proven range; nothing is charged then.
 */
export function planNoise(
  tables: readonly Pick<CountTable, 'spec'>[],
  request: NoiseRequest,
  contribution: Readonly<Record<string, number>>,
): { table: Pick<CountTable, 'spec'>; mechanism: Mechanism; noise: TableNoise }[] {
  if (tables.length === 0) throw new Error('a noisy release needs at least one table');
  if (request.kind === 'laplace' && request.delta !== 0) {
    throw new Error('the Laplace mechanism takes no delta');
  }
  const epsilon = request.epsilon / tables.length;
  const delta = request.delta / tables.length;
  return tables.map((table) => {
    const sensitivity = contribution[table.spec.unit];
    if (!(sensitivity > 0) || !Number.isFinite(sensitivity)) {
      throw new Error(
        `table ${table.spec.id}: how much one person changes it is not bounded (cap the rows per person)`,
      );
    }
    const mechanism: Mechanism =
      request.kind === 'laplace'
        ? { kind: 'laplace', epsilon, sensitivity }
        : { kind: 'gaussian', epsilon, delta, sensitivity };
    try {
      validateMechanism(mechanism);
    } catch (err) {
      throw new Error(
        `table ${table.spec.id} (epsilon ${round(epsilon)} of the release's ${request.epsilon} split over ` +
          `${tables.length} tables): ${(err as Error).message}`,
      );
    }
    const scale = noiseScale(mechanism);
    return {
      table,
      mechanism,
      noise: {
        table: table.spec.id,
        unit: table.spec.unit,
        epsilon,
        delta,
        sensitivity,
        sd: request.kind === 'laplace' ? scale * Math.SQRT2 : scale,
      },
    };
  });
}

/**
 * Charges the ledger once for the whole release, then (only then) draws the noise. A refused
 * charge (BudgetExceededError) leaves nothing drawn and nothing recorded.
 */
export async function releaseNoisyTables(
  account: { ledger: PrivacyLedger; dataset: string; where: 'store' | 'memory' },
  tables: readonly CountTable[],
  request: NoiseRequest,
  contribution: Readonly<Record<string, number>>,
  uniform: Uniform,
): Promise<NoisyRelease> {
  const plan = planNoise(tables, request, contribution);
  const cost: PrivacyAmount = {
    epsilon: request.epsilon,
    delta: request.kind === 'gaussian' ? request.delta : 0,
  };
  const { ledger, dataset } = account;
  await ledger.charge(
    dataset,
    cost,
    `${request.kind} tables ${tables.map((t) => t.spec.id).join(',')}`,
  );
  return {
    request,
    dataset,
    ledger: account.where,
    tables: plan.map((p, i) => noisyTable(tables[i], p.mechanism, uniform)),
    perTable: plan.map((p) => p.noise),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

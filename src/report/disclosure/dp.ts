/**
 * Differentially private release of a table of counts: Laplace or Gaussian noise on the inner
 * cells, every subtotal recomputed from the noisy inner cells (post-processing costs no privacy),
 * then rounded to whole numbers and floored at 0 (post-processing again).
 *
 * Sensitivity is the most inner cells one person can change, summed (L1, Laplace) or in the
 * Euclidean norm (L2, Gaussian). A victims table where each person is counted once has L1 = L2 = 1;
 * a violations table where one person may contribute up to c acts has L1 = c and L2 <= c. The
 * caller states it; the ledger (ledger.ts) charges epsilon (and delta) before anything is drawn.
 *
 * Noise must be unpredictable in production: `secureUniform` draws from the operating system's
 * CSPRNG. Tests use `seededUniform` (seeded) for reproducibility.
 */
import { randomBytes } from 'node:crypto';
import { Random } from '../../estimate/random';
import {
  cellKey,
  parseCellKey,
  publishedCells,
  TOTAL,
  type CountTable,
  type PublishedTable,
} from './tables';

/** A source of uniform numbers in the open interval (0, 1). */
export type Uniform = () => number;

export type Mechanism =
  | { kind: 'laplace'; epsilon: number; sensitivity: number }
  | { kind: 'gaussian'; epsilon: number; delta: number; sensitivity: number };

/** The privacy a mechanism spends, for the ledger. */
export function privacyCost(m: Mechanism): { epsilon: number; delta: number } {
  return { epsilon: m.epsilon, delta: m.kind === 'gaussian' ? m.delta : 0 };
}

export function validateMechanism(m: Mechanism): void {
  if (!(m.epsilon > 0) || !Number.isFinite(m.epsilon))
    throw new Error(`epsilon ${m.epsilon} must be a positive number`);
  if (!(m.sensitivity > 0)) throw new Error(`sensitivity ${m.sensitivity} must be positive`);
  if (m.kind === 'gaussian') {
    if (!(m.delta > 0 && m.delta < 1)) throw new Error(`delta ${m.delta} must be between 0 and 1`);
    // The classic calibration below is proven for epsilon < 1 only.
    if (m.epsilon >= 1)
      throw new Error(`the Gaussian mechanism here needs epsilon < 1 (got ${m.epsilon})`);
  }
}

/** Standard deviation (Gaussian) or scale b (Laplace) of the noise for a mechanism. */
export function noiseScale(m: Mechanism): number {
  if (m.kind === 'laplace') return m.sensitivity / m.epsilon;
  return (m.sensitivity * Math.sqrt(2 * Math.log(1.25 / m.delta))) / m.epsilon;
}

/** Uniforms from the OS CSPRNG (53 random bits each, never exactly 0). */
export function secureUniform(): Uniform {
  return () => {
    const b = randomBytes(8);
    const hi = b.readUInt32BE(0) >>> 5; // 27 bits
    const lo = b.readUInt32BE(4) >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
}

/** Reproducible uniforms for tests (src/estimate's seeded xoroshiro128+ generator). */
export function seededUniform(seed: number): Uniform {
  const rng = new Random(seed);
  return () => rng.uniform();
}

export function laplace(scale: number, u: Uniform): number {
  const x = u() - 0.5;
  return -scale * Math.sign(x) * Math.log(1 - 2 * Math.abs(x));
}

export function gaussian(sigma: number, u: Uniform): number {
  return sigma * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Noisy release of one table. Every inner cell gets noise (zeros too: skipping them would tell
 * which cells are empty); subtotals are sums of the noisy inner cells. The caller must have charged
 * the ledger first (use `releaseWithBudget`).
 */
export function noisyTable(table: CountTable, m: Mechanism, u: Uniform): PublishedTable {
  validateMechanism(m);
  const { spec } = table;
  const scale = noiseScale(m);
  const noisyLeaf = new Map<string, number>();
  const cells = publishedCells(spec);
  for (const c of cells) {
    if (c.marginDepth !== 0) continue;
    const truth = table.leafCounts.get(c.key) ?? 0;
    const noise = m.kind === 'laplace' ? laplace(scale, u) : gaussian(scale, u);
    noisyLeaf.set(c.key, truth + noise);
  }
  // Sum noisy inner cells into every subtotal they belong to.
  const sums = new Map<string, number>();
  const groupOf = spec.dimensions.map((d) => {
    const parent = new Map<string, string>();
    for (const [g, ch] of Object.entries(d.groups ?? {})) for (const x of ch) parent.set(x, g);
    return parent;
  });
  for (const [leaf, v] of noisyLeaf) {
    const { coords } = parseCellKey(leaf);
    const chains = spec.dimensions.map((d, i) => {
      const chain = [coords[d.name]];
      let cur = coords[d.name];
      while (groupOf[i].has(cur)) chain.push((cur = groupOf[i].get(cur)!));
      chain.push(TOTAL);
      return chain;
    });
    const visit = (i: number, acc: Record<string, string>) => {
      if (i === chains.length) {
        const k = cellKey(spec.unit, acc);
        sums.set(k, (sums.get(k) ?? 0) + v);
        return;
      }
      for (const code of chains[i]) visit(i + 1, { ...acc, [spec.dimensions[i].name]: code });
    };
    visit(0, {});
  }
  return {
    spec,
    cells: cells.map((c) => ({
      key: c.key,
      coords: c.coords,
      value: Math.max(0, Math.round(sums.get(c.key) ?? 0)),
      status: 'published' as const,
    })),
  };
}

/**
 * The attacker's view of a publication: for every suppressed cell, the interval of values it can
 * take given every published number and every additive relation among them (linear programming
 * over all linked tables at once). A suppressed cell is protected only if that interval is wide.
 *
 * The attacker is assumed to know the disclosure policy: zeros are always published, so every
 * suppressed cell is at least 1. Auditing the exact values before any rounding is conservative:
 * rounding only widens what an attacker can infer.
 */
import { Polytope, type BoundResult, type SparseRow } from './simplex';
import { tableRelations, type PublishedTable, type Relation } from './tables';

export interface Interval {
  lower: number;
  upper: number;
}

/** What a protection check asks of one cell: its interval must reach at least this far. */
export interface Requirement {
  /** The interval's upper end must be at least this. */
  upper: number;
  /** The interval's lower end must be at most this. */
  lower: number;
}

export interface IntervalOptions {
  /** Smallest value a suppressed cell can have (1 when zeros are never suppressed). */
  floor?: number;
  /**
   * When given, only these cells are bounded, and each search stops once it passes the
   * requirement (the interval returned is then a sub-interval of the true one, wide enough).
   */
  requirements?: ReadonlyMap<string, Requirement>;
  /** Bound only these cells (default: the requirements' cells, else every unknown cell). */
  only?: ReadonlySet<string>;
  /** 'lower' skips the upper bounds. */
  sides?: 'both' | 'lower';
  /** Accumulates the simplex pivots made, for benchmarks. */
  stats?: { pivots: number };
}

/**
 * Groups unknown cells into blocks that share no relation, so each block is a separate (small)
 * linear programme.
 */
export function blocksOf(relations: readonly Relation[], unknown: ReadonlySet<string>): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (parent.get(c) !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  for (const k of unknown) parent.set(k, k);
  for (const rel of relations) {
    let first: string | null = null;
    for (const k of [rel.parent, ...rel.parts]) {
      if (!unknown.has(k)) continue;
      if (first === null) first = find(k);
      else {
        const r = find(k);
        if (r !== first) parent.set(r, first);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const k of unknown) {
    const r = find(k);
    const g = groups.get(r);
    if (g) g.push(k);
    else groups.set(r, [k]);
  }
  return [...groups.values()];
}

/**
 * The feasible interval of each unknown cell given the known cells and the relations
 * (parent = sum of parts). Unknown cells are variables >= floor; known cells are constants.
 */
export function feasibleIntervals(
  relations: readonly Relation[],
  known: ReadonlyMap<string, number>,
  unknown: ReadonlySet<string>,
  options: IntervalOptions = {},
): Map<string, Interval & { exact: boolean }> {
  const floor = options.floor ?? 1;
  const out = new Map<string, Interval & { exact: boolean }>();
  const byBlock = blocksOf(relations, unknown);
  const blockOf = new Map<string, number>();
  byBlock.forEach((b, i) => b.forEach((k) => blockOf.set(k, i)));
  const blockRelations: Relation[][] = byBlock.map(() => []);
  for (const rel of relations) {
    const k = [rel.parent, ...rel.parts].find((c) => unknown.has(c));
    if (k !== undefined) blockRelations[blockOf.get(k)!].push(rel);
  }

  byBlock.forEach((block, bi) => {
    const only =
      options.only ?? (options.requirements ? new Set(options.requirements.keys()) : null);
    const wanted = only ? block.filter((k) => only.has(k)) : block;
    if (wanted.length === 0) return;
    const column = new Map(block.map((k, i) => [k, i]));
    const rows: SparseRow[] = blockRelations[bi].map((rel) => {
      const coefs: [number, number][] = [];
      let rhs = 0;
      const add = (k: string, sign: number) => {
        const col = column.get(k);
        if (col !== undefined) {
          coefs.push([col, sign]);
          rhs -= sign * floor;
        } else {
          const v = known.get(k);
          if (v === undefined)
            throw new Error(`relation names a cell that is neither known nor unknown`);
          rhs -= sign * v;
        }
      };
      add(rel.parent, 1);
      for (const p of rel.parts) add(p, -1);
      return { coefs, rhs };
    });
    const lp = new Polytope(block.length, rows);
    // Every vertex the simplex visits is a feasible table: the largest and smallest value seen
    // for each cell already bound its interval from inside, so a cell whose requirement is met
    // by them needs no programme of its own.
    const seenHigh = lp.vertex();
    const seenLow = Float64Array.from(seenHigh);
    const observe = () => {
      const y = lp.vertex();
      for (let j = 0; j < y.length; j++) {
        if (y[j] > seenHigh[j]) seenHigh[j] = y[j];
        if (y[j] < seenLow[j]) seenLow[j] = y[j];
      }
    };
    for (const k of wanted) {
      const col = column.get(k)!;
      const req = options.requirements?.get(k);
      let hi: BoundResult;
      let lo: BoundResult;
      if (options.sides === 'lower') hi = { value: Infinity, exact: false };
      else if (req && seenHigh[col] >= req.upper - floor)
        hi = { value: seenHigh[col], exact: false };
      else {
        hi = lp.maximise(col, req ? req.upper - floor : Infinity);
        observe();
      }
      if (seenLow[col] === 0)
        lo = { value: 0, exact: true }; // already at the floor: the minimum
      else if (req && seenLow[col] <= req.lower - floor) lo = { value: seenLow[col], exact: false };
      else {
        lo = lp.minimise(col, req ? req.lower - floor : -Infinity);
        observe();
      }
      out.set(k, {
        upper: tidy(hi.value + floor),
        lower: tidy(lo.value + floor),
        exact: hi.exact && lo.exact,
      });
    }
    if (options.stats) options.stats.pivots += lp.pivots;
  });
  return out;
}

/** Float noise from the simplex (e.g. 0.9999999997) back to the integer it stands for. */
function tidy(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 ? r : x;
}

/**
 * The attack itself, from what was released and nothing else: the layout of every table (public),
 * the numbers shown, and the policy that zeros are shown. Returns the interval each suppressed cell
 * is pinned to. Values shown are taken as exact (a rounded release is only harder to attack).
 */
export function attackPublication(tables: readonly PublishedTable[]): Map<string, Interval> {
  const known = new Map<string, number>();
  const unknown = new Set<string>();
  const relations = new Map<string, Relation>();
  for (const t of tables) {
    for (const c of t.cells) {
      if (c.value === null) unknown.add(c.key);
      else known.set(c.key, c.value);
    }
    for (const r of tableRelations(t.spec)) relations.set(`${r.parent}<=${r.parts.join(',')}`, r);
  }
  // A cell shown by any table is known, whatever another table hides.
  for (const k of known.keys()) unknown.delete(k);
  const found = feasibleIntervals([...relations.values()], known, unknown, { floor: 1 });
  return new Map([...found].map(([k, v]) => [k, { lower: v.lower, upper: v.upper }]));
}

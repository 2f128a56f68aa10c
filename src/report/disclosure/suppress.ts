/**
 * Cell suppression for a set of linked tables (domain.md rule 5).
 *
 * Primary suppression hides every cell with 1..k-1 units (k = 11 by default, as CTDC; never below
 * 5). Secondary (complementary) suppression then hides further cells until no suppressed cell can
 * be recovered, or pinned to a narrow range, from the totals and the other tables that share them:
 *
 * 1. Singleton rule: any relation (a subtotal and its parts) holding exactly one hidden cell gives
 *    that cell away by subtraction, so another cell of the relation is hidden with it. The cell
 *    chosen is the cheapest by `cost`: least aggregated (totals matter most to readers) and
 *    forcing the fewest further suppressions, then the smallest.
 * 2. Audit by linear programming (audit.ts): for every primary cell the attacker's feasible
 *    interval must reach up to at least max(k, v + p) (so nobody can tell it from a publishable
 *    group) and down to at most max(f, v - p), where p is the protection level (default
 *    ceil(k / 2)) and f the floor the cell has whatever is hidden: with zeros shown and every
 *    hidden cell at least 1, a subtotal of four non-zero parts is at least 4 (f is found by the
 *    same linear programming, with every non-zero cell hidden). A cell that fails gets one more complement in
 *    one of its relations, and both steps repeat until every primary cell passes.
 *
 * Zeros are never hidden (they are not disclosive here, and hiding them would not protect: the
 * policy is public), so the attacker may assume every hidden cell is at least 1, and does.
 */
import { feasibleIntervals, type Requirement } from './audit';
import {
  linkTables,
  publishedCells,
  type CellStatus,
  type CountTable,
  type LinkedTables,
  type PublishedTable,
} from './tables';

/** CTDC's threshold. */
export const DEFAULT_K = 11;
/** Jayu's floor: no configuration may publish groups smaller than this. */
export const MIN_K = 5;

export interface SuppressionOptions {
  /** Smallest group that may be shown (default 11, at least 5). */
  k?: number;
  /** How far an attacker's interval must reach beyond a hidden cell's value (default ceil(k/2)). */
  protection?: number;
  /** At most this many secondary cells are tried for showing again after the search (default 60). */
  cleanupTries?: number;
}

export interface ProtectedTables {
  k: number;
  protection: number;
  linked: LinkedTables;
  status: Map<string, CellStatus>;
  /** The tables with hidden cells set to null (values not rounded). */
  tables: PublishedTable[];
  /** For each primary cell, the lowest value an attacker could be held to even with every
   * non-zero cell hidden (see requirementFor). */
  floors: Map<string, number>;
  /** Linear programmes solved and simplex pivots made, for benchmarks. */
  work: { audits: number; pivots: number };
}

/** Checks k against the floor; a lower k is refused, never silently raised. */
export function checkK(k: number): number {
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new Error(
      `k = ${k} refused: the smallest group Jayu may publish is ${MIN_K} (default ${DEFAULT_K})`,
    );
  }
  return k;
}

/** Primary and secondary suppression over all the tables at once. */
export function suppressTables(
  tables: readonly CountTable[],
  options: SuppressionOptions = {},
): ProtectedTables {
  const k = checkK(options.k ?? DEFAULT_K);
  const protection = options.protection ?? Math.ceil(k / 2);
  if (!Number.isInteger(protection) || protection < 1) {
    throw new Error(
      `protection level ${protection} refused: it must be a whole number of at least 1`,
    );
  }
  const linked = linkTables(tables);
  const work = { audits: 0, pivots: 0 };
  const { cells, relations, relationsOf } = linked;
  const hidden = new Set<string>();
  const primary: string[] = [];
  for (const c of cells.values()) {
    if (c.value > 0 && c.value < k) {
      hidden.add(c.key);
      primary.push(c.key);
    }
  }
  const hiddenIn = relations.map((r) => [r.parent, ...r.parts].filter((x) => hidden.has(x)).length);
  const hide = (key: string) => {
    if (hidden.has(key)) return;
    hidden.add(key);
    for (const ri of relationsOf.get(key) ?? []) hiddenIn[ri]++;
  };
  const members = (ri: number) => [relations[ri].parent, ...relations[ri].parts];
  const candidatesIn = (ri: number) =>
    members(ri).filter((x) => !hidden.has(x) && cells.get(x)!.value > 0);
  /**
   * Cost of hiding a cell: how aggregated it is (each level of subtotal weighs as much as three
   * further suppressions, since readers need totals most), the further suppressions it forces
   * (relations where it would be the only hidden cell), then its size.
   */
  const cost = (key: string, exceptRelation: number): [number, number] => {
    let forced = 0;
    for (const ri of relationsOf.get(key) ?? [])
      if (ri !== exceptRelation && hiddenIn[ri] === 0) forced++;
    const c = cells.get(key)!;
    return [3 * c.marginDepth + forced, c.value];
  };
  const cheapest = (keys: string[], exceptRelation: number): string | null => {
    let best: string | null = null;
    let bestCost: [number, number] | null = null;
    for (const key of keys) {
      const c = cost(key, exceptRelation);
      if (!bestCost || better(c, bestCost)) {
        best = key;
        bestCost = c;
      }
    }
    return best;
  };

  const singletonPass = () => {
    const queue = relations.map((_, i) => i);
    while (queue.length) {
      const ri = queue.pop()!;
      if (hiddenIn[ri] !== 1) continue;
      const pick = cheapest(candidatesIn(ri), ri);
      // No candidate: every other member is zero or hidden already; nothing to add here.
      if (pick === null) continue;
      hide(pick);
      for (const rj of relationsOf.get(pick) ?? []) if (hiddenIn[rj] === 1) queue.push(rj);
    }
  };

  const requirements = new Map<string, Requirement>();
  // The floor each small cell has even if every non-zero cell were hidden (zeros are shown, and
  // hidden parts are each at least 1): no suppression can take an attacker below it.
  const zeros = new Map<string, number>();
  const nonZero = new Set<string>();
  for (const c of cells.values()) {
    if (c.value === 0) zeros.set(c.key, 0);
    else nonZero.add(c.key);
  }
  const floors = new Map<string, number>();
  for (const [key, b] of feasibleIntervals(relations, zeros, nonZero, {
    floor: 1,
    only: new Set(primary),
    sides: 'lower',
    stats: work,
  })) {
    floors.set(key, b.lower);
  }
  for (const key of primary) {
    requirements.set(key, requirementFor(cells.get(key)!.value, floors.get(key)!, k, protection));
  }
  for (;;) {
    singletonPass();
    const known = new Map<string, number>();
    for (const c of cells.values()) if (!hidden.has(c.key)) known.set(c.key, c.value);
    work.audits++;
    const bounds = feasibleIntervals(relations, known, hidden, {
      floor: 1,
      requirements,
      stats: work,
    });
    const failing = [...bounds].filter(([key, b]) => {
      const req = requirements.get(key)!;
      return b.upper < req.upper || b.lower > req.lower;
    });
    if (failing.length === 0) break;
    let added = 0;
    for (const [key] of failing) {
      // One more complement in the relation of this cell that offers the cheapest one.
      let best: { key: string; ri: number } | null = null;
      for (const ri of relationsOf.get(key) ?? []) {
        const pick = cheapest(candidatesIn(ri), ri);
        if (pick && (!best || better(cost(pick, ri), cost(best.key, best.ri))))
          best = { key: pick, ri };
      }
      if (!best) {
        // Its own relations are exhausted: widen through the relations of its hidden neighbours.
        for (const ri of relationsOf.get(key) ?? []) {
          for (const m of members(ri)) {
            if (!hidden.has(m)) continue;
            for (const rj of relationsOf.get(m) ?? []) {
              const pick = cheapest(candidatesIn(rj), rj);
              if (pick && (!best || better(cost(pick, rj), cost(best.key, best.ri))))
                best = { key: pick, ri: rj };
            }
          }
        }
      }
      if (best && !hidden.has(best.key)) {
        hide(best.key);
        added++;
      }
    }
    if (added === 0) {
      // Nothing cheap is left near the failing cells: hide every non-zero cell of their tables.
      for (const [key] of failing) {
        for (const c of cells.values()) {
          if (c.value > 0 && c.unit === cells.get(key)!.unit && !hidden.has(c.key)) {
            hide(c.key);
            added++;
          }
        }
      }
      if (added === 0) {
        throw new Error(
          'secondary suppression could not protect every small cell (a bug: please report)',
        );
      }
    }
  }

  // Clean-up: the greedy search sometimes hides a cell (often a total) that later complements
  // made unnecessary. Try to show secondary cells again, most aggregated and largest first (they
  // matter most to readers), within a bounded number of audits; keep one shown only if no
  // relation is left with a single hidden cell and the audit still passes.
  const primarySet = new Set(primary);
  const unhide = (key: string) => {
    hidden.delete(key);
    for (const ri of relationsOf.get(key) ?? []) hiddenIn[ri]--;
  };
  const secondary = [...hidden]
    .filter((key) => !primarySet.has(key))
    .sort(
      (a, b) =>
        cells.get(b)!.marginDepth - cells.get(a)!.marginDepth ||
        cells.get(b)!.value - cells.get(a)!.value,
    )
    .slice(0, options.cleanupTries ?? 60);
  for (const key of secondary) {
    unhide(key);
    const lonely = (relationsOf.get(key) ?? []).some((ri) => hiddenIn[ri] === 1);
    let ok = !lonely;
    if (ok) {
      const known = new Map<string, number>();
      for (const c of cells.values()) if (!hidden.has(c.key)) known.set(c.key, c.value);
      work.audits++;
      const bounds = feasibleIntervals(relations, known, hidden, {
        floor: 1,
        requirements,
        stats: work,
      });
      ok = [...bounds].every(([k2, b]) => {
        const req = requirements.get(k2)!;
        return b.upper >= req.upper && b.lower <= req.lower;
      });
    }
    if (!ok) hide(key);
  }

  const status = new Map<string, CellStatus>();
  for (const key of cells.keys()) {
    status.set(key, primarySet.has(key) ? 'primary' : hidden.has(key) ? 'secondary' : 'published');
  }
  const published: PublishedTable[] = tables.map((t) => ({
    spec: t.spec,
    cells: publishedCells(t.spec).map((c) => ({
      key: c.key,
      coords: c.coords,
      value: hidden.has(c.key) ? null : cells.get(c.key)!.value,
      status: status.get(c.key)!,
    })),
  }));
  return { k, protection, linked, status, tables: published, floors, work };
}

/** How wide the attacker's interval around a small cell must be (see the module comment). */
export function requirementFor(
  value: number,
  structuralFloor: number,
  k: number,
  protection: number,
): Requirement {
  return {
    upper: Math.max(k, value + protection),
    lower: Math.max(1, structuralFloor, value - protection),
  };
}

function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/**
 * Human decisions on pairs of records. A reviewer's "same person" or "not the same" overrides the
 * model in every later run; "unsure" overrides nothing but says the pair was looked at. Decisions
 * are kept, never edited: the latest one on a pair is in force, so a merge is undone by deciding
 * again (not_same, or unsure to hand the pair back to the model), and the history stays.
 */
import type { RecordTable } from './records';

export type Verdict = 'same' | 'not_same' | 'unsure';
export const VERDICTS: readonly Verdict[] = ['same', 'not_same', 'unsure'];

export interface RecordRef {
  source: string;
  recordId: string;
}

export interface HumanDecision {
  left: RecordRef;
  right: RecordRef;
  verdict: Verdict;
  /** Who decided (a user name or role, as the organisation records it). */
  by: string;
  /** Why, in the reviewer's words. */
  why?: string;
  /** ISO 8601 time of the decision. */
  at: string;
}

/** Decisions in force on the records of a table, as record index pairs. */
export interface ResolvedDecisions {
  same: Array<[number, number]>;
  notSame: Array<[number, number]>;
  unsure: Array<[number, number]>;
  /** Key a*2^22+b (a<b) -> verdict in force, for quick lookups. */
  byPair: Map<number, Verdict>;
  /** Decisions naming a record that is not in this run. */
  unmatched: number;
}

export function pairKey(a: number, b: number): number {
  return a < b ? a * 4194304 + b : b * 4194304 + a;
}

function refKey(ref: RecordRef): string {
  return `${ref.source}\u0000${ref.recordId}`;
}

/** Index of each (source, record_id) of a table. */
export function recordIndex(table: RecordTable): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < table.size; i++) {
    index.set(
      refKey({ source: table.sources[table.sourceOf[i]], recordId: table.recordIds[i] }),
      i,
    );
  }
  return index;
}

/** The latest decision on each pair, mapped onto the table's records. */
export function resolveDecisions(
  decisions: readonly HumanDecision[],
  table: RecordTable,
  given?: Map<string, number>,
): ResolvedDecisions {
  const ordered = [...decisions].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  const byPair = new Map<number, Verdict>();
  let unmatched = 0;
  // No decisions (the usual first run): no index of a million records to build.
  const index = ordered.length > 0 ? (given ?? recordIndex(table)) : new Map<string, number>();
  for (const d of ordered) {
    const a = index.get(refKey(d.left));
    const b = index.get(refKey(d.right));
    if (a === undefined || b === undefined || a === b) {
      unmatched++;
      continue;
    }
    byPair.set(pairKey(a, b), d.verdict);
  }
  const out: ResolvedDecisions = { same: [], notSame: [], unsure: [], byPair, unmatched };
  for (const [key, verdict] of byPair) {
    const pair: [number, number] = [Math.floor(key / 4194304), key % 4194304];
    if (verdict === 'same') out.same.push(pair);
    else if (verdict === 'not_same') out.notSame.push(pair);
    else out.unsure.push(pair);
  }
  return out;
}

/** Checks a decision read from a file or a command line; returns the problem, or undefined. */
export function decisionProblem(d: Partial<HumanDecision>): string | undefined {
  if (!d.left?.source || !d.left?.recordId)
    return 'the first record (source and record_id) is missing';
  if (!d.right?.source || !d.right?.recordId)
    return 'the second record (source and record_id) is missing';
  if (!d.verdict || !VERDICTS.includes(d.verdict))
    return `the verdict must be one of ${VERDICTS.join(', ')}`;
  if (!d.by?.trim()) return 'who decided (by) is missing';
  if (!d.at || Number.isNaN(Date.parse(d.at)))
    return 'the time of the decision (at) is missing or invalid';
  return undefined;
}

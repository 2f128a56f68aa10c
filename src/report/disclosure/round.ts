/**
 * Rounding of released counts to a base (e.g. 5), applied after suppression to what is shown.
 *
 * Conventional rounding (each number to the nearest multiple, halves up): totals may then differ
 * from the sum of their rounded parts by a little, which the report says. Suppression is decided
 * and audited on the exact values, so rounding can only add uncertainty for an attacker.
 */
import type { PublishedTable } from './tables';

/** The nearest multiple of `base` (halves up); 0 stays 0. */
export function roundToBase(value: number, base: number): number {
  if (!Number.isInteger(base) || base < 1)
    throw new Error(`rounding base ${base} must be a whole number >= 1`);
  return Math.floor(value / base + 0.5) * base;
}

/** The same tables with every shown value rounded; hidden cells stay hidden. */
export function roundTables(tables: readonly PublishedTable[], base: number): PublishedTable[] {
  return tables.map((t) => ({
    spec: t.spec,
    cells: t.cells.map((c) => ({
      ...c,
      value: c.value === null ? null : roundToBase(c.value, base),
    })),
  }));
}

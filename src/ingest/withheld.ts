/**
 * Records an export may not open. A sealer from the protection layer knows, per record, whether
 * this session may read it for its purpose (consent, case restrictions); such records are left
 * out of an export and counted, instead of failing the whole export.
 */
import type { RecordSealer } from '../protect/contracts';

interface ScopedSealer extends RecordSealer {
  mayOpen(table: string, recordId: string): boolean;
}

function isScoped(sealer: RecordSealer): sealer is ScopedSealer {
  return typeof (sealer as Partial<ScopedSealer>).mayOpen === 'function';
}

/** Whether the sealer may open the record (always, for a sealer without a read scope). */
export function mayOpen(sealer: RecordSealer, table: string, recordKey: string): boolean {
  return !isScoped(sealer) || sealer.mayOpen(table, recordKey);
}

/** Whether the sealer may open a case's records (their keys all start with the case id). */
export function mayOpenCase(sealer: RecordSealer, caseId: string): boolean {
  return mayOpen(sealer, 'cases', `${caseId}/`);
}

export interface ExportCount {
  exported: number;
  /** Records left out because this session may not open them for its purpose. */
  withheld: number;
}

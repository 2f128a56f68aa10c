/**
 * Records an export may not open. A sealer a session hands out for reading knows, per record,
 * whether it may be read for the session's purpose (RecordSealer.mayOpen: consent, case
 * restrictions); such records are left out of an export and counted, instead of failing it.
 */
import type { RecordSealer } from '../protect/contracts';

/** Whether the sealer may open the record (always, for a sealer without a read scope). */
export function mayOpen(sealer: RecordSealer, table: string, recordKey: string): boolean {
  return sealer.mayOpen?.(table, recordKey) ?? true;
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

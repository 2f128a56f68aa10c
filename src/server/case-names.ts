/**
 * The names of listed cases' persons, for the screens that list cases by name (search, urgent
 * cases). Only a role that may read identifying data gets them, each an audited read through
 * the sealer protect hands out; every other role gets none and the screen shows pseudonyms.
 */
import type { Session } from '../protect/protected-store';
import { VAULT_FIELD, vaultRecordKey, type PersonVault } from '../store/vault';
import { API_PURPOSE } from './cases';

export interface CaseNameRow {
  /** The case's id. */
  id: string;
  source_id: string;
  record_id: string;
  vault: Uint8Array | null;
}

/** Case id -> "family given" for the rows whose person this session may read. */
export async function caseNames(
  session: Session,
  organisationId: string,
  rows: readonly CaseNameRow[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (rows.length === 0 || !session.can('case.read_identifying', { organisationId })) return names;
  const sealer = await session.sealerFor(organisationId, {
    purpose: API_PURPOSE,
    read: true,
    caseIds: rows.map((r) => r.id),
  });
  for (const r of rows) {
    const key = vaultRecordKey.person(r.source_id, r.record_id);
    if (!r.vault || !sealer.mayOpen('persons', key)) continue;
    const v = JSON.parse(sealer.open('persons', key, VAULT_FIELD, r.vault)) as PersonVault;
    const name = [v.familyName, v.givenName].filter(Boolean).join(' ');
    if (name) names.set(r.id, name);
  }
  await sealer.flush();
  return names;
}

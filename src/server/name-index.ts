/**
 * Builds the name search keys (name-keys.ts) of cases that have none yet: cases loaded by an
 * import rather than saved through the API. The names are opened with the sealer given (an
 * audited sealer of a session that may read them, or the key holder's own when loading data) and
 * only their blind-indexed keys are written. A case with no name gets a marker key, so it is not
 * visited again.
 */
import type { RecordSealer } from '../protect/contracts';
import type { Db } from '../store/db';
import { VAULT_FIELD, vaultRecordKey, type PersonVault } from '../store/vault';
import { NAME_KEY_KIND, storedNameKeys } from './name-keys';

/**
 * Inserts name keys ($1 case ids, $2 keys, pairwise) with the copies of their case's columns the
 * search reads (migration 0405), taken from the case as it now is: the trigger on cases keeps
 * them from then on.
 */
export const NAME_KEY_INSERT = `
  INSERT INTO case_name_keys (case_id, key, organisation_id, person_id, source_id, status, updated_at, facets)
  SELECT k.id, x.key, k.organisation_id, k.person_id, k.source_id, k.status, k.updated_at, k.facets
    FROM unnest($1::text[], $2::text[]) x (case_id, key) JOIN cases k ON k.id = x.case_id
  ON CONFLICT DO NOTHING`;

/** Written for every indexed case, so "not yet indexed" is a plain anti-join. */
export const INDEXED_MARKER = '#indexed';

export function nameKeyRows(sealer: RecordSealer, names: PersonVault): string[] {
  const keys = storedNameKeys(names).map((k) => sealer.blindIndex(NAME_KEY_KIND, k));
  keys.push(sealer.blindIndex(NAME_KEY_KIND, INDEXED_MARKER));
  return [...new Set(keys)];
}

/**
 * Cases of the sealer's organisation without name keys, as many as `limit`. Cases are visited in
 * pages of the primary key (`batch` ids after the last one seen, whatever their organisation):
 * each page costs the same however far the walk has gone. (Asking for "the next cases of this
 * organisation without keys" instead made every page read all the organisation's remaining
 * cases: 282,353 cases took 21 minutes, most of it in that query.)
 */
export async function indexCaseNames(
  db: Db,
  sealer: RecordSealer & { mayOpen?(table: string, key: string): boolean },
  opts: { limit?: number; batch?: number } = {},
): Promise<{ indexed: number; remaining: number }> {
  const limit = opts.limit ?? 1_000_000;
  const batch = opts.batch ?? 5000;
  let indexed = 0;
  let after = '';
  while (indexed < limit) {
    const { rows: page } = await db.query<{ id: string }>(
      'SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2',
      [after, batch],
    );
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const { rows } = await db.query<{
      id: string;
      source_id: string;
      record_id: string;
      vault: Uint8Array | null;
    }>(
      `SELECT k.id, p.source_id, p.record_id, p.vault FROM cases k JOIN persons p ON p.id = k.person_id
        WHERE k.id = ANY($2::text[]) AND k.organisation_id = $1
          AND NOT EXISTS (SELECT 1 FROM case_name_keys n WHERE n.case_id = k.id)
        ORDER BY k.id LIMIT $3`,
      [sealer.organisationId, page.map((r) => r.id), limit - indexed],
    );
    const caseIds: string[] = [];
    const keys: string[] = [];
    for (const r of rows) {
      const key = vaultRecordKey.person(r.source_id, r.record_id);
      if (sealer.mayOpen && !sealer.mayOpen('persons', key)) continue;
      const names = r.vault
        ? (JSON.parse(sealer.open('persons', key, VAULT_FIELD, r.vault)) as PersonVault)
        : {};
      for (const k of nameKeyRows(sealer, names)) {
        caseIds.push(r.id);
        keys.push(k);
      }
      indexed++;
    }
    if (caseIds.length > 0) {
      await db.query(NAME_KEY_INSERT, [caseIds, keys]);
    }
  }
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases k WHERE k.organisation_id = $1
        AND NOT EXISTS (SELECT 1 FROM case_name_keys n WHERE n.case_id = k.id)`,
    [sealer.organisationId],
  );
  return { indexed, remaining: rows[0]?.n ?? 0 };
}

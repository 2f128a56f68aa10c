/**
 * Re-sealing an organisation's stored values under its current field key, after a field-key
 * rotation: every sealed column the schema has, opened with whichever key version sealed it and
 * sealed again with the newest. One transaction: all or nothing.
 *
 * SEALED_COLUMNS lists where ciphertext lives and which record key it is bound to (the
 * conventions of src/store/vault.ts); a test checks it covers every bytea column of the schema.
 */
import type { Db } from '../store/db';
import type { Keyring } from './keyring';
import { FieldSealer } from './sealer';

export interface SealedColumn {
  table: string;
  column: string;
  /** The field name the value is bound to. */
  field: string;
  /** SQL expressions over alias t: the row's record key, its organisation, and a row locator. */
  recordKey: string;
  organisation: string;
  /** Columns identifying the row for the UPDATE. */
  locator: string[];
  binary?: boolean;
  /** Rows a trigger keeps from being updated (write-once, append-only): bypassed for the re-seal. */
  guarded?: boolean;
}

const viaCase = `(SELECT k.organisation_id FROM cases k WHERE k.id = t.case_id)`;
const caseChild = (table: string): SealedColumn => ({
  table,
  column: 'vault',
  field: 'vault',
  recordKey: `t.case_id || '/' || t.id`,
  organisation: viaCase,
  locator: ['case_id', 'id'],
});

export const SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'persons',
    column: 'vault',
    field: 'vault',
    recordKey: `t.source_id || '/' || t.record_id`,
    organisation: `(SELECT s.organisation_id FROM sources s WHERE s.id = t.source_id)`,
    locator: ['id'],
  },
  caseChild('events'),
  caseChild('perpetrators'),
  caseChild('information_sources'),
  caseChild('interventions'),
  caseChild('evidence_items'),
  {
    table: 'element_assessments',
    column: 'vault',
    field: 'vault',
    recordKey: `t.case_id || '/' || t.act_id || '/' || t.element`,
    organisation: viaCase,
    locator: ['case_id', 'act_id', 'element'],
  },
  {
    table: 'evidence_chunks',
    column: 'sealed',
    field: 'content',
    recordKey: `t.sha256 || '/' || t.chunk`,
    organisation: 't.organisation_id',
    locator: ['organisation_id', 'sha256', 'chunk'],
    binary: true,
    guarded: true,
  },
  {
    // A reviewer's reason for a linkage decision, sealed under the left person's organisation.
    table: 'linkage_decisions',
    column: 'why',
    field: 'why',
    recordKey: 't.id',
    organisation: 't.why_organisation_id',
    locator: ['id'],
    guarded: true,
  },
];

/**
 * Re-seals every value of the organisation not yet under its current key version. Returns the
 * number of values re-sealed per table. Evidence chunks are write-once and linkage decisions
 * append-only: their triggers are bypassed for this one transaction, and only the ciphertext
 * changes (the plaintext, hence an evidence chunk's address, does not).
 */
export async function reencryptOrganisation(
  db: Db,
  keyring: Keyring,
  organisationId: string,
): Promise<Record<string, number>> {
  const sealer = keyring.sealerFor(organisationId);
  const current = sealer.keyVersion;
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const c of SEALED_COLUMNS) {
      const { rows } = await tx.query<Record<string, unknown> & { key: string; value: Uint8Array }>(
        `SELECT ${c.locator.map((l) => `t.${l}`).join(', ')}, ${c.recordKey} AS key, t.${c.column} AS value
           FROM ${c.table} t WHERE t.${c.column} IS NOT NULL AND ${c.organisation} = $1`,
        [organisationId],
      );
      let n = 0;
      if (c.guarded) await tx.exec(`ALTER TABLE ${c.table} DISABLE TRIGGER USER`);
      for (const row of rows) {
        if (FieldSealer.keyVersionOf(row.value) === current) continue;
        const plain = sealer.openBytes(c.table, row.key, c.field, row.value);
        const resealed = sealer.sealBytes(c.table, row.key, c.field, plain);
        const where = c.locator.map((l, i) => `${l} = $${i + 2}`).join(' AND ');
        await tx.query(`UPDATE ${c.table} SET ${c.column} = $1 WHERE ${where}`, [
          resealed,
          ...c.locator.map((l) => row[l]),
        ]);
        n++;
      }
      if (c.guarded) await tx.exec(`ALTER TABLE ${c.table} ENABLE TRIGGER USER`);
      counts[c.table] = n;
    }
  });
  return counts;
}

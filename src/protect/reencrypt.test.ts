import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { addEvidence, readEvidence } from './evidence';
import { rotateFieldKey } from './key-store';
import { reencryptOrganisation, SEALED_COLUMNS } from './reencrypt';
import { FieldSealer } from './sealer';
import { protectedFixture, type ProtectedFixture } from './testing';

/** bytea columns that hold key material, MACs, hashes or signatures rather than sealed fields. */
const NOT_FIELDS = new Set([
  'protect_master.check_value',
  'protect_master.system_key_wrapped',
  'protect_master.audit_public_key',
  'protect_master.audit_private_key_sealed',
  'protect_data_keys.wrapped',
  'users.totp_secret_sealed',
  'user_sessions.token_hash',
  'audit_entries.mac',
  'audit_checkpoints.root_hash',
  'audit_checkpoints.signature',
  'audit_state.frontier',
]);

describe.each(storeBackends())('re-encryption on $name', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;
  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db);
  });
  afterAll(async () => db?.close());

  it('knows every sealed column of the schema', async () => {
    const { rows } = await db.query<{ c: string }>(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'bytea'`,
    );
    const known = new Set(SEALED_COLUMNS.map((s) => `${s.table}.${s.column}`));
    expect(rows.map((r) => r.c).filter((c) => !known.has(c) && !NOT_FIELDS.has(c))).toEqual([]);
  });

  it('re-seals every value of one organisation under the new key, and nothing else changes', async () => {
    await fx.addCase('org-a', 'A-1', ['case_management']);
    await fx.addCase('org-b', 'B-1', ['case_management']);
    const documenter = await fx.loginAs('documenter-org-a');
    const sealer = fx.store.keyring.sealerFor('org-a');
    await db.query(`UPDATE persons SET vault = $1 WHERE record_id = 'R-A-1'`, [
      sealer.seal('persons', 'org-a-list/R-A-1', 'vault', '{"familyName":"김"}'),
    ]);
    await db.query(
      `INSERT INTO events (case_id, id, type, start_precision, vault) VALUES ('A-1', 'e1', 'Sale', 'year', $1)`,
      [sealer.seal('events', 'A-1/e1', 'vault', '{"description":"sold"}')],
    );
    await addEvidence(documenter, {
      caseId: 'A-1',
      itemId: 'f',
      content: Buffer.from('file body'),
      mediaType: 'text/plain',
    });
    const otherOrg = fx.store.keyring
      .sealerFor('org-b')
      .seal('persons', 'org-b-list/R-B-1', 'vault', '{"x":1}');
    await db.query(`UPDATE persons SET vault = $1 WHERE record_id = 'R-B-1'`, [otherOrg]);

    // A reviewer's sealed reason for a linkage decision (append-only table).
    const pair = await db.query<{ id: string }>(
      `SELECT id FROM persons WHERE record_id IN ('R-A-1', 'R-B-1') ORDER BY record_id`,
    );
    expect(pair.rows).toHaveLength(2);
    const decisionId = 'ab'.repeat(12);
    await db.query(
      `INSERT INTO linkage_decisions
         (id, left_person_id, right_person_id, verdict, decided_by, why, why_organisation_id, decided_at)
       VALUES ($1, $2, $3, 'not_same', 'u', $4, 'org-a', now())`,
      [
        decisionId,
        pair.rows[0].id,
        pair.rows[1].id,
        sealer.seal('linkage_decisions', decisionId, 'why', 'different mothers'),
      ],
    );

    expect(await rotateFieldKey(db, fx.store.keyring, 'org-a')).toBe(2);
    const counts = await reencryptOrganisation(db, fx.store.keyring, 'org-a');
    expect(counts).toMatchObject({
      persons: 1,
      events: 1,
      evidence_chunks: 1,
      linkage_decisions: 1,
    });
    expect((await reencryptOrganisation(db, fx.store.keyring, 'org-a')).persons).toBe(0);

    const after = fx.store.keyring.sealerFor('org-a');
    const person = await db.query<{ vault: Uint8Array }>(
      `SELECT vault FROM persons WHERE record_id = 'R-A-1'`,
    );
    expect(FieldSealer.keyVersionOf(person.rows[0].vault)).toBe(2);
    expect(after.open('persons', 'org-a-list/R-A-1', 'vault', person.rows[0].vault)).toBe(
      '{"familyName":"김"}',
    );
    const event = await db.query<{ vault: Uint8Array }>(`SELECT vault FROM events WHERE id = 'e1'`);
    expect(after.open('events', 'A-1/e1', 'vault', event.rows[0].vault)).toBe(
      '{"description":"sold"}',
    );
    const legal = await fx.loginAs('legal-officer-org-a');
    const file = await readEvidence(legal, {
      caseId: 'A-1',
      itemId: 'f',
      purpose: 'case_management',
    });
    expect(file.content.toString()).toBe('file body');
    const b = await db.query<{ vault: Uint8Array }>(
      `SELECT vault FROM persons WHERE record_id = 'R-B-1'`,
    );
    expect(Buffer.from(b.rows[0].vault).equals(Buffer.from(otherOrg))).toBe(true);
    await expect(db.query('UPDATE evidence_chunks SET chunk = chunk')).rejects.toThrow(
      /write-once/,
    );
    const why = await db.query<{ why: Uint8Array }>(
      'SELECT why FROM linkage_decisions WHERE id = $1',
      [decisionId],
    );
    expect(FieldSealer.keyVersionOf(why.rows[0].why)).toBe(2);
    expect(after.open('linkage_decisions', decisionId, 'why', why.rows[0].why)).toBe(
      'different mothers',
    );
    await expect(db.query("UPDATE linkage_decisions SET verdict = 'same'")).rejects.toThrow(
      /never changed/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentPurpose } from '../model/types';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { caseConsentCondition, personConsentCondition } from './consent';
import { protectedFixture, type ProtectedFixture } from './testing';

describe.each(storeBackends())('consent per purpose on $name', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;
  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db, { organisations: ['org-a'] });
    await fx.addCase('org-a', 'C-1', ['case_management', 'aggregate_statistics']);
    // Three list-only persons in the case's list.
    for (const r of ['L-1', 'L-2', 'L-3']) {
      await db.query(
        `INSERT INTO persons (id, source_id, record_id) VALUES ($1, 'org-a-list', $1)`,
        [r],
      );
    }
  });
  afterAll(async () => db?.close());

  const persons = async (purpose: ConsentPurpose) =>
    (
      await db.query<{ id: string }>(
        `SELECT p.id FROM persons p WHERE ${personConsentCondition('p', '$1')} ORDER BY p.id`,
        [purpose],
      )
    ).rows.map((r) => r.id);
  const cases = async (purpose: ConsentPurpose) =>
    (
      await db.query<{ id: string }>(
        `SELECT k.id FROM cases k WHERE ${caseConsentCondition('k', '$1')}`,
        [purpose],
      )
    ).rows.map((r) => r.id);

  it('a case decides for its person; list persons follow their list unless they have their own row', async () => {
    const caseOwner = (
      await db.query<{ id: string }>(`SELECT person_id AS id FROM cases WHERE id = 'C-1'`)
    ).rows[0].id;
    expect(await persons('aggregate_statistics')).toEqual([caseOwner]);
    expect(await cases('legal_proceedings')).toEqual([]);

    const documenter = await fx.loginAs('documenter-org-a');
    await documenter.recordConsent(
      { sourceId: 'org-a-list' },
      { purpose: 'aggregate_statistics', granted: true, givenOn: '2020-01-01' },
    );
    await documenter.recordConsent(
      { sourceId: 'org-a-list' },
      { purpose: 'legal_proceedings', granted: true },
    );
    expect(await persons('aggregate_statistics')).toEqual(['L-1', 'L-2', 'L-3', caseOwner].sort());
    // The list's consent does not reach the person who has a case without that purpose.
    expect(await persons('legal_proceedings')).toEqual(['L-1', 'L-2', 'L-3']);

    // One person withdraws; a future withdrawal date has not taken effect yet.
    await documenter.recordConsent(
      { personId: 'L-2' },
      { purpose: 'aggregate_statistics', granted: true, withdrawnOn: '2024-06-30' },
    );
    await documenter.recordConsent(
      { personId: 'L-3' },
      { purpose: 'aggregate_statistics', granted: true, withdrawnOn: '2999-01-01' },
    );
    expect(await persons('aggregate_statistics')).toEqual(['L-1', 'L-3', caseOwner].sort());

    // Withdrawal for a case; recorded in the audit log without any value.
    await documenter.recordConsent(
      { caseId: 'C-1' },
      { purpose: 'aggregate_statistics', granted: true, withdrawnOn: '2025-01-01' },
    );
    expect(await cases('aggregate_statistics')).toEqual([]);
    expect(await persons('aggregate_statistics')).toEqual(['L-1', 'L-3']);
    const log = await fx.store.audit.entries({ record: 'case:C-1' });
    expect(log.map((e) => [e.action, e.purpose])).toContainEqual([
      'consent.withdraw',
      'aggregate_statistics',
    ]);

    // Only a documenter of the organisation may change consent.
    const analyst = await fx.loginAs('analyst-org-a');
    await expect(
      analyst.recordConsent({ caseId: 'C-1' }, { purpose: 'un_reporting', granted: true }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      documenter.recordConsent(
        { caseId: 'C-1' },
        { purpose: 'marketing' as ConsentPurpose, granted: true },
      ),
    ).rejects.toThrow(/unknown purpose/);
  });

  it('refuses anything but an alias and a placeholder in the SQL helpers', () => {
    expect(() => personConsentCondition('p; DROP TABLE persons', '$1')).toThrow(/alias/);
    expect(() => caseConsentCondition('k', "'x'")).toThrow(/placeholder/);
  });
});

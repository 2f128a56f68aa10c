import { afterEach, describe, expect, it } from 'vitest';
import { caseTextInput } from '../ingest/case-files';
import { importCases } from '../ingest/import-cases';
import { protectedFixture, type ProtectedFixture } from '../protect/testing';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { indexCaseNames } from './name-index';
import { testimony } from './testing/testimony';

/** Cases of `org` imported as `jayu import` does: without name keys. */
async function importOf(fx: ProtectedFixture, org: string, ids: string[]): Promise<void> {
  const lines = ids.map((id) => {
    const c = { ...testimony(id), organisation: org, source: `${org}-list` };
    c.person = { ...c.person, id: `${id}-person`, recordId: id };
    c.information = c.information.map((i) => ({ ...i, sourceId: `${org}-list` }));
    return JSON.stringify(c);
  });
  await importCases(fx.db, fx.store.keyring.sealerFor(org), [
    caseTextInput(`${org}.jsonl`, lines.join('\n'), true),
  ]);
}

const indexedCases = async (db: Db) =>
  (
    await db.query<{ case_id: string }>('SELECT DISTINCT case_id FROM case_name_keys ORDER BY 1')
  ).rows.map((r) => r.case_id);

describe.each(storeBackends())('name index of imported cases ($name)', (backend) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('indexes the organisation’s cases only, across pages of ids of several organisations', async () => {
    db = await backend.open();
    const fx = await protectedFixture(db);
    // Interleaved ids: every page of 2 ids holds cases of both organisations.
    const a = ['c01', 'c03', 'c05', 'c07', 'c09'];
    const b = ['c02', 'c04', 'c06', 'c08'];
    await importOf(fx, 'org-a', a);
    await importOf(fx, 'org-b', b);
    const sealerA = fx.store.keyring.sealerFor('org-a');

    expect(await indexCaseNames(db, sealerA, { batch: 2, limit: 3 })).toEqual({
      indexed: 3,
      remaining: 2,
    });
    expect(await indexedCases(db)).toEqual(['c01', 'c03', 'c05']);
    expect(await indexCaseNames(db, sealerA, { batch: 2 })).toEqual({ indexed: 2, remaining: 0 });
    expect(await indexedCases(db)).toEqual(a);
    expect(await indexCaseNames(db, sealerA, { batch: 2 })).toEqual({ indexed: 0, remaining: 0 });

    const sealerB = fx.store.keyring.sealerFor('org-b');
    expect(await indexCaseNames(db, sealerB, { batch: 3 })).toEqual({ indexed: 4, remaining: 0 });
    expect(await indexedCases(db)).toEqual([...a, ...b].sort());
  });
});

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, QueryOptions, Queryable } from '../store/db';
import { storeBackends } from '../store/testing';
import type { AuditEvent } from './audit-entry';
import { recordRef } from './audit-entry';
import {
  APPEND_BATCH_ENTRIES,
  AuditLog,
  readWitness,
  verifyConsistencyExport,
  verifyInclusionExport,
} from './audit-log';
import { initialiseKeys } from './key-store';
import type { Keyring } from './keyring';
import { MasterKey } from './master-key';

const event = (i: number): AuditEvent => ({
  actor: 'user:u1',
  action: i % 3 === 0 ? 'case.read' : 'case.update',
  organisationId: 'org-a',
  record: recordRef('case', `C-${i}`),
  fields: ['person.names.familyName'],
  purpose: 'case_management',
});

/** An attacker with the database: the append-only triggers are dropped first. */
async function tamper(db: Db, sql: string, params: unknown[] = []) {
  await db.exec(
    'ALTER TABLE audit_entries DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER',
  );
  await db.query(sql, params);
  await db.exec(
    'ALTER TABLE audit_entries ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER',
  );
}

/**
 * The real store, counting the transactions asked of it (each is one BEGIN .. COMMIT or
 * ROLLBACK): how a test sees that appends were committed together.
 */
/**
 * The real store, counting the appends written: transactions, and one-statement appends
 * (audit_append_at) apart, to show which way each went.
 */
function countingWrites(db: Db): {
  db: Db;
  writes: () => number;
  transactions: () => number;
  statements: () => number;
} {
  let transactions = 0;
  let statements = 0;
  const counted: Db = {
    kind: db.kind,
    query: <T>(sql: string, params?: unknown[], options?: QueryOptions) => {
      if (sql.includes('audit_append_at(')) statements++;
      return db.query<T>(sql, params, options);
    },
    exec: (sql) => db.exec(sql),
    copyFrom: (table, columns, rows) => db.copyFrom(table, columns, rows),
    copyFromBinary: (table, columns, chunks) => db.copyFromBinary(table, columns, chunks),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
      transactions++;
      return db.transaction(fn);
    },
    listen: (channel, onNotify, onLost) => db.listen(channel, onNotify, onLost),
    close: () => db.close(),
  };
  return {
    db: counted,
    writes: () => transactions + statements,
    transactions: () => transactions,
    statements: () => statements,
  };
}

/** Settles every promise; the outcomes in order. */
const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

describe.each(storeBackends())('audit log on $name', (backend) => {
  let db: Db;
  let keyring: Keyring;
  let witnessDir: string;

  beforeAll(async () => {
    db = await backend.open();
    keyring = await initialiseKeys(db, MasterKey.generate());
    witnessDir = await mkdtemp(path.join(os.tmpdir(), 'jayu-witness-'));
  });
  afterAll(async () => db?.close());

  /** A fresh log of n entries (the table is emptied between cases). */
  async function freshLog(n: number, every = 4): Promise<AuditLog> {
    await db.exec(`ALTER TABLE audit_entries DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER;
      DELETE FROM audit_entries; DELETE FROM audit_checkpoints; DELETE FROM audit_state;
      ALTER TABLE audit_entries ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`);
    const witnessFile = path.join(witnessDir, `w-${Math.random().toString(36).slice(2)}.json`);
    const log = new AuditLog(db, keyring.system, { checkpointEvery: every, witnessFile });
    for (let i = 0; i < n; i += 3)
      await log.append([event(i), event(i + 1), event(i + 2)].slice(0, n - i));
    await log.checkpoint();
    return log;
  }

  it('an untouched log verifies, and entries carry no values', async () => {
    const log = await freshLog(20);
    const v = await log.verify();
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(20);
    expect(v.checkpointsChecked).toBeGreaterThanOrEqual(5);
    const entries = await log.entries();
    expect(entries.map((e) => e.seq)).toEqual([...Array(20).keys()]);
    expect(entries[0]).toMatchObject({
      actor: 'user:u1',
      record: 'case:C-0',
      purpose: 'case_management',
    });
  });

  it('bulk appends (COPY) verify like single ones', async () => {
    const log = await freshLog(5);
    await log.append(
      Array.from({ length: 1500 }, (_, i) => ({
        ...event(i),
        record: recordRef('persons', `list/R "${i}"\\x`),
      })),
    );
    await log.checkpoint();
    const v = await log.verify();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(1505);
    expect((await log.entries({ fromSeq: 1504, limit: 1 }))[0].record).toMatch(/^persons:sha256:/);
  });

  it('refuses values where only codes may go', async () => {
    const log = await freshLog(0);
    await expect(log.append([{ ...event(0), detail: { note: '김순희' } }])).rejects.toThrow(
      /not text/,
    );
    await expect(log.append([{ ...event(0), record: 'case:김순희' }])).rejects.toThrow(
      /record reference/,
    );
    expect(recordRef('case', '김순희')).toMatch(/^case:sha256:[0-9a-f]{64}$/);
    expect(await log.size()).toBe(0);
  });

  it('detects an edited entry and names it', async () => {
    const log = await freshLog(20);
    await tamper(
      db,
      `UPDATE audit_entries SET entry = replace(entry, 'case.update', 'case.delete') WHERE seq = 7`,
    );
    const v = await log.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.filter((p) => p.kind === 'edited').map((p) => p.seq)).toEqual([7]);
    expect(v.problems.some((p) => p.kind === 'checkpoint')).toBe(true);
  });

  it('detects a deleted entry and names it', async () => {
    const log = await freshLog(20);
    await tamper(db, 'DELETE FROM audit_entries WHERE seq = 11');
    const v = await log.verify();
    expect(v.problems.filter((p) => p.kind === 'deleted').map((p) => p.seq)).toEqual([11]);
    expect(v.problems.some((p) => p.kind === 'edited' || p.kind === 'reordered')).toBe(false);
  });

  it('detects a deletion hidden by renumbering the rest', async () => {
    const log = await freshLog(20);
    await tamper(db, 'DELETE FROM audit_entries WHERE seq = 4');
    await tamper(db, 'UPDATE audit_entries SET seq = seq + 999999 WHERE seq > 4');
    await tamper(db, 'UPDATE audit_entries SET seq = seq - 1000000 WHERE seq >= 1000000');
    const v = await log.verify();
    expect(v.problems.filter((p) => p.kind === 'deleted').map((p) => p.seq)).toEqual([4]);
    expect(v.problems.some((p) => p.kind === 'reordered')).toBe(false);
  });

  it('detects an inserted entry and says where', async () => {
    const log = await freshLog(20);
    await tamper(db, 'UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 9');
    await tamper(db, 'UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1000');
    const fake = `{"v":1,"seq":9,"at":"2024-01-01T00:00:00.000Z","actor":"system","action":"case.read","organisationId":"org-a","record":"case:C-9","fields":[],"purpose":null,"detail":{}}`;
    await tamper(db, 'INSERT INTO audit_entries (seq, entry, mac) VALUES (9, $1, $2)', [
      fake,
      Buffer.alloc(32),
    ]);
    const v = await log.verify();
    expect(v.problems.filter((p) => p.kind === 'inserted').map((p) => p.position)).toEqual([9]);
    expect(v.problems.some((p) => p.kind === 'deleted' || p.kind === 'edited')).toBe(false);
  });

  it('detects reordered entries and names both', async () => {
    const log = await freshLog(20);
    await tamper(
      db,
      `UPDATE audit_entries a SET entry = b.entry, mac = b.mac FROM audit_entries b
        WHERE (a.seq = 3 AND b.seq = 15) OR (a.seq = 15 AND b.seq = 3)`,
    );
    const v = await log.verify();
    expect(
      v.problems
        .filter((p) => p.kind === 'reordered')
        .map((p) => p.seq)
        .sort((a, b) => a! - b!),
    ).toEqual([3, 15]);
    expect(v.problems.some((p) => p.kind === 'edited' || p.kind === 'deleted')).toBe(false);
  });

  it('detects truncation of the tail, even with its checkpoints removed, through the witness', async () => {
    const log = await freshLog(20);
    await tamper(db, 'DELETE FROM audit_entries WHERE seq >= 16');
    await tamper(db, 'DELETE FROM audit_checkpoints WHERE tree_size > 16');
    const v = await log.verify();
    expect(v.ok).toBe(false);
    const truncated = v.problems.filter((p) => p.kind === 'truncated');
    expect(truncated.length).toBeGreaterThan(0);
    expect(truncated.some((p) => p.message.includes('#16..#19'))).toBe(true);
  });

  it('detects a forged checkpoint signature', async () => {
    const log = await freshLog(8);
    await tamper(
      db,
      `UPDATE audit_checkpoints SET root_hash = decode(repeat('00', 32), 'hex') WHERE tree_size = 6`,
    );
    const v = await log.verify();
    expect(
      v.problems.some((p) => p.kind === 'checkpoint' && /invalid signature/.test(p.message)),
    ).toBe(true);
  });

  it('exports inclusion and consistency proofs that verify standalone and fail when altered', async () => {
    const log = await freshLog(13, 4);
    const heads = await log.checkpoints();
    expect(heads.map((h) => h.treeSize)).toEqual([6, 12, 13]);
    for (const seq of [0, 5, 12]) {
      const proof = await log.inclusionProof(seq);
      expect(verifyInclusionExport(JSON.parse(JSON.stringify(proof)))).toEqual({ ok: true });
      const forged = { ...proof, entry: proof.entry.replace('case.', 'user.') };
      expect(verifyInclusionExport(forged).ok).toBe(false);
    }
    const consistency = await log.consistencyProof(6);
    expect(verifyConsistencyExport(consistency)).toEqual({ ok: true });
    const bad = {
      ...consistency,
      first: { ...consistency.first, rootHash: consistency.second.rootHash },
    };
    expect(verifyConsistencyExport(bad).ok).toBe(false);
    expect(
      readWitness((log as unknown as { options: { witnessFile: string } }).options.witnessFile)
        ?.treeSize,
    ).toBe(13);
  });

  it('group-commits concurrent appends: each caller gets its own contiguous seqs, in arrival order', async () => {
    await freshLog(0);
    const counted = countingWrites(db);
    const log = new AuditLog(counted.db, keyring.system, { checkpointEvery: 25 });
    const callers = Array.from({ length: 200 }, (_, c) =>
      Array.from({ length: 1 + (c % 3) }, (_, k) => ({
        ...event(c),
        record: recordRef('case', `K-${c}-${k}`),
      })),
    );
    const seqs = await Promise.all(callers.map((events) => log.append(events)));

    // Fewer writes than callers: the first goes at once, the others wait and go together.
    expect(counted.writes()).toBeGreaterThanOrEqual(1);
    expect(counted.writes()).toBeLessThanOrEqual(2);

    const total = callers.reduce((n, events) => n + events.length, 0);
    expect(seqs.flat().sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
    for (const [c, mine] of seqs.entries()) {
      expect(mine).toEqual(mine.map((_, k) => mine[0] + k));
      if (c > 0) expect(mine[0]).toBe(seqs[c - 1].at(-1)! + 1);
    }
    const written = await log.entries();
    expect(written.map((e) => e.seq)).toEqual([...Array(total).keys()]);
    for (const [c, mine] of seqs.entries()) {
      expect(mine.map((seq) => written[seq].record)).toEqual(callers[c].map((e) => e.record));
    }

    // The batch crossed the checkpoint threshold: one checkpoint, signed at its end, that holds.
    const heads = await log.checkpoints();
    expect(heads.at(-1)?.treeSize).toBe(total);
    const v = await log.verify();
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(total);
    expect(v.checkpointsChecked).toBe(heads.length);
    const proof = await log.inclusionProof(seqs[100][0]);
    expect(verifyInclusionExport(proof)).toEqual({ ok: true });
  });

  it('a failed group commit rejects every caller in it, and later appends still work', async () => {
    await freshLog(0);
    const counted = countingWrites(db);
    const log = new AuditLog(counted.db, keyring.system, { checkpointEvery: 4 });
    // The database refuses one entry (a failure only the INSERT itself can report).
    await db.exec(`CREATE FUNCTION test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.entry LIKE '%case:POISON%' THEN RAISE EXCEPTION 'test: entry refused'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_poison BEFORE INSERT ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION test_refuse_poison()`);
    try {
      const poison = { ...event(9), record: 'case:POISON' };
      const outcomes = await settle([
        log.append([event(0)]), // in flight alone
        log.append([event(1), event(2)]), // these three wait and are written together
        log.append([poison]),
        log.append([event(3)]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
        'rejected',
      ]);
      for (const o of outcomes.slice(1))
        expect((o as PromiseRejectedResult).reason).toHaveProperty(
          'message',
          expect.stringMatching(/entry refused/),
        );
      expect(counted.writes()).toBe(2);
      expect(await log.size()).toBe(1);

      expect(await log.append([event(4), event(5)])).toEqual([1, 2]);
    } finally {
      await db.exec(
        'DROP TRIGGER test_refuse_poison ON audit_entries; DROP FUNCTION test_refuse_poison()',
      );
    }
    const after = await log.append([event(6)]);
    expect(after).toEqual([3]);
    expect((await log.entries()).map((e) => e.record)).toEqual(
      [0, 4, 5, 6].map((i) => event(i).record),
    );
    await log.checkpoint();
    const v = await log.verify();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(4);
  });

  it('an invalid event fails only its own caller, not those it would be written with', async () => {
    await freshLog(0);
    const log = new AuditLog(db, keyring.system);
    const outcomes = await settle([
      log.append([event(0)]),
      log.append([event(1)]),
      log.append([{ ...event(2), detail: { note: '김순희' } }]),
      log.append([event(3)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toHaveProperty(
      'message',
      expect.stringMatching(/not text/),
    );
    expect((await log.entries()).map((e) => e.record)).toEqual(
      [0, 1, 3].map((i) => event(i).record),
    );
    expect((await log.verify()).ok).toBe(true);
  });

  it('writes each event as it was when appended: a caller changing it afterwards changes nothing', async () => {
    await freshLog(0);
    const log = new AuditLog(db, keyring.system);
    const changed = event(1);
    // The second append waits for the first's write (group commit): the event is changed while
    // it is queued, after it was checked.
    const first = log.append([event(0)]);
    const second = log.append([changed]);
    changed.record = 'case:sha256 of nothing';
    changed.fields!.push('not a field name');
    changed.detail = { note: 'changed while queued' };
    expect(await Promise.all([first, second])).toEqual([[0], [1]]);
    const entries = await log.entries();
    expect(entries.map((e) => [e.record, e.fields, e.detail])).toEqual([
      [event(0).record, ['person.names.familyName'], {}],
      [event(1).record, ['person.names.familyName'], {}],
    ]);
    expect((await log.verify()).ok).toBe(true);
  });

  it('appends in one statement where it last wrote, and reads the state again when another writer moved the log', async () => {
    await freshLog(0);
    const a = countingWrites(db);
    const b = countingWrites(db);
    // Two logs on one store, as two processes: each knows only its own appends.
    const logA = new AuditLog(a.db, keyring.system, { checkpointEvery: 5 });
    const logB = new AuditLog(b.db, keyring.system, { checkpointEvery: 5 });
    expect(await logA.append([event(0)])).toEqual([0]); // the end unknown: a transaction
    expect(await logA.append([event(1), event(2)])).toEqual([1, 2]); // one statement
    expect(await logA.append([event(3)])).toEqual([3]); // one statement
    expect([a.transactions(), a.statements()]).toEqual([1, 2]);
    expect(await logB.append([event(4)])).toEqual([4]); // B's first: a transaction
    // A's end is stale: the statement writes nothing, A reads the state under the lock.
    expect(await logA.append([event(5), event(6)])).toEqual([5, 6]);
    expect([a.transactions(), a.statements()]).toEqual([2, 3]);
    // A checkpoint signed elsewhere moves the log too (its last checkpoint size).
    await logB.checkpoint();
    expect(await logA.append([event(7)])).toEqual([7]);
    expect([a.transactions(), a.statements()]).toEqual([3, 4]);
    // Checkpoints due inside a one-statement append are signed and stored with it.
    expect(await logA.append([event(8), event(9), event(10), event(11)])).toEqual([8, 9, 10, 11]);
    expect([a.transactions(), a.statements()]).toEqual([3, 5]);
    expect((await logA.entries()).map((e) => e.record)).toEqual(
      [...Array(12).keys()].map((i) => event(i).record),
    );
    const v = await logA.verify();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(12);
    expect((await logA.checkpoints()).map((h) => h.treeSize)).toEqual([5, 7, 12]);
  });

  it('a large append is committed alone, not merged with the appends queued around it', async () => {
    await freshLog(0);
    const counted = countingWrites(db);
    const log = new AuditLog(counted.db, keyring.system, { checkpointEvery: 1000 });
    const large = Array.from({ length: APPEND_BATCH_ENTRIES + 1 }, (_, i) => event(i));
    const [first, bulk, last] = await Promise.all([
      log.append([event(0)]),
      log.append(large),
      log.append([event(1)]),
    ]);
    expect(counted.writes()).toBe(3);
    expect(first).toEqual([0]);
    expect(bulk).toEqual(large.map((_, i) => 1 + i));
    expect(last).toEqual([large.length + 1]);
    const v = await log.verify();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(large.length + 2);
    expect(v.checkpointsChecked).toBe(1);
  });
});

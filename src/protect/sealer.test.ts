import { describe, expect, it } from 'vitest';
import { ProtectionError } from './errors';
import { createKeyring, Keyring, unwrapDataKey } from './keyring';
import { MasterKey } from './master-key';
import { AuditedSealer } from './audited-sealer';
import type { AuditEvent } from './audit-entry';
import { bulkSealingOf, FieldSealer } from './sealer';

const CANARIES = ['김순희', '金顺姬', 'Kim Sun-hui'];

function errorOf(fn: () => unknown): ProtectionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtectionError);
    return e as ProtectionError;
  }
  throw new Error('expected an error');
}

describe('FieldSealer', () => {
  const keyring = createKeyring();
  const sealer = keyring.sealerFor('org-a');

  it('round-trips names in every script and hides them in the ciphertext', () => {
    for (const name of CANARIES) {
      const ct = sealer.seal('persons', 'p1', 'family_name', name);
      expect(sealer.open('persons', 'p1', 'family_name', ct)).toBe(name);
      const raw = Buffer.from(ct);
      expect(raw.includes(Buffer.from(name, 'utf8'))).toBe(false);
      expect(raw[0]).toBe(1);
      expect(FieldSealer.keyVersionOf(ct)).toBe(1);
    }
  });

  it('seals the same value differently each time (random IV)', () => {
    const a = Buffer.from(sealer.seal('persons', 'p1', 'given_name', 'Sun-hui'));
    const b = Buffer.from(sealer.seal('persons', 'p1', 'given_name', 'Sun-hui'));
    expect(a.equals(b)).toBe(false);
  });

  it('refuses a ciphertext moved to another record, field, table or organisation', () => {
    const ct = sealer.seal('persons', 'p1', 'family_name', CANARIES[0]);
    for (const [table, record, field] of [
      ['persons', 'p2', 'family_name'],
      ['persons', 'p1', 'given_name'],
      ['events', 'p1', 'family_name'],
    ]) {
      const err = errorOf(() => sealer.open(table, record, field, ct));
      expect(err.kind).toBe('integrity');
      expect(err.message).toContain(`${table}.${field}`);
      for (const name of CANARIES) expect(err.message).not.toContain(name);
    }
    const other = keyring.sealerFor('org-b');
    expect(errorOf(() => other.open('persons', 'p1', 'family_name', ct)).kind).toBe('integrity');
  });

  it('detects every flipped byte and truncation', () => {
    const ct = Buffer.from(sealer.seal('persons', 'p1', 'notes', 'testimony'));
    for (let i = 0; i < ct.length; i++) {
      const bad = Buffer.from(ct);
      bad[i] ^= 0x01;
      expect(() => sealer.open('persons', 'p1', 'notes', bad)).toThrow(ProtectionError);
    }
    expect(
      errorOf(() => sealer.open('persons', 'p1', 'notes', ct.subarray(0, 20))).message,
    ).toMatch(/truncated/);
  });

  it('a keyring with another master key cannot open, with a clear key error', () => {
    const other = createKeyring().sealerFor('org-a');
    const ct = sealer.seal('persons', 'p1', 'family_name', 'x');
    expect(errorOf(() => other.open('persons', 'p1', 'family_name', ct)).kind).toBe('integrity');
  });

  it('blind indexes are deterministic per organisation and kind, and differ across them', () => {
    const a = sealer.blindIndex('family_name_key', 'kim');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(sealer.blindIndex('family_name_key', 'kim')).toBe(a);
    expect(sealer.blindIndex('given_name_key', 'kim')).not.toBe(a);
    expect(sealer.blindIndex('family_name_key', 'lee')).not.toBe(a);
    expect(keyring.sealerFor('org-b').blindIndex('family_name_key', 'kim')).not.toBe(a);
    expect(errorOf(() => sealer.blindIndex('Bad Kind', 'kim')).kind).toBe('invalid');
  });
});

describe('bulk sealing (worker threads)', () => {
  it('a FieldSealer made from the bulk keys seals what the original opens, current key only', () => {
    const keyring = createKeyring({ organisations: ['org-a'] });
    const old = keyring.sealerFor('org-a').seal('persons', 'p1', 'vault', 'before rotation');
    keyring.addFieldKeyVersion('org-a');
    const sealer = keyring.sealerFor('org-a');
    const bulk = bulkSealingOf(sealer)!;
    expect(bulk.recordsWrites).toBe(false);
    expect([...bulk.keys.fieldKeys.keys()]).toEqual([2]);
    // Structured clone is how the keys reach a worker thread.
    const worker = new FieldSealer(structuredClone(bulk.keys));
    const ct = worker.seal('persons', 'p1', 'vault', '김순희');
    expect(FieldSealer.keyVersionOf(ct)).toBe(2);
    expect(sealer.open('persons', 'p1', 'vault', ct)).toBe('김순희');
    expect(() => sealer.open('persons', 'p2', 'vault', ct)).toThrow(ProtectionError);
    expect(worker.blindIndex('person_name', 'kim')).toBe(sealer.blindIndex('person_name', 'kim'));
    expect(errorOf(() => worker.open('persons', 'p1', 'vault', old)).kind).toBe('key');
  });

  it('an AuditedSealer records what was sealed elsewhere, and refuses without the right to write', async () => {
    const inner = createKeyring({ organisations: ['org-a'] }).sealerFor('org-a');
    const events: AuditEvent[] = [];
    const options = {
      actor: 'user:u1',
      purpose: 'case_management' as const,
      readScope: null,
      append: async (e: AuditEvent[]) => events.push(...e),
    };
    const writer = new AuditedSealer(inner, { ...options, canWrite: true });
    const bulk = bulkSealingOf(writer)!;
    expect(bulk.recordsWrites).toBe(true);
    bulk.sealed('persons', 'list1/R-1', 'vault');
    bulk.sealed('persons', 'list1/R-2', 'vault');
    expect(await writer.flush()).toBe(2);
    expect(events.map((e) => [e.action, e.record, e.fields])).toEqual([
      ['record.write', 'persons:list1/R-1', ['vault']],
      ['record.write', 'persons:list1/R-2', ['vault']],
    ]);
    const reader = new AuditedSealer(inner, { ...options, canWrite: false });
    expect(errorOf(() => bulkSealingOf(reader)).kind).toBe('denied');
    const opaque = {
      organisationId: 'org-a',
      seal: inner.seal,
      open: inner.open,
      blindIndex: inner.blindIndex,
    };
    expect(bulkSealingOf(opaque)).toBeUndefined();
    expect(
      bulkSealingOf(new AuditedSealer(opaque, { ...options, canWrite: true })),
    ).toBeUndefined();
  });
});

describe('AuditedSealer reads', () => {
  it('records a read of a case’s own records as one entry for the case, a person’s as its own', async () => {
    const inner = createKeyring({ organisations: ['org-a'] }).sealerFor('org-a');
    const events: AuditEvent[] = [];
    const reader = new AuditedSealer(inner, {
      actor: 'user:u1',
      purpose: 'case_management',
      readScope: { persons: new Set(['list1/R-1']), cases: new Set(['C-1', 'C-2/x']) },
      canWrite: false,
      append: async (e: AuditEvent[]) => events.push(...e),
    });
    const sealed = (table: string, key: string) =>
      inner.seal(table, key, 'vault', `${table} ${key}`);
    for (const [table, key] of [
      ['persons', 'list1/R-1'],
      ['events', 'C-1/e1'],
      ['events', 'C-1/e2'],
      ['perpetrators', 'C-1/p1'],
      // A case id with a slash in it: the record is the case's whose id is in scope.
      ['events', 'C-2/x/e1'],
    ] as const)
      expect(reader.open(table, key, 'vault', sealed(table, key))).toBe(`${table} ${key}`);
    // Not in scope: refused, and not recorded as read.
    expect(
      errorOf(() => reader.open('events', 'C-3/e1', 'vault', sealed('events', 'C-3/e1'))).kind,
    ).toBe('denied');
    expect(await reader.flush()).toBe(3);
    expect(events.map((e) => [e.action, e.record, e.fields])).toEqual([
      ['record.read', 'persons:list1/R-1', ['vault']],
      ['record.read', 'cases:C-1', ['events.vault', 'perpetrators.vault']],
      ['record.read', 'cases:C-2/x', ['events.vault']],
    ]);
  });
});

describe('Keyring', () => {
  it('rotating the field key keeps old ciphertexts and blind indexes valid', () => {
    const keyring = createKeyring({ organisations: ['org-a'] });
    const before = keyring.sealerFor('org-a');
    const old = before.seal('persons', 'p1', 'family_name', '김순희');
    const index = before.blindIndex('family_name_key', '김');
    keyring.addFieldKeyVersion('org-a');
    const after = keyring.sealerFor('org-a');
    expect(after.keyVersion).toBe(2);
    const fresh = after.seal('persons', 'p1', 'family_name', '김순희');
    expect(FieldSealer.keyVersionOf(fresh)).toBe(2);
    expect(after.open('persons', 'p1', 'family_name', old)).toBe('김순희');
    expect(after.blindIndex('family_name_key', '김')).toBe(index);
  });

  it('wrapped keys unwrap only under the same master key and organisation', () => {
    const master = MasterKey.generate();
    const keyring = new Keyring(master);
    const wrapped = keyring.generateOrganisationKeys('org-a');
    expect(unwrapDataKey(master, wrapped[0]).length).toBe(32);
    expect(() => unwrapDataKey(MasterKey.generate(), wrapped[0])).toThrow(/wrong master key/);
    expect(() => unwrapDataKey(master, { ...wrapped[0], organisationId: 'org-b' })).toThrow(
      ProtectionError,
    );
  });

  it('a stored keyring loads all or nothing, and re-wraps under a new master key', () => {
    const master = MasterKey.generate();
    const first = new Keyring(master);
    const wrapped = [
      ...first.generateOrganisationKeys('a'),
      ...first.generateOrganisationKeys('b'),
    ];
    const ct = first.sealerFor('b').seal('t', 'r', 'f', 'v');

    const wrong = new Keyring(MasterKey.generate());
    expect(() => wrong.load(wrapped)).toThrow(ProtectionError);
    expect(wrong.organisations()).toEqual([]);

    const next = MasterKey.generate();
    const rewrapped = first.wrapAllUnder(next);
    const reopened = new Keyring(next);
    reopened.load(rewrapped);
    expect(reopened.organisations()).toEqual(['a', 'b']);
    expect(reopened.sealerFor('b').open('t', 'r', 'f', ct)).toBe('v');
    expect(() => reopened.sealerFor('c')).toThrow(/no data key/);
  });
});

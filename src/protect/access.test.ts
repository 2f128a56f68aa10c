import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { totpCode } from './credentials';
import { ProtectionError } from './errors';
import { OPERATIONS, type Operation } from './policy';
import { openProtected } from './protected-store';
import {
  protectedFixture,
  TEST_PASSWORD,
  TEST_PASSWORD_COST,
  type ProtectedFixture,
} from './testing';

/**
 * The specification, written out independently of policy.ts: what each role may do with its own
 * organisation's cases. Nobody may do anything with another organisation's cases; the
 * installation operations (last block) do not depend on the organisation.
 */
const ALLOWED_ON_OWN: Record<string, Operation[]> = {
  admin: [],
  'documenter-org-a': [
    'case.create',
    'case.update',
    'case.delete',
    'case.read_identifying',
    'case.read_deidentified',
    'stats.read',
    'case.restrict',
    'consent.update',
    'evidence.add',
    'evidence.view',
  ],
  'legal-officer-org-a': [
    'case.read_identifying',
    'case.read_deidentified',
    'stats.read',
    'case.export_identifying',
    'case.export_deidentified',
    'assessment.update',
    'evidence.view',
    'evidence.export',
  ],
  'analyst-org-a': [
    'case.read_deidentified',
    'case.export_deidentified',
    'stats.read',
    'linkage.run',
  ],
  'viewer-org-a': ['stats.read'],
  coordinator: [],
};
/** Roles whose operations reach every organisation: the coordinator, nothing identifying. */
const ALLOWED_ON_ANY: Record<string, Operation[]> = {
  coordinator: ['linkage.run', 'stats.read'],
};
const INSTALLATION: Operation[] = [
  'user.manage',
  'org.manage',
  'key.manage',
  'backup.create',
  'backup.restore',
  'audit.read',
  'audit.verify',
];
const ALLOWED_INSTALLATION: Record<string, Operation[]> = { admin: INSTALLATION };

async function outcome(p: Promise<unknown>): Promise<'allowed' | 'denied'> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    if (err instanceof ProtectionError && err.kind === 'denied') return 'denied';
    throw err;
  }
}

describe.each(storeBackends())('access control on $name', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;

  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db);
    await fx.addCase('org-a', 'A-1', ['case_management', 'legal_proceedings']);
    await fx.addCase('org-a', 'A-2', ['case_management']);
    await fx.addCase('org-b', 'B-1', ['case_management', 'legal_proceedings']);
  });
  afterAll(async () => db?.close());

  it('authorisation matrix: every role x every operation x own and other organisation', async () => {
    let probes = 0;
    const wrong: string[] = [];
    for (const username of Object.keys(ALLOWED_ON_OWN)) {
      const session = await fx.loginAs(username);
      for (const op of OPERATIONS) {
        const installation = INSTALLATION.includes(op);
        for (const caseId of ['A-1', 'B-1']) {
          const expected = installation
            ? (ALLOWED_INSTALLATION[username] ?? []).includes(op)
            : (ALLOWED_ON_ANY[username] ?? []).includes(op) ||
              (caseId === 'A-1' && ALLOWED_ON_OWN[username].includes(op));
          const got = await outcome(session.require(op, installation ? {} : { caseId }));
          probes++;
          if (got !== (expected ? 'allowed' : 'denied'))
            wrong.push(`${username} ${op} ${caseId}: ${got}`);
          expect(
            session.can(
              op,
              installation ? {} : { organisationId: caseId === 'A-1' ? 'org-a' : 'org-b' },
            ),
          ).toBe(expected);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(probes).toBeGreaterThanOrEqual(200);
    // Denials are in the audit log, with the operation but no values.
    const denied = (await fx.store.audit.entries({ limit: 100_000 })).filter(
      (e) => e.action === 'access.denied',
    );
    expect(denied.length).toBeGreaterThan(100);
    expect(
      denied.some((e) => e.detail.operation === 'case.read_identifying' && e.record === 'case:B-1'),
    ).toBe(true);
  });

  it('a case restricted to named users is closed to everyone else of the organisation', async () => {
    const documenter = await fx.loginAs('documenter-org-a');
    await documenter.restrictCase('A-2', ['legal-officer-org-a']);
    const analyst = await fx.loginAs('analyst-org-a');
    const legal = await fx.loginAs('legal-officer-org-a');
    expect(await outcome(analyst.require('case.read_deidentified', { caseId: 'A-2' }))).toBe(
      'denied',
    );
    expect(await outcome(analyst.require('case.read_deidentified', { caseId: 'A-1' }))).toBe(
      'allowed',
    );
    expect(await outcome(legal.require('case.read_identifying', { caseId: 'A-2' }))).toBe(
      'allowed',
    );
    expect(await outcome(documenter.require('case.update', { caseId: 'A-2' }))).toBe('allowed');
    // Aggregates are not record-level: still allowed.
    expect(await outcome(analyst.require('stats.read', { organisationId: 'org-a' }))).toBe(
      'allowed',
    );
    await documenter.restrictCase('A-2', []);
    expect(await outcome(analyst.require('case.read_deidentified', { caseId: 'A-2' }))).toBe(
      'allowed',
    );
  });

  it('sealers: writing, reading only with consent for the purpose, never across organisations', async () => {
    const documenter = await fx.loginAs('documenter-org-a');
    const writer = await documenter.sealerFor('org-a', { purpose: 'case_management', write: true });
    const sealed1 = writer.seal('persons', 'org-a-list/R-A-1', 'vault', '{"familyName":"김"}');
    const sealed2 = writer.seal('persons', 'org-a-list/R-A-2', 'vault', '{"familyName":"李"}');
    const child = writer.seal('events', 'A-2/e1', 'vault', '{"description":"x"}');
    expect(() => writer.open('persons', 'org-a-list/R-A-1', 'vault', sealed1)).toThrow(
      /may not read/,
    );
    expect(await writer.flush()).toBe(3);

    const legal = await fx.loginAs('legal-officer-org-a');
    const forCourt = await legal.sealerFor('org-a', { purpose: 'legal_proceedings', read: true });
    expect(forCourt.open('persons', 'org-a-list/R-A-1', 'vault', sealed1)).toBe(
      '{"familyName":"김"}',
    );
    // A-2 has consent for case management only.
    expect(() => forCourt.open('persons', 'org-a-list/R-A-2', 'vault', sealed2)).toThrow(
      /no consent/,
    );
    expect(() => forCourt.open('events', 'A-2/e1', 'vault', child)).toThrow(/no consent/);
    expect(() => forCourt.seal('persons', 'x/y', 'vault', 'z')).toThrow(/may not write/);
    await forCourt.flush();
    const reads = (await fx.store.audit.entries({ record: 'persons:org-a-list/R-A-1' })).map(
      (e) => [e.action, e.purpose],
    );
    expect(reads).toContainEqual(['record.read', 'legal_proceedings']);
    expect(reads).toContainEqual(['record.write', 'case_management']);

    const analyst = await fx.loginAs('analyst-org-a');
    expect(
      await outcome(analyst.sealerFor('org-a', { purpose: 'aggregate_statistics', read: true })),
    ).toBe('denied');
    const viewer = await fx.loginAs('viewer-org-a');
    expect(
      await outcome(viewer.sealerFor('org-a', { purpose: 'case_management', write: true })),
    ).toBe('denied');
    const otherLegal = await fx.loginAs('legal-officer-org-b');
    expect(
      await outcome(otherLegal.sealerFor('org-a', { purpose: 'legal_proceedings', read: true })),
    ).toBe('denied');
    const admin = await fx.loginAs('admin');
    expect(
      await outcome(admin.sealerFor('org-a', { purpose: 'case_management', read: true })),
    ).toBe('denied');
    const coordinator = await fx.loginAs('coordinator');
    for (const purpose of ['case_management', 'aggregate_statistics'] as const) {
      expect(await outcome(coordinator.sealerFor('org-a', { purpose, read: true }))).toBe('denied');
      expect(await outcome(coordinator.sealerFor('org-b', { purpose, write: true }))).toBe(
        'denied',
      );
    }

    // A sealer for named cases opens those cases' records and no others.
    const one = await documenter.sealerFor('org-a', {
      purpose: 'case_management',
      read: true,
      caseIds: ['A-2'],
    });
    expect(one.mayOpen('persons', 'org-a-list/R-A-2')).toBe(true);
    expect(one.mayOpen('cases', 'A-2/')).toBe(true);
    expect(one.mayOpen('persons', 'org-a-list/R-A-1')).toBe(false);
    expect(one.mayOpen('cases', 'A-1/')).toBe(false);
    const none = await documenter.sealerFor('org-a', {
      purpose: 'case_management',
      read: true,
      caseIds: [],
    });
    expect(none.mayOpen('persons', 'org-a-list/R-A-2')).toBe(false);
    const all = await documenter.sealerFor('org-a', { purpose: 'case_management', read: true });
    expect(all.mayOpen('persons', 'org-a-list/R-A-1')).toBe(true);
    expect(all.mayOpen('persons', 'org-a-list/R-A-2')).toBe(true);

    // Withdrawal takes effect for the next sealer.
    await documenter.recordConsent(
      { caseId: 'A-1' },
      { purpose: 'legal_proceedings', granted: true, withdrawnOn: '2025-01-01' },
    );
    const after = await legal.sealerFor('org-a', { purpose: 'legal_proceedings', read: true });
    expect(() => after.open('persons', 'org-a-list/R-A-1', 'vault', sealed1)).toThrow(/no consent/);
  });

  it('openCase: the access, and a sealer for that case only where role, organisation, restriction and consent allow', async () => {
    const documenter = await fx.loginAs('documenter-org-a');
    const legal = await fx.loginAs('legal-officer-org-a');
    const opened = await documenter.openCase('A-2', 'case_management');
    expect(opened.access).toMatchObject({ organisationId: 'org-a', restrictedTo: [] });
    expect(opened.sealer).not.toBeNull();
    // The same scope as a sealer for that case asked for in two steps.
    const twoSteps = await documenter.sealerFor('org-a', {
      purpose: 'case_management',
      read: true,
      caseIds: ['A-2'],
    });
    for (const [table, key] of [
      ['persons', 'org-a-list/R-A-2'],
      ['cases', 'A-2/'],
      ['events', 'A-2/e1'],
      ['persons', 'org-a-list/R-A-1'],
      ['cases', 'A-1/'],
    ] as const) {
      expect(opened.sealer!.mayOpen(table, key), `${table} ${key}`).toBe(
        twoSteps.mayOpen(table, key),
      );
    }
    expect(opened.sealer!.mayOpen('persons', 'org-a-list/R-A-2')).toBe(true);
    expect(opened.sealer!.mayOpen('persons', 'org-a-list/R-A-1')).toBe(false);
    // No consent for the purpose: access, but no sealer.
    expect((await legal.openCase('A-2', 'legal_proceedings')).sealer).toBeNull();
    // Restricted to the documenter: no sealer for the legal officer; the documenter keeps hers.
    await documenter.restrictCase('A-2', ['documenter-org-a']);
    try {
      const closed = await legal.openCase('A-2', 'case_management');
      expect(closed.access.restrictedTo.length).toBe(1);
      expect(closed.sealer).toBeNull();
      expect((await documenter.openCase('A-2', 'case_management')).sealer).not.toBeNull();
    } finally {
      await documenter.restrictCase('A-2', []);
    }
    expect((await legal.openCase('A-2', 'case_management')).sealer).not.toBeNull();
    // Roles that never see identities, and other organisations: never a sealer.
    const analyst = await fx.loginAs('analyst-org-a');
    expect((await analyst.openCase('A-1', 'case_management')).sealer).toBeNull();
    const otherDocumenter = await fx.loginAs('documenter-org-b');
    const across = await otherDocumenter.openCase('A-1', 'case_management');
    expect(across.access.organisationId).toBe('org-a');
    expect(across.sealer).toBeNull();
    await expect(documenter.openCase('NO-SUCH-CASE', 'case_management')).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('a coordinator belongs to the installation, not to an organisation', async () => {
    const admin = await fx.loginAs('admin');
    await expect(
      admin.createUser({ username: 'coord2', role: 'coordinator', organisationId: 'org-a' }),
    ).rejects.toThrow(/a coordinator belongs to no organisation/);
    await expect(
      admin.createUser({ username: 'analyst3', role: 'analyst', organisationId: null }),
    ).rejects.toThrow(/an? analyst must belong to an organisation/);
    // The database refuses it too (migration 0105).
    await expect(
      db.query(
        `INSERT INTO users (username, organisation_id, role, password_hash, totp_secret_sealed)
         VALUES ('coord3', 'org-a', 'coordinator', 'x', '\\x00')`,
      ),
    ).rejects.toThrow(/users_organisation_check/);
    const creds = await admin.createUser({
      username: 'coord2',
      role: 'coordinator',
      organisationId: null,
    });
    expect(creds.username).toBe('coord2');
    expect((await admin.listUsers()).find((u) => u.username === 'coord2')).toMatchObject({
      role: 'coordinator',
      organisationId: null,
    });
  });

  it('a new account can do nothing until its one-time password is replaced', async () => {
    const admin = await fx.loginAs('admin');
    const creds = await admin.createUser({
      username: 'newcomer',
      role: 'documenter',
      organisationId: 'org-a',
    });
    fx.clock.advance(30_000);
    const first = await fx.store.login({
      username: 'newcomer',
      password: creds.oneTimePassword,
      totp: await totpCode(creds.totpSecret, fx.clock.now),
    });
    expect(first.mustChangePassword).toBe(true);
    expect(first.can('case.create', { organisationId: 'org-a' })).toBe(false);
    expect(await outcome(first.require('case.create', { organisationId: 'org-a' }))).toBe('denied');
    await expect(first.changePassword(creds.oneTimePassword, 'short')).rejects.toThrow(
      /at least 12/,
    );
    await first.changePassword(creds.oneTimePassword, 'a new and long password');
    expect(await outcome(first.require('case.create', { organisationId: 'org-a' }))).toBe(
      'allowed',
    );
  });
});

describe.each(storeBackends())('login on $name', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;
  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db, {
      organisations: ['org-a'],
      store: { attemptsPerMinute: 1000 },
    });
  });
  afterAll(async () => db?.close());

  const attempt = async (username: string, password: string, code?: string) => {
    fx.clock.advance(30_000);
    const u = fx.users[username];
    return fx.store.login({
      username,
      password,
      totp: code ?? (await totpCode(u.totpSecret, fx.clock.now)),
    });
  };

  it('no account exists before the first administrator, and only one can be made that way', async () => {
    const other = await backend.open();
    try {
      const bare = await protectedFixture(other, { organisations: [] });
      await expect(bare.store.createFirstAdministrator('second')).rejects.toThrow(/already exists/);
      const { rows } = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(Number(rows[0].n)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong password, a wrong code and an unknown user with the same message', async () => {
    const messages = new Set<string>();
    for (const tryLogin of [
      () => attempt('viewer-org-a', 'wrong password!!'),
      () => attempt('viewer-org-a', TEST_PASSWORD, '000000'),
      () => fx.store.login({ username: 'nobody', password: TEST_PASSWORD, totp: '123456' }),
    ]) {
      const err = await tryLogin().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProtectionError);
      messages.add((err as Error).message);
    }
    expect(messages).toEqual(new Set(['login failed: wrong username, password or code']));
    await attempt('viewer-org-a', TEST_PASSWORD); // succeeds, resets the count
  });

  it('never accepts the same TOTP code twice', async () => {
    fx.clock.advance(30_000);
    const code = await totpCode(fx.users['analyst-org-a'].totpSecret, fx.clock.now);
    await fx.store.login({ username: 'analyst-org-a', password: TEST_PASSWORD, totp: code });
    await expect(
      fx.store.login({ username: 'analyst-org-a', password: TEST_PASSWORD, totp: code }),
    ).rejects.toThrow(/login failed/);
  });

  it('locks an account after five failures, even for the right password, until the lock ends', async () => {
    for (let i = 0; i < 4; i++)
      await expect(attempt('documenter-org-a', 'wrong password!!')).rejects.toThrow(/login failed/);
    await expect(attempt('documenter-org-a', 'wrong password!!')).rejects.toThrow(/now locked/);
    await expect(attempt('documenter-org-a', TEST_PASSWORD)).rejects.toThrow(/locked until/);
    fx.clock.advance(15 * 60_000);
    const s = await attempt('documenter-org-a', TEST_PASSWORD);
    expect(s.principal.username).toBe('documenter-org-a');
    const failures = (await fx.store.audit.entries({ limit: 100_000 })).filter(
      (e) => e.action === 'user.login_failed',
    );
    expect(failures.length).toBeGreaterThanOrEqual(6);
  });

  it('rate-limits attempts per account', async () => {
    const limited = openProtected({
      db,
      keyring: fx.store.keyring,
      passwordCost: TEST_PASSWORD_COST,
      attemptsPerMinute: 3,
      now: () => fx.clock.now,
    });
    for (let i = 0; i < 3; i++) {
      await expect(
        limited.login({ username: 'nobody', password: 'x'.repeat(12), totp: '000000' }),
      ).rejects.toThrow(/login failed/);
    }
    await expect(
      limited.login({ username: 'nobody', password: 'x'.repeat(12), totp: '000000' }),
    ).rejects.toThrow(/too many login attempts/);
  });

  it('sessions end when idle, at their lifetime, and at logout', async () => {
    const s = await attempt('legal-officer-org-a', TEST_PASSWORD);
    const token = s.token!;
    fx.clock.advance(20 * 60_000);
    expect((await fx.store.resume(token)).principal.role).toBe('legal_officer');
    fx.clock.advance(31 * 60_000);
    await expect(fx.store.resume(token)).rejects.toThrow(/expired/);

    const t = await attempt('legal-officer-org-a', TEST_PASSWORD);
    for (let i = 0; i < 17; i++) {
      fx.clock.advance(29 * 60_000);
      if (i < 16) await fx.store.resume(t.token!);
    }
    await expect(fx.store.resume(t.token!)).rejects.toThrow(/expired/);

    const u = await attempt('legal-officer-org-a', TEST_PASSWORD);
    await u.logout();
    await expect(fx.store.resume(u.token!)).rejects.toThrow(/expired or was ended/);
    await expect(fx.store.resume('made-up-token')).rejects.toThrow(/expired/);
  });
});

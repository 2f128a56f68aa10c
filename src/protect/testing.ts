/**
 * Test fixture for suites that need a protected store with real users (protect, server, cli):
 * a migrated store with keys, organisations, one user per role and organisation, an administrator
 * ('admin') and, when there are organisations, a coordinator ('coordinator') (passwords changed), and a clock the test moves (TOTP codes need a fresh time step per login).
 *
 *   const fx = await protectedFixture(await backend.open());
 *   const session = await fx.loginAs('documenter-org-a');
 */
import type { Db } from '../store/db';
import type { OneTimeCredentials } from './accounts';
import { totpCode, type PasswordCost } from './credentials';
import { initialiseKeys } from './key-store';
import { MasterKey } from './master-key';
import type { Role } from './policy';
import {
  openProtected,
  type ProtectedOptions,
  type ProtectedStore,
  type Session,
} from './protected-store';

/** Cheap Argon2id for tests only. */
export const TEST_PASSWORD_COST: PasswordCost = { memoryCost: 1024, timeCost: 1 };
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser extends OneTimeCredentials {
  role: Role;
  organisationId: string | null;
  password: string;
}

export interface ProtectedFixture {
  db: Db;
  master: MasterKey;
  store: ProtectedStore;
  /** Current test time; `advance` moves it (30 s per login keeps TOTP steps fresh). */
  clock: { now: Date; advance(ms: number): void };
  users: Record<string, TestUser>;
  /** Logs a fixture user in with password and a current TOTP code. */
  loginAs(username: string): Promise<Session>;
  /** A case (with its person and source) in an organisation, with consent for some purposes. */
  addCase(
    organisationId: string,
    caseId: string,
    purposes?: string[],
  ): Promise<{ personId: string; sourceId: string }>;
}

export const FIXTURE_ROLES: Role[] = ['documenter', 'legal_officer', 'analyst', 'viewer'];

export async function protectedFixture(
  db: Db,
  opts: {
    organisations?: string[];
    store?: Partial<ProtectedOptions>;
    /** The master key (e.g. one written to a key file for CLI tests); default a new one. */
    master?: MasterKey;
  } = {},
): Promise<ProtectedFixture> {
  const master = opts.master ?? MasterKey.generate();
  const keyring = await initialiseKeys(db, master);
  const clock = {
    now: new Date('2025-03-01T09:00:00Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const store = openProtected({
    db,
    keyring,
    passwordCost: TEST_PASSWORD_COST,
    now: () => clock.now,
    attemptsPerMinute: 1000,
    ...opts.store,
  });
  const users: Record<string, TestUser> = {};

  const loginAs = async (username: string): Promise<Session> => {
    clock.advance(30_000);
    const u = users[username];
    return store.login({
      username,
      password: u.password,
      totp: await totpCode(u.totpSecret, clock.now),
    });
  };

  const activate = async (creds: OneTimeCredentials, role: Role, organisationId: string | null) => {
    users[creds.username] = { ...creds, role, organisationId, password: creds.oneTimePassword };
    const first = await loginAs(creds.username);
    await first.changePassword(creds.oneTimePassword, TEST_PASSWORD);
    users[creds.username].password = TEST_PASSWORD;
  };

  await activate(await store.createFirstAdministrator('admin'), 'administrator', null);
  const admin = await loginAs('admin');
  const organisations = opts.organisations ?? ['org-a', 'org-b'];
  // The coordinator of the organisations belongs to the installation, not to one of them.
  if (organisations.length > 0) {
    await activate(
      await admin.createUser({
        username: 'coordinator',
        role: 'coordinator',
        organisationId: null,
      }),
      'coordinator',
      null,
    );
  }
  for (const org of organisations) {
    await admin.createOrganisation({ id: org, name: `Organisation ${org}` });
    for (const role of FIXTURE_ROLES) {
      await activate(
        await admin.createUser({
          username: `${role.replace('_', '-')}-${org}`,
          role,
          organisationId: org,
        }),
        role,
        org,
      );
    }
  }

  let sequence = 0;
  const addCase: ProtectedFixture['addCase'] = async (
    organisationId,
    caseId,
    purposes = ['case_management'],
  ) => {
    const sourceId = `${organisationId}-list`;
    await db.query(
      `INSERT INTO sources (id, organisation_id, name) VALUES ($1, $2, $1) ON CONFLICT (id) DO NOTHING`,
      [sourceId, organisationId],
    );
    const personId = `person-${caseId}-${++sequence}`;
    await db.query(
      `INSERT INTO persons (id, source_id, record_id, sex) VALUES ($1, $2, $3, 'female')`,
      [personId, sourceId, `R-${caseId}`],
    );
    await db.query(
      `INSERT INTO cases (id, organisation_id, source_id, person_id, status) VALUES ($1, $2, $3, $4, 'open')`,
      [caseId, organisationId, sourceId, personId],
    );
    for (const purpose of purposes) {
      await db.query(
        `INSERT INTO consents (case_id, purpose, granted, given_on) VALUES ($1, $2, true, '2024-01-01')`,
        [caseId, purpose],
      );
    }
    return { personId, sourceId };
  };

  return { db, master, store, clock, users, loginAs, addCase };
}

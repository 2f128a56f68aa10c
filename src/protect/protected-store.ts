/**
 * The only door to stored data: `openProtected({ db, keyring })` gives a ProtectedStore;
 * `login(...)` (password + TOTP), `resume(token)` (an API session) or `operator()` (the key holder
 * at the command line) give a Session. Every permission check goes through Session.require, which
 * uses the one policy (policy.ts) and writes denials to the audit log.
 */
import type { ConsentPurpose } from '../model/types';
import type { Db } from '../store/db';
import {
  findUser,
  findUserById,
  hashToken,
  insertUser,
  newToken,
  openTotpSecret,
  reissueCredentials,
  type OneTimeCredentials,
  type UserRow,
} from './accounts';
import type { AuditEvent } from './audit-entry';
import { recordRef } from './audit-entry';
import { AuditedSealer, type ReadScope } from './audited-sealer';
import { AuditLog, type AuditLogOptions, type AuditVerification } from './audit-log';
import {
  assertPurpose,
  caseConsentCondition,
  organisationOfTarget,
  personConsentCondition,
  writeConsent,
  type ConsentChange,
  type ConsentTarget,
} from './consent';
import {
  checkPasswordPolicy,
  checkTotp,
  DEFAULT_PASSWORD_COST,
  hashPassword,
  verifyPassword,
  type PasswordCost,
} from './credentials';
import { authenticationError, deniedError, invalidError, notFoundError } from './errors';
import { addOrganisation } from './key-store';
import { SessionCache } from './session-cache';
import type { Keyring } from './keyring';
import {
  actorOf,
  decide,
  type Operation,
  type Principal,
  type Resource,
  type Role,
} from './policy';

export interface ProtectedOptions {
  db: Db;
  keyring: Keyring;
  audit?: AuditLogOptions;
  passwordCost?: PasswordCost;
  /** Absolute session lifetime (default 8 h) and idle timeout (default 30 min). */
  sessionLifetimeMs?: number;
  sessionIdleMs?: number;
  /** Consecutive failures before an account locks (default 5), and for how long (default 15 min). */
  lockoutAfter?: number;
  lockoutMs?: number;
  /** Login attempts per username per minute before further attempts are refused (default 5). */
  attemptsPerMinute?: number;
  now?: () => Date;
}

export interface LoginRequest {
  username: string;
  password: string;
  /** Six-digit TOTP code. */
  totp: string;
}

const GENERIC_LOGIN_FAILURE = 'login failed: wrong username, password or code';

export class ProtectedStore {
  readonly db: Db;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly passwordCost: PasswordCost;
  private readonly attempts = new Map<string, number[]>();
  private dummyHash: Promise<string> | null = null;
  /** Sessions resumed, held while notices of their changes are heard (session-cache.ts). */
  readonly sessions: SessionCache<ResumedSession>;

  constructor(private readonly opts: ProtectedOptions) {
    this.db = opts.db;
    this.keyring = opts.keyring;
    this.now = opts.now ?? (() => new Date());
    this.audit = new AuditLog(opts.db, opts.keyring.system, { now: this.now, ...opts.audit });
    this.passwordCost = opts.passwordCost ?? DEFAULT_PASSWORD_COST;
    this.sessions = new SessionCache(opts.db);
  }

  /** The key holder at the command line: key, backup and audit operations only (see README). */
  operator(): Session {
    return new Session(this, {
      kind: 'operator',
      id: 'local',
      username: 'operator',
      role: 'operator',
      organisationId: null,
    });
  }

  /**
   * Creates the first administrator; refused once any administrator exists. Returns the one-time
   * password and TOTP secret, to be shown once.
   */
  async createFirstAdministrator(username: string): Promise<OneTimeCredentials> {
    return this.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE users IN EXCLUSIVE MODE');
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE role = 'administrator'`,
      );
      if (Number(rows[0].n) > 0)
        throw invalidError('an administrator already exists; ask them to create accounts');
      const creds = await insertUser(
        tx,
        this.keyring.system,
        { username, role: 'administrator', organisationId: null },
        this.passwordCost,
      );
      await this.audit.appendIn(tx, [
        {
          actor: 'operator:local',
          action: 'user.create',
          record: recordRef('user', creds.userId),
          detail: { role: 'administrator' },
        },
      ]);
      return creds;
    });
  }

  private rateLimit(username: string): void {
    const limit = this.opts.attemptsPerMinute ?? 5;
    const t = this.now().getTime();
    if (this.attempts.size > 10_000) {
      // Guessed usernames must not grow this map without bound.
      for (const [name, times] of this.attempts)
        if (times.every((x) => t - x >= 60_000)) this.attempts.delete(name);
    }
    const recent = (this.attempts.get(username) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= limit) {
      this.attempts.set(username, recent);
      throw authenticationError(
        'too many login attempts for this account; wait a minute and try again',
      );
    }
    recent.push(t);
    this.attempts.set(username, recent);
  }

  async login(req: LoginRequest): Promise<Session> {
    const username = req.username.trim().toLowerCase();
    this.rateLimit(username);
    const at = this.now();
    const user = await findUser(this.db, username);
    if (!user) {
      // Same work as a real check, so the answer's timing does not reveal which usernames exist.
      this.dummyHash ??= hashPassword('not-a-real-password-0000', this.passwordCost);
      await verifyPassword(await this.dummyHash, req.password);
      throw authenticationError(GENERIC_LOGIN_FAILURE);
    }
    const fail = async (reason: string) => {
      const failures = Number(user.failed_logins) + 1;
      const lockAfter = this.opts.lockoutAfter ?? 5;
      const lockedUntil =
        failures >= lockAfter
          ? new Date(at.getTime() + (this.opts.lockoutMs ?? 15 * 60_000))
          : null;
      await this.db.transaction(async (tx) => {
        await tx.query(
          'UPDATE users SET failed_logins = $2, locked_until = COALESCE($3, locked_until) WHERE id = $1',
          [user.id, failures, lockedUntil?.toISOString() ?? null],
        );
        await this.audit.appendIn(tx, [
          {
            actor: `user:${user.id}`,
            action: 'user.login_failed',
            detail: { reason, failures, locked: lockedUntil !== null },
          },
        ]);
      });
      throw authenticationError(
        lockedUntil
          ? `${GENERIC_LOGIN_FAILURE}; the account is now locked for ${Math.round((this.opts.lockoutMs ?? 900_000) / 60_000)} minutes`
          : GENERIC_LOGIN_FAILURE,
      );
    };
    if (user.disabled_at) return fail('disabled');
    if (user.locked_until && new Date(user.locked_until).getTime() > at.getTime()) {
      await this.audit.append([
        { actor: `user:${user.id}`, action: 'user.login_failed', detail: { reason: 'locked' } },
      ]);
      throw authenticationError(
        `the account is locked until ${new Date(user.locked_until).toISOString()} after repeated failures`,
      );
    }
    if (!(await verifyPassword(user.password_hash, req.password))) return fail('password');
    const step = await checkTotp(
      openTotpSecret(this.keyring.system, user),
      req.totp.trim(),
      at,
      Number(user.totp_last_step),
    );
    if (step === null) return fail('totp');

    const token = newToken();
    const expiresAt = new Date(at.getTime() + (this.opts.sessionLifetimeMs ?? 8 * 3600_000));
    await this.db.transaction(async (tx) => {
      await tx.query(
        'UPDATE users SET failed_logins = 0, locked_until = NULL, totp_last_step = $2 WHERE id = $1',
        [user.id, step],
      );
      await tx.query(
        'INSERT INTO user_sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)',
        [hashToken(token), user.id, at.toISOString(), expiresAt.toISOString()],
      );
      await this.audit.appendIn(tx, [{ actor: `user:${user.id}`, action: 'user.login' }]);
    });
    return new Session(this, principalOf(user), {
      token,
      expiresAt,
      mustChangePassword: user.must_change_password,
    });
  }

  /** The session of an API token; throws if unknown, revoked, expired or idle too long. */
  async resume(token: string): Promise<Session> {
    const at = this.now().getTime();
    const tokenHash = hashToken(token);
    const key = tokenHash.toString('base64');
    const idle = this.opts.sessionIdleMs ?? 30 * 60_000;
    // Held (see SessionCache) and still within its lifetime and idle time; else read, and only a
    // read refuses (a session held may have been seen since by another process).
    const held = this.sessions.get(key);
    const usable = (s: ResumedSession) => at < s.expiresAt && at - s.lastSeenAt <= idle;
    let s = held && usable(held) ? held : undefined;
    if (!s) {
      const mark = this.sessions.mark();
      // The session and its user in one statement (a round trip less on every request).
      // The user's columns a session needs, not u.*: every request parses these (not the
      // password hash, the sealed TOTP secret and the sign-in counters).
      const { rows } = await this.db.query<
        SessionUser & {
          expires_at: string | Date;
          last_seen_at: string | Date;
          revoked_at: string | Date | null;
        }
      >(
        `SELECT u.id, u.username, u.organisation_id, u.role, u.must_change_password, u.disabled_at,
                s.expires_at, s.last_seen_at, s.revoked_at
           FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
        [tokenHash],
        // Every request not held runs this: parsed and planned once.
        { prepare: true },
      );
      const row = rows[0];
      const read: ResumedSession | undefined = row && {
        user: row,
        expiresAt: new Date(row.expires_at).getTime(),
        lastSeenAt: new Date(row.last_seen_at).getTime(),
      };
      if (!read || row.revoked_at || row.disabled_at || !usable(read)) {
        throw authenticationError('the session has expired or was ended; log in again');
      }
      this.sessions.keep(key, read, mark);
      s = read;
    }
    // last_seen_at is written at most once a minute (a thirtieth of the idle time if shorter),
    // not on every request (a write and a WAL flush each): a session then ends idle up to that
    // much sooner than its last request says, never later.
    if (at - s.lastSeenAt >= Math.min(60_000, idle / 30)) {
      await this.db.query('UPDATE user_sessions SET last_seen_at = $2 WHERE token_hash = $1', [
        tokenHash,
        new Date(at).toISOString(),
      ]);
      s = { ...s, lastSeenAt: at };
      this.sessions.update(key, s);
    }
    return new Session(this, principalOf(s.user), {
      token,
      expiresAt: new Date(s.expiresAt),
      mustChangePassword: s.user.must_change_password,
    });
  }
}

/** A session as resumed: its user and its times (ms since 1970). */
interface ResumedSession {
  user: SessionUser;
  expiresAt: number;
  lastSeenAt: number;
}

/** The columns of a user that make a session's principal. */
type SessionUser = Pick<
  UserRow,
  'id' | 'username' | 'organisation_id' | 'role' | 'must_change_password' | 'disabled_at'
>;

function principalOf(user: SessionUser): Principal {
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    role: user.role,
    organisationId: user.organisation_id,
  };
}

export interface CaseAccess {
  organisationId: string;
  restrictedTo: string[];
  /** When the case last changed (read with its access, to spare callers a query). */
  updatedAt: Date;
}

/**
 * SQL listing the records of an organisation a user may open for a purpose: rows (kind 'case' |
 * 'person', key), a case by id, a person by `source/record`. Consent for the purpose, and no case
 * restricted to other users (the person's too). `org`, `purpose` and `user` are SQL expressions
 * (parameters, or columns of an enclosing query); `caseCondition`, given a case id column,
 * narrows to some cases and their persons.
 */
function readScopeSql(
  org: string,
  purpose: string,
  user: string,
  caseCondition?: (idColumn: string) => string,
): string {
  const visible = `NOT EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = k.id)
      OR EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = k.id AND r.user_id = ${user})`;
  if (caseCondition) {
    // Some cases and their persons: a person has at most one case (cases.person_id is unique),
    // so a person of a case in scope has that case's consent and visibility, and is in scope
    // exactly when the case is (and her list is the organisation's). Taken from the cases found
    // rather than checked again person by person: half the index lookups (for a page of 25
    // names on the million-case store, 1.95 ms a call under load).
    return `WITH k AS (
         SELECT k.id, k.person_id FROM cases k
          WHERE ${caseCondition('k.id')} AND k.organisation_id = ${org}
            AND ${caseConsentCondition('k', purpose)} AND (${visible}))
       SELECT 'case' AS kind, k.id AS key FROM k
       UNION ALL
       SELECT 'person', p.source_id || '/' || p.record_id
         FROM k JOIN persons p ON p.id = k.person_id JOIN sources s ON s.id = p.source_id
        WHERE s.organisation_id = ${org}`;
  }
  // The whole organisation. The narrowing above is a statement of its own, not
  // `$4 IS NULL OR ...` here: with the OR, PostgreSQL checked every person of the organisation
  // against a hash of all cases and consents (83 ms for one case of 13,336; seconds at a
  // million) instead of starting from the case ids' index.
  return `SELECT 'case' AS kind, k.id AS key FROM cases k
        WHERE k.organisation_id = ${org} AND ${caseConsentCondition('k', purpose)} AND (${visible})
       UNION ALL
       SELECT 'person', p.source_id || '/' || p.record_id
         FROM persons p JOIN sources s ON s.id = p.source_id
        WHERE s.organisation_id = ${org} AND ${personConsentCondition('p', purpose)}
          AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.person_id = p.id AND NOT (${visible}))`;
}

/**
 * openCase's statement: a case's access and the read scope of it and its person, for purpose $2
 * and user $3. Built once: a prepared statement is found by its text, and a text built anew on
 * every read must be hashed and compared again (about 3.5 us a read).
 */
const OPEN_CASE_SQL = `SELECT a.organisation_id, a.updated_at,
              (SELECT array_agg(user_id) FROM case_restrictions r WHERE r.case_id = a.id) AS restricted_to,
              (SELECT json_agg(x)
                 FROM (${readScopeSql('a.organisation_id', '$2', '$3', (id) => `${id} = a.id`)}) x) AS scope
         FROM cases a WHERE a.id = $1`;

/** A row of readScopeSql. */
interface ScopeRow {
  kind: 'case' | 'person';
  key: string;
}

function scopeOf(rows: readonly ScopeRow[]): ReadScope {
  const cases = new Set<string>();
  const persons = new Set<string>();
  for (const r of rows) (r.kind === 'case' ? cases : persons).add(r.key);
  return { cases, persons };
}

export class Session {
  readonly token?: string;
  readonly expiresAt?: Date;
  readonly mustChangePassword: boolean;
  readonly actor: string;

  constructor(
    /** The store this session was opened on (for modules of src/protect, not for callers). */
    readonly store: ProtectedStore,
    readonly principal: Principal,
    extra: { token?: string; expiresAt?: Date; mustChangePassword?: boolean } = {},
  ) {
    this.token = extra.token;
    this.expiresAt = extra.expiresAt;
    this.mustChangePassword = extra.mustChangePassword ?? false;
    this.actor = actorOf(principal);
  }

  /** Pure check, no database: pass `restrictedTo` for a case-level answer. */
  can(op: Operation, resource: Resource = {}): boolean {
    if (this.mustChangePassword) return false;
    return decide(this.principal, op, resource).allowed;
  }

  /** The organisation and restriction of a case (for `can`/`require`). */
  async caseAccess(caseId: string): Promise<CaseAccess> {
    const { rows } = await this.store.db.query<{
      organisation_id: string;
      restricted_to: string[] | null;
      updated_at: string | Date;
    }>(
      `SELECT k.organisation_id, k.updated_at,
              (SELECT array_agg(user_id) FROM case_restrictions r WHERE r.case_id = k.id) AS restricted_to
         FROM cases k WHERE k.id = $1`,
      [caseId],
      { prepare: true },
    );
    if (!rows.length) throw notFoundError(`no case ${caseId}`);
    return {
      organisationId: rows[0].organisation_id,
      restrictedTo: rows[0].restricted_to ?? [],
      updatedAt: new Date(rows[0].updated_at),
    };
  }

  /**
   * Checks an operation and throws a clear denial (recorded in the audit log) if it is not
   * allowed. With `caseId`, the case's organisation and restriction are looked up.
   */
  async require(op: Operation, resource: Resource = {}): Promise<void> {
    let full = resource;
    if (resource.caseId && !resource.restrictedTo) {
      const access = await this.caseAccess(resource.caseId);
      full = {
        ...resource,
        organisationId: access.organisationId,
        restrictedTo: access.restrictedTo,
      };
    }
    const decision = this.mustChangePassword
      ? ({ allowed: false, reason: 'the one-time password must be changed first' } as const)
      : decide(this.principal, op, full);
    if (decision.allowed) return;
    await this.store.audit.append([
      {
        actor: this.actor,
        action: 'access.denied',
        organisationId: full.organisationId ?? null,
        record: full.caseId ? recordRef('case', full.caseId) : null,
        detail: { operation: op },
      },
    ]);
    throw deniedError(`permission denied: ${decision.reason}`);
  }

  /** Appends entries to the audit log as this session's principal. */
  async log(events: Array<Omit<AuditEvent, 'actor'>>): Promise<void> {
    await this.store.audit.append(events.map((e) => ({ ...e, actor: this.actor })));
  }

  /**
   * The sealer for one organisation's records, for a declared purpose.
   *  - write: seal new values (import, data entry); needs case.create.
   *  - read: open values of records that have consent for the purpose and are not restricted to
   *    other users; needs case.read_identifying.
   * Every seal and open is recorded; await `flush()` before output leaves the process.
   */
  async sealerFor(
    organisationId: string,
    opts: {
      purpose: ConsentPurpose;
      write?: boolean;
      read?: boolean;
      /** Read only these cases (and their persons): a narrower scope, and a cheaper one. */
      caseIds?: readonly string[];
    },
  ): Promise<AuditedSealer> {
    assertPurpose(opts.purpose);
    if (!opts.write && !opts.read)
      throw invalidError('ask for a sealer to read, to write, or both');
    if (opts.write) await this.require('case.create', { organisationId });
    if (opts.read) await this.require('case.read_identifying', { organisationId });
    const scope = opts.read
      ? await this.readScope(organisationId, opts.purpose, opts.caseIds)
      : null;
    return this.auditedSealer(organisationId, opts.purpose, Boolean(opts.write), scope);
  }

  private auditedSealer(
    organisationId: string,
    purpose: ConsentPurpose,
    canWrite: boolean,
    readScope: ReadScope | null,
  ): AuditedSealer {
    return new AuditedSealer(this.store.keyring.sealerFor(organisationId), {
      actor: this.actor,
      purpose,
      canWrite,
      readScope,
      append: (events) => this.store.audit.append(events),
    });
  }

  /** The records of an organisation this session may open for a purpose. */
  private async readScope(
    organisationId: string,
    purpose: ConsentPurpose,
    caseIds?: readonly string[],
  ): Promise<ReadScope> {
    // No cases asked for (a sealer for blind indexes only): nothing to open, nothing to look up.
    if (caseIds && caseIds.length === 0) return { cases: new Set(), persons: new Set() };
    const params: unknown[] = [organisationId, purpose, this.principal.id];
    if (caseIds) params.push([...caseIds]);
    // Cases and persons in one statement: a round trip less on every identified read.
    const { rows } = await this.store.db.query<ScopeRow>(
      readScopeSql('$1', '$2', '$3', caseIds ? (id) => `${id} = ANY($4::text[])` : undefined),
      params,
      // Narrowed to cases (a page of names): the case ids' lookups, planned once.
      { prepare: Boolean(caseIds) },
    );
    return scopeOf(rows);
  }

  /**
   * A case's access (as `caseAccess`) and, if this session may open its identifying data for
   * `purpose` (role, organisation, restriction, consent), an audited sealer for it alone; else
   * null. For a role that may read identities, the access and the read scope come from one
   * statement: an identified read is a round trip shorter than `caseAccess` then `sealerFor`.
   */
  async openCase(
    caseId: string,
    purpose: ConsentPurpose,
  ): Promise<{ access: CaseAccess; sealer: AuditedSealer | null }> {
    assertPurpose(purpose);
    const own = this.principal.organisationId;
    if (!own || !this.can('case.read_identifying', { organisationId: own })) {
      // No identities for this role (or one across organisations): the usual two steps.
      const access = await this.caseAccess(caseId);
      const sealer = this.can('case.read_identifying', { ...access, caseId })
        ? await this.sealerFor(access.organisationId, { purpose, read: true, caseIds: [caseId] })
        : null;
      return { access, sealer: sealer?.mayOpen('cases', `${caseId}/`) ? sealer : null };
    }
    const { rows } = await this.store.db.query<{
      organisation_id: string;
      restricted_to: string[] | null;
      updated_at: string | Date;
      scope: ScopeRow[] | null;
    }>(OPEN_CASE_SQL, [caseId, purpose, this.principal.id], { prepare: true });
    if (!rows.length) throw notFoundError(`no case ${caseId}`);
    const access: CaseAccess = {
      organisationId: rows[0].organisation_id,
      restrictedTo: rows[0].restricted_to ?? [],
      updatedAt: new Date(rows[0].updated_at),
    };
    if (!this.can('case.read_identifying', { ...access, caseId })) return { access, sealer: null };
    const scope = scopeOf(rows[0].scope ?? []);
    if (!scope.cases.has(caseId)) return { access, sealer: null };
    return { access, sealer: this.auditedSealer(access.organisationId, purpose, false, scope) };
  }

  async changePassword(current: string, next: string): Promise<void> {
    if (this.principal.kind !== 'user') throw invalidError('the operator has no password');
    checkPasswordPolicy(next);
    const user = await findUserById(this.store.db, this.principal.id);
    if (!user || !(await verifyPassword(user.password_hash, current))) {
      throw authenticationError('the current password is wrong');
    }
    if (current === next) throw invalidError('the new password must differ from the current one');
    const hash = await hashPassword(next, this.store.passwordCost);
    await this.store.db.transaction(async (tx) => {
      await tx.query(
        'UPDATE users SET password_hash = $2, must_change_password = false WHERE id = $1',
        [user.id, hash],
      );
      await this.store.audit.appendIn(tx, [{ actor: this.actor, action: 'user.password_change' }]);
    });
    this.store.sessions.forget();
    (this as { mustChangePassword: boolean }).mustChangePassword = false;
  }

  async logout(): Promise<void> {
    if (!this.token) return;
    await this.store.db.transaction(async (tx) => {
      await tx.query('UPDATE user_sessions SET revoked_at = $2 WHERE token_hash = $1', [
        hashToken(this.token!),
        this.store.now().toISOString(),
      ]);
      await this.store.audit.appendIn(tx, [{ actor: this.actor, action: 'user.logout' }]);
    });
    this.store.sessions.forget();
  }

  // ---- administration -------------------------------------------------------------------

  async createOrganisation(org: { id: string; name: string }): Promise<void> {
    await this.require('org.manage');
    await addOrganisation(this.store.db, this.store.keyring, org);
    await this.log([{ action: 'organisation.create', organisationId: org.id }]);
  }

  async createUser(u: {
    username: string;
    role: Role;
    organisationId: string | null;
  }): Promise<OneTimeCredentials> {
    await this.require('user.manage');
    if (u.organisationId && !this.store.keyring.hasOrganisation(u.organisationId)) {
      throw notFoundError(`no organisation ${u.organisationId}`);
    }
    return this.store.db.transaction(async (tx) => {
      const creds = await insertUser(tx, this.store.keyring.system, u, this.store.passwordCost);
      await this.store.audit.appendIn(tx, [
        {
          actor: this.actor,
          action: 'user.create',
          organisationId: u.organisationId,
          record: recordRef('user', creds.userId),
          detail: { role: u.role },
        },
      ]);
      return creds;
    });
  }

  /** New one-time password and TOTP secret; ends the user's sessions. */
  async resetCredentials(username: string): Promise<OneTimeCredentials> {
    await this.require('user.manage');
    const creds = await this.store.db.transaction(async (tx) => {
      const creds = await reissueCredentials(
        tx,
        this.store.keyring.system,
        username,
        this.store.passwordCost,
      );
      await this.store.audit.appendIn(tx, [
        {
          actor: this.actor,
          action: 'user.reset_credentials',
          record: recordRef('user', creds.userId),
        },
      ]);
      return creds;
    });
    this.store.sessions.forget();
    return creds;
  }

  async disableUser(username: string): Promise<void> {
    await this.require('user.manage');
    await this.store.db.transaction(async (tx) => {
      const user = await findUser(tx, username);
      if (!user) throw notFoundError(`no user ${username}`);
      if (user.id === this.principal.id)
        throw invalidError('an administrator cannot disable their own account');
      await tx.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
      await tx.query(
        'UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      );
      await this.store.audit.appendIn(tx, [
        { actor: this.actor, action: 'user.disable', record: recordRef('user', user.id) },
      ]);
    });
    this.store.sessions.forget();
  }

  async listUsers(): Promise<
    Array<{
      username: string;
      role: Role;
      organisationId: string | null;
      disabled: boolean;
      locked: boolean;
    }>
  > {
    await this.require('user.manage');
    const { rows } = await this.store.db.query<UserRow>('SELECT * FROM users ORDER BY username');
    const t = this.store.now().getTime();
    return rows.map((u) => ({
      username: u.username,
      role: u.role,
      organisationId: u.organisation_id,
      disabled: Boolean(u.disabled_at),
      locked: Boolean(u.locked_until && new Date(u.locked_until).getTime() > t),
    }));
  }

  // ---- cases ------------------------------------------------------------------------------

  /** Restricts a case to named users of its organisation (empty list: lifts the restriction). */
  async restrictCase(caseId: string, usernames: string[]): Promise<void> {
    await this.require('case.restrict', { caseId });
    const access = await this.caseAccess(caseId);
    await this.store.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const name of usernames) {
        const u = await findUser(tx, name);
        if (!u || u.organisation_id !== access.organisationId)
          throw notFoundError(`no user ${name} in organisation ${access.organisationId}`);
        ids.push(u.id);
      }
      // Whoever restricts a case keeps access to it.
      if (ids.length && !ids.includes(this.principal.id)) ids.push(this.principal.id);
      await tx.query('DELETE FROM case_restrictions WHERE case_id = $1', [caseId]);
      for (const id of ids)
        await tx.query('INSERT INTO case_restrictions (case_id, user_id) VALUES ($1, $2)', [
          caseId,
          id,
        ]);
      await this.store.audit.appendIn(tx, [
        {
          actor: this.actor,
          action: ids.length ? 'case.restrict' : 'case.unrestrict',
          organisationId: access.organisationId,
          record: recordRef('case', caseId),
          detail: { users: ids.length },
        },
      ]);
    });
  }

  /** Records a grant or withdrawal of consent for one purpose. */
  async recordConsent(target: ConsentTarget, change: ConsentChange): Promise<void> {
    assertPurpose(change.purpose);
    const organisationId = await organisationOfTarget(this.store.db, target);
    await this.require(
      'consent.update',
      'caseId' in target ? { caseId: target.caseId } : { organisationId },
    );
    const [kind, id] =
      'caseId' in target
        ? ['case', target.caseId]
        : 'personId' in target
          ? ['person', target.personId]
          : ['source', target.sourceId];
    await this.store.db.transaction(async (tx) => {
      await writeConsent(tx, target, change);
      await this.store.audit.appendIn(tx, [
        {
          actor: this.actor,
          action: change.withdrawnOn || !change.granted ? 'consent.withdraw' : 'consent.grant',
          organisationId,
          record: recordRef(kind, id),
          purpose: change.purpose,
        },
      ]);
    });
  }

  // ---- audit ------------------------------------------------------------------------------

  async verifyAudit(): Promise<AuditVerification> {
    await this.require('audit.verify');
    await this.store.audit.checkpoint();
    return this.store.audit.verify();
  }
}

export function openProtected(opts: ProtectedOptions): ProtectedStore {
  return new ProtectedStore(opts);
}

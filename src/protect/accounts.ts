/**
 * User accounts and login sessions in the database: creation with one-time credentials, the
 * lookups login needs, failure counting and lockout, and session tokens (stored as hashes).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db';
import {
  hashPassword,
  newTotpSecret,
  oneTimePassword,
  totpUri,
  type PasswordCost,
} from './credentials';
import { invalidError, notFoundError } from './errors';
import { INSTALLATION_ROLES, ROLES, type Role } from './policy';
import type { SystemKeys } from './system-keys';

export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{1,63}$/;
const TOTP_SECRET_KIND = 'totp-secret';

export interface UserRow {
  id: string;
  username: string;
  organisation_id: string | null;
  role: Role;
  password_hash: string;
  must_change_password: boolean;
  totp_secret_sealed: Uint8Array;
  totp_last_step: number;
  failed_logins: number;
  locked_until: Date | string | null;
  disabled_at: Date | string | null;
}

/** Shown once, to be handed to the person in person; never stored in the clear. */
export interface OneTimeCredentials {
  userId: string;
  username: string;
  oneTimePassword: string;
  totpSecret: string;
  totpUri: string;
}

export function validateNewUser(u: {
  username: string;
  role: string;
  organisationId: string | null;
}): void {
  if (!USERNAME_PATTERN.test(u.username)) {
    throw invalidError(
      'a username is 2-64 characters: lower-case letters, digits, _ . - (starting with a letter)',
    );
  }
  if (!(ROLES as readonly string[]).includes(u.role))
    throw invalidError(`unknown role "${u.role}" (one of ${ROLES.join(', ')})`);
  const installation = INSTALLATION_ROLES.has(u.role as Role);
  if (installation !== (u.organisationId === null)) {
    throw invalidError(
      installation
        ? `${u.role === 'administrator' ? 'an' : 'a'} ${u.role} belongs to no organisation`
        : `a ${u.role} must belong to an organisation`,
    );
  }
}

async function issueCredentials(
  system: SystemKeys,
  userId: string,
  username: string,
  cost: PasswordCost,
): Promise<{ creds: OneTimeCredentials; passwordHash: string; sealedTotp: Buffer }> {
  const password = oneTimePassword();
  const totpSecret = newTotpSecret();
  return {
    creds: {
      userId,
      username,
      oneTimePassword: password,
      totpSecret,
      totpUri: totpUri(totpSecret, username),
    },
    passwordHash: await hashPassword(password, cost),
    sealedTotp: system.sealSecret(TOTP_SECRET_KIND, userId, totpSecret),
  };
}

export async function insertUser(
  tx: Queryable,
  system: SystemKeys,
  u: { username: string; role: Role; organisationId: string | null },
  cost: PasswordCost,
): Promise<OneTimeCredentials> {
  validateNewUser(u);
  const { rows } = await tx.query<{ id: string }>('SELECT gen_random_uuid()::text AS id');
  const id = rows[0].id;
  const issued = await issueCredentials(system, id, u.username, cost);
  try {
    await tx.query(
      `INSERT INTO users (id, username, organisation_id, role, password_hash, must_change_password, totp_secret_sealed)
       VALUES ($1, $2, $3, $4, $5, true, $6)`,
      [id, u.username, u.organisationId, u.role, issued.passwordHash, issued.sealedTotp],
    );
  } catch (err) {
    if (/duplicate key|unique/i.test((err as Error).message))
      throw invalidError(`the username ${u.username} is taken`);
    if (/foreign key/i.test((err as Error).message))
      throw notFoundError(`no organisation ${u.organisationId}`);
    throw err;
  }
  return issued.creds;
}

/** New one-time password and TOTP secret for an existing user (lost phone, forgotten password). */
export async function reissueCredentials(
  tx: Queryable,
  system: SystemKeys,
  username: string,
  cost: PasswordCost,
): Promise<OneTimeCredentials> {
  const user = await findUser(tx, username);
  if (!user) throw notFoundError(`no user ${username}`);
  const issued = await issueCredentials(system, user.id, username, cost);
  await tx.query(
    `UPDATE users SET password_hash = $2, must_change_password = true, totp_secret_sealed = $3,
            totp_last_step = 0, failed_logins = 0, locked_until = NULL WHERE id = $1`,
    [user.id, issued.passwordHash, issued.sealedTotp],
  );
  await tx.query(
    'UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
    [user.id],
  );
  return issued.creds;
}

export async function findUser(db: Queryable, username: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  return rows[0] ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export function openTotpSecret(system: SystemKeys, user: UserRow): string {
  return system.openSecret(TOTP_SECRET_KIND, user.id, user.totp_secret_sealed);
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

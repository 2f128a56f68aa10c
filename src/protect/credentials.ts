/**
 * Login secrets: Argon2id password hashes and TOTP (RFC 6238) second factors. One-time secrets
 * are random and shown once; nothing here ever has a default.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { generate, generateSecret, generateURI, verify as verifyOtp } from 'otplib';
import { invalidError } from './errors';
import { ARGON2ID } from './master-key';

export const MIN_PASSWORD_CHARS = 12;
export const TOTP_PERIOD_SECONDS = 30;

export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}
/** OWASP's Argon2id baseline (19 MiB, 2 passes); tests pass a cheaper one. */
export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryCost: 19456, timeCost: 2 };

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_CHARS) {
    throw invalidError(`a password must be at least ${MIN_PASSWORD_CHARS} characters`);
  }
}

export async function hashPassword(
  password: string,
  cost: PasswordCost = DEFAULT_PASSWORD_COST,
): Promise<string> {
  checkPasswordPolicy(password);
  return hash(password.normalize('NFC'), { algorithm: ARGON2ID, ...cost, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** A random one-time password (120 bits, URL-safe), to be replaced at first login. */
export function oneTimePassword(): string {
  return randomBytes(15).toString('base64url');
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** otpauth:// URI for an authenticator app (no personal data: the username only). */
export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: 'Jayu', label: username, secret, period: TOTP_PERIOD_SECONDS });
}

export async function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000), period: TOTP_PERIOD_SECONDS });
}

/**
 * Checks a TOTP code at `at` (one period of clock drift either way). Returns the accepted time
 * step, or null; a step at or before `afterStep` is refused, so no code works twice.
 */
export async function checkTotp(
  secret: string,
  code: string,
  at: Date,
  afterStep: number,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verifyOtp({
      secret,
      token: code,
      epoch: Math.floor(at.getTime() / 1000),
      period: TOTP_PERIOD_SECONDS,
      epochTolerance: TOTP_PERIOD_SECONDS,
      afterTimeStep: afterStep > 0 ? afterStep : undefined,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

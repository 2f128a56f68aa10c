/**
 * Errors the protection layer raises. Each names what failed (a table, a field, a file, an
 * operation) and never the protected value. `kind` lets the CLI and the API map them to an exit
 * code or HTTP status without parsing messages.
 */
export type ProtectionErrorKind =
  /** Missing, wrong or badly protected key material. Nothing was changed. */
  | 'key'
  /** A ciphertext, backup, package or log entry failed authentication. */
  | 'integrity'
  /** The caller is not allowed to do this (role, organisation, case restriction, consent). */
  | 'denied'
  /** Login failed, session expired, or the account is locked. */
  | 'authentication'
  /** A named organisation, user, case or item does not exist. */
  | 'not_found'
  /** The request itself is malformed (bad role name, empty password, ...). */
  | 'invalid';

export class ProtectionError extends Error {
  constructor(
    readonly kind: ProtectionErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProtectionError';
  }
}

export const keyError = (message: string) => new ProtectionError('key', message);
export const integrityError = (message: string) => new ProtectionError('integrity', message);
export const deniedError = (message: string) => new ProtectionError('denied', message);
export const notFoundError = (message: string) => new ProtectionError('not_found', message);
export const invalidError = (message: string) => new ProtectionError('invalid', message);
export const authenticationError = (message: string) =>
  new ProtectionError('authentication', message);

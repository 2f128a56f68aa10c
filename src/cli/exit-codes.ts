/**
 * Exit codes that scripts can rely on. Every command exits with one of these; the meaning of
 * a code never changes once published (README lists them).
 */
export const ExitCode = {
  ok: 0,
  /** Unexpected failure (a bug, or the database went away). */
  failure: 1,
  /** Wrong command-line usage: unknown option, missing argument. */
  usage: 2,
  /** Input data was rejected (invalid rows, malformed file); nothing was changed. */
  invalidInput: 3,
  /** The store is missing, not initialised, or a named thing does not exist. */
  notFound: 4,
  /** A key, passphrase, login or permission check failed; nothing was changed. */
  denied: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a command reports to the user as one clear line and a fixed exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

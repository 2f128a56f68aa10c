/**
 * What an import reports about its input. An issue names where (file, line, field) and why; it
 * carries the offending value only for fields that do not identify a person (safety rule 6:
 * nothing identifying in error messages).
 */

export interface InputIssue {
  /** File name as given on the command line (the user's own path). */
  file?: string;
  /** 1-based line of the row in a CSV/JSONL file, or row number in an XLSX sheet. */
  line?: number;
  field?: string;
  reason: string;
  /** The offending value, present only when the field is not identifying. */
  value?: string;
}

export function formatIssue(issue: InputIssue): string {
  const where = [
    issue.file,
    issue.line !== undefined ? `line ${issue.line}` : undefined,
    issue.field ? `field ${issue.field}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const value = issue.value !== undefined ? ` (value ${JSON.stringify(issue.value)})` : '';
  return `${where ? `${where}: ` : ''}${issue.reason}${value}`;
}

/** The input cannot be imported: every invalid row (or the one structural fault) is listed. */
export class InvalidInputError extends Error {
  constructor(
    readonly issues: InputIssue[],
    summary?: string,
  ) {
    super(
      summary ??
        `${issues.length} problem${issues.length === 1 ? '' : 's'} in the input; nothing was imported` +
          (issues.length > 0 ? `: ${formatIssue(issues[0])}` : ''),
    );
    this.name = 'InvalidInputError';
  }
}

/** A fault that makes the rest of a file unreadable (bad encoding, unterminated quote, ...). */
export class MalformedFileError extends Error {
  constructor(readonly issue: InputIssue) {
    super(formatIssue(issue));
    this.name = 'MalformedFileError';
  }
}

/**
 * `jayu import FILE...`: person lists (CSV, XLSX) and full cases (JSON, JSONL) into the store,
 * all in one transaction, by a logged-in user for her organisation. Invalid input imports
 * nothing (exit 3) and every problem is listed, by file, line and field, without the values of
 * identifying fields.
 */
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { RecordSealer } from '../../protect/contracts';
import type { Session } from '../../protect/protected-store';
import type { Db } from '../../store';
import {
  formatIssue,
  importFiles,
  InvalidInputError,
  MalformedFileError,
  UnknownFormatError,
  type ImportFilesOptions,
  type ImportFilesReport,
  type ImportFormat,
  type InputIssue,
} from '../../ingest';
import { CliError, ExitCode } from '../exit-codes';
import { storeOptions, withUser, type StoreCliOptions } from './init';

/** Issues printed before "... and N more". */
const MAX_PRINTED_ISSUES = 50;

export function printIssues(
  issues: InputIssue[],
  write = (s: string) => process.stderr.write(s),
): void {
  for (const issue of issues.slice(0, MAX_PRINTED_ISSUES)) write(`  ${formatIssue(issue)}\n`);
  if (issues.length > MAX_PRINTED_ISSUES)
    write(`  ... and ${issues.length - MAX_PRINTED_ISSUES} more\n`);
}

/** Maps ingest errors onto exit codes, printing every problem to stderr. */
export function asImportError(err: unknown): unknown {
  if (err instanceof InvalidInputError) {
    printIssues(err.issues);
    return new CliError(
      `${err.issues.length} problem${err.issues.length === 1 ? '' : 's'} in the input; nothing was imported`,
      ExitCode.invalidInput,
    );
  }
  if (err instanceof MalformedFileError) {
    return new CliError(`${err.message}; nothing was imported`, ExitCode.invalidInput);
  }
  if (err instanceof UnknownFormatError) return new CliError(err.message, ExitCode.usage);
  if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
    return new CliError(
      `no such file: ${(err as NodeJS.ErrnoException).path ?? ''}`,
      ExitCode.notFound,
    );
  }
  return err;
}

/** A progress bar on stderr, only when stderr is a terminal. */
export function progressBar(enabled: boolean): {
  update(file: string, done: number, total: number, rows: number): void;
  stop(): void;
} {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {rows} rows | {file}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(file, done, total, rows) {
      if (!started) {
        bar.start(total, 0, { file, rows });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { file, rows });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function summarise(report: ImportFilesReport): string {
  const lines: string[] = [];
  const lists = report.personLists;
  if (lists) {
    lines.push(
      `person lists: ${lists.rowsRead} rows read from ${lists.files} file${lists.files === 1 ? '' : 's'}: ` +
        `${lists.inserted} new, ${lists.updated} updated` +
        (lists.skippedInvalid ? `, ${lists.skippedInvalid} invalid rows left out` : '') +
        ` (sources: ${lists.sources.join(', ') || 'none'})`,
    );
    if (lists.unknownPlaces.length > 0) {
      const top = lists.unknownPlaces
        .slice(0, 10)
        .map((p) => `${p.column} "${p.text}" (${p.rows})`)
        .join(', ');
      lines.push(
        `  ${lists.unknownPlaces.length} place name${lists.unknownPlaces.length === 1 ? '' : 's'} the gazetteer does not know, kept as written: ${top}` +
          (lists.unknownPlaces.length > 10 ? ', ...' : ''),
      );
    }
  }
  const cases = report.cases;
  if (cases) {
    lines.push(
      `cases: ${cases.casesRead} read from ${cases.files} file${cases.files === 1 ? '' : 's'}: ` +
        `${cases.inserted} new, ${cases.updated} updated` +
        (cases.skippedInvalid ? `, ${cases.skippedInvalid} invalid cases left out` : ''),
    );
  }
  return lines.join('\n') + '\n';
}

export interface ImportCommandOptions extends StoreCliOptions {
  source?: string;
  skipInvalid?: boolean;
  format?: ImportFormat;
  progress: boolean;
}

/** The import itself, given the store and a sealer for the importing organisation. */
export async function runImport(
  db: Db,
  sealer: RecordSealer & { flush?(opts?: { committed?: boolean }): Promise<unknown> },
  files: string[],
  opts: Omit<ImportCommandOptions, keyof StoreCliOptions>,
): Promise<ImportFilesReport> {
  const bar = progressBar(opts.progress);
  const options: ImportFilesOptions = {
    format: opts.format,
    source: opts.source,
    skipInvalid: opts.skipInvalid,
    onProgress: (p) => bar.update(p.file, p.done, p.total, p.rowsRead),
  };
  let committed = false;
  try {
    const report = await importFiles(db, sealer, files, options);
    committed = true;
    return report;
  } catch (err) {
    throw asImportError(err);
  } finally {
    bar.stop();
    // The audit log records what was written, only if it was.
    await sealer.flush?.({ committed });
  }
}

/** The organisation a logged-in user acts for. */
export function organisationOf(session: Session): string {
  const org = session.principal.organisationId;
  if (!org) {
    throw new CliError(
      'this account belongs to no organisation; log in as a member of the organisation whose data it is',
      ExitCode.denied,
    );
  }
  return org;
}

export function register(program: Command): void {
  storeOptions(
    program
      .command('import')
      .description(
        'Import person lists (CSV, XLSX: the person-list columns in any order, extra columns kept as notes) ' +
          'and full cases (JSON, JSONL) into your organisation, all or nothing. Re-importing a ' +
          '(source, record_id) updates it.',
      )
      .argument('<files...>', 'files to import'),
    { login: true },
  )
    .option('--source <id>', 'source (list) for rows that do not name one')
    .option(
      '--skip-invalid',
      'import the valid rows and list the invalid ones, instead of importing nothing',
      false,
    )
    .addOption(
      new Option(
        '--format <format>',
        'format of every file (default: from each file name)',
      ).choices(['csv', 'xlsx', 'json']),
    )
    .option('--no-progress', 'no progress bar')
    .action(async (files: string[], opts: ImportCommandOptions) => {
      await withUser(opts, async (session, store) => {
        const sealer = await session.sealerFor(organisationOf(session), {
          purpose: 'case_management',
          write: true,
        });
        const report = await runImport(store.db, sealer, files, opts);
        process.stdout.write(summarise(report));
        if (report.issues.length > 0) {
          process.stderr.write(
            `${report.issues.length} problem${report.issues.length === 1 ? '' : 's'} (left out):\n`,
          );
          printIssues(report.issues);
        }
      });
    });
}

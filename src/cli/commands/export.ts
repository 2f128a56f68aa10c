/**
 * `jayu export`: the organisation's records in the import formats (person-list CSV or XLSX,
 * cases as JSONL). Records the user may not open for the purpose (no consent, restricted case)
 * are left out and counted. The file holds identifying data: it is written with mode 0600.
 */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { ConsentPurpose } from '../../model/types';
import { vocabularies } from '../../model/vocabularies';
import {
  exportCasesJsonl,
  exportPersonListCsv,
  exportPersonListXlsx,
  type ExportCount,
} from '../../ingest';
import type { RecordSealer } from '../../protect/contracts';
import type { Db } from '../../store';
import { CliError, ExitCode } from '../exit-codes';
import { organisationOf } from './import';
import { storeOptions, withUser, type StoreCliOptions } from './init';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export interface ExportCommandOptions extends StoreCliOptions {
  format: ExportFormat;
  out: string;
  source?: string[];
  purpose: ConsentPurpose;
  force: boolean;
}

export async function runExport(
  db: Db,
  sealer: RecordSealer,
  opts: Pick<ExportCommandOptions, 'format' | 'out' | 'source'>,
): Promise<ExportCount> {
  const options = { sources: opts.source };
  if (opts.format === 'csv') return exportPersonListCsv(db, sealer, opts.out, options);
  if (opts.format === 'xlsx') return exportPersonListXlsx(db, sealer, opts.out, options);
  return exportCasesJsonl(db, sealer, opts.out, options);
}

export function register(program: Command): void {
  storeOptions(
    program
      .command('export')
      .description(
        'Export your organisation’s records: person list (csv, xlsx) or full cases (json: one case a line). ' +
          'The output holds identifying data.',
      ),
    { login: true },
  )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['csv', 'xlsx', 'json'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'file to write (mode 0600)')
    .option('--source <id...>', 'only these sources (lists)')
    .addOption(
      new Option(
        '--purpose <purpose>',
        'purpose of the export: records without consent for it are left out',
      )
        .choices(vocabularies.consentPurposes.map((p) => p.code))
        .default('case_management'),
    )
    .option('--force', 'overwrite --out if it exists', false)
    .action(async (opts: ExportCommandOptions) => {
      if (existsSync(opts.out) && !opts.force) {
        throw new CliError(`${opts.out} exists; give --force to overwrite it`, ExitCode.usage);
      }
      await withUser(opts, async (session, store) => {
        const sealer = await session.sealerFor(organisationOf(session), {
          purpose: opts.purpose,
          read: true,
        });
        try {
          const count = await runExport(store.db, sealer, opts);
          process.stdout.write(
            `exported ${count.exported} ${opts.format === 'json' ? 'cases' : 'records'} to ${opts.out}` +
              (count.withheld
                ? `; ${count.withheld} left out (no consent for ${opts.purpose}, or restricted)`
                : '') +
              '\n',
          );
        } finally {
          // Every record opened is in the audit log before the file leaves this process.
          await sealer.flush();
        }
      });
    });
}

/**
 * `jayu report`: the UN submission report (PDF or HTML, Korean, English or Chinese) and the
 * de-identified exports (CTDC k-anonymised CSV, HURIDOCS JSON, analyst CSV), from the store
 * through protect (log in; your organisation's consented records) or from a `jayu synth`
 * directory (--from-synth, for demonstrations and tests).
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { Option, type Command } from 'commander';
import { composeReport } from '../../report/compose';
import { checkK } from '../../report/disclosure/suppress';
import { analystCsv } from '../../report/exports/analyst-csv';
import { ctdcExport } from '../../report/exports/ctdc';
import { huridocsExport } from '../../report/exports/huridocs';
import { buildReportData } from '../../report/report-data';
import { MissingFontError, renderPdf } from '../../report/render-pdf';
import { renderHtml } from '../../report/render-html';
import { loadStoreInput, type ReportPurpose } from '../../report/sources/store';
import {
  loadSynthDirectory,
  ReportInputError,
  type LinkageMethod,
  type ReportInput,
} from '../../report/sources/synth-dir';
import { linkPersons, type Period } from '../../report/statistics';
import type { Lang } from '../../model/vocabularies';
import { CliError, ExitCode } from '../exit-codes';
import { storeOptions, withUser, type StoreCliOptions } from './init';

interface CommonOptions extends StoreCliOptions {
  out: string;
  period: string;
  fromSynth?: string;
  linkage: LinkageMethod;
  purpose: ReportPurpose;
  k: string;
}

interface UnOptions extends CommonOptions {
  lang: Lang;
  round?: string;
  seed: string;
  cnyPerUsd: string;
  quick: boolean;
}

interface ExportOptions extends CommonOptions {
  format: 'ctdc' | 'huridocs' | 'csv';
}

export function parsePeriod(text: string): Period {
  const m = /^(\d{4})-(\d{4})$/.exec(text.trim());
  if (!m || Number(m[1]) > Number(m[2])) {
    throw new CliError(
      `--period must be two years, first to last, like 2015-2024 (got "${text}")`,
      ExitCode.usage,
    );
  }
  return { from: Number(m[1]), to: Number(m[2]) };
}

function parseNumber(
  text: string,
  option: string,
  check: (x: number) => boolean,
  what: string,
): number {
  const x = Number(text);
  if (!Number.isFinite(x) || !check(x))
    throw new CliError(`${option} must be ${what} (got "${text}")`, ExitCode.usage);
  return x;
}

function parseK(text: string): number {
  const k = parseNumber(text, '--k', Number.isInteger, 'a whole number');
  try {
    return checkK(k);
  } catch (err) {
    throw new CliError((err as Error).message, ExitCode.usage);
  }
}

/** Reads the report input from a synth directory or, after login, from the store. */
async function withInput<T>(
  opts: CommonOptions,
  fn: (input: ReportInput) => Promise<T>,
): Promise<T> {
  if (opts.fromSynth) {
    let input: ReportInput;
    try {
      input = await loadSynthDirectory(opts.fromSynth, {
        purpose: opts.purpose,
        linkage: opts.linkage,
      });
    } catch (err) {
      if (err instanceof ReportInputError) throw new CliError(err.message, ExitCode.notFound);
      throw err;
    }
    return fn(input);
  }
  return withUser(opts, async (session) => fn(await loadStoreInput(session, opts.purpose)));
}

function common(cmd: Command): Command {
  return storeOptions(cmd, { login: true })
    .requiredOption('--out <file>', 'file to write')
    .option(
      '--period <from-to>',
      'years of crossing, violations and returns to report',
      '2015-2024',
    )
    .option('--from-synth <dir>', "read a 'jayu synth' directory instead of the store")
    .addOption(
      new Option('--linkage <method>', 'with --from-synth: how records are linked into people')
        .choices(['fellegi-sunter', 'truth', 'none'])
        .default('fellegi-sunter'),
    )
    .addOption(
      new Option(
        '--purpose <purpose>',
        'consent purpose: records without consent for it are left out',
      )
        .choices(['un_reporting', 'aggregate_statistics'])
        .default('un_reporting'),
    )
    .option('--k <n>', 'smallest group ever shown (at least 5)', '11');
}

export function register(program: Command): void {
  const report = program
    .command('report')
    .description('Publishable reports and de-identified exports');

  common(
    report
      .command('un')
      .description('UN submission report: PDF or HTML, in Korean, English or Chinese'),
  )
    .addOption(new Option('--lang <lang>', 'language').choices(['ko', 'en', 'zh']).default('en'))
    .option('--round <base>', 'round shown counts to this base (e.g. 5)')
    .option('--seed <n>', 'seed of the estimation and bootstrap', '1')
    .option('--cny-per-usd <rate>', 'exchange rate assumed for the business estimate', '6.9')
    .option('--quick', 'shorter LCMCR chains (previews; intervals less reliable)', false)
    .action(async (opts: UnOptions) => {
      const period = parsePeriod(opts.period);
      const k = parseK(opts.k);
      const kind = /\.pdf$/i.test(opts.out) ? 'pdf' : /\.html?$/i.test(opts.out) ? 'html' : null;
      if (!kind) throw new CliError('--out must end in .pdf or .html', ExitCode.usage);
      const roundTo =
        opts.round === undefined
          ? null
          : parseNumber(
              opts.round,
              '--round',
              (x) => Number.isInteger(x) && x >= 1,
              'a whole number',
            );
      const seed = parseNumber(opts.seed, '--seed', Number.isInteger, 'a whole number');
      const cnyPerUsd = parseNumber(
        opts.cnyPerUsd,
        '--cny-per-usd',
        (x) => x > 0,
        'a positive number',
      );
      await withInput(opts, async (input) => {
        const data = buildReportData(input, {
          period,
          k,
          roundTo,
          estimate: {
            seed,
            lcmcr: opts.quick ? { burnin: 2000, samples: 500, thinning: 5 } : undefined,
          },
          business: { cnyPerUsd, seed },
        });
        const blocks = composeReport(data, opts.lang);
        if (kind === 'pdf') {
          try {
            await renderPdf(blocks, opts.lang, opts.out);
          } catch (err) {
            if (err instanceof MissingFontError) throw new CliError(err.message, ExitCode.failure);
            throw err;
          }
        } else {
          writeFileSync(opts.out, renderHtml(blocks, opts.lang));
        }
        const c = data.disclosure.cells;
        process.stdout.write(
          `report written to ${opts.out}: ${c.published} cells shown, ${c.primary + c.secondary} hidden ` +
            `(${c.primary} below ${k}, ${c.secondary} to protect them); ${input.withoutConsent} records without consent left out\n`,
        );
      });
    });

  common(
    report
      .command('export')
      .description('De-identified exports: CTDC k-anonymised CSV, HURIDOCS JSON, analyst CSV'),
  )
    .addOption(
      new Option('--format <format>', 'export format')
        .choices(['ctdc', 'huridocs', 'csv'])
        .makeOptionMandatory(),
    )
    .action(async (opts: ExportOptions) => {
      const period = parsePeriod(opts.period);
      const k = parseK(opts.k);
      await withInput(opts, async (input) => {
        const persons = linkPersons(input.records);
        if (opts.format === 'ctdc') {
          const out = ctdcExport(
            persons.filter(
              (p) =>
                p.crossingYear !== null &&
                p.crossingYear >= period.from &&
                p.crossingYear <= period.to,
            ),
            k,
          );
          writeFileSync(
            opts.out,
            stringify(out.rows, { header: true, columns: [...out.fields], record_delimiter: '\n' }),
          );
          process.stdout.write(
            `CTDC export: ${out.rows.length} victims (k = ${k}; ${out.generalised.ageBroad} age bands and ` +
              `${out.generalised.yearOfRegistration} years blanked, ${out.removed} left out) -> ${opts.out}\n`,
          );
        } else if (opts.format === 'huridocs') {
          const out = huridocsExport(persons, period);
          writeFileSync(opts.out, `${JSON.stringify(out, null, 1)}\n`);
          process.stdout.write(
            `HURIDOCS export: ${out.events.length} events, ${out.acts.length} acts -> ${opts.out}\n`,
          );
        } else {
          writeFileSync(opts.out, analystCsv(persons, period));
          process.stdout.write(`analyst CSV -> ${opts.out}\n`);
        }
      });
    });
}

/**
 * `jayu report`: the UN submission report (PDF or HTML, Korean, English or Chinese) and the
 * de-identified exports (CTDC k-anonymised CSV, HURIDOCS JSON, analyst CSV, the published count
 * tables), from the store through protect (log in; your organisation's consented records) or from
 * a `jayu synth` directory (--from-synth, for demonstrations and tests).
 *
 * Tables are protected by suppression (k) by default, or with --noise by differential privacy:
 * the release is charged to a named dataset's privacy budget first (the store's ledger; in memory
 * with --from-synth), and a release past the budget is refused with nothing written.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { Option, type Command } from 'commander';
import { composeReport } from '../../report/compose';
import { secureUniform } from '../../report/disclosure/dp';
import { BudgetExceededError, type PrivacyAmount } from '../../report/disclosure/ledger';
import {
  planNoise,
  releaseNoisyTables,
  type NoiseRequest,
  type NoisyRelease,
} from '../../report/disclosure/release';
import { checkK, suppressTables } from '../../report/disclosure/suppress';
import { type CountTable, type PublishedTable } from '../../report/disclosure/tables';
import { analystCsv } from '../../report/exports/analyst-csv';
import { ctdcExport } from '../../report/exports/ctdc';
import { huridocsExport } from '../../report/exports/huridocs';
import { buildReportData } from '../../report/report-data';
import { MissingFontError, renderPdf } from '../../report/render-pdf';
import { renderHtml } from '../../report/render-html';
import {
  BudgetFixedError,
  ensureBudget,
  memoryPrivacyAccount,
  NoBudgetError,
  recordRefusal,
  storePrivacyAccount,
  type PrivacyAccount,
} from '../../report/privacy';
import { loadStoreInput, type ReportPurpose } from '../../report/sources/store';
import {
  loadSynthDirectory,
  ReportInputError,
  type LinkageMethod,
  type ReportInput,
} from '../../report/sources/synth-dir';
import { buildTables, linkPersons, type Period } from '../../report/statistics';
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
  noise?: 'laplace' | 'gaussian';
  epsilon?: string;
  delta?: string;
  dataset?: string;
  budget?: string;
  maxPerPerson?: string;
  linkageRun?: string;
}

interface UnOptions extends CommonOptions {
  lang: Lang;
  round?: string;
  seed: string;
  cnyPerUsd: string;
  quick: boolean;
}

interface ExportOptions extends CommonOptions {
  format: 'ctdc' | 'huridocs' | 'csv' | 'tables';
  tables?: string;
}

/** Rows one person adds to a table at most when noise is added, unless --max-per-person says. */
export const DEFAULT_MAX_PER_PERSON = 8;

/** What --noise and its companions ask for, checked before anything is read or charged. */
interface NoiseOptions {
  request: NoiseRequest;
  dataset: string;
  budget: PrivacyAmount | null;
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

/**
 * The noise options, checked: a usage error (nothing read, nothing charged) for a missing or
 * stray option, a bad number, or a mechanism outside its proven range on any of `tableIds`.
 */
function parseNoise(
  opts: CommonOptions,
  period: Period,
  tableIds: readonly string[] | null,
): NoiseOptions | null {
  const companions = (['epsilon', 'delta', 'dataset', 'budget', 'maxPerPerson'] as const).filter(
    (o) => opts[o] !== undefined,
  );
  const flag = (o: string) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  if (!opts.noise) {
    if (companions.length)
      throw new CliError(`${companions.map(flag).join(', ')}: only with --noise`, ExitCode.usage);
    return null;
  }
  if (opts.epsilon === undefined) throw new CliError('--noise needs --epsilon', ExitCode.usage);
  if (opts.dataset === undefined)
    throw new CliError(
      '--noise needs --dataset: the name whose privacy budget the release spends',
      ExitCode.usage,
    );
  const epsilon = parseNumber(opts.epsilon, '--epsilon', (x) => x > 0, 'a positive number');
  let delta = 0;
  if (opts.noise === 'gaussian') {
    if (opts.delta === undefined)
      throw new CliError('--noise gaussian needs --delta', ExitCode.usage);
    delta = parseNumber(opts.delta, '--delta', (x) => x > 0 && x < 1, 'between 0 and 1');
  } else if (opts.delta !== undefined) {
    throw new CliError('--delta is for --noise gaussian only', ExitCode.usage);
  }
  const maxPerPerson =
    opts.maxPerPerson === undefined
      ? DEFAULT_MAX_PER_PERSON
      : parseNumber(
          opts.maxPerPerson,
          '--max-per-person',
          (x) => Number.isInteger(x) && x >= 1,
          'a whole number of at least 1',
        );
  let budget: PrivacyAmount | null = null;
  if (opts.budget !== undefined) {
    const [e, d, ...rest] = opts.budget.split(',');
    budget = {
      epsilon: parseNumber(e, '--budget epsilon', (x) => x > 0, 'a positive number'),
      delta:
        d === undefined ? 0 : parseNumber(d, '--budget delta', (x) => x >= 0 && x < 1, 'in [0, 1)'),
    };
    if (rest.length)
      throw new CliError('--budget is an epsilon, or epsilon,delta (like 2,1e-5)', ExitCode.usage);
  }
  const request: NoiseRequest = { kind: opts.noise, epsilon, delta, maxPerPerson };
  // The tables' shapes alone (no data) tell whether every table's mechanism is valid.
  const shapes = buildTables([], period, { maxPerPerson });
  const tables = tableIds
    ? shapes.tables.filter((t) => tableIds.includes(t.spec.id))
    : shapes.tables;
  try {
    planNoise(tables, request, shapes.contribution);
    memoryPrivacyAccount(opts.dataset);
  } catch (err) {
    throw new CliError((err as Error).message, ExitCode.usage);
  }
  return { request, dataset: opts.dataset, budget };
}

/**
 * Charges the dataset's budget for the tables and draws their noise. Refusals become CliErrors
 * (and are recorded in the audit log) before any output is written.
 */
async function release(
  account: PrivacyAccount,
  noise: NoiseOptions,
  tables: readonly CountTable[],
  contribution: Record<string, number>,
): Promise<{ release: NoisyRelease; statement: string }> {
  const asked = { epsilon: noise.request.epsilon, delta: noise.request.delta };
  let out: NoisyRelease;
  try {
    await ensureBudget(account, noise.budget, asked);
    out = await releaseNoisyTables(account, tables, noise.request, contribution, secureUniform());
  } catch (err) {
    if (err instanceof BudgetExceededError) {
      await recordRefusal(account, err);
      throw new CliError(`${err.message}; nothing was written`, ExitCode.denied);
    }
    if (err instanceof BudgetFixedError)
      throw new CliError(`${err.message}; nothing was written`, ExitCode.denied);
    if (err instanceof NoBudgetError)
      throw new CliError(`${err.message}; nothing was written`, ExitCode.notFound);
    throw err;
  }
  await account.record('privacy.charge', {
    dataset: account.dataset,
    mechanism: noise.request.kind,
    epsilon: asked.epsilon,
    delta: asked.delta,
    tables: tables.length,
  });
  const { budget, spent } = await account.ledger.status(account.dataset);
  const r = noise.request;
  const plain = (x: number) => String(Number(x.toPrecision(6)));
  const statement =
    `noise added (${r.kind}, epsilon ${plain(r.epsilon)}${r.kind === 'gaussian' ? `, delta ${plain(r.delta)}` : ''} ` +
    `over ${tables.length} tables, at most ${r.maxPerPerson} rows per person); charged to dataset ` +
    `${account.dataset} (${account.where === 'store' ? "the store's ledger" : 'in memory, this run only'}): ` +
    `epsilon ${plain(budget.epsilon - spent.epsilon)} of ${plain(budget.epsilon)}` +
    (budget.delta ? `, delta ${plain(budget.delta - spent.delta)} of ${plain(budget.delta)}` : '') +
    ` left`;
  return { release: out, statement };
}

/** The tables as CSV, one row per cell, with how each was protected. */
function tablesCsv(tables: readonly PublishedTable[], noisy: NoisyRelease | null): string {
  const noiseOf = new Map(noisy?.perTable.map((n) => [n.table, n]) ?? []);
  const plain = (x: number) => String(Number(x.toPrecision(6)));
  const rows = tables.flatMap((t) => {
    const n = noiseOf.get(t.spec.id);
    return t.cells.map((c) => ({
      table: t.spec.id,
      unit: t.spec.unit,
      cell: c.key.slice(c.key.indexOf('|') + 1) || 'total',
      value: c.value === null ? '' : String(c.value),
      status: n ? 'noisy' : c.status,
      noise: n ? noisy!.request.kind : 'none',
      epsilon: n ? plain(n.epsilon) : '',
      delta: n && noisy!.request.kind === 'gaussian' ? plain(n.delta) : '',
      sensitivity: n ? String(n.sensitivity) : '',
      noise_sd: n ? plain(n.sd) : '',
    }));
  });
  return stringify(rows, {
    header: true,
    columns: [
      'table',
      'unit',
      'cell',
      'value',
      'status',
      'noise',
      'epsilon',
      'delta',
      'sensitivity',
      'noise_sd',
    ],
    record_delimiter: '\n',
  });
}

/**
 * Reads the report input from a synth directory or, after login, from the store; `account` opens
 * a named dataset's privacy budget there (the store's ledger, or one in memory for a synth run).
 */
async function withInput<T>(
  opts: CommonOptions,
  fn: (input: ReportInput, account: (name: string) => PrivacyAccount) => Promise<T>,
  use: { recordLevel?: boolean } = {},
): Promise<T> {
  if (opts.fromSynth) {
    if (opts.linkageRun)
      throw new CliError('--linkage-run is for the store, not --from-synth', ExitCode.usage);
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
    return fn(input, memoryPrivacyAccount);
  }
  return withUser(opts, async (session) =>
    fn(
      await loadStoreInput(session, opts.purpose, {
        linkageRunId: opts.linkageRun,
        recordLevel: use.recordLevel,
      }),
      (name) => storePrivacyAccount(session, name),
    ),
  );
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
    .option(
      '--linkage-run <id>',
      'from the store: the linkage run whose clusters count people (default: the widest you may read, then the latest)',
    )
    .addOption(
      new Option(
        '--purpose <purpose>',
        'consent purpose: records without consent for it are left out',
      )
        .choices(['un_reporting', 'aggregate_statistics'])
        .default('un_reporting'),
    )
    .option('--k <n>', 'smallest group ever shown (at least 5)', '11')
    .addOption(
      new Option(
        '--noise <mechanism>',
        'differential privacy: noise on every table cell instead of suppression',
      ).choices(['laplace', 'gaussian']),
    )
    .option('--epsilon <e>', 'with --noise: epsilon of the whole release')
    .option('--delta <d>', 'with --noise gaussian: delta of the whole release')
    .option('--dataset <name>', 'with --noise: the dataset whose privacy budget is charged')
    .option(
      '--budget <epsilon[,delta]>',
      "with --noise: the dataset's total budget, given when it is first named (fixed after)",
    )
    .option(
      '--max-per-person <n>',
      `with --noise: rows one person adds to a table at most (default ${DEFAULT_MAX_PER_PERSON})`,
    );
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
      const noise = parseNoise(opts, period, null);
      if (noise && roundTo)
        throw new CliError('--round and --noise do not go together', ExitCode.usage);
      const cnyPerUsd = parseNumber(
        opts.cnyPerUsd,
        '--cny-per-usd',
        (x) => x > 0,
        'a positive number',
      );
      await withInput(opts, async (input, account) => {
        let noisy: { release: NoisyRelease; statement: string } | null = null;
        if (noise) {
          const { tables, contribution } = buildTables(linkPersons(input.records), period, {
            maxPerPerson: noise.request.maxPerPerson,
          });
          noisy = await release(account(noise.dataset), noise, tables, contribution);
        }
        const data = buildReportData(input, {
          period,
          k,
          roundTo,
          noise: noisy?.release,
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
          noisy
            ? `report written to ${opts.out}: ${c.published} cells shown, ${noisy.statement}; ` +
                `${input.withoutConsent} records without consent left out\n`
            : `report written to ${opts.out}: ${c.published} cells shown, ${c.primary + c.secondary} hidden ` +
                `(${c.primary} below ${k}, ${c.secondary} to protect them); ${input.withoutConsent} records without consent left out\n`,
        );
      });
    });

  common(
    report
      .command('export')
      .description(
        'De-identified exports: CTDC k-anonymised CSV, HURIDOCS JSON, analyst CSV, count tables CSV',
      ),
  )
    .addOption(
      new Option('--format <format>', 'export format')
        .choices(['ctdc', 'huridocs', 'csv', 'tables'])
        .makeOptionMandatory(),
    )
    .option('--tables <ids>', 'with --format tables: the tables to export, comma-separated')
    .action(async (opts: ExportOptions) => {
      const period = parsePeriod(opts.period);
      const k = parseK(opts.k);
      if (opts.format !== 'tables' && (opts.noise || opts.tables)) {
        throw new CliError(
          `${opts.noise ? '--noise' : '--tables'} is for --format tables (the ${opts.format} export is record-level)`,
          ExitCode.usage,
        );
      }
      const known = buildTables([], period).tables.map((t) => t.spec.id);
      const tableIds = opts.tables ? opts.tables.split(',').map((x) => x.trim()) : null;
      const unknown = tableIds?.filter((id) => !known.includes(id)) ?? [];
      if (unknown.length || tableIds?.length === 0) {
        throw new CliError(
          `--tables: no table ${unknown.join(', ') || '(empty list)'}; the tables are ${known.join(', ')}`,
          ExitCode.usage,
        );
      }
      const noise = parseNoise(opts, period, tableIds);
      await withInput(
        opts,
        async (input, account) => {
          const persons = linkPersons(input.records);
          if (opts.format === 'tables') {
            const built = buildTables(
              persons,
              period,
              noise ? { maxPerPerson: noise.request.maxPerPerson } : {},
            );
            const tables = built.tables.filter((t) => !tableIds || tableIds.includes(t.spec.id));
            if (noise) {
              const { release: r, statement } = await release(
                account(noise.dataset),
                noise,
                tables,
                built.contribution,
              );
              writeFileSync(opts.out, tablesCsv(r.tables, r));
              process.stdout.write(
                `tables export: ${tables.length} tables, ${statement} -> ${opts.out}\n`,
              );
            } else {
              const protectedTables = suppressTables(tables, { k });
              writeFileSync(opts.out, tablesCsv(protectedTables.tables, null));
              const hidden = [...protectedTables.status.values()].filter((s) => s !== 'published');
              process.stdout.write(
                `tables export: ${tables.length} tables (k = ${k}; ${hidden.length} cells hidden) -> ${opts.out}\n`,
              );
            }
          } else if (opts.format === 'ctdc') {
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
              stringify(out.rows, {
                header: true,
                columns: [...out.fields],
                record_delimiter: '\n',
              }),
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
          // Record-level exports need the right to export de-identified records, not just statistics.
        },
        { recordLevel: opts.format !== 'tables' },
      );
    });
}

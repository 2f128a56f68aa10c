/**
 * `jayu estimate`: how many victims no list recorded (multiple systems estimation).
 *
 *   jayu estimate --counts FILE.csv [--method loglinear|lcmcr|all] [--seed N] [--K N]
 *                 [--burnin N] [--samples N] [--thinning N] [--json] [--plot FILE.svg]
 *
 *   jayu estimate --store [--run ID] [--by year,province,violation] [same estimation options]
 *
 * The file has one 0/1 column per list, then `count` (or the same as JSON). With --store the
 * table comes from a linkage run in the store (default: the latest the user may read), through
 * src/protect: lists = sources, one person = one linkage cluster; only counts per capture pattern
 * (and per stratum) leave protect. With --by, every stratum is estimated and the strata are
 * summed, with intervals (src/estimate/strata.ts). With --json the command prints exactly one
 * JSON object (for --store: the --counts shape, plus `source` and, with --by, `strata`);
 * otherwise a table with plain-language warnings and the assumptions of each model.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  CaptureTableError,
  type EstimateOptions,
  type EstimateReport,
  type EstimationMethod,
  estimateStrata,
  estimateTable,
  listTotals,
  modelAssumptions,
  parseCaptureCsv,
  parseCaptureJson,
  posteriorPlotSvg,
  reportToJson,
  type StrataReport,
  strataTimelinePoints,
  tableFromPatterns,
} from '../../estimate';
import {
  linkedCaptureHistories,
  STRATUM_FIELDS,
  type CaptureHistories,
  type StratumField,
} from '../../protect/linkage';
import type { Session } from '../../protect/protected-store';
import { CliError, ExitCode } from '../exit-codes';
import { storeOptions, withUser, type StoreCliOptions } from './init';

function integer(name: string, min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text.trim()))
      throw new InvalidArgumentError(`${name} must be a whole number`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be from ${min} to ${max}`);
    }
    return n;
  };
}

interface EstimateCommandOptions extends StoreCliOptions {
  counts?: string;
  store?: boolean;
  run?: string;
  by?: StratumField[];
  method: EstimationMethod;
  seed: number;
  K: number;
  burnin: number;
  samples: number;
  thinning: number;
  chains: number;
  criterion: 'BIC' | 'AIC';
  maxorder?: number;
  model?: string[];
  dga: boolean;
  json?: boolean;
  plot?: string;
}

async function readTable(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(`${file} does not exist`, ExitCode.notFound);
    }
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, ExitCode.invalidInput);
  }
  try {
    return /\.json$/i.test(file) || text.trimStart().startsWith('{')
      ? parseCaptureJson(text)
      : parseCaptureCsv(text);
  } catch (err) {
    if (err instanceof CaptureTableError)
      throw new CliError(`${file}: ${err.message}`, ExitCode.invalidInput);
    throw err;
  }
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const num = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));
const interval = (ci: [number, number | null] | null) =>
  ci ? `${int(ci[0])} to ${ci[1] === null ? 'unbounded' : int(ci[1])}` : 'none';

/** The readable report: selected estimate first, then every model with its warnings, then assumptions. */
export function formatReport(report: EstimateReport, totals: number[]): string {
  const lines: string[] = [];
  const lists = report.lists.map((l, i) => `${l} ${int(totals[i])}`).join('; ');
  lines.push(
    `Documented: ${int(report.observed)} people on ${report.lists.length} lists (${lists})`,
  );
  lines.push('');
  if (report.selected) {
    const s = report.selected;
    lines.push(
      `Estimated total: ${int(s.estimate)} (95% interval ${interval(s.ci95)}), model ${s.model}`,
    );
    lines.push(`  ${s.reason}`);
  } else {
    lines.push('No usable estimate for this table.');
  }
  if (report.warnings.length) {
    lines.push('');
    lines.push('About the data:');
    for (const w of report.warnings) lines.push(`  ! ${w}`);
  }
  const loglinear = report.models.filter((m) => m.method === 'loglinear');
  if (loglinear.length) {
    lines.push('');
    lines.push('Log-linear models (Rcapture definitions):');
    const header = ['model', 'estimate', 'std.err', '95% interval', 'deviance', 'df', 'AIC', 'BIC'];
    const rows = loglinear.map((m) => [
      m.model,
      int(m.abundance),
      m.stderr === null ? '-' : int(m.stderr),
      interval(m.ci95),
      num(m.deviance, 2),
      String(m.df ?? '-'),
      num(m.aic, 2),
      num(m.bic, 2),
    ]);
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const pad = (cells: string[]) =>
      cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
    lines.push(`  ${pad(header)}`);
    loglinear.forEach((m, i) => {
      lines.push(`  ${pad(rows[i])}`);
      for (const w of m.warnings) lines.push(`      ! ${w}`);
    });
    if (report.search) {
      const s = report.search;
      lines.push(
        `  Search: ${s.examined} hierarchical models (${s.strategy}, interactions up to order ${s.maxorder}), ${s.excluded} set aside with no finite estimate; best by ${s.criterion}: ${s.top
          .slice(0, 3)
          .map((t) => `${t.model} ${int(t.abundance)}`)
          .join(', ')}`,
      );
    }
  }
  for (const m of report.models.filter((x) => x.method === 'dga')) {
    lines.push('');
    lines.push(
      `Model averaging over ${m.model}: median ${int(m.abundance)}, 95% interval ${interval(m.ci95)}`,
    );
    for (const w of m.warnings) lines.push(`  ! ${w}`);
  }
  if (report.lcmcr) {
    const l = report.lcmcr;
    lines.push('');
    lines.push(
      `Latent-class model (LCMCR; K=${l.K}, burn-in ${l.burnin}, ${l.samples} samples x thinning ${l.thinning}, ${l.chains} chains, seed ${l.seed}):`,
    );
    lines.push(
      `  median ${int(l.median)}, mean ${int(l.mean)}, 95% interval ${int(l.ci95[0])} to ${int(l.ci95[1])}`,
    );
    lines.push(
      `  convergence: R-hat ${l.diagnostics.rhat.toFixed(3)}, effective draws ${Math.round(l.diagnostics.ess)}, Geweke z ${l.diagnostics.geweke.map((z) => z.toFixed(2)).join(', ')}`,
    );
    for (const w of l.warnings) lines.push(`  ! ${w}`);
  }
  const assumptions = new Map<string, string>();
  for (const m of report.models) {
    if (m.method === 'dga') assumptions.set('Model averaging', m.assumptions);
    else if (m.model.startsWith('[')) assumptions.set(m.model, m.assumptions);
    else {
      const family = m.model.split(' ')[0];
      const key = family === 'Mb' || family === 'Mbh' ? 'Mb, Mbh' : family;
      if (!assumptions.has(key))
        assumptions.set(key, modelAssumptions(family === 'Mbh' ? 'Mb' : family));
    }
  }
  if (report.lcmcr) assumptions.set('LCMCR', report.lcmcr.assumptions);
  if (assumptions.size) {
    lines.push('');
    lines.push('What each model assumes:');
    for (const [family, text] of assumptions) lines.push(`  ${family}: ${text}`);
  }
  return lines.join('\n') + '\n';
}

function estimateOptions(opts: EstimateCommandOptions): EstimateOptions {
  return {
    method: opts.method,
    seed: opts.seed,
    criterion: opts.criterion,
    maxorder: opts.maxorder,
    models: opts.model,
    dga: opts.dga,
    lcmcr: {
      K: opts.K,
      burnin: opts.burnin,
      samples: opts.samples,
      thinning: opts.thinning,
      chains: opts.chains,
      seed: opts.seed,
    },
  };
}

function strataFields(text: string): StratumField[] {
  const fields = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) throw new InvalidArgumentError('--by needs at least one field');
  for (const f of fields) {
    if (!(STRATUM_FIELDS as readonly string[]).includes(f))
      throw new InvalidArgumentError(
        `--by: "${f}" is not a stratum field (one of ${STRATUM_FIELDS.join(', ')})`,
      );
  }
  return [...new Set(fields)] as StratumField[];
}

async function writePlot(file: string, report: EstimateReport): Promise<void> {
  if (!report.lcmcr || !report.lcmcrDraws) {
    throw new CliError(
      '--plot needs the latent-class model (--method lcmcr or all)',
      ExitCode.usage,
    );
  }
  const svg = posteriorPlotSvg({
    draws: report.lcmcrDraws,
    observed: report.observed,
    median: report.lcmcr.median,
    ci95: report.lcmcr.ci95,
  });
  await writeFile(file, svg);
}

/** The strata and their sum, as text. */
export function formatStrata(strata: StrataReport, histories: CaptureHistories): string {
  const lines: string[] = [];
  lines.push(`By ${histories.by.join(' x ')}: ${strata.strata.length} strata`);
  const points = strataTimelinePoints(strata, 'selected');
  const header = ['stratum', 'documented', 'estimate', '95% interval'];
  const rows = points.map((p, i) => [
    p.label,
    int(p.documented),
    p.estimate === null ? '-' : int(p.estimate),
    p.lower === null
      ? strata.strata[i].error
        ? 'no estimate'
        : '-'
      : interval([p.lower, p.upper]),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const pad = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  lines.push(`  ${pad(header)}`);
  for (const r of rows) lines.push(`  ${pad(r)}`);
  const t = strata.total;
  lines.push('');
  lines.push(
    histories.overlapping
      ? `Sum of the strata (a woman with several violations is in each of their strata, so this sums ` +
          `people per violation, not people): documented ${int(t.observed)}`
      : `Sum of the strata: documented ${int(t.observed)}`,
  );
  if (t.lcmcr)
    lines.push(
      `  latent-class model: median ${int(t.lcmcr.median)}, 95% interval ${interval(t.lcmcr.ci95)}` +
        (t.missingFrom.lcmcr.length
          ? ` (${t.missingFrom.lcmcr.length} strata counted as documented only)`
          : ''),
    );
  if (t.loglinear)
    lines.push(
      `  log-linear models: ${int(t.loglinear.estimate)}, 95% interval ${interval(t.loglinear.ci95)}`,
    );
  if (!t.lcmcr && !t.loglinear) lines.push('  no model gives a sum with an interval');
  if (strata.warnings.length) {
    lines.push('');
    for (const w of strata.warnings) lines.push(`  ! ${w}`);
  }
  return lines.join('\n') + '\n';
}

/** `jayu estimate --store` once logged in. */
export async function runStoreEstimate(
  session: Session,
  opts: EstimateCommandOptions,
): Promise<void> {
  const histories = await linkedCaptureHistories(session, { runId: opts.run, by: opts.by });
  if (histories.lists.length < 2) {
    throw new CliError(
      `linkage run ${histories.runId} covers ${histories.lists.length} list${histories.lists.length === 1 ? '' : 's'} ` +
        'you may read; estimation needs at least two overlapping lists',
      ExitCode.invalidInput,
    );
  }
  const options = estimateOptions(opts);
  let table: ReturnType<typeof tableFromPatterns>;
  let report: EstimateReport;
  try {
    table = tableFromPatterns(histories.lists, histories.histories);
    report = estimateTable(table, options);
  } catch (err) {
    if (err instanceof RangeError || err instanceof CaptureTableError)
      throw new CliError(`linkage run ${histories.runId}: ${err.message}`, ExitCode.invalidInput);
    throw err;
  }
  const strata = histories.by.length
    ? estimateStrata(
        histories.strata.map((s) => ({
          key: s.key,
          table: tableFromPatterns(histories.lists, s.histories),
        })),
        options,
      )
    : undefined;
  if (opts.plot) await writePlot(opts.plot, report);
  const source = {
    kind: 'store',
    run: histories.runId,
    finishedAt: histories.finishedAt,
    organisations: histories.organisations,
    people: histories.people,
    records: histories.records,
  };
  if (opts.json) {
    const json = {
      ...reportToJson(report),
      source,
      ...(strata
        ? {
            strata: {
              by: histories.by,
              overlapping: histories.overlapping,
              strata: strata.strata.map((s, i) => ({
                key: s.key,
                values: histories.strata[i].values,
                observed: s.observed,
                report: s.report ? reportToJson(s.report) : null,
                error: s.error,
              })),
              total: strata.total,
              warnings: strata.warnings,
            },
          }
        : {}),
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return;
  }
  process.stdout.write(
    `Linkage run ${histories.runId} (${histories.organisations.join(', ')}): ` +
      `${int(histories.records)} records, ${int(histories.people)} people after linkage\n\n`,
  );
  process.stdout.write(formatReport(report, listTotals(table)));
  if (strata) process.stdout.write(`\n${formatStrata(strata, histories)}`);
}

export function register(program: Command): void {
  const estimate: Command = program
    .command('estimate')
    .description(
      'Estimate how many victims no list recorded (multiple systems estimation): log-linear models, ' +
        'model averaging and the latent-class model, with 95% intervals, warnings and assumptions',
    )
    .option(
      '--counts <file>',
      'capture-history table: one 0/1 column per list, then count (CSV or JSON)',
    )
    .option(
      '--store',
      'estimate from the lists in the store: lists = sources, one person = one linkage cluster (jayu link --store)',
    )
    .option(
      '--run <id>',
      'with --store: the linkage run (default: the widest you may read, then the latest)',
    )
    .option(
      '--by <fields>',
      `with --store: estimate per stratum and sum the strata (${STRATUM_FIELDS.join(', ')}), e.g. year,province`,
      strataFields,
    )
    .addOption(
      new Option('--method <method>', 'which estimators')
        .choices(['loglinear', 'lcmcr', 'all'])
        .default('all'),
    )
    .option(
      '--seed <n>',
      'seed of the sampler (reproducible)',
      integer('--seed', 0, 2 ** 31 - 1),
      1,
    )
    .option('--K <n>', 'LCMCR: maximum number of latent classes', integer('--K', 2, 100), 5)
    .option(
      '--burnin <n>',
      'LCMCR: sweeps discarded first',
      integer('--burnin', 0, 10_000_000),
      10_000,
    )
    .option(
      '--samples <n>',
      'LCMCR: posterior draws kept per chain',
      integer('--samples', 10, 1_000_000),
      1000,
    )
    .option('--thinning <n>', 'LCMCR: sweeps per kept draw', integer('--thinning', 1, 100_000), 10)
    .option(
      '--chains <n>',
      'LCMCR: independent chains (for convergence checks)',
      integer('--chains', 1, 16),
      2,
    )
    .addOption(
      new Option('--criterion <c>', 'model search criterion')
        .choices(['BIC', 'AIC'])
        .default('BIC'),
    )
    .option(
      '--maxorder <n>',
      'highest interaction order in the model search',
      integer('--maxorder', 1, 19),
    )
    .option('--model <name...>', 'also fit these hierarchical models, e.g. "[12,13,34]"')
    .option('--no-dga', 'skip model averaging over decomposable graphs')
    .option('--json', 'print exactly one JSON object')
    .option('--plot <file.svg>', 'write the posterior of the total (LCMCR) as SVG');
  storeOptions(estimate, { login: true });
  estimate.action(async (opts: EstimateCommandOptions) => {
    if (opts.store) {
      if (opts.counts)
        throw new CliError('give --counts FILE or --store, not both', ExitCode.usage);
      await withUser(opts, (session) => runStoreEstimate(session, opts));
      return;
    }
    if (opts.by) throw new CliError('--by only applies with --store', ExitCode.usage);
    if (opts.run) throw new CliError('--run only applies with --store', ExitCode.usage);
    if (!opts.counts) throw new CliError('give --counts FILE (or --store)', ExitCode.usage);
    const table = await readTable(opts.counts);
    let report: EstimateReport;
    try {
      report = estimateTable(table, estimateOptions(opts));
    } catch (err) {
      if (err instanceof RangeError || err instanceof CaptureTableError) {
        throw new CliError(`${opts.counts}: ${err.message}`, ExitCode.invalidInput);
      }
      throw err;
    }
    if (opts.plot) await writePlot(opts.plot, report);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(reportToJson(report))}\n`);
    } else {
      process.stdout.write(formatReport(report, listTotals(table)));
    }
  });
}

/**
 * `jayu link`: find the same person across person lists (files), write clusters and scored
 * pairs, and with a workspace keep human decisions and a record of every run.
 * `jayu link --store`: the same on the lists in the store, through src/protect (a logged-in
 * analyst links her organisation's lists, a coordinator several organisations'); the run, its
 * clusters and review queue are stored, nothing identifying is printed.
 * `jayu link decide`: record a reviewer's decision on a pair (in a workspace or the store).
 * `jayu link runs --store`: the stored runs.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes';
import { VERDICTS, type Verdict } from '../../linkage/decisions';
import { evaluateClusters, type EvaluationReport } from '../../linkage/evaluate';
import { InputError, parseColumnMap, readPersonLists, type ColumnMap } from '../../linkage/input';
import { writeClusters, writePairs } from '../../linkage/output';
import { FileLinkageRepository, newRunId, runRecord } from '../../linkage/repository';
import { linkRecords, type LinkStage } from '../../linkage/run';
import {
  defaultSettings,
  parseSettings,
  settingsToJson,
  type LinkageSettings,
} from '../../linkage/settings';
import { readTruth } from '../../linkage/truth';
import {
  linkageRuns,
  recordLinkageDecision,
  runStoreLinkage,
  type StoreLinkageSummary,
} from '../../protect/linkage';
import type { Session } from '../../protect/protected-store';
import { storeOptions, withUser, type StoreCliOptions } from './init';

interface LinkOptions extends StoreCliOptions {
  store?: boolean;
  organisation?: string[];
  input: string[];
  output: string;
  pairs?: string;
  threshold?: number;
  map?: ColumnMap;
  truth?: string;
  linkOnly?: boolean;
  rowIds?: boolean;
  seed: number;
  settings?: string;
  saveSettings?: string;
  workspace?: string;
  progress: boolean;
  json?: boolean;
}

function probability(text: string): number {
  const p = Number(text);
  if (!/^\s*\d*\.?\d+\s*$/.test(text) || !(p > 0 && p < 1)) {
    throw new InvalidArgumentError('--threshold must be a probability between 0 and 1 (exclusive)');
  }
  return p;
}

function columnMap(text: string): ColumnMap {
  try {
    return parseColumnMap(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--map: /, ''));
  }
}

function seed(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError('--seed must be a whole number');
  return Number(text);
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function loadSettings(
  file: string | undefined,
  linkOnly: boolean | undefined,
): Promise<LinkageSettings> {
  let settings: LinkageSettings;
  if (file) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new CliError(
        code === 'ENOENT' ? `settings file ${file} not found` : `settings file ${file} is not JSON`,
        code === 'ENOENT' ? ExitCode.notFound : ExitCode.invalidInput,
      );
    }
    try {
      settings = parseSettings(json);
    } catch (err) {
      const issue = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> })
        .issues?.[0];
      throw new CliError(
        `settings file ${file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
        ExitCode.invalidInput,
      );
    }
  } else {
    settings = defaultSettings();
  }
  return linkOnly ? { ...settings, linkType: 'link_only' } : settings;
}

const STAGE_LABEL: Record<LinkStage | 'reading' | 'saving', string> = {
  reading: 'reading the lists',
  saving: 'saving the run',
  features: 'reading names',
  blocking: 'blocking',
  comparing: 'comparing pairs',
  training: 'training',
  scoring: 'scoring',
  clustering: 'clustering',
};

/** A progress bar on stderr, only for a person watching a terminal. */
function progressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: 'link {stage} [{bar}] {percentage}% {value}/{total}',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage = '';
  return {
    update(label: string, done: number, total: number) {
      if (label !== stage) {
        if (stage) bar.stop();
        stage = label;
        bar.start(Math.max(total, 1), done, { stage: label });
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { stage: label });
    },
    stop() {
      if (stage) bar.stop();
    },
  };
}

function percent(x: number): string {
  return (100 * x).toFixed(2);
}

function evaluationText(e: EvaluationReport): string {
  return [
    `pairwise: precision ${percent(e.pairwise.precision)}% recall ${percent(e.pairwise.recall)}% ` +
      `F1 ${percent(e.pairwise.f1)}% (${e.pairwise.truePositives} of ${e.pairwise.predicted} predicted pairs ` +
      `true, ${e.pairwise.actual} true pairs)`,
    `B-cubed: precision ${percent(e.bcubed.precision)}% recall ${percent(e.bcubed.recall)}% F1 ${percent(e.bcubed.f1)}%`,
    `clusters: ${e.clusters} predicted, ${e.entities} true; ${e.exactClusters} true entities found exactly ` +
      `(${percent(e.exactClusterShare)}%)` +
      (e.unlabelled > 0 ? `; ${e.unlabelled} records not in the truth file` : ''),
  ].join('\n');
}

async function runLink(options: LinkOptions): Promise<void> {
  if (options.store) {
    for (const flag of [
      'input',
      'output',
      'pairs',
      'truth',
      'map',
      'workspace',
      'saveSettings',
    ] as const) {
      if (options[flag] !== undefined)
        throw new CliError(`--${kebab(flag)} does not apply with --store`, ExitCode.usage);
    }
    await withUser(options, (session) => runStoreLink(session, options));
    return;
  }
  if (options.organisation)
    throw new CliError('--organisation only applies with --store', ExitCode.usage);
  if (!options.input?.length)
    throw new CliError('jayu link needs at least one --input <file>', ExitCode.usage);
  if (!options.output)
    throw new CliError('jayu link needs --output <file> (the clusters CSV)', ExitCode.usage);
  const startedAt = new Date().toISOString();
  const bar = progressBar(options.progress);
  try {
    const settings = await loadSettings(options.settings, options.linkOnly);
    const table = await readPersonLists(options.input, {
      map: options.map,
      rowIds: options.rowIds,
      onProgress: (records) => bar?.update('reading', records, records),
    });
    if (table.size === 0)
      throw new CliError('the input files hold no records', ExitCode.invalidInput);
    const truth = options.truth ? await readTruth(options.truth, table) : undefined;
    const repository = options.workspace ? new FileLinkageRepository(options.workspace) : undefined;
    const decisions = repository ? await repository.decisions() : [];
    const result = await linkRecords(table, {
      settings,
      seed: options.seed,
      threshold: options.threshold,
      decisions,
      onProgress: (e) => bar?.update(STAGE_LABEL[e.stage], e.done, e.total),
    });
    bar?.update('writing', 0, 1);
    await writeClusters(result, options.output);
    if (options.pairs) await writePairs(result, options.pairs);
    if (options.saveSettings)
      await writeFile(options.saveSettings, `${settingsToJson(result.settings)}\n`);
    const evaluation = truth
      ? evaluateClusters(result.clustering.clusterOf, truth.entityOf)
      : undefined;
    let runId: string | undefined;
    if (repository) {
      runId = newRunId();
      const inputs = await Promise.all(
        options.input.map(async (file) => ({
          name: path.basename(file),
          sha256: await sha256(file),
        })),
      );
      await repository.saveRun(
        runRecord(result, { id: runId, startedAt, inputs, evaluation }),
        result,
      );
    }
    bar?.stop();
    const t = result.training;
    const summary = {
      records: table.size,
      sources: table.sources.length,
      candidatePairs: result.candidatePairs,
      keptPairs: result.pairs.count,
      clusters: result.clustering.clusterCount,
      guardCuts: result.clustering.cuts.length,
      reviewItems: result.review.length,
      decisionsInForce: result.decisions.byPair.size,
      prior: result.settings.prior,
      threshold: result.settings.threshold,
      ...(runId ? { run: runId } : {}),
      ...(evaluation ? { evaluation } : {}),
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const lines = [
      `link: ${table.size} records from ${table.sources.length} lists -> ${result.clustering.clusterCount} clusters ` +
        `(${result.candidatePairs} pairs compared, ${result.pairs.count} kept, threshold ${result.settings.threshold})`,
      t
        ? `trained: prior ${t.prior.toExponential(2)} (${t.priorSource}), ${t.sessions.length} EM sessions` +
          (t.untrained.length ? `; untrained: ${t.untrained.join(', ')}` : '')
        : 'model: trained settings as given',
      `review: ${result.review.length} pairs for review; ${result.clustering.cuts.length} links cut by the chaining guard or decisions`,
    ];
    if (runId) lines.push(`run ${runId} recorded in ${options.workspace}`);
    if (evaluation) lines.push(evaluationText(evaluation));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    bar?.stop();
    if (err instanceof InputError) {
      const notFound = /file not found$/.test(err.message);
      throw new CliError(err.message, notFound ? ExitCode.notFound : ExitCode.invalidInput);
    }
    throw err;
  }
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Options of a store run, as the command line gives them. */
export interface StoreLinkCliOptions {
  organisation?: string[];
  threshold?: number;
  seed: number;
  settings?: string;
  linkOnly?: boolean;
  progress: boolean;
  json?: boolean;
}

function storeSummaryText(s: StoreLinkageSummary): string {
  const c = s.counts;
  const t = s.training;
  const lines = [
    `link: ${c.records} records from ${c.sources} lists of ${s.organisations.length} organisation${s.organisations.length === 1 ? '' : 's'} ` +
      `(${s.organisations.join(', ')}) -> ${c.clusters} people ` +
      `(${c.candidatePairs} pairs compared, ${c.keptPairs} kept, threshold ${s.threshold})`,
    `left out: ${c.withheldNoConsent} without consent for aggregate statistics, ` +
      `${c.withheldRestricted} in cases restricted to other users, ${c.withheldGroups} rows for groups`,
    t
      ? `trained: prior ${t.prior.toExponential(2)} (${t.priorSource}), ${t.sessions} EM sessions` +
        (t.untrained.length ? `; untrained: ${t.untrained.join(', ')}` : '')
      : 'model: trained settings as given',
    `decisions: ${c.decisionsInForce} in force` +
      (c.decisionsElsewhere ? `, ${c.decisionsElsewhere} on records outside this run` : ''),
    `review: ${c.reviewItems} pairs for review; ${c.guardCuts} links cut by the chaining guard or decisions`,
    `run ${s.runId} recorded in the store`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `jayu link --store` once logged in: runs linkage on the store and prints ids and counts. */
export async function runStoreLink(session: Session, options: StoreLinkCliOptions): Promise<void> {
  const settings = await loadSettings(options.settings, options.linkOnly);
  const bar = progressBar(options.progress);
  let summary: StoreLinkageSummary;
  try {
    summary = await runStoreLinkage(session, {
      organisations: options.organisation,
      settings,
      seed: options.seed,
      threshold: options.threshold,
      onProgress: (e) => bar?.update(STAGE_LABEL[e.stage], e.done, e.total),
    });
  } finally {
    bar?.stop();
  }
  if (options.json) {
    const { runId, ...rest } = summary;
    process.stdout.write(`${JSON.stringify({ run: runId, ...rest }, null, 2)}\n`);
  } else {
    process.stdout.write(storeSummaryText(summary));
  }
}

/** `jayu link runs --store` once logged in. */
export async function printStoreRuns(session: Session, json: boolean): Promise<void> {
  const runs = await linkageRuns(session);
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        runs.map((r) => ({
          run: r.id,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          organisations: r.organisations,
          runBy: r.runBy,
          purpose: r.purpose,
          seed: r.seed,
          threshold: r.threshold,
          inputs: r.inputs,
          counts: r.counts,
          timings: r.timings,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (runs.length === 0) {
    process.stdout.write('no linkage runs stored yet (jayu link --store makes one)\n');
    return;
  }
  const header = ['run', 'finished', 'organisations', 'records', 'people', 'review', 'threshold'];
  const rows = runs.map((r) => [
    r.id,
    r.finishedAt.replace(/\.\d+Z$/, 'Z'),
    r.organisations.join(','),
    String(r.counts.records),
    String(r.counts.clusters),
    String(r.counts.reviewItems),
    String(r.threshold),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
}

interface DecideOptions {
  left: string;
  right: string;
  verdict: Verdict;
  by?: string;
  why?: string;
}

function recordRef(text: string): { source: string; recordId: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new InvalidArgumentError('a record is written SOURCE:RECORD_ID');
  }
  return { source: text.slice(0, colon), recordId: text.slice(colon + 1) };
}

function verdict(text: string): Verdict {
  if (!VERDICTS.includes(text as Verdict)) {
    throw new InvalidArgumentError(`--verdict must be one of ${VERDICTS.join(', ')}`);
  }
  return text as Verdict;
}

export function register(program: Command): void {
  const link: Command = program
    .command('link')
    .description(
      'Find the same person across person lists: writes clusters.csv (source,record_id,cluster_id) ' +
        'and optionally the scored pairs; with --truth, prints precision, recall and F1.',
    )
    // Checked in the action: commander checks a command's required options for its
    // subcommands too, and `link decide` needs no input.
    .option(
      '--input <file>',
      'a person-list CSV (or XLSX); repeat for several lists',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--output <file>', 'clusters CSV to write: source,record_id,cluster_id (required)')
    .option(
      '--pairs <file>',
      'scored pairs CSV to write: source_l,record_id_l,source_r,record_id_r,probability,match_weight',
    )
    .option('--threshold <p>', 'probability at or above which two records are linked', probability)
    .option('--map <SRC=DST,...>', 'rename input columns onto person-list columns', columnMap)
    .option(
      '--truth <file>',
      'truth CSV (source,record_id,entity_id): print pairwise and cluster metrics',
    )
    .option('--link-only', 'only link across lists, not within one')
    .option('--row-ids', 'use the row number as record_id in files without a record_id column')
    .option('--seed <n>', 'random seed of the training samples', seed, 1)
    .option(
      '--settings <file>',
      'linkage settings (JSON), trained or not; default: built-in settings',
    )
    .option('--save-settings <file>', 'write the trained settings (JSON) for later runs')
    .option(
      '--workspace <dir>',
      'folder for human decisions and run records (applies decisions, records the run)',
    )
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .option(
      '--store',
      'link the person lists in the store (logged in: an analyst links her organisation, a coordinator several); ' +
        'stores the run, its clusters and review queue and applies the decisions recorded with link decide --store',
    )
    .option(
      '--organisation <ids>',
      'with --store: organisations whose lists to link, comma-separated (default: yours; a coordinator: all)',
      (value: string) =>
        value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
    );
  // Store options belong to `link` itself: commander lets a parent's options follow its
  // subcommands, so `link decide --store --data D` and `link runs --store` read them from here.
  storeOptions(link, { login: true });
  link.action(async (options: LinkOptions) => runLink(options));

  link
    .command('decide')
    .description(
      'Record a reviewer decision on a pair of records; it overrides the model in every later run. ' +
        'In the store (--store, logged in): by the logged-in user, the reason sealed',
    )
    .argument('[workspace]', 'linkage workspace folder (as given to jayu link --workspace)')
    .requiredOption(
      '--left <source:record_id>',
      'first record',
      (t: string) => `${recordRef(t).source}:${recordRef(t).recordId}`,
    )
    .requiredOption(
      '--right <source:record_id>',
      'second record',
      (t: string) => `${recordRef(t).source}:${recordRef(t).recordId}`,
    )
    .requiredOption('--verdict <same|not_same|unsure>', 'the decision', verdict)
    .option('--by <who>', 'who decided (workspace only; in the store, the logged-in user)')
    .option('--why <text>', 'why, in the reviewer’s words')
    .action(async (workspace: string | undefined, options: DecideOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<LinkOptions>();
      if (global.store) {
        if (workspace)
          throw new CliError('give a workspace folder or --store, not both', ExitCode.usage);
        if (options.by)
          throw new CliError(
            '--by does not apply with --store: the decision is the logged-in user’s',
            ExitCode.usage,
          );
        await withUser(global, async (session) => {
          const { id } = await recordLinkageDecision(session, {
            left: recordRef(options.left),
            right: recordRef(options.right),
            verdict: options.verdict,
            why: options.why,
          });
          process.stdout.write(
            `link decide: ${options.verdict} recorded in the store (decision ${id})\n`,
          );
        });
        return;
      }
      if (!workspace)
        throw new CliError('give the workspace folder, or --store for the store', ExitCode.usage);
      if (!options.by?.trim()) throw new CliError('--by <who> is needed', ExitCode.usage);
      const repository = new FileLinkageRepository(workspace);
      await repository.recordDecision({
        left: recordRef(options.left),
        right: recordRef(options.right),
        verdict: options.verdict,
        by: options.by,
        ...(options.why ? { why: options.why } : {}),
        at: new Date().toISOString(),
      });
      process.stdout.write(`link decide: ${options.verdict} recorded in ${workspace}\n`);
    });

  link
    .command('runs')
    .description('List the linkage runs stored (--store, logged in), newest first')
    .action(async (_options: unknown, cmd: Command) => {
      const global = cmd.optsWithGlobals<LinkOptions>();
      if (!global.store)
        throw new CliError(
          'jayu link runs needs --store (runs are kept in the store)',
          ExitCode.usage,
        );
      await withUser(global, (session) => printStoreRuns(session, Boolean(global.json)));
    });
}

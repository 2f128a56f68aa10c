/**
 * Where linkage keeps what must outlive a run: human decisions (append-only, the latest on a
 * pair in force) and the record of every run (settings as trained, seed, inputs, counts,
 * results). The interface is what a store-backed implementation provides too; the file one
 * keeps a workspace folder:
 *   decisions.jsonl             one decision per line, never rewritten
 *   runs/<run id>/run.json      the run record
 *   runs/<run id>/clusters.csv  its clusters
 *   runs/<run id>/review.csv    its review queue, with each pair's weight taken apart
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decisionProblem, type HumanDecision } from './decisions';
import type { EvaluationReport } from './evaluate';
import { InputError } from './input';
import { writeClusters, writeReview } from './output';
import type { LinkageResult } from './run';
import type { LinkageSettings } from './settings';
import type { TrainingReport } from './training';
import type { BlockingStats } from './blocking';

export interface LinkageRunRecord {
  id: string;
  startedAt: string;
  finishedAt: string;
  seed: number;
  threshold: number;
  /** The lists linked: file name (or store source), records, and a SHA-256 of the file. */
  inputs: Array<{ name: string; records?: number; sha256?: string }>;
  /** Settings as trained: blocking rules, comparisons with m and u, prior, thresholds. */
  settings: LinkageSettings;
  training?: TrainingReport;
  blocking: BlockingStats[];
  counts: {
    records: number;
    sources: number;
    candidatePairs: number;
    keptPairs: number;
    links: number;
    clusters: number;
    guardCuts: number;
    reviewItems: number;
    decisionsInForce: number;
    decisionsElsewhere: number;
  };
  timings: Record<string, number>;
  evaluation?: EvaluationReport;
}

export interface LinkageRepository {
  /** Every decision ever recorded, oldest first. */
  decisions(): Promise<HumanDecision[]>;
  recordDecision(decision: HumanDecision): Promise<void>;
  /** Stores a run's record and results (clusters, review queue). */
  saveRun(run: LinkageRunRecord, result: LinkageResult): Promise<void>;
  runs(): Promise<LinkageRunRecord[]>;
}

/** A new run id: UTC time and a random suffix (sortable, unguessable, not derived from data). */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** The run record of a finished run. */
export function runRecord(
  result: LinkageResult,
  meta: {
    id: string;
    startedAt: string;
    inputs: LinkageRunRecord['inputs'];
    evaluation?: EvaluationReport;
  },
): LinkageRunRecord {
  return {
    id: meta.id,
    startedAt: meta.startedAt,
    finishedAt: new Date().toISOString(),
    seed: result.seed,
    threshold: result.settings.threshold,
    inputs: meta.inputs,
    settings: result.settings,
    training: result.training,
    blocking: result.blocking,
    counts: {
      records: result.table.size,
      sources: result.table.sources.length,
      candidatePairs: result.candidatePairs,
      keptPairs: result.pairs.count,
      links: result.clustering.links,
      clusters: result.clustering.clusterCount,
      guardCuts: result.clustering.cuts.length,
      reviewItems: result.review.length,
      decisionsInForce: result.decisions.byPair.size,
      decisionsElsewhere: result.decisions.unmatched,
    },
    timings: Object.fromEntries(
      Object.entries(result.timings).map(([k, v]) => [k, Math.round(v ?? 0)]),
    ),
    evaluation: meta.evaluation,
  };
}

export class FileLinkageRepository implements LinkageRepository {
  constructor(readonly dir: string) {}

  private get decisionsFile(): string {
    return path.join(this.dir, 'decisions.jsonl');
  }

  async decisions(): Promise<HumanDecision[]> {
    let text: string;
    try {
      text = await readFile(this.decisionsFile, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const out: HumanDecision[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let parsed: Partial<HumanDecision>;
      try {
        parsed = JSON.parse(line) as Partial<HumanDecision>;
      } catch {
        throw new InputError(`decisions.jsonl line ${i + 1}: not JSON`, 'decisions.jsonl', i + 1);
      }
      const problem = decisionProblem(parsed);
      if (problem)
        throw new InputError(`decisions.jsonl line ${i + 1}: ${problem}`, 'decisions.jsonl', i + 1);
      out.push(parsed as HumanDecision);
    });
    return out;
  }

  async recordDecision(decision: HumanDecision): Promise<void> {
    const problem = decisionProblem(decision);
    if (problem) throw new Error(`decision not recorded: ${problem}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await appendFile(this.decisionsFile, `${JSON.stringify(decision)}\n`, { mode: 0o600 });
  }

  async saveRun(run: LinkageRunRecord, result: LinkageResult): Promise<void> {
    const dir = path.join(this.dir, 'runs', run.id);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeClusters(result, path.join(dir, 'clusters.csv'));
    await writeReview(result, result.review, path.join(dir, 'review.csv'));
    await writeFile(path.join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`, {
      mode: 0o600,
    });
  }

  async runs(): Promise<LinkageRunRecord[]> {
    let ids: string[];
    try {
      ids = await readdir(path.join(this.dir, 'runs'));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const out: LinkageRunRecord[] = [];
    for (const id of ids.sort()) {
      try {
        out.push(
          JSON.parse(
            await readFile(path.join(this.dir, 'runs', id, 'run.json'), 'utf8'),
          ) as LinkageRunRecord,
        );
      } catch {
        // A run interrupted before its record was written has no run.json: not a run.
      }
    }
    return out;
  }
}

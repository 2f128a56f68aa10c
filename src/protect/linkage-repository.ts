/**
 * The store-backed LinkageRepository (src/linkage/repository.ts): human decisions and run records
 * in the tables of migration 0200_linkage.sql. It is protect's own: the use cases in linkage.ts
 * check the session and build one for the organisations the session may link; nothing outside
 * src/protect constructs it.
 *
 * What it writes identifies nobody: persons by their pseudonymous ids, random cluster keys, model
 * parameters and counts. A decision's reason is free text and may name someone, so it is sealed
 * under the data key of the left person's organisation (bound to the decision's random id) and
 * is never read back here.
 */
import { randomBytes } from 'node:crypto';
import { decisionProblem, type HumanDecision, type Verdict } from '../linkage/decisions';
import type { LinkageRepository, LinkageRunRecord } from '../linkage/repository';
import type { LinkageResult } from '../linkage/run';
import { parseSettings } from '../linkage/settings';
import type { ConsentPurpose } from '../model/types';
import type { Db, Queryable } from '../store/db';
import type { RecordSealer } from './contracts';
import { invalidError, notFoundError } from './errors';

/** A run as the store keeps it: the run record, who ran it and for which organisations. */
export interface StoredLinkageRun extends LinkageRunRecord {
  /** users.id of whoever ran it. */
  runBy: string;
  organisations: string[];
  purpose: ConsentPurpose;
}

/** Where the sealed reason of a decision is bound (table, record key = decision id, field). */
export const DECISION_WHY = { table: 'linkage_decisions', field: 'why' } as const;

/** Rows per INSERT ... SELECT FROM unnest(...) when saving a run's clusters and review queue. */
const BATCH = 5000;

/** A random 96-bit hex key: cluster keys and decision ids, never derived from data. */
export function randomKey(): string {
  return randomBytes(12).toString('hex');
}

interface RunRow {
  id: string;
  started_at: string | Date;
  finished_at: string | Date;
  seed: string | number;
  threshold: number;
  settings: unknown;
  inputs: LinkageRunRecord['inputs'];
  counts: LinkageRunRecord['counts'];
  timings: Record<string, number>;
  training: LinkageRunRecord['training'] | null;
  blocking: LinkageRunRecord['blocking'] | null;
  run_by: string;
  organisations: string[];
  purpose: ConsentPurpose;
}

const iso = (t: string | Date) => new Date(t).toISOString();

/** jsonb comes back parsed from pg and PGlite; accept text too. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function runFromRow(r: RunRow): StoredLinkageRun {
  return {
    id: r.id,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    seed: Number(r.seed),
    threshold: Number(r.threshold),
    inputs: json(r.inputs),
    settings: parseSettings(json(r.settings)),
    training: r.training ? json(r.training) : undefined,
    blocking: r.blocking ? json(r.blocking) : [],
    counts: json(r.counts),
    timings: json(r.timings),
    runBy: r.run_by,
    organisations: r.organisations,
    purpose: r.purpose,
  };
}

export const RUN_COLUMNS = `id, started_at, finished_at, seed, threshold, settings, inputs, counts, timings,
  training, blocking, run_by, organisations, purpose`;

export class StoreLinkageRepository implements LinkageRepository {
  constructor(
    private readonly db: Db,
    private readonly scope: {
      /** Organisations whose persons this repository reads and writes. */
      organisations: readonly string[];
      /** Seals a decision's reason (the organisation's field key). */
      sealerFor: (organisationId: string) => RecordSealer;
      /** Purpose the run's persons were consented for (stored with the run). */
      purpose: ConsentPurpose;
      /** users.id of the session's user (runs and decisions are stored as theirs). */
      userId: string;
    },
  ) {}

  /** Decisions on pairs whose two persons are both in scope, oldest first. */
  async decisions(): Promise<HumanDecision[]> {
    const { rows } = await this.db.query<{
      verdict: Verdict;
      decided_by: string;
      decided_at: string | Date;
      ls: string;
      lr: string;
      rs: string;
      rr: string;
    }>(
      `SELECT d.verdict, d.decided_by, d.decided_at,
              pl.source_id AS ls, pl.record_id AS lr, pr.source_id AS rs, pr.record_id AS rr
         FROM linkage_decisions d
         JOIN persons pl ON pl.id = d.left_person_id JOIN sources sl ON sl.id = pl.source_id
         JOIN persons pr ON pr.id = d.right_person_id JOIN sources sr ON sr.id = pr.source_id
        WHERE sl.organisation_id = ANY($1::text[]) AND sr.organisation_id = ANY($1::text[])
        ORDER BY d.decided_at, d.seq`,
      [[...this.scope.organisations]],
    );
    return rows.map((r) => ({
      left: { source: r.ls, recordId: r.lr },
      right: { source: r.rs, recordId: r.rr },
      verdict: r.verdict,
      by: r.decided_by,
      at: iso(r.decided_at),
    }));
  }

  /**
   * Records a decision on two persons in scope (named by list and record id). `by` is ignored:
   * the decision is the session user's. Returns the decision's id.
   */
  async recordDecision(decision: HumanDecision): Promise<void> {
    await this.recordDecisionReturningId(decision);
  }

  async recordDecisionReturningId(decision: HumanDecision): Promise<string> {
    const problem = decisionProblem({ ...decision, by: this.scope.userId });
    if (problem) throw invalidError(`decision not recorded: ${problem}`);
    const { rows } = await this.db.query<{
      id: string;
      source_id: string;
      record_id: string;
      organisation_id: string;
    }>(
      `SELECT p.id, p.source_id, p.record_id, s.organisation_id
         FROM persons p JOIN sources s ON s.id = p.source_id
        WHERE s.organisation_id = ANY($5::text[])
          AND ((p.source_id = $1 AND p.record_id = $2) OR (p.source_id = $3 AND p.record_id = $4))`,
      [
        decision.left.source,
        decision.left.recordId,
        decision.right.source,
        decision.right.recordId,
        [...this.scope.organisations],
      ],
    );
    const find = (ref: HumanDecision['left']) => {
      const row = rows.find((r) => r.source_id === ref.source && r.record_id === ref.recordId);
      if (!row) {
        throw notFoundError(
          `no record ${ref.source}:${ref.recordId} in the lists of ${this.scope.organisations.join(', ')}`,
        );
      }
      return row;
    };
    const left = find(decision.left);
    const right = find(decision.right);
    if (left.id === right.id) throw invalidError('a decision needs two different records');
    const id = randomKey();
    const why = decision.why?.trim();
    const sealed = why
      ? this.scope
          .sealerFor(left.organisation_id)
          .seal(DECISION_WHY.table, id, DECISION_WHY.field, why)
      : null;
    await this.db.query(
      `INSERT INTO linkage_decisions
         (id, left_person_id, right_person_id, verdict, decided_by, why, why_organisation_id, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        left.id,
        right.id,
        decision.verdict,
        this.scope.userId,
        sealed,
        sealed ? left.organisation_id : null,
        decision.at,
      ],
    );
    return id;
  }

  /**
   * Stores a run: its record, every record's cluster (`personIds[i]` is the person of the
   * table's record i) and its review queue, in one transaction.
   */
  async saveRun(
    run: LinkageRunRecord,
    result: LinkageResult,
    personIds?: readonly string[],
  ): Promise<void> {
    const ids = personIds ?? (await this.personIdsOf(result));
    if (ids.length !== result.table.size)
      throw invalidError('saveRun: one person id per record is needed');
    const keys = Array.from({ length: result.clustering.clusterCount }, randomKey);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO linkage_runs (${RUN_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13::text[], $14)`,
        [
          run.id,
          run.startedAt,
          run.finishedAt,
          run.seed,
          run.threshold,
          JSON.stringify(run.settings),
          JSON.stringify(run.inputs),
          JSON.stringify(run.counts),
          JSON.stringify(run.timings),
          run.training ? JSON.stringify(run.training) : null,
          JSON.stringify(run.blocking),
          this.scope.userId,
          [...this.scope.organisations],
          this.scope.purpose,
        ],
      );
      const clusterOf = result.clustering.clusterOf;
      for (let from = 0; from < ids.length; from += BATCH) {
        const to = Math.min(ids.length, from + BATCH);
        const people: string[] = [];
        const clusterKeys: string[] = [];
        for (let i = from; i < to; i++) {
          people.push(ids[i]);
          clusterKeys.push(keys[clusterOf[i]]);
        }
        await insertClusters(tx, run.id, people, clusterKeys);
      }
      const review = result.review;
      for (let from = 0; from < review.length; from += BATCH) {
        const items = review.slice(from, from + BATCH);
        await tx.query(
          `INSERT INTO linkage_review
             (run_id, left_person_id, right_person_id, probability, match_weight, reason, decided)
           SELECT $1, l, r, p, w, why, d
             FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[])
               AS t(l, r, p, w, why, d)`,
          [
            run.id,
            items.map((x) => ids[x.left]),
            items.map((x) => ids[x.right]),
            items.map((x) => x.probability),
            items.map((x) => x.weight),
            items.map((x) => x.reason),
            items.map((x) => x.decided ?? null),
          ],
        );
      }
    });
  }

  /** Person ids of a table's records, by (list, record id). */
  private async personIdsOf(result: LinkageResult): Promise<string[]> {
    const t = result.table;
    const { rows } = await this.db.query<{ id: string; source_id: string; record_id: string }>(
      `SELECT p.id, p.source_id, p.record_id FROM persons p JOIN sources s ON s.id = p.source_id
        WHERE s.organisation_id = ANY($1::text[]) AND p.source_id = ANY($2::text[])`,
      [[...this.scope.organisations], t.sources],
    );
    const byRef = new Map(rows.map((r) => [`${r.source_id}\u0000${r.record_id}`, r.id]));
    return Array.from({ length: t.size }, (_, i) => {
      const id = byRef.get(`${t.sources[t.sourceOf[i]]}\u0000${t.recordIds[i]}`);
      if (!id) throw notFoundError(`record ${i + 1} of the run is not in the store`);
      return id;
    });
  }

  /** Runs of exactly this scope's organisations or fewer, oldest first. */
  async runs(): Promise<StoredLinkageRun[]> {
    const { rows } = await this.db.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM linkage_runs WHERE organisations <@ $1::text[]
        ORDER BY finished_at, id`,
      [[...this.scope.organisations]],
    );
    return rows.map(runFromRow);
  }
}

async function insertClusters(
  tx: Queryable,
  runId: string,
  people: string[],
  keys: string[],
): Promise<void> {
  await tx.query(
    `INSERT INTO linkage_clusters (run_id, person_id, cluster_key)
     SELECT $1, p, k FROM unnest($2::text[], $3::text[]) AS t(p, k)`,
    [runId, people, keys],
  );
}

/**
 * Record linkage on the store, through protect, on both backends: a synthetic population imported
 * by each organisation's documenter, linked by an analyst (her own lists) and by the coordinator
 * (all lists), scored against the synthetic truth; decisions, consent, restriction, scope, the
 * audit trail, and a canary search for names and birth dates in everything a run leaves behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTable, tableFromPatterns } from '../estimate';
import { evaluateClusters } from '../linkage/evaluate';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { ProtectionError } from './errors';
import {
  linkageRuns,
  linkedCaptureHistories,
  linkedPersonKeys,
  recordLinkageDecision,
  runStoreLinkage,
} from './linkage';
import type { Session } from './protected-store';
import {
  canaries,
  cleanUpPopulations,
  importPopulation,
  population,
  truthOf,
} from './linkage-testing';
import { protectedFixture, type ProtectedFixture } from './testing';

afterAll(cleanUpPopulations);

/** Everything a run writes outside the vaults, and the audit log, as text. */
async function storedText(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const table of ['linkage_runs', 'linkage_clusters', 'linkage_review', 'linkage_decisions']) {
    const { rows } = await db.query<{ j: string }>(
      `SELECT row_to_json(t)::text AS j FROM ${table} t`,
    );
    parts.push(...rows.map((r) => r.j));
  }
  const audit = await db.query<{ entry: string }>('SELECT entry FROM audit_entries');
  parts.push(...audit.rows.map((r) => r.entry));
  return parts.join('\n');
}

async function denied(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (err) {
    if (err instanceof ProtectionError && err.kind === 'denied') return true;
    throw err;
  }
}

/** The stored clusters of a run as cluster numbers per record, with the true entities. */
async function scored(session: Session, db: Db, truth: Map<string, string>, runId?: string) {
  const linked = (await linkedPersonKeys(session, { runId }))!;
  const { rows } = await db.query<{ id: string; source_id: string; record_id: string }>(
    'SELECT id, source_id, record_id FROM persons ORDER BY source_id, record_id',
  );
  const clusterNo = new Map<string, number>();
  const entityNo = new Map<string, number>();
  const clusterOf: number[] = [];
  const entityOf: number[] = [];
  const keyOf = new Map<string, string>();
  for (const r of rows) {
    const key = linked.keys.get(r.id);
    if (!key) continue;
    keyOf.set(`${r.source_id}/${r.record_id}`, key);
    if (!clusterNo.has(key)) clusterNo.set(key, clusterNo.size);
    const entity = truth.get(`${r.source_id}/${r.record_id}`)!;
    if (!entityNo.has(entity)) entityNo.set(entity, entityNo.size);
    clusterOf.push(clusterNo.get(key)!);
    entityOf.push(entityNo.get(entity)!);
  }
  return {
    linked,
    keyOf,
    evaluation: evaluateClusters(Int32Array.from(clusterOf), Int32Array.from(entityOf)),
  };
}

describe.each(storeBackends())('linkage on the store ($name)', (backend) => {
  const { dir, summary } = population(900, 3, 7);
  const [orgA, orgB] = summary.sources;
  const truth = truthOf(dir);
  let fx: ProtectedFixture;

  beforeAll(async () => {
    fx = await protectedFixture(await backend.open(), { organisations: summary.sources });
    await importPopulation(fx, dir, summary);
  }, 300_000);
  afterAll(async () => fx?.db.close());

  it('an analyst links her own organisation’s lists: the run, clusters and review are stored', async () => {
    const analyst = await fx.loginAs(`analyst-${orgA}`);
    const progress: string[] = [];
    const run = await runStoreLinkage(analyst, { onProgress: (e) => progress.push(e.stage) });
    expect(run.organisations).toEqual([orgA]);
    expect(run.counts.records).toBe(summary.documented.recordsBySource[orgA]);
    expect(run.inputs).toEqual([{ name: orgA, records: run.counts.records }]);
    expect(run.counts.withheldNoConsent).toBe(0);
    expect(progress).toEqual(expect.arrayContaining(['reading', 'blocking', 'saving']));

    const stored = await fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM linkage_clusters WHERE run_id = $1',
      [run.runId],
    );
    expect(Number(stored.rows[0].n)).toBe(run.counts.records);
    const review = await fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM linkage_review WHERE run_id = $1',
      [run.runId],
    );
    expect(Number(review.rows[0].n)).toBe(run.counts.reviewItems);
    const runs = await linkageRuns(analyst);
    expect(runs[0]).toMatchObject({
      id: run.runId,
      organisations: [orgA],
      runBy: analyst.principal.id,
      purpose: 'aggregate_statistics',
      seed: 1,
    });
    expect(runs[0].settings.prior).toBeGreaterThan(0);

    const { linked, evaluation } = await scored(analyst, fx.db, truth);
    expect(linked.runId).toBe(run.runId);
    expect(linked.keys.size).toBe(run.counts.records);
    expect(linked.clusters).toBe(run.counts.clusters);
    // One list: only the duplicates within it are to be found; few, but the same woman.
    expect(evaluation.pairwise.precision).toBeGreaterThanOrEqual(0.9);
    expect(evaluation.records).toBe(run.counts.records);
  });

  it('an analyst cannot link another organisation’s lists; nothing is opened or stored', async () => {
    const analyst = await fx.loginAs(`analyst-${orgA}`);
    const before = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM linkage_runs');
    expect(await denied(runStoreLinkage(analyst, { organisations: [orgB] }))).toBe(true);
    expect(await denied(runStoreLinkage(analyst, { organisations: [orgA, orgB] }))).toBe(true);
    const viewer = await fx.loginAs(`viewer-${orgA}`);
    expect(await denied(runStoreLinkage(viewer))).toBe(true);
    const admin = await fx.loginAs('admin');
    expect(await denied(runStoreLinkage(admin))).toBe(true);
    const after = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM linkage_runs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const denials = (await fx.store.audit.entries({ limit: 100_000 })).filter(
      (e) => e.action === 'access.denied' && e.detail.operation === 'linkage.run',
    );
    expect(denials.map((e) => e.organisationId)).toEqual(expect.arrayContaining([orgB]));
  });

  it('the coordinator links every organisation’s lists, well, and cannot read a name', async () => {
    const coordinator = await fx.loginAs('coordinator');
    const readsBefore = (await fx.store.audit.entries({ limit: 1_000_000 })).filter(
      (e) => e.action === 'record.read',
    ).length;
    const run = await runStoreLinkage(coordinator);
    expect(run.organisations).toEqual([...summary.sources].sort());
    expect(run.counts.records).toBe(summary.documented.records);
    const { evaluation } = await scored(coordinator, fx.db, truth, run.runId);
    expect(evaluation.pairwise.precision).toBeGreaterThan(0.95);
    expect(evaluation.pairwise.recall).toBeGreaterThan(0.85);
    expect(evaluation.pairwise.f1).toBeGreaterThan(0.9);
    expect(Math.abs(run.counts.clusters - summary.documented.people)).toBeLessThan(
      0.1 * summary.documented.people,
    );

    // One aggregate audit entry per organisation for the vaults opened, none per person.
    const entries = await fx.store.audit.entries({ limit: 1_000_000 });
    const opened = entries.filter(
      (e) => e.action === 'linkage.read_identifying' && e.record === `linkage_run:${run.runId}`,
    );
    expect(opened.map((e) => e.organisationId).sort()).toEqual([...summary.sources].sort());
    expect(opened.reduce((n, e) => n + Number(e.detail.persons), 0)).toBe(run.counts.records);
    expect(opened.every((e) => e.actor === `user:${coordinator.principal.id}`)).toBe(true);
    expect(entries.filter((e) => e.action === 'record.read').length).toBe(readsBefore);

    // Nothing identifying for the coordinator herself.
    for (const org of summary.sources) {
      expect(
        await denied(coordinator.sealerFor(org, { purpose: 'aggregate_statistics', read: true })),
      ).toBe(true);
      expect(
        await denied(coordinator.require('case.read_identifying', { organisationId: org })),
      ).toBe(true);
      expect(
        await denied(coordinator.require('case.read_deidentified', { organisationId: org })),
      ).toBe(true);
      expect(
        await denied(coordinator.require('case.export_identifying', { organisationId: org })),
      ).toBe(true);
    }

    // The analyst sees neither the coordinator's run nor its keys.
    const analyst = await fx.loginAs(`analyst-${orgA}`);
    expect((await linkageRuns(analyst)).map((r) => r.id)).not.toContain(run.runId);
    await expect(linkedPersonKeys(analyst, { runId: run.runId })).rejects.toThrow(/no linkage run/);
    expect((await linkageRuns(coordinator)).map((r) => r.id)).toContain(run.runId);
  });

  it('a coordinator reads the widest run by default, not a newer one-organisation run', async () => {
    const coordinator = await fx.loginAs('coordinator');
    const wide = await runStoreLinkage(coordinator);
    const analyst = await fx.loginAs(`analyst-${orgA}`);
    const narrow = await runStoreLinkage(analyst);
    // The analyst's run is the newest, and the analyst reads it.
    expect((await linkedPersonKeys(analyst))?.runId).toBe(narrow.runId);
    // The coordinator's default stays on the run that links every organisation.
    const read = await linkedPersonKeys(coordinator);
    expect(read?.runId).toBe(wide.runId);
    expect(read?.organisations).toEqual(wide.organisations);
    // Asked for by id, the narrow run is still readable to the coordinator.
    expect((await linkedPersonKeys(coordinator, { runId: narrow.runId }))?.runId).toBe(
      narrow.runId,
    );
  });

  it('decisions override the model, are kept apart from the data, and survive re-runs', async () => {
    const coordinator = await fx.loginAs('coordinator');
    await runStoreLinkage(coordinator);
    const { keyOf } = await scored(coordinator, fx.db, truth);
    // A pair the model put together, and two records it kept apart.
    const byKey = new Map<string, string[]>();
    for (const [ref, key] of keyOf) byKey.set(key, [...(byKey.get(key) ?? []), ref]);
    const together = [...byKey.values()].find((refs) => refs.length === 2)!;
    const singletons = [...byKey.values()].filter((refs) => refs.length === 1).slice(0, 2);
    const apart = [singletons[0][0], singletons[1][0]];
    const ref = (r: string) => {
      const [source, recordId] = r.split('/');
      return { source, recordId };
    };
    await recordLinkageDecision(coordinator, {
      left: ref(together[0]),
      right: ref(together[1]),
      verdict: 'not_same',
      why: 'CANARY-WHY 다른 사람 (interview notes differ)',
    });
    await recordLinkageDecision(coordinator, {
      left: ref(apart[0]),
      right: ref(apart[1]),
      verdict: 'same',
    });

    for (let rerun = 0; rerun < 2; rerun++) {
      const run = await runStoreLinkage(coordinator);
      expect(run.counts.decisionsInForce).toBe(2);
      const after = (await scored(coordinator, fx.db, truth, run.runId)).keyOf;
      expect(after.get(together[0])).not.toBe(after.get(together[1]));
      expect(after.get(apart[0])).toBe(after.get(apart[1]));
    }

    // The latest decision on a pair is in force: 'unsure' hands the pair back to the model.
    await recordLinkageDecision(coordinator, {
      left: ref(apart[1]),
      right: ref(apart[0]),
      verdict: 'unsure',
    });
    const run = await runStoreLinkage(coordinator);
    const last = (await scored(coordinator, fx.db, truth, run.runId)).keyOf;
    expect(last.get(apart[0])).not.toBe(last.get(apart[1]));

    // The reason is sealed: not in the table, not in the audit log.
    const rows = await fx.db.query<{ why: Uint8Array | null; decided_by: string }>(
      'SELECT why, decided_by FROM linkage_decisions ORDER BY seq',
    );
    expect(rows.rows).toHaveLength(3);
    expect(rows.rows[0].why).not.toBeNull();
    expect(rows.rows.every((r) => r.decided_by === coordinator.principal.id)).toBe(true);
    expect(Buffer.from(rows.rows[0].why!).toString('utf8')).not.toContain('CANARY');
    expect(await storedText(fx.db)).not.toContain('CANARY');
    // Append-only.
    await expect(fx.db.query("UPDATE linkage_decisions SET verdict = 'same'")).rejects.toThrow(
      /never changed/,
    );

    // An analyst may decide only on her own organisation's records.
    const analyst = await fx.loginAs(`analyst-${orgA}`);
    const inB = [...keyOf.keys()].find((r) => r.startsWith(`${orgB}/`))!;
    const inA = [...keyOf.keys()].find((r) => r.startsWith(`${orgA}/`))!;
    expect(
      await denied(
        recordLinkageDecision(analyst, { left: ref(inA), right: ref(inB), verdict: 'same' }),
      ),
    ).toBe(true);
    await expect(
      recordLinkageDecision(analyst, {
        left: ref(inA),
        right: { source: orgA, recordId: 'NO-SUCH-RECORD' },
        verdict: 'same',
      }),
    ).rejects.toThrow(/no record/);
  });

  it('links only persons with consent for aggregate statistics, and no case restricted to others', async () => {
    const documenter = await fx.loginAs(`documenter-${orgA}`);
    const cases = await fx.db.query<{ id: string; person_id: string }>(
      'SELECT id, person_id FROM cases WHERE organisation_id = $1 ORDER BY id LIMIT 2',
      [orgA],
    );
    const [withdrawn, restricted] = cases.rows;
    const analyst = await fx.loginAs(`analyst-${orgA}`);
    const histBefore = await linkedCaptureHistories(analyst);
    await documenter.recordConsent(
      { caseId: withdrawn.id },
      { purpose: 'aggregate_statistics', granted: true, withdrawnOn: '2025-01-01' },
    );
    await documenter.restrictCase(restricted.id, [`documenter-${orgA}`]);

    const run = await runStoreLinkage(analyst);
    expect(run.counts.withheldNoConsent).toBe(1);
    expect(run.counts.withheldRestricted).toBe(1);
    expect(run.counts.records).toBe(summary.documented.recordsBySource[orgA] - 2);
    const keys = (await linkedPersonKeys(analyst))!;
    expect(keys.runId).toBe(run.runId);
    expect(keys.keys.has(withdrawn.person_id)).toBe(false);
    expect(keys.keys.has(restricted.person_id)).toBe(false);
    // An earlier run's capture histories drop the withdrawn record too (consent is read now).
    const histEarlier = await linkedCaptureHistories(analyst, { runId: histBefore.runId });
    expect(histEarlier.records).toBe(histBefore.records - 1);
    // Every key the analyst gets is a person of her own organisation.
    const own = await fx.db.query<{ id: string }>(
      'SELECT p.id FROM persons p JOIN sources s ON s.id = p.source_id WHERE s.organisation_id = $1',
      [orgA],
    );
    const ownIds = new Set(own.rows.map((r) => r.id));
    expect([...keys.keys.keys()].every((id) => ownIds.has(id))).toBe(true);

    await documenter.restrictCase(restricted.id, []);
    await documenter.recordConsent(
      { caseId: withdrawn.id },
      { purpose: 'aggregate_statistics', granted: true },
    );
  });

  it('capture histories: lists = sources, one person = one cluster, strata partition people', async () => {
    const coordinator = await fx.loginAs('coordinator');
    const run = await runStoreLinkage(coordinator);
    const all = await linkedCaptureHistories(coordinator, { runId: run.runId });
    expect(all.lists).toEqual([...summary.sources].sort());
    expect(all.people).toBe(run.counts.clusters);
    expect(all.records).toBe(run.counts.records);
    expect(all.histories.reduce((n, h) => n + h.count, 0)).toBe(all.people);
    expect(all.histories.every((h) => /^[01]{3}$/.test(h.pattern) && h.pattern !== '000')).toBe(
      true,
    );
    // Per list, as many people as the list has records, less its own duplicates.
    all.lists.forEach((list, i) => {
      const onList = all.histories
        .filter((h) => h.pattern[i] === '1')
        .reduce((n, h) => n + h.count, 0);
      expect(onList).toBeLessThanOrEqual(summary.documented.recordsBySource[list]);
      expect(onList).toBeGreaterThan(0.9 * summary.documented.recordsBySource[list]);
    });

    const byYear = await linkedCaptureHistories(coordinator, { by: ['year', 'province'] });
    expect(byYear.overlapping).toBe(false);
    const sum = byYear.strata.reduce((n, s) => n + s.histories.reduce((m, h) => m + h.count, 0), 0);
    expect(sum).toBe(all.people);
    expect(byYear.strata.some((s) => /^20\d\d\|cn-[a-z]+$/.test(s.key))).toBe(true);
    for (const s of byYear.strata) expect(s.key).toBe(`${s.values.year}|${s.values.province}`);

    const byViolation = await linkedCaptureHistories(coordinator, { by: ['violation'] });
    expect(byViolation.overlapping).toBe(true);
    const keys = byViolation.strata.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['sexual_slavery', 'trafficking']));
    // A woman with several violations is in several strata; one whose cases record no act (not
    // every woman was trafficked) is in 'unknown'.
    const people = (h: { histories: Array<{ count: number }> }) =>
      h.histories.reduce((n, x) => n + x.count, 0);
    expect(byViolation.strata.reduce((n, s) => n + people(s), 0)).toBeGreaterThan(all.people);
    for (const s of byViolation.strata) expect(people(s)).toBeLessThanOrEqual(all.people);

    // Estimation sees counts only, and the documented total is the linked people.
    const report = estimateTable(tableFromPatterns(all.lists, all.histories), {
      method: 'loglinear',
    });
    expect(report.observed).toBe(all.people);
    expect(report.selected!.estimate).toBeGreaterThan(all.people);

    const text = JSON.stringify([all, byYear, byViolation]);
    expect(text).not.toMatch(/"[0-9a-f]{24}"/); // no cluster key
    const personIds = await fx.db.query<{ id: string }>('SELECT id FROM persons LIMIT 50');
    for (const { id } of personIds.rows) expect(text).not.toContain(id);
  });

  it('canary: no name, birth date, id number or address in any output, table or audit entry', async () => {
    const coordinator = await fx.loginAs('coordinator');
    const run = await runStoreLinkage(coordinator);
    const outputs = JSON.stringify([
      run,
      await linkageRuns(coordinator),
      await linkedCaptureHistories(coordinator, { by: ['year', 'province', 'violation'] }),
      [...(await linkedPersonKeys(coordinator))!.keys],
    ]);
    const stored = await storedText(fx.db);
    const values = canaries(dir, summary);
    expect(values.length).toBeGreaterThan(500);
    const found = values.filter((v) => outputs.includes(v) || stored.includes(v));
    expect(found).toEqual([]);
  });
});

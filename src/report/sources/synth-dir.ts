/**
 * Report input from a directory written by `jayu synth` (cases.jsonl, the person-list CSVs,
 * truth.csv, population.json), for demonstrations and for testing reports against a known truth.
 *
 * The file path has no protect layer in front of it, so consent is applied here with the same
 * rule protect applies in SQL (records.ts `hasConsent`), and every case is reduced to its
 * de-identified view on reading: nothing identifying is kept in memory past the parse of a line.
 *
 * Linkage: 'fellegi-sunter' runs Jayu's record linkage (src/linkage) on the person lists, as an
 * analyst would; 'truth' uses the synthetic ground truth (to separate linkage error from
 * estimation error in tests); 'none' treats every record as a different person.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Case, ConsentPurpose } from '../../model/types';
import { readPersonLists } from '../../linkage/input';
import { linkRecords } from '../../linkage/run';
import { deidentify, hasConsent, type ReportRecord } from '../records';

export type LinkageMethod = 'fellegi-sunter' | 'truth' | 'none';

export interface ReportInput {
  records: ReportRecord[];
  /** The lists (sources), in a fixed order: the capture-history columns. */
  lists: string[];
  linkage: {
    method: LinkageMethod;
    persons: number;
    /**
     * From the store: the linkage run used (id, when it finished, its match threshold if known,
     * the organisations it linked), or null when the store has none. Absent for files.
     */
    run?: StoreLinkageRun | null;
  };
  purpose: ConsentPurpose;
  /** Records left out because they lack consent for the purpose. */
  withoutConsent: number;
  dataset: { kind: 'synthetic' | 'store'; label: string };
  /** From the store: the organisations whose cases were read. */
  organisations?: string[];
}

export interface StoreLinkageRun {
  id: string;
  finishedAt: string;
  threshold: number | null;
  organisations: string[];
}

export interface SynthDirOptions {
  purpose: ConsentPurpose;
  /** ISO date consent is judged on (default today). */
  asOf?: string;
  linkage?: LinkageMethod;
  seed?: number;
}

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

function need(dir: string, file: string): string {
  const p = path.join(dir, file);
  if (!existsSync(p)) {
    throw new ReportInputError(
      `${file} not found in ${dir}: is this a directory written by 'jayu synth'?`,
    );
  }
  return p;
}

export async function loadSynthDirectory(
  dir: string,
  options: SynthDirOptions,
): Promise<ReportInput> {
  const summary = JSON.parse(readFileSync(need(dir, 'population.json'), 'utf8')) as {
    sources: string[];
  };
  const lists = summary.sources;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const records: ReportRecord[] = [];
  const recordIdOf = new Map<string, string>();
  let withoutConsent = 0;
  const lines = createInterface({
    input: createReadStream(need(dir, 'cases.jsonl'), 'utf8'),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let c: Case;
    try {
      c = JSON.parse(line) as Case;
    } catch {
      throw new ReportInputError(`cases.jsonl line ${n} is not valid JSON`);
    }
    if (!c.id || !c.source || !c.person || !Array.isArray(c.events) || !Array.isArray(c.acts)) {
      throw new ReportInputError(
        `cases.jsonl line ${n} is not a case (id, source, person, events, acts)`,
      );
    }
    if (!hasConsent(c, options.purpose, asOf)) {
      withoutConsent++;
      continue;
    }
    const r = deidentify(c);
    records.push(r);
    if (c.person.recordId) recordIdOf.set(r.caseId, `${c.source}/${c.person.recordId}`);
  }

  const method = options.linkage ?? 'fellegi-sunter';
  let clusterOf: Map<string, string> | null = null;
  if (method === 'truth') {
    const rows = parseCsv(readFileSync(need(dir, 'truth.csv'), 'utf8'), { columns: true }) as {
      source: string;
      record_id: string;
      entity_id: string;
    }[];
    clusterOf = new Map(rows.map((r) => [`${r.source}/${r.record_id}`, r.entity_id]));
  } else if (method === 'fellegi-sunter') {
    const table = await readPersonLists(lists.map((s) => need(dir, `${s}.csv`)));
    const result = await linkRecords(table, { seed: options.seed ?? 1 });
    clusterOf = new Map();
    for (let i = 0; i < table.size; i++) {
      clusterOf.set(
        `${table.sources[table.sourceOf[i]]}/${table.recordIds[i]}`,
        `L${result.clustering.clusterOf[i]}`,
      );
    }
  }
  if (clusterOf) {
    for (const r of records) {
      const key = recordIdOf.get(r.caseId);
      const cluster = key ? clusterOf.get(key) : undefined;
      if (cluster) r.personKey = cluster;
    }
  }
  return {
    records,
    lists,
    linkage: { method, persons: new Set(records.map((r) => r.personKey)).size },
    purpose: options.purpose,
    withoutConsent,
    dataset: { kind: 'synthetic', label: path.basename(path.resolve(dir)) },
  };
}

/**
 * Test support for linkage on the store (protect and CLI suites): a synthetic population with
 * its truth, imported by each organisation's documenter, and the identifying values that must
 * never leave a vault. Tests only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importFiles } from '../ingest';
import { synthesise } from '../synth';
import type { PopulationJson } from '../synth/summary';
import type { ProtectedFixture } from './testing';

const dirs: string[] = [];

/** Removes the folder of one population, or every folder `population` made (call in afterAll). */
export function cleanUpPopulations(only?: unknown): void {
  // Without a folder (e.g. as an afterAll hook, which passes its suite): every one made so far.
  const remove = typeof only === 'string' ? dirs.filter((d) => d === only) : [...dirs];
  for (const d of remove) {
    rmSync(d, { recursive: true, force: true });
    dirs.splice(dirs.indexOf(d), 1);
  }
}

/** A synthetic population, its cases split into one file per organisation (= list). */
export function population(people: number, sources: number, seed: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-protect-linkage-'));
  dirs.push(dir);
  const { summary } = synthesise({ people, sources, seed, out: dir, hidden: false });
  const byOrg = new Map<string, string[]>();
  for (const line of readFileSync(path.join(dir, 'cases.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const org = (JSON.parse(line) as { organisation: string }).organisation;
    byOrg.set(org, [...(byOrg.get(org) ?? []), line]);
  }
  for (const [org, lines] of byOrg)
    writeFileSync(path.join(dir, `${org}.jsonl`), lines.join('\n') + '\n');
  return { dir, summary };
}

export async function importPopulation(
  fx: ProtectedFixture,
  dir: string,
  summary: PopulationJson,
): Promise<void> {
  for (const org of summary.sources) {
    const session = await fx.loginAs(`documenter-${org}`);
    const sealer = await session.sealerFor(org, { purpose: 'case_management', write: true });
    const files = [path.join(dir, `${org}.csv`), path.join(dir, `${org}.jsonl`)];
    await importFiles(fx.db, sealer, files);
    await sealer.flush({ committed: true });
  }
}

/** source/record_id -> true entity. */
export function truthOf(dir: string): Map<string, string> {
  return new Map(
    readFileSync(path.join(dir, 'truth.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [source, record, entity] = line.split(',');
        return [`${source}/${record}`, entity] as const;
      }),
  );
}

/**
 * Identifying values of the synthetic lists that must never leave a vault: birth dates, id
 * numbers, addresses, and names (non-Latin names of any length; Latin ones of 5 letters or more,
 * so that no English word of the outputs is mistaken for one).
 */
export function canaries(dir: string, summary: PopulationJson): string[] {
  const out = new Set<string>();
  for (const source of summary.sources) {
    const [header, ...lines] = readFileSync(path.join(dir, `${source}.csv`), 'utf8')
      .trim()
      .split('\n');
    const cols = header.split(',');
    for (const line of lines) {
      // The identifying columns hold no commas except addresses, which are quoted.
      const cells = line
        .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
        .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
      const get = (c: string) => cells[cols.indexOf(c)] ?? '';
      for (const c of ['birth_date', 'id_number', 'address']) if (get(c)) out.add(get(c));
      for (const c of ['family_name', 'given_name', 'other_names']) {
        for (const part of get(c).split(/;\s*/)) {
          const v = part.trim();
          if (/[^ -~]/.test(v) ? v.length >= 2 : v.length >= 5) out.add(v);
        }
      }
    }
  }
  return [...out];
}

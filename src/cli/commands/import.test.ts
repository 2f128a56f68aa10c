/**
 * import, export, stats and demo: the command code on real stores (both backends) with real
 * sessions from the protection layer, on synthetic data whose truth is known.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { protectedFixture } from '../../protect/testing';
import { storeStats } from '../../store/stats';
import { storeBackends } from '../../store/testing';
import { synthesise } from '../../synth';
import { CliError, ExitCode } from '../exit-codes';
import { run } from '../main';
import { compareWithTruth } from './demo';
import { runExport } from './export';
import { runImport } from './import';

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-import-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A synthetic population, with cases.jsonl split into one file per organisation. */
function population(people: number, sources: number, seed: number) {
  const dir = tmp();
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

async function captured<T>(
  fn: () => Promise<T>,
): Promise<{ value?: T; error?: unknown; err: string }> {
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (err += String(chunk)),
    true
  )) as typeof process.stderr.write;
  try {
    return { value: await fn(), err };
  } catch (error) {
    return { error, err };
  } finally {
    process.stderr.write = write;
  }
}

describe.each(storeBackends())('import, export and stats on $name', (backend) => {
  it('each organisation imports its lists and cases; the statistics agree with the truth', async () => {
    const { dir, summary } = population(700, 3, 11);
    const fx = await protectedFixture(await backend.open(), { organisations: summary.sources });
    try {
      for (const org of summary.sources) {
        const session = await fx.loginAs(`documenter-${org}`);
        const sealer = await session.sealerFor(org, { purpose: 'case_management', write: true });
        const report = await runImport(
          fx.db,
          sealer,
          [path.join(dir, `${org}.csv`), path.join(dir, `${org}.jsonl`)],
          {
            progress: false,
          },
        );
        expect(report.personLists?.inserted).toBe(summary.documented.recordsBySource[org]);
        // Cases of the same records update the list's persons instead of adding new ones.
        expect(report.cases?.inserted).toBe(summary.documented.recordsBySource[org]);
      }
      const stats = await storeStats(fx.db);
      for (const { key, agrees } of compareWithTruth(stats, summary))
        expect({ key, agrees }).toEqual({ key, agrees: true });

      // Every write is in the audit log, one entry per record.
      const audited = await fx.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_entries');
      expect(audited.rows[0].n).toBeGreaterThan(summary.documented.records);

      // Export: the cases and the list come back; a legal officer of another organisation sees none.
      const org = summary.sources[0];
      const reader = await (
        await fx.loginAs(`documenter-${org}`)
      ).sealerFor(org, { purpose: 'case_management', read: true });
      const out = path.join(tmp(), 'cases.jsonl');
      expect(await runExport(fx.db, reader, { format: 'json', out })).toEqual({
        exported: summary.documented.recordsBySource[org],
        withheld: 0,
      });
      const csv = path.join(tmp(), 'list.csv');
      const count = await runExport(fx.db, reader, { format: 'csv', out: csv });
      expect(count.exported).toBe(summary.documented.recordsBySource[org]);
      expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^record_id,source,family_name/);
      await reader.flush();

      // Consent is enforced: for legal proceedings only the cases that consented come out.
      const legal = await (
        await fx.loginAs(`legal-officer-${org}`)
      ).sealerFor(org, { purpose: 'legal_proceedings', read: true });
      const legalCount = await runExport(fx.db, legal, {
        format: 'json',
        out: path.join(tmp(), 'legal.jsonl'),
      });
      expect(legalCount.withheld).toBeGreaterThan(0);
      expect(legalCount.exported + legalCount.withheld).toBe(
        summary.documented.recordsBySource[org],
      );
      await legal.flush();
    } finally {
      await fx.db.close();
    }
  });

  it('invalid input: exit code 3, every problem listed, nothing imported and nothing audited as written', async () => {
    const fx = await protectedFixture(await backend.open(), { organisations: ['org-a'] });
    try {
      const file = path.join(tmp(), 'bad.csv');
      writeFileSync(
        file,
        'record_id,source,family_name,given_name,other_names,sex,birth_year,birth_date,id_number,address,home_province,home_county,crossing_place,place_in_china,event_year,repatriated,notes\n' +
          'A-1,list1,Kim,,,female,1990,,,,,,,,2010,,\n' +
          'A-2,list1,Kim,,,female,1990,1990-02-31,,,,,,,2010,,\n' +
          'A-3,list1,Kim,,,robot,1990,,,,,,,,2010,,\n',
      );
      const session = await fx.loginAs('documenter-org-a');
      const sealer = await session.sealerFor('org-a', { purpose: 'case_management', write: true });
      const before = (await fx.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_entries'))
        .rows[0].n;
      const { error, err } = await captured(() =>
        runImport(fx.db, sealer, [file], { progress: false }),
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(ExitCode.invalidInput);
      expect((error as CliError).message).toBe('2 problems in the input; nothing was imported');
      expect(err).toContain('bad.csv, line 3, field birth_date: is not a date that exists');
      expect(err).toContain(
        'bad.csv, line 4, field sex: is not one of female, male, other, unknown (value "robot")',
      );
      expect(err).not.toContain('1990-02-31');
      expect(
        (await fx.db.query<{ n: number }>('SELECT count(*) AS n FROM persons')).rows[0].n,
      ).toBe(0);
      const after = (
        await fx.db.query<{ n: number }>(
          "SELECT count(*) AS n FROM audit_entries WHERE entry LIKE '%record.write%'",
        )
      ).rows[0].n;
      expect(after).toBe(0);
      expect(
        (await fx.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_entries')).rows[0].n,
      ).toBe(before);

      const missing = await captured(() =>
        runImport(fx.db, sealer, [path.join(tmp(), 'nope.csv')], { progress: false }),
      );
      expect((missing.error as CliError).exitCode).toBe(ExitCode.notFound);
      const unknown = await captured(() =>
        runImport(fx.db, sealer, ['list.txt'], { progress: false }),
      );
      expect((unknown.error as CliError).exitCode).toBe(ExitCode.usage);
    } finally {
      await fx.db.close();
    }
  });
});

describe('jayu demo', () => {
  it('creates a store, loads a synthetic population whose statistics agree with its truth, and reopens it', async () => {
    const dir = tmp();
    const data = path.join(dir, 'data');
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (
      (out += String(chunk)),
      true
    )) as typeof process.stdout.write;
    try {
      expect(
        await run(['demo', '--data', data, '--people', '400', '--sources', '2', '--seed', '5']),
      ).toBe(0);
      expect(out).toContain('recordsBySource  agrees with the synthetic truth');
      expect(out).not.toContain('DIFFERS');
      out = '';
      expect(await run(['demo', '--data', data])).toBe(0);
      expect(out).toContain('is already set up; its statistics');
      expect(readFileSync(`${data}.demo.key`, 'utf8')).toMatch(/Jayu master key/);
    } finally {
      process.stdout.write = write;
    }
  });
});

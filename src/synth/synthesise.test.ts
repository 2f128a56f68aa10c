import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceOf } from '../model/gazetteer';
import { PERSON_LIST_COLUMNS, type Case, type PersonListRow } from '../model/types';
import { importPersonLists } from '../ingest/import-persons';
import {
  personListLayout,
  PersonListValidator,
  type PersonListRecord,
} from '../ingest/person-list';
import { gazetteerLookup } from '../ingest/places';
import { readCsvFile } from '../ingest/tabular';
import { createKeyring } from '../protect';
import { storeBackends } from '../store/testing';
import { synthesise, SynthOptionError, type SynthOptions } from './synthesise';
import type { PopulationJson } from './summary';

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-synth-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Generated {
  dir: string;
  summary: PopulationJson;
  rows: Map<string, PersonListRow[]>;
  records: Map<string, PersonListRecord>;
  cases: Case[];
  truth: Array<{ source: string; record_id: string; entity_id: string }>;
  hidden: Array<{ entityId: string; situation: string; birthDate: string; records: string[] }>;
}

/** Reads a CSV with the importer's own reader and validator: what import would see. */
async function readList(
  file: string,
): Promise<{ rows: PersonListRow[]; records: PersonListRecord[]; issues: unknown[] }> {
  const input = readCsvFile(file);
  const rows: PersonListRow[] = [];
  const records: PersonListRecord[] = [];
  const issues: unknown[] = [];
  let validator: PersonListValidator | undefined;
  for await (const batch of input.rows) {
    for (const { line, fields } of batch) {
      if (!validator) {
        expect(fields).toEqual([...PERSON_LIST_COLUMNS]);
        const { layout } = personListLayout(fields);
        validator = new PersonListValidator(layout!, gazetteerLookup);
        continue;
      }
      rows.push(
        Object.fromEntries(PERSON_LIST_COLUMNS.map((c, i) => [c, fields[i]])) as PersonListRow,
      );
      const result = validator.validate(line, fields);
      issues.push(...result.issues);
      if (result.record) records.push(result.record);
    }
  }
  return { rows, records, issues };
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

async function generate(options: Omit<SynthOptions, 'out'>): Promise<Generated> {
  const dir = tmp();
  const { summary } = synthesise({ ...options, out: dir });
  const rows = new Map<string, PersonListRow[]>();
  const records = new Map<string, PersonListRecord>();
  for (const source of summary.sources) {
    const list = await readList(path.join(dir, `${source}.csv`));
    expect(list.issues).toEqual([]);
    rows.set(source, list.rows);
    for (const r of list.records) records.set(`${r.source}:${r.recordId}`, r);
  }
  const cases = lines(path.join(dir, 'cases.jsonl')).map((l) => JSON.parse(l) as Case);
  const truth = lines(path.join(dir, 'truth.csv'))
    .slice(1)
    .map((l) => {
      const [source, record_id, entity_id] = l.split(',');
      return { source, record_id, entity_id };
    });
  const hidden = lines(path.join(dir, 'population.jsonl')).map((l) => JSON.parse(l));
  return { dir, summary, rows, records, cases, truth, hidden };
}

const OPTIONS = { people: 6000, sources: 6, seed: 11 } as const;
let run: Generated;
let heavy: Generated;

beforeAll(async () => {
  run = await generate(OPTIONS);
  heavy = await generate({ ...OPTIONS, noise: 'heavy' });
});

describe('reproducibility', () => {
  it('writes byte-identical files for the same options, different ones for another seed', () => {
    const again = tmp();
    synthesise({ ...OPTIONS, out: again });
    const files = readdirSync(run.dir).sort();
    expect(readdirSync(again).sort()).toEqual(files);
    expect(files).toEqual(
      ['bitna', 'dorae', 'gaon', 'haneul', 'mirae', 'saebyeok']
        .map((s) => `${s}.csv`)
        .concat(['cases.jsonl', 'population.json', 'population.jsonl', 'truth.csv'])
        .sort(),
    );
    for (const f of files) {
      expect(readFileSync(path.join(again, f)).equals(readFileSync(path.join(run.dir, f))), f).toBe(
        true,
      );
    }
    const other = tmp();
    synthesise({ ...OPTIONS, seed: 12, out: other });
    for (const f of files) {
      expect(readFileSync(path.join(other, f)).equals(readFileSync(path.join(run.dir, f))), f).toBe(
        false,
      );
    }
  });

  it('keeps the lists of the first organisations when more are added', () => {
    const fewer = tmp();
    synthesise({ ...OPTIONS, sources: 3, out: fewer });
    for (const source of ['haneul', 'saebyeok']) {
      expect(
        readFileSync(path.join(fewer, `${source}.csv`)).equals(
          readFileSync(path.join(run.dir, `${source}.csv`)),
        ),
      ).toBe(true);
    }
  });

  it('refuses impossible options with a message naming the option', () => {
    const out = tmp();
    expect(() => synthesise({ people: 0, sources: 3, seed: 1, out })).toThrow(SynthOptionError);
    expect(() => synthesise({ people: 10, sources: 99, seed: 1, out })).toThrow(/--sources/);
    expect(() =>
      synthesise({ people: 10, sources: 2, seed: 1, out, years: { from: 2010, to: 2005 } }),
    ).toThrow(/--years/);
    for (const heterogeneity of [-1, 4.5, Number.NaN]) {
      expect(() => synthesise({ people: 10, sources: 2, seed: 1, out, heterogeneity })).toThrow(
        /--heterogeneity/,
      );
    }
  });
});

describe('truth', () => {
  it('lists every record of every CSV exactly once, with an entity of the population', () => {
    const csvKeys = [...run.rows.entries()].flatMap(([source, rows]) =>
      rows.map((r) => `${source}:${r.record_id}`),
    );
    const truthKeys = run.truth.map((t) => `${t.source}:${t.record_id}`);
    expect(new Set(csvKeys).size).toBe(csvKeys.length);
    expect([...truthKeys].sort()).toEqual([...csvKeys].sort());
    const entities = new Set(run.hidden.map((h) => h.entityId));
    expect(entities.size).toBe(OPTIONS.people);
    expect(run.truth.filter((t) => !entities.has(t.entity_id))).toEqual([]);
    // population.jsonl names the same records for each person.
    const byEntity = new Map<string, string[]>();
    for (const t of run.truth)
      byEntity.set(t.entity_id, [
        ...(byEntity.get(t.entity_id) ?? []),
        `${t.source}:${t.record_id}`,
      ]);
    for (const h of run.hidden)
      expect([...h.records].sort()).toEqual((byEntity.get(h.entityId) ?? []).sort());
  });

  it('has one case per record, saying what the CSV row says', () => {
    expect(run.cases.length).toBe(run.truth.length);
    for (const kase of run.cases) {
      const record = run.records.get(`${kase.source}:${kase.person.recordId}`);
      expect(record, kase.id).toBeDefined();
      const r = record!;
      expect(kase.person.homeProvince).toBe(r.homeProvince?.id);
      expect(kase.person.homeCounty).toBe(r.homeCounty?.id);
      expect(kase.person.birthYear).toBe(r.birthYear);
      expect(kase.person.birthDate).toBe(r.birthDate);
      expect(kase.person.names.familyName).toBe(r.familyName);
      expect(kase.person.names.givenName).toBe(r.givenName);
      expect(kase.person.names.otherNames ?? []).toEqual(r.otherNames);
      const returned = kase.events.some((e) => e.type === 'Repatriation');
      expect(r.repatriated === true, kase.id).toBe(returned);
      const crossing = kase.events.find((e) => e.type === 'BorderCrossing');
      expect(crossing?.start.value?.slice(0, 4)).toBe(
        r.eventYear === undefined ? undefined : String(r.eventYear),
      );
      // The county written down is in the province written down.
      if (r.homeCounty?.id) expect(provinceOf(r.homeCounty.id)?.id).toBe(r.homeProvince?.id);
    }
  });

  it('writes cases whose references all resolve', () => {
    for (const kase of run.cases) {
      const events = new Set(kase.events.map((e) => e.id));
      const acts = new Set(kase.acts.map((a) => a.id));
      const perpetrators = new Set(kase.perpetrators.map((p) => p.id));
      expect(kase.acts.every((a) => events.has(a.eventId) && a.victimId === kase.person.id)).toBe(
        true,
      );
      expect(
        kase.involvements.every((i) => acts.has(i.actId) && perpetrators.has(i.perpetratorId)),
      ).toBe(true);
      expect(kase.links.every((l) => events.has(l.from) && events.has(l.to))).toBe(true);
      expect(kase.information[0].sourceId).toBe(kase.source);
      expect(kase.consent.purposes).toContain('aggregate_statistics');
      for (const a of kase.acts) {
        if (a.salePrice !== undefined) expect(a.saleCurrency).toBe('CNY');
      }
    }
  });

  it('writes population.json counts that a recount of the files gives', () => {
    const s = run.summary;
    expect(JSON.parse(readFileSync(path.join(run.dir, 'population.json'), 'utf8'))).toEqual(s);
    expect(s.population.size).toBe(OPTIONS.people);
    const count = <K extends string | number>(keys: K[]) => {
      const m: Record<string, number> = {};
      for (const k of keys) m[String(k)] = (m[String(k)] ?? 0) + 1;
      return m;
    };
    const records = [...run.records.values()];
    expect(s.documented.records).toBe(records.length);
    expect(s.documented.recordsBySource).toEqual(count(records.map((r) => r.source)));
    // Capture histories from the truth alone.
    const sourcesOf = new Map<string, Set<string>>();
    for (const t of run.truth)
      sourcesOf.set(t.entity_id, (sourcesOf.get(t.entity_id) ?? new Set()).add(t.source));
    const histories = count(
      [...sourcesOf.values()].map((set) =>
        s.sources.map((src) => (set.has(src) ? '1' : '0')).join(''),
      ),
    );
    expect(s.documented.captureHistories).toEqual(histories);
    expect(s.documented.people).toBe(sourcesOf.size);
    expect(s.documented.undocumented).toBe(OPTIONS.people - sourcesOf.size);
    expect(s.documented.duplicateRecords).toBe(
      run.truth.length - [...sourcesOf.values()].reduce((n, set) => n + set.size, 0),
    );
    // Breakdowns as the importer reads the CSVs.
    expect(s.documented.byHomeProvince).toEqual(
      count(records.map((r) => r.homeProvince?.id ?? 'unknown')),
    );
    expect(s.documented.byCrossingYear).toEqual(
      count(records.map((r) => r.eventYear ?? 'unknown')),
    );
    expect(s.documented.repatriated).toEqual(
      count(
        records.map((r) =>
          r.repatriated === undefined ? 'unknown' : r.repatriated ? 'yes' : 'no',
        ),
      ),
    );
    // And as the full cases say.
    expect(s.documented.byViolation).toEqual(
      count(run.cases.flatMap((c) => c.acts.map((a) => a.violation))),
    );
    expect(s.documented.byEventType).toEqual(
      count(run.cases.flatMap((c) => c.events.map((e) => e.type))),
    );
  });
});

describe('documentation', () => {
  it('collapses in 2020-2022', () => {
    const byYear = run.summary.documented.byInterviewYear;
    const sealed = ((byYear['2020'] ?? 0) + (byYear['2021'] ?? 0) + (byYear['2022'] ?? 0)) / 3;
    expect(sealed).toBeLessThan(0.4 * byYear['2019']);
    const crossed = run.summary.documented.byCrossingYear;
    const crossedSealed =
      ((crossed['2020'] ?? 0) + (crossed['2021'] ?? 0) + (crossed['2022'] ?? 0)) / 3;
    expect(crossedSealed).toBeLessThan(0.3 * crossed['2019']);
  });

  it('reaches those who got to South Korea far more often than those still in China', () => {
    const documented = (situation: string) => {
      const group = run.hidden.filter((h) => h.situation === situation);
      return group.filter((h) => h.records.length > 0).length / group.length;
    };
    expect(documented('south_korea')).toBeGreaterThan(2 * documented('china'));
  });

  it('gives lists that overlap more than independent lists would (referrals, shared visibility)', () => {
    const n = OPTIONS.people;
    const on = (source: string) =>
      new Set(run.truth.filter((t) => t.source === source).map((t) => t.entity_id));
    const haneul = on('haneul');
    const bitna = on('bitna');
    const both = [...haneul].filter((e) => bitna.has(e)).length;
    expect(both).toBeGreaterThan((1.5 * haneul.size * bitna.size) / n);
    // Every pair of lists shares someone: an estimate has overlaps to work with.
    const histories = Object.keys(run.summary.documented.captureHistories);
    expect(histories.filter((h) => h.split('1').length > 2).length).toBeGreaterThan(10);
  });
});

describe('capture heterogeneity', () => {
  const small = { people: 5000, sources: 4, seed: 5 } as const;
  interface Person {
    entityId: string;
    visibility: number;
    records: string[];
  }
  const people = (dir: string): Person[] =>
    lines(path.join(dir, 'population.jsonl')).map((l) => JSON.parse(l) as Person);
  const summaryOf = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, 'population.json'), 'utf8')) as PopulationJson;
  const runs = new Map<number | undefined, string>();
  beforeAll(() => {
    for (const heterogeneity of [undefined, 0, 1, 2]) {
      const out = tmp();
      synthesise({ ...small, heterogeneity, out });
      runs.set(heterogeneity, out);
    }
  });
  /** Share documented among the more visible half minus the share among the less visible half. */
  const visibilityGap = (dir: string) => {
    const share = (group: Person[]) =>
      group.filter((p) => p.records.length > 0).length / group.length;
    const all = people(dir);
    return share(all.filter((p) => p.visibility > 0)) - share(all.filter((p) => p.visibility <= 0));
  };
  /** Women on both of the first two lists over the number independent lists would give. */
  const overlapRatio = (dir: string) => {
    const sources = summaryOf(dir).sources;
    const on = (s: string) => (p: Person) => p.records.some((r) => r.startsWith(`${s}:`));
    const all = people(dir);
    const a = all.filter(on(sources[0])).length;
    const b = all.filter(on(sources[1])).length;
    const both = all.filter((p) => on(sources[0])(p) && on(sources[1])(p)).length;
    return (both * all.length) / (a * b);
  };

  it('is 1 by default: the same bytes as without the option, and not written to population.json', () => {
    const plain = runs.get(undefined)!;
    const one = runs.get(1)!;
    for (const f of readdirSync(plain)) {
      expect(readFileSync(path.join(one, f)).equals(readFileSync(path.join(plain, f))), f).toBe(
        true,
      );
    }
    expect('heterogeneity' in summaryOf(plain)).toBe(false);
    expect(summaryOf(runs.get(2)!).heterogeneity).toBe(2);
  });

  it('changes who is documented, not who exists', () => {
    const base = summaryOf(runs.get(1)!);
    const twice = summaryOf(runs.get(2)!);
    expect(twice.population).toEqual(base.population);
    expect(people(runs.get(2)!).map((p) => p.visibility)).toEqual(
      people(runs.get(1)!).map((p) => p.visibility),
    );
    expect(twice.documented.captureHistories).not.toEqual(base.documented.captureHistories);
  });

  it("scales how much capture depends on latent visibility, and with it the lists' dependence", () => {
    const gaps = [0, 1, 2].map((h) => visibilityGap(runs.get(h)!));
    // No latent heterogeneity: visibility says nothing about being documented (2 standard errors).
    expect(Math.abs(gaps[0])).toBeLessThan(0.03);
    expect(gaps[1]).toBeGreaterThan(0.1);
    expect(gaps[2]).toBeGreaterThan(gaps[1] + 0.05);
    const ratios = [0, 1, 2].map((h) => overlapRatio(runs.get(h)!));
    expect(ratios[1]).toBeGreaterThan(ratios[0]);
    expect(ratios[2]).toBeGreaterThan(ratios[1]);
  });
});

describe('noise', () => {
  it('changes how things are written, not who exists', () => {
    expect(heavy.summary.population).toEqual(run.summary.population);
    expect(heavy.hidden.map((h) => h.birthDate)).toEqual(run.hidden.map((h) => h.birthDate));
  });

  it('writes more variant forms under heavy noise', () => {
    const variety = (g: Generated) => {
      const entityOf = new Map(g.truth.map((t) => [`${t.source}:${t.record_id}`, t.entity_id]));
      const forms = new Map<string, Set<string>>();
      const wrongYear = { wrong: 0, total: 0 };
      const birthOf = new Map(g.hidden.map((h) => [h.entityId, Number(h.birthDate.slice(0, 4))]));
      for (const r of g.records.values()) {
        const entity = entityOf.get(`${r.source}:${r.recordId}`)!;
        const set = forms.get(entity) ?? new Set();
        set.add(`${r.familyName ?? ''}|${r.givenName ?? ''}`);
        forms.set(entity, set);
        if (r.birthYear !== undefined) {
          wrongYear.total++;
          if (r.birthYear !== birthOf.get(entity)) wrongYear.wrong++;
        }
      }
      const sizes = [...forms.values()].map((s) => s.size);
      return {
        formsPerPerson: sizes.reduce((a, b) => a + b, 0) / sizes.length,
        wrongYearShare: wrongYear.wrong / wrongYear.total,
        distinctForms: new Set([...forms.values()].flatMap((s) => [...s])).size,
      };
    };
    const base = variety(run);
    const noisy = variety(heavy);
    expect(noisy.formsPerPerson).toBeGreaterThan(base.formsPerPerson);
    expect(noisy.wrongYearShare).toBeGreaterThan(1.5 * base.wrongYearShare);
    expect(noisy.distinctForms).toBeGreaterThan(base.distinctForms);
  });

  it('writes names in every script, with both Hangul spellings and the places in several languages', () => {
    const all = [...run.records.values()];
    const family = new Set(all.map((r) => r.familyName));
    for (const form of ['이', '리', '李', 'Lee', 'Yi', 'Ri', 'I', 'Li'])
      expect(family, form).toContain(form);
    const provinceTexts = new Set(
      all.filter((r) => r.homeProvince?.id === 'kp-ryanggang').map((r) => r.homeProvince!.text),
    );
    expect(provinceTexts.size).toBeGreaterThan(3);
  });
});

describe('import', () => {
  it('imports every list into the store with no invalid row and no unknown place', async () => {
    const db = await storeBackends()[0].open();
    try {
      const sealer = createKeyring({ organisations: ['synth'] }).sealerFor('synth');
      const files = run.summary.sources.map((s) => readCsvFile(path.join(run.dir, `${s}.csv`)));
      const report = await importPersonLists(db, sealer, files);
      expect(report.issues).toEqual([]);
      expect(report.unknownPlaces).toEqual([]);
      expect(report.inserted).toBe(run.summary.documented.records);
    } finally {
      await db.close();
    }
  });
});

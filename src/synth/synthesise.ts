import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { getPlace } from '../model/gazetteer';
import { givenNorth, givenSouth } from '../model/names';
import { PERSON_LIST_COLUMNS } from '../model/types';
import { documentation } from './capture';
import { dayOf, isoOf, yearOf } from './dates';
import { MAX_SOURCES, ORGANISATIONS, type NoiseLevel } from './organisations';
import { generateVictim, placesUsed, type Victim } from './population';
import { buildRecord, Habits } from './record';
import { hashInts, Rng } from './rng';
import { Summary, type PopulationJson } from './summary';
import { csvLine } from '../ingest/csv';
import { LineWriter, ShuffleBuffer } from './writer';

export interface SynthOptions {
  /** Size of the hidden population (women and girls who crossed in the period). */
  people: number;
  /** Number of documenting organisations (the first K of ORGANISATIONS). */
  sources: number;
  seed: number;
  /** Output folder, created if absent; files in it are overwritten. */
  out: string;
  noise?: NoiseLevel;
  /**
   * Scale of the capture heterogeneity: every organisation's weight on a woman's latent
   * visibility is multiplied by it (0 to 4; default 1, the profiles as written). Recorded in
   * population.json only when it is not 1.
   */
  heterogeneity?: number;
  /** Crossing years, both included. Default 2000-2024. */
  years?: { from: number; to: number };
  /** Write population.jsonl (the hidden population, one person a line). Default true. */
  hidden?: boolean;
  /** Called every `progressEvery` people and at the end. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface SynthResult {
  summary: PopulationJson;
  /** Absolute paths of the files written. */
  files: string[];
}

/** Thrown for options that cannot produce a population; the message names the option. */
export class SynthOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthOptionError';
  }
}

export const DEFAULT_YEARS = { from: 2000, to: 2024 } as const;
const MAX_PEOPLE = 50_000_000;
const MAX_HETEROGENEITY = 4;
/** Rows held per organisation to shuffle the output order. */
const SHUFFLE_CAPACITY = 1024;

function validate(
  options: SynthOptions,
): Required<Pick<SynthOptions, 'noise' | 'years' | 'heterogeneity'>> {
  const { people, sources, seed } = options;
  if (!Number.isSafeInteger(people) || people < 1 || people > MAX_PEOPLE) {
    throw new SynthOptionError(
      `--people must be a whole number from 1 to ${MAX_PEOPLE}, got ${people}`,
    );
  }
  if (!Number.isSafeInteger(sources) || sources < 1 || sources > MAX_SOURCES) {
    throw new SynthOptionError(
      `--sources must be a whole number from 1 to ${MAX_SOURCES}, got ${sources}`,
    );
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SynthOptionError(`--seed must be a whole number >= 0, got ${seed}`);
  }
  const noise = options.noise ?? 'default';
  if (noise !== 'default' && noise !== 'heavy') {
    throw new SynthOptionError(`--noise must be default or heavy, got ${String(noise)}`);
  }
  const heterogeneity = options.heterogeneity ?? 1;
  if (
    typeof heterogeneity !== 'number' ||
    !Number.isFinite(heterogeneity) ||
    heterogeneity < 0 ||
    heterogeneity > MAX_HETEROGENEITY
  ) {
    throw new SynthOptionError(
      `--heterogeneity must be a number from 0 to ${MAX_HETEROGENEITY}, got ${String(heterogeneity)}`,
    );
  }
  const years = options.years ?? DEFAULT_YEARS;
  if (
    !Number.isInteger(years.from) ||
    !Number.isInteger(years.to) ||
    years.from > years.to ||
    years.from < 1990 ||
    years.to > new Date().getUTCFullYear()
  ) {
    // Records dated in the future would be refused on import.
    throw new SynthOptionError(
      `--years must be FROM-TO with 1990 <= FROM <= TO <= the current year, got ${years.from}-${years.to}`,
    );
  }
  for (const id of placesUsed()) {
    if (!getPlace(id)) throw new Error(`synth: place ${id} is missing from the gazetteer`);
  }
  return { noise, years, heterogeneity };
}

/**
 * Record ids are an organisation's prefix, the interview year and a 32-bit number that is a keyed
 * permutation (Feistel) of the organisation's running count: unique, reproducible, and saying
 * nothing about which person or which position in another list a record belongs to.
 */
function permute32(counter: number, key: number): number {
  let left = (counter >>> 16) & 0xffff;
  let right = counter & 0xffff;
  for (let round = 0; round < 4; round++) {
    const f = hashInts(key, round, right) & 0xffff;
    [left, right] = [right, left ^ f];
  }
  return ((left << 16) | right) >>> 0;
}

/** A record ready to write: its CSV line, case line and truth line. */
interface Emitted {
  csv: string;
  kase: string;
  truth: string;
}

/**
 * Generates the population, every organisation's list, the cases and the truth into `out`,
 * streaming: memory does not grow with the number of people.
 */
export function synthesise(options: SynthOptions): SynthResult {
  const { noise, years, heterogeneity } = validate(options);
  const { people, seed } = options;
  const out = path.resolve(options.out);
  mkdirSync(out, { recursive: true });
  const horizon = dayOf(years.to, 12, 31);
  const orgs = ORGANISATIONS.slice(0, options.sources).map((profile) => new Habits(profile, noise));
  const sources = orgs.map((h) => h.profile.id);
  const summary = new Summary({ seed, noise, years, horizon, sources, heterogeneity });

  // Files are written under temporary names and renamed at the end: a folder never holds a
  // half-written population that looks complete.
  const files: Array<{ final: string; writer: LineWriter }> = [];
  const open = (name: string): LineWriter => {
    const final = path.join(out, name);
    const writer = new LineWriter(`${final}.partial`);
    files.push({ final, writer });
    return writer;
  };
  const csv = orgs.map((h) => open(`${h.profile.id}.csv`));
  for (const w of csv) w.writeText(csvLine(PERSON_LIST_COLUMNS));
  const cases = open('cases.jsonl');
  const truth = open('truth.csv');
  truth.write('source,record_id,entity_id');
  const hidden = options.hidden === false ? undefined : open('population.jsonl');

  const emit = (org: number) => (item: Emitted) => {
    csv[org].writeText(item.csv);
    cases.write(item.kase);
    truth.writeText(item.truth);
  };
  const buffers = orgs.map(
    (_, org) =>
      new ShuffleBuffer<Emitted>(SHUFFLE_CAPACITY, new Rng(seed, 'shuffle', org), emit(org)),
  );
  const counters = orgs.map(() => 0);
  const idKeys = orgs.map((_, org) => hashInts(seed, org, 0x1d));
  const progressEvery = options.progressEvery ?? 10_000;

  for (let index = 0; index < people; index++) {
    const victim = generateVictim(index, { seed, years });
    const captures = documentation(victim, orgs, seed, horizon, heterogeneity);
    const perSource = orgs.map(() => 0);
    const recordIds: string[] = [];
    for (const capture of captures) {
      const habits = orgs[capture.org];
      for (let copy = 0; copy < capture.copies; copy++) {
        const rng = new Rng(seed, `record:${noise}`, index, capture.org, copy);
        // A second interview happens later; she tells it again, and it is written again.
        const docDay =
          copy === 0 ? capture.docDay : Math.min(horizon, capture.docDay + rng.int(30, 700));
        const number = permute32(counters[capture.org]++, idKeys[capture.org]);
        const recordId = `${habits.profile.prefix}-${yearOf(docDay)}-${number.toString(16).padStart(8, '0').toUpperCase()}`;
        const record = buildRecord({ victim, habits, recordId, docDay, horizon, rng });
        perSource[capture.org]++;
        recordIds.push(`${record.source}:${recordId}`);
        summary.addRecord(record);
        buffers[capture.org].push({
          csv: csvLine(PERSON_LIST_COLUMNS.map((c) => record.row[c])),
          kase: JSON.stringify(record.kase),
          truth: csvLine([record.source, record.recordId, record.entityId]),
        });
      }
    }
    summary.addVictim(victim, perSource);
    if (hidden) hidden.write(JSON.stringify(hiddenLine(victim, recordIds)));
    if (options.onProgress && (index + 1) % progressEvery === 0)
      options.onProgress(index + 1, people);
  }
  for (const buffer of buffers) buffer.drain();
  const result = summary.toJSON();
  const summaryWriter = open('population.json');
  summaryWriter.write(JSON.stringify(result, null, 2));
  for (const { final, writer } of files) {
    writer.close();
    renameSync(writer.path, final);
  }
  options.onProgress?.(people, people);
  return { summary: result, files: files.map((f) => f.final) };
}

/** One line of population.jsonl: the hidden truth about one person. */
function hiddenLine(victim: Victim, records: string[]) {
  return {
    entityId: victim.entityId,
    name: {
      hangulSouth: victim.name.surname.south + givenSouth(victim.name.given),
      hangulNorth: victim.name.surname.north + givenNorth(victim.name.given),
      hanja: victim.name.surname.hanja + victim.name.given.map((g) => g.hanja).join(''),
    },
    ...(victim.chineseAlias ? { chineseAlias: victim.chineseAlias } : {}),
    birthDate: isoOf(victim.birthDay),
    homeProvince: victim.homeProvince,
    ...(victim.homeCounty ? { homeCounty: victim.homeCounty } : {}),
    crossing: victim.crossing.id,
    crossingDate: isoOf(victim.crossingDay),
    trafficked: victim.trafficked,
    ...(victim.exploitation ? { exploitation: victim.exploitation } : {}),
    sales: victim.sales.map((s) => ({
      kind: s.kind,
      price: s.price,
      date: isoOf(s.day),
      placeId: s.placeId,
    })),
    children: victim.children,
    outcome: victim.outcome,
    situation: victim.situation,
    ...(victim.arrivalDay !== undefined ? { arrivalDate: isoOf(victim.arrivalDay) } : {}),
    ...(victim.repatriationDay !== undefined
      ? { repatriationDate: isoOf(victim.repatriationDay) }
      : {}),
    ...(victim.fate ? { fate: victim.fate } : {}),
    lastPlaceInChina: victim.lastPlaceInChina,
    visibility: Number(victim.visibility.toFixed(4)),
    events: victim.events.map((e) => ({
      type: e.type,
      date: isoOf(e.start),
      ...(e.placeId ? { placeId: e.placeId } : {}),
    })),
    records,
  };
}

import { getPlace, lookupPlace, type Place } from '../model/gazetteer';
import {
  capitalise,
  fullName,
  givenSouth,
  isCharacterScript,
  NAME_SCRIPTS,
  renderGiven,
  renderSurname,
  romaniseRR,
  type KoreanName,
  type NameScript,
} from '../model/names';
import type {
  Act,
  Case,
  ConsentPurpose,
  DatePrecision,
  Event,
  EventLink,
  FuzzyDate,
  Involvement,
  Perpetrator,
  PersonListRow,
} from '../model/types';
import { isoOf, yearOf, type Day } from './dates';
import { jitterYear, typo } from './noise';
import {
  HEAVY_FACTOR,
  WITHIN_LIST_DUPLICATES,
  type NoiseLevel,
  type OrganisationProfile,
  type PlaceForm,
  type Weighted,
} from './organisations';
import type { TrueEvent, Victim } from './population';
import { Categorical, type Rng } from './rng';

/**
 * One organisation's record of one woman: what it learnt by the day it documented her, written
 * its own way (scripts, spellings, errors, gaps), as a person-list row and as a full case that
 * say the same thing.
 */

export type Repatriated = 'yes' | 'no' | 'unknown';

export interface SynthRecord {
  source: string;
  recordId: string;
  entityId: string;
  row: PersonListRow;
  kase: Case;
  /** What `jayu stats` will count for this record (see README: population.json). */
  counted: { homeProvince?: string; eventYear?: number; repatriated: Repatriated };
}

/** An organisation's habits with the noise level applied, built once per run. */
export class Habits {
  readonly nameScript: Categorical<NameScript>;
  readonly placeForm: Categorical<PlaceForm>;
  readonly givenJoin: Categorical<'' | '-' | ' '>;
  readonly typo: number;
  readonly swapGiven: number;
  readonly yearOffOne: number;
  readonly yearOffTwo: number;
  readonly fieldOrder: number;
  readonly missing: OrganisationProfile['missing'];
  readonly eventDrop: number;
  readonly priceDrop: number;
  readonly duplicate: number;

  constructor(
    readonly profile: OrganisationProfile,
    readonly noise: NoiseLevel,
  ) {
    const heavy = noise === 'heavy';
    const scale = (p: number) => (heavy ? Math.min(0.8, p * HEAVY_FACTOR) : p);
    // Heavy noise: every organisation also writes some names in every other script.
    const scripts: Weighted<NameScript> = heavy
      ? flatten(profile.nameScripts, NAME_SCRIPTS)
      : profile.nameScripts;
    const forms: Weighted<PlaceForm> = heavy
      ? flatten(profile.placeForms, ['ko', 'koNorth', 'zh', 'en', 'alias'])
      : profile.placeForms;
    this.nameScript = new Categorical(scripts);
    this.placeForm = new Categorical(forms);
    this.givenJoin = new Categorical(
      heavy ? flatten(profile.givenJoin, ['', '-', ' ']) : profile.givenJoin,
    );
    this.typo = scale(profile.typo);
    this.swapGiven = scale(profile.swapGiven);
    this.yearOffOne = scale(profile.yearOffOne);
    this.yearOffTwo = scale(profile.yearOffTwo);
    this.fieldOrder = scale(0.02);
    this.missing = Object.fromEntries(
      Object.entries(profile.missing).map(([k, v]) => [k, scale(v)]),
    ) as OrganisationProfile['missing'];
    this.eventDrop = scale(profile.eventDrop);
    this.priceDrop = scale(0.15);
    this.duplicate = WITHIN_LIST_DUPLICATES[noise];
  }
}

/** Square-root flattening plus a floor for every option: more variety, same favourites. */
function flatten<T>(weights: Weighted<T>, all: readonly T[]): Array<[T, number]> {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  const out = new Map<T, number>(all.map((v) => [v, 0.04]));
  for (const [v, w] of weights) out.set(v, (out.get(v) ?? 0) + Math.sqrt(w / total));
  return [...out.entries()];
}

// ---------------------------------------------------------------------------------------------
// Places

const placeFormsCache = new Map<string, Record<PlaceForm, string[]>>();

/**
 * The names of a place in each form, keeping only those that the gazetteer's lookup resolves
 * back to the same place: an organisation may write any of them, and import must find the place.
 */
function placeForms(id: string): Record<PlaceForm, string[]> {
  let forms = placeFormsCache.get(id);
  if (forms) return forms;
  const place = getPlace(id) as Place;
  if (!place) throw new Error(`synth: place ${id} is not in the gazetteer`);
  const resolves = (name: string) => lookupPlace(name)?.id === id;
  const keep = (names: Array<string | undefined>) =>
    names.filter((n): n is string => !!n && resolves(n));
  forms = {
    ko: keep([place.names.ko]),
    koNorth: keep([place.names.koNorth ?? place.names.ko]),
    zh: keep([place.names.zh]),
    en: keep([place.names.en]),
    alias: keep([...place.aliases]),
  };
  placeFormsCache.set(id, forms);
  return forms;
}

const FALLBACK_FORMS: readonly PlaceForm[] = ['en', 'alias', 'zh', 'ko'];

function writePlace(id: string, habits: Habits, rng: Rng): string {
  const forms = placeForms(id);
  const wanted = forms[habits.placeForm.sample(rng)];
  if (wanted.length > 0) return rng.pick(wanted);
  for (const form of FALLBACK_FORMS) if (forms[form].length > 0) return rng.pick(forms[form]);
  return getPlace(id)?.names.en ?? id;
}

// ---------------------------------------------------------------------------------------------
// Names

function romanised(script: NameScript): boolean {
  return !isCharacterScript(script);
}

function writeGiven(
  given: KoreanName['given'],
  script: NameScript,
  habits: Habits,
  rng: Rng,
): string {
  const join = habits.givenJoin.sample(rng);
  switch (script) {
    case 'passport':
      return renderGiven(given, 'passport', rng.source, { join });
    case 'rr':
      return rejoin(romaniseRR(givenSouth(given), { hyphen: true }), join);
    case 'mr':
    case 'mr-ascii':
      // The hyphen is MR's convention for given names; writers keep it more often than not.
      return rejoin(renderGiven(given, script), rng.bool(0.6) ? '-' : join);
    default:
      return renderGiven(given, script, rng.source);
  }
}

/** A hyphenated given name (Yeong-hui) joined another way: Yeonghui, Yeong Hui. */
function rejoin(hyphenated: string, join: '' | '-' | ' '): string {
  if (join === '-') return hyphenated;
  const parts = hyphenated.split('-');
  return join === ' ' ? parts.map(capitalise).join(' ') : parts.join('');
}

interface WrittenName {
  family: string;
  given: string;
  other: string[];
}

function writeName(victim: Victim, habits: Habits, rng: Rng, otherNamesShare: number): WrittenName {
  let name = victim.name;
  if (rng.bool(habits.swapGiven))
    name = { surname: name.surname, given: [...name.given].reverse() };
  const script = habits.nameScript.sample(rng);
  let family = renderSurname(name.surname, script, rng.source);
  let given = writeGiven(name.given, script, habits, rng);
  if (romanised(script) && rng.bool(habits.profile.upperCase)) {
    family = family.toUpperCase();
    given = given.toUpperCase();
  }
  if (rng.bool(habits.typo)) family = typo(family, rng);
  if (rng.bool(habits.typo)) given = typo(given, rng);
  if (rng.bool(habits.fieldOrder)) {
    // Western order taken for Korean order, or the whole name in one field.
    if (romanised(script)) [family, given] = [given, family];
    else [family, given] = ['', family + given];
  }
  const other: string[] = [];
  if (rng.bool(otherNamesShare)) {
    const otherScript = rng.pick(NAME_SCRIPTS.filter((s) => s !== script));
    const rendered = {
      family: renderSurname(victim.name.surname, otherScript, rng.source),
      given: renderGiven(victim.name.given, otherScript, rng.source),
    };
    other.push(fullName(rendered, otherScript));
  }
  if (victim.chineseAlias && rng.bool(otherNamesShare * 1.5)) other.push(victim.chineseAlias);
  return { family, given, other };
}

// ---------------------------------------------------------------------------------------------
// Dates

function fuzzy(day: Day, precision: DatePrecision): FuzzyDate {
  const iso = isoOf(day);
  switch (precision) {
    case 'exact':
      return { value: iso, precision };
    case 'month':
      return { value: iso.slice(0, 7), precision };
    case 'year':
    case 'estimate':
      return { value: iso.slice(0, 4), precision };
    case 'unknown':
      return { precision };
  }
}

const DIRECT_PRECISION = new Categorical<DatePrecision>([
  ['exact', 30],
  ['month', 40],
  ['year', 30],
]);
const HEARSAY_PRECISION = new Categorical<DatePrecision>([
  ['month', 10],
  ['year', 60],
  ['estimate', 30],
]);

/** A birth date with the year as written (which may be off), kept a valid calendar date. */
function birthDateWithYear(birthDay: Day, year: number): string {
  const iso = isoOf(birthDay);
  let monthDay = iso.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (monthDay === '02-29' && !leap) monthDay = '02-28';
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

// ---------------------------------------------------------------------------------------------
// Small texts, in the organisation's language (synthetic, identifying nothing real)

const ADDRESSES = {
  ko: [
    '서울특별시 양천구',
    '서울특별시 노원구',
    '경기도 화성시',
    '인천광역시 남동구',
    '경기도 안산시',
    '충청남도 천안시',
  ],
  en: [
    'Yangcheon-gu, Seoul',
    'Nowon-gu, Seoul',
    'Hwaseong, Gyeonggi',
    'Namdong-gu, Incheon',
    'Ansan, Gyeonggi',
    'Cheonan, South Chungcheong',
  ],
  zh: ['首尔阳川区', '首尔芦原区', '京畿道华城市', '仁川南洞区', '京畿道安山市', '忠清南道天安市'],
} as const;

const NOTES = {
  ko: ['재면담 필요', '가족 연락 요청', '증빙 자료 있음', '진술 일부 불확실'],
  en: [
    'follow-up interview needed',
    'asks for family contact',
    'documents available',
    'parts of account uncertain',
  ],
  zh: ['需要再次访谈', '请求联系家人', '有证明材料', '部分陈述不确定'],
} as const;

const INFORMANTS = {
  ko: ['어머니', '언니', '남동생', '이웃', '같이 구금된 사람'],
  en: ['mother', 'sister', 'brother', 'neighbour', 'fellow detainee'],
  zh: ['母亲', '姐姐', '弟弟', '邻居', '同监人员'],
} as const;

const RELIABILITY: Record<Case['information'][number]['knowledge'], string> = {
  direct: 'B',
  document: 'B',
  witness: 'C',
  hearsay: 'D',
};

// ---------------------------------------------------------------------------------------------
// The record

const IN_CHINA_EVENTS = new Set([
  'Sale',
  'Exploitation',
  'Transit',
  'ArrestPRC',
  'Escape',
  'DetentionPRC',
]);

export interface RecordInput {
  victim: Victim;
  habits: Habits;
  recordId: string;
  /** The day the organisation documented her: it knows nothing that happened later. */
  docDay: Day;
  horizon: Day;
  rng: Rng;
}

export function buildRecord({
  victim,
  habits,
  recordId,
  docDay,
  horizon,
  rng,
}: RecordInput): SynthRecord {
  const profile = habits.profile;
  const source = profile.id;
  const caseId = `C-${recordId}`;
  const personId = `P-${recordId}`;
  const missing = habits.missing;
  // Told by someone else (family, a fellow detainee, a coalition member): fewer details, vaguer dates.
  const secondHand = profile.knowledge === 'hearsay' || profile.knowledge === 'witness';

  // Names.
  const name = writeName(victim, habits, rng, profile.otherNames);

  // Birth.
  const trueBirthYear = yearOf(victim.birthDay);
  const birthYear = rng.bool(missing.birthYear)
    ? undefined
    : jitterYear(trueBirthYear, rng, habits.yearOffOne, habits.yearOffTwo);
  const birthDate =
    birthYear !== undefined && rng.bool(profile.birthDate)
      ? birthDateWithYear(victim.birthDay, birthYear)
      : undefined;

  // Home.
  const provinceKnown = !rng.bool(missing.homeProvince);
  const homeProvince = provinceKnown ? victim.homeProvince : undefined;
  // Whoever knows the county knows the province.
  const homeCounty =
    provinceKnown && victim.homeCounty && !rng.bool(missing.homeCounty)
      ? victim.homeCounty
      : undefined;

  // What she had lived through by the day she was documented.
  const known: TrueEvent[] = victim.events.filter(
    (e, i) =>
      e.start <= docDay && (e.type === 'BorderCrossing' || i === 0 || !rng.bool(habits.eventDrop)),
  );
  const crossingEvent = known.find((e) => e.type === 'BorderCrossing');
  const crossingPlace = rng.bool(missing.crossing)
    ? undefined
    : profile.crossingSide === 'dprk'
      ? victim.crossing.dprk
      : victim.crossing.prc;
  const trueCrossingYear = yearOf(victim.crossingDay);
  // Nobody writes a crossing year later than the day of writing.
  const eventYear = rng.bool(missing.eventYear)
    ? undefined
    : Math.min(
        yearOf(docDay),
        jitterYear(trueCrossingYear, rng, habits.yearOffOne / 2, habits.yearOffTwo / 2),
      );
  let lastInChina: string | undefined;
  for (const e of known)
    if (e.placeId?.startsWith('cn') && IN_CHINA_EVENTS.has(e.type)) lastInChina = e.placeId;
  if (rng.bool(missing.placeInChina)) lastInChina = undefined;
  const wasReturned = known.some((e) => e.type === 'Repatriation');
  let repatriated: Repatriated = wasReturned ? 'yes' : secondHand ? 'unknown' : 'no';
  if (rng.bool(missing.repatriated)) repatriated = 'unknown';
  // A case says she was returned exactly when its events include the return.
  const events =
    wasReturned && repatriated !== 'yes' ? known.filter((e) => e.type !== 'Repatriation') : known;

  // Identity number, address, notes.
  let idNumber: string | undefined;
  if (rng.bool(profile.idNumber)) {
    idNumber =
      victim.residentNumber && profile.language === 'ko' && rng.bool(0.6)
        ? victim.residentNumber
        : victim.phone;
  }
  const address =
    victim.situation === 'south_korea' &&
    docDay >= (victim.arrivalDay ?? Infinity) &&
    rng.bool(0.15)
      ? rng.pick(ADDRESSES[profile.language])
      : undefined;
  const notes = rng.bool(0.05) ? rng.pick(NOTES[profile.language]) : undefined;

  // The case.
  const caseEvents: Event[] = [];
  const acts: Act[] = [];
  const involvements: Involvement[] = [];
  const perpetratorIds = new Map<number, string>();
  const links: EventLink[] = [];
  const precisionOf = secondHand ? HEARSAY_PRECISION : DIRECT_PRECISION;
  for (const e of events) {
    const eventId = `${caseId}-e${caseEvents.length + 1}`;
    let start: FuzzyDate;
    let placeId = e.placeId;
    if (e === crossingEvent) {
      if (eventYear === undefined) start = { precision: 'unknown' };
      else if (eventYear === trueCrossingYear) start = fuzzy(e.start, precisionOf.sample(rng));
      else start = { value: String(eventYear), precision: 'estimate' };
      placeId = crossingPlace;
    } else {
      start = fuzzy(e.start, precisionOf.sample(rng));
    }
    const event: Event = { id: eventId, type: e.type, start };
    if (e.end !== undefined && e.end <= docDay)
      event.end = fuzzy(e.end, start.precision === 'unknown' ? 'year' : start.precision);
    if (placeId) event.placeId = placeId;
    if (caseEvents.length > 0)
      links.push({ from: caseEvents[caseEvents.length - 1].id, to: eventId, kind: 'precedes' });
    caseEvents.push(event);
    for (const a of e.acts) {
      const actId = `${caseId}-a${acts.length + 1}`;
      const act: Act = { id: actId, eventId, victimId: personId, violation: a.violation };
      if (a.methods && !secondHand) act.methods = [...a.methods];
      // The outcome of an act still going on when she was documented is not known yet.
      if (a.victimStatusAtEnd && (e.end === undefined || e.end <= docDay))
        act.victimStatusAtEnd = a.victimStatusAtEnd;
      if (a.saleKind) act.saleKind = a.saleKind;
      if (a.salePrice !== undefined && !rng.bool(habits.priceDrop)) {
        // Survivors often remember the price roughly.
        act.salePrice = rng.bool(0.3)
          ? Math.max(1000, Math.round(a.salePrice / 1000) * 1000)
          : a.salePrice;
        act.saleCurrency = 'CNY';
      }
      acts.push(act);
      for (const inv of a.involvements) {
        let perpetratorId = perpetratorIds.get(inv.perpetrator);
        if (!perpetratorId) {
          perpetratorId = `${caseId}-p${perpetratorIds.size + 1}`;
          perpetratorIds.set(inv.perpetrator, perpetratorId);
        }
        involvements.push({
          perpetratorId,
          actId,
          role: inv.role,
          degree: secondHand ? 'suspected' : inv.degree,
        });
      }
    }
  }
  const perpetrators: Perpetrator[] = [...perpetratorIds.entries()].map(([index, id]) => {
    const truth = victim.perpetrators[index];
    const p: Perpetrator = { id, kind: truth.kind, type: truth.type };
    if (truth.alias && rng.bool(0.5)) p.name = truth.alias;
    return p;
  });

  const purposes: ConsentPurpose[] = ['case_management', 'aggregate_statistics'];
  if (rng.bool(0.7)) purposes.push('un_reporting');
  if (rng.bool(0.4)) purposes.push('legal_proceedings');
  const detainedNow =
    victim.fate === 'detained' && victim.situation === 'china' && docDay <= horizon;
  const kase: Case = {
    id: caseId,
    organisation: source,
    source,
    status: detainedNow ? 'urgent' : victim.situation === 'china' ? 'open' : 'closed',
    person: {
      id: personId,
      recordId,
      sex: 'female',
      ...(birthYear !== undefined
        ? {
            birthYear,
            birthYearPrecision: (birthDate
              ? 'exact'
              : secondHand
                ? 'estimate'
                : 'year') as DatePrecision,
          }
        : {}),
      ...(birthDate ? { birthDate } : {}),
      citizenship: 'KP',
      ...(homeProvince ? { homeProvince } : {}),
      ...(homeCounty ? { homeCounty } : {}),
      countingUnit: 'individual',
      names: {
        ...(name.family ? { familyName: name.family } : {}),
        ...(name.given ? { givenName: name.given } : {}),
        ...(name.other.length > 0 ? { otherNames: name.other } : {}),
      },
      ...(idNumber ? { idNumber } : {}),
      ...(address ? { address } : {}),
      ...(notes ? { notes } : {}),
    },
    events: caseEvents,
    acts,
    perpetrators,
    involvements,
    links,
    information: [
      {
        id: `${caseId}-i1`,
        sourceId: source,
        knowledge: profile.knowledge,
        reliability: RELIABILITY[profile.knowledge],
        language: profile.language,
        interviewDate: { value: isoOf(docDay), precision: 'exact' },
        ...(secondHand ? { informant: rng.pick(INFORMANTS[profile.language]) } : {}),
      },
    ],
    consent: { purposes, givenOn: isoOf(docDay) },
    interventions: detainedNow
      ? [{ id: `${caseId}-n1`, kind: 'un_urgent_appeal', status: 'sent' }]
      : [],
    evidence: [],
    assessments: [],
  };

  const row: PersonListRow = {
    record_id: recordId,
    source,
    family_name: name.family,
    given_name: name.given,
    other_names: name.other.join('; '),
    sex: 'female',
    birth_year: birthYear === undefined ? '' : String(birthYear),
    birth_date: birthDate ?? '',
    id_number: idNumber ?? '',
    address: address ?? '',
    home_province: homeProvince ? writePlace(homeProvince, habits, rng) : '',
    home_county: homeCounty ? writePlace(homeCounty, habits, rng) : '',
    crossing_place: crossingPlace ? writePlace(crossingPlace, habits, rng) : '',
    place_in_china: lastInChina ? writePlace(lastInChina, habits, rng) : '',
    event_year: eventYear === undefined ? '' : String(eventYear),
    repatriated: repatriated === 'unknown' ? '' : repatriated,
    notes: notes ?? '',
  };

  return {
    source,
    recordId,
    entityId: victim.entityId,
    row,
    kase,
    counted: { homeProvince, eventYear, repatriated },
  };
}

/**
 * The flat person list NGOs exchange (PERSON_LIST_COLUMNS): header mapping and validation of
 * each row into a typed record. Shared by the CSV and XLSX readers.
 */
import {
  IDENTIFYING_PERSON_LIST_COLUMNS,
  PERSON_LIST_COLUMNS,
  type DatePrecision,
  type PersonListColumn,
  type Sex,
} from '../model/types';
import { ageBand, type AgeBandCode, vocabularies } from '../model/vocabularies';
import type { InputIssue } from './issues';
import { provinceIdOf, type PlaceLookup } from './places';

/** A place as written, and its gazetteer id when the gazetteer knows the name. */
export interface PlaceValue {
  /** As written; absent when the place was derived (a home province from a known county). */
  text?: string;
  id?: string;
}

/** One valid person-list row, typed. Identifying fields are still plaintext here. */
export interface PersonListRecord {
  line: number;
  recordId: string;
  source: string;
  sex: Sex;
  birthYear?: number;
  birthYearPrecision?: DatePrecision;
  ageBand?: AgeBandCode;
  familyName?: string;
  givenName?: string;
  otherNames: string[];
  birthDate?: string;
  idNumber?: string;
  address?: string;
  /** Only from full cases (the person list has no such columns). */
  contacts?: string[];
  citizenship?: string;
  countingUnit?: 'individual' | 'group';
  groupSize?: number;
  notes?: string;
  homeProvince?: PlaceValue;
  homeCounty?: PlaceValue;
  crossingPlace?: PlaceValue;
  placeInChina?: PlaceValue;
  eventYear?: number;
  repatriated?: boolean;
  /** Columns beyond PERSON_LIST_COLUMNS, kept (sealed) as notes: header -> value. */
  extra: Record<string, string>;
}

export const PLACE_COLUMNS = [
  'home_province',
  'home_county',
  'crossing_place',
  'place_in_china',
] as const;

const IDENTIFYING = new Set<string>(IDENTIFYING_PERSON_LIST_COLUMNS);

/** Separator of several names in `other_names`. */
export const OTHER_NAMES_SEPARATOR = ';';

export const MIN_YEAR = 1900;

/** Where each column sits in the file's rows. */
export interface PersonListLayout {
  index: Record<PersonListColumn, number>;
  /** Extra columns: header as written -> position. */
  extra: [string, number][];
  width: number;
}

export interface LayoutOptions {
  /** Source for rows whose `source` is blank or whose file has no `source` column. */
  source?: string;
}

/**
 * Maps a header row onto the person-list columns. Throws (as issues) on missing or repeated
 * columns; extra columns are allowed and returned.
 */
export function personListLayout(
  header: string[],
  options: LayoutOptions = {},
): { layout?: PersonListLayout; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const index: Partial<Record<PersonListColumn, number>> = {};
  const extra: [string, number][] = [];
  const known = new Set<string>(PERSON_LIST_COLUMNS);
  const seen = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') {
      issues.push({ line: 1, reason: `column ${i + 1} of the header has no name` });
      return;
    }
    if (seen.has(name)) {
      issues.push({ line: 1, field: name, reason: `the column appears twice in the header` });
      return;
    }
    seen.set(name, i);
    if (known.has(name)) index[name as PersonListColumn] = i;
    else extra.push([raw.trim(), i]);
  });
  const missing = PERSON_LIST_COLUMNS.filter(
    (c) => index[c] === undefined && !(c === 'source' && options.source),
  );
  if (missing.length > 0) {
    const sourceHint = missing.includes('source') ? ' (or give the source with --source)' : '';
    issues.push({
      line: 1,
      reason: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${sourceHint}`,
    });
  }
  if (issues.length > 0) return { issues };
  if (index.source === undefined) index.source = -1;
  return {
    layout: { index: index as Record<PersonListColumn, number>, extra, width: header.length },
    issues,
  };
}

const SEX_WORDS = new Map<string, Sex>();
for (const entry of vocabularies.sexes) {
  SEX_WORDS.set(entry.code, entry.code);
  for (const label of Object.values(entry.labels)) SEX_WORDS.set(label.toLowerCase(), entry.code);
}
for (const [word, sex] of [
  ['f', 'female'],
  ['w', 'female'],
  ['woman', 'female'],
  ['girl', 'female'],
  ['여', 'female'],
  ['여자', 'female'],
  ['m', 'male'],
  ['man', 'male'],
  ['boy', 'male'],
  ['남', 'male'],
  ['남자', 'male'],
  ['x', 'other'],
  ['u', 'unknown'],
  ['', 'unknown'],
] as const) {
  SEX_WORDS.set(word, sex);
}

const YES = new Set(['yes', 'y', 'true', 't', '1']);
const NO = new Set(['no', 'n', 'false', 'f', '0']);

const SOURCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Validates and types one row. Returns the record, or the row's issues (never both). */
export class PersonListValidator {
  private readonly currentYear = new Date().getUTCFullYear();
  private readonly today = new Date().toISOString().slice(0, 10);

  constructor(
    private readonly layout: PersonListLayout,
    private readonly lookupPlace: PlaceLookup,
    private readonly options: LayoutOptions = {},
  ) {}

  validate(line: number, fields: string[]): { record?: PersonListRecord; issues: InputIssue[] } {
    const issues: InputIssue[] = [];
    const get = (column: PersonListColumn): string => {
      const i = this.layout.index[column];
      return i < 0 ? '' : (fields[i] ?? '').trim();
    };
    const issue = (field: string, reason: string, value?: string) => {
      issues.push(
        IDENTIFYING.has(field) || value === undefined
          ? { line, field, reason }
          : { line, field, reason, value },
      );
    };

    if (fields.length !== this.layout.width) {
      issues.push({
        line,
        reason: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${this.layout.width}`,
      });
      return { issues };
    }

    const recordId = get('record_id');
    if (!recordId) issue('record_id', 'is empty');
    else if (recordId.length > 200) issue('record_id', 'is longer than 200 characters');

    const source = get('source') || this.options.source || '';
    if (!source) issue('source', 'is empty (give it in the file or with --source)');
    else if (!SOURCE_PATTERN.test(source)) {
      issue(
        'source',
        'must be letters, digits, _ . - (up to 64, starting with a letter or digit)',
        source,
      );
    }

    const sexText = get('sex');
    const sex = SEX_WORDS.get(sexText.toLowerCase());
    if (!sex) issue('sex', 'is not one of female, male, other, unknown', sexText);

    const year = (column: PersonListColumn, min: number): number | undefined => {
      const text = get(column);
      if (!text) return undefined;
      if (!/^\d{4}$/.test(text)) {
        issue(column, 'is not a four-digit year', text);
        return undefined;
      }
      const y = Number(text);
      if (y < min || y > this.currentYear) {
        issue(column, `is outside ${min}-${this.currentYear}`, text);
        return undefined;
      }
      return y;
    };
    let birthYear = year('birth_year', MIN_YEAR);
    const eventYear = year('event_year', MIN_YEAR);

    let birthDate: string | undefined;
    let birthYearPrecision: DatePrecision | undefined =
      birthYear !== undefined ? 'year' : undefined;
    const birthDateText = get('birth_date');
    if (birthDateText) {
      const m = ISO_DATE.exec(birthDateText);
      if (!m) {
        issue('birth_date', 'is not an ISO date (YYYY-MM-DD or YYYY-MM)');
      } else {
        const [y, mo, d] = [
          Number(m[1]),
          Number(m[2]),
          m[3] === undefined ? undefined : Number(m[3]),
        ];
        if (mo < 1 || mo > 12 || (d !== undefined && (d < 1 || d > daysInMonth(y, mo)))) {
          issue('birth_date', 'is not a date that exists');
        } else if (y < MIN_YEAR || birthDateText > this.today) {
          issue('birth_date', `is outside ${MIN_YEAR} to today`);
        } else if (birthYear !== undefined && birthYear !== y) {
          issue('birth_date', 'does not agree with birth_year');
        } else {
          birthDate = birthDateText;
          birthYear = y;
          birthYearPrecision = d === undefined ? 'month' : 'exact';
        }
      }
    }
    if (birthYear !== undefined && eventYear !== undefined && eventYear < birthYear) {
      issue('event_year', 'is before the birth year', String(eventYear));
    }

    const repatriatedText = get('repatriated').toLowerCase();
    let repatriated: boolean | undefined;
    if (repatriatedText) {
      if (YES.has(repatriatedText)) repatriated = true;
      else if (NO.has(repatriatedText)) repatriated = false;
      else issue('repatriated', 'is not yes/no/true/false/1/0', get('repatriated'));
    }

    if (issues.length > 0) return { issues };

    const place = (column: (typeof PLACE_COLUMNS)[number]): PlaceValue | undefined => {
      const text = get(column);
      if (!text) return undefined;
      const id = this.lookupPlace(text);
      return id === undefined ? { text } : { text, id };
    };
    const optional = (column: PersonListColumn) => get(column) || undefined;
    const extra: Record<string, string> = {};
    for (const [name, i] of this.layout.extra) {
      const value = (fields[i] ?? '').trim();
      if (value) extra[name] = value;
    }
    const otherNames = get('other_names')
      .split(OTHER_NAMES_SEPARATOR)
      .map((s) => s.trim())
      .filter(Boolean);
    const age =
      birthYear !== undefined && eventYear !== undefined ? eventYear - birthYear : undefined;

    // The home province is a province: a county or city written there means its province, and a
    // known county with no province written gives the province too.
    let homeProvince = place('home_province');
    const homeCounty = place('home_county');
    if (homeProvince?.id) homeProvince = { ...homeProvince, id: provinceIdOf(homeProvince.id) };
    else if (!homeProvince && homeCounty?.id) {
      const id = provinceIdOf(homeCounty.id);
      if (id) homeProvince = { id };
    }

    return {
      issues,
      record: {
        line,
        recordId,
        source,
        sex: sex!,
        birthYear,
        birthYearPrecision,
        ageBand: age !== undefined ? ageBand(age) : undefined,
        familyName: optional('family_name'),
        givenName: optional('given_name'),
        otherNames,
        birthDate,
        idNumber: optional('id_number'),
        address: optional('address'),
        notes: optional('notes'),
        homeProvince,
        homeCounty,
        crossingPlace: place('crossing_place'),
        placeInChina: place('place_in_china'),
        eventYear,
        repatriated,
        extra,
      },
    };
  }
}

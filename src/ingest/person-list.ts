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

/** One row being validated: its fields and the issues found so far. */
class RowCheck {
  readonly issues: InputIssue[] = [];

  constructor(
    readonly line: number,
    private readonly fields: string[],
    private readonly index: Record<PersonListColumn, number>,
  ) {}

  get(column: PersonListColumn): string {
    const i = this.index[column];
    return i < 0 ? '' : (this.fields[i] ?? '').trim();
  }

  issue(field: string, reason: string, value?: string): void {
    this.issues.push(
      IDENTIFYING.has(field) || value === undefined
        ? { line: this.line, field, reason }
        : { line: this.line, field, reason, value },
    );
  }

  year(column: PersonListColumn, min: number, max: number): number | undefined {
    const text = this.get(column);
    if (!text) return undefined;
    if (!/^\d{4}$/.test(text)) {
      this.issue(column, 'is not a four-digit year', text);
      return undefined;
    }
    const y = Number(text);
    if (y < min || y > max) {
      this.issue(column, `is outside ${min}-${max}`, text);
      return undefined;
    }
    return y;
  }
}

/**
 * Validates and types one row. Returns the record, or the row's issues (never both). Written
 * without closures per row: this runs a million times in a large import.
 */
export class PersonListValidator {
  private readonly currentYear = new Date().getUTCFullYear();
  private readonly today = new Date().toISOString().slice(0, 10);

  constructor(
    private readonly layout: PersonListLayout,
    private readonly lookupPlace: PlaceLookup,
    private readonly options: LayoutOptions = {},
  ) {}

  private place(row: RowCheck, column: (typeof PLACE_COLUMNS)[number]): PlaceValue | undefined {
    const text = row.get(column);
    if (!text) return undefined;
    const id = this.lookupPlace(text);
    return id === undefined ? { text } : { text, id };
  }

  validate(line: number, fields: string[]): { record?: PersonListRecord; issues: InputIssue[] } {
    const row = new RowCheck(line, fields, this.layout.index);
    const issues = row.issues;

    if (fields.length !== this.layout.width) {
      issues.push({
        line,
        reason: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${this.layout.width}`,
      });
      return { issues };
    }

    const recordId = row.get('record_id');
    if (!recordId) row.issue('record_id', 'is empty');
    else if (recordId.length > 200) row.issue('record_id', 'is longer than 200 characters');

    const source = row.get('source') || this.options.source || '';
    if (!source) row.issue('source', 'is empty (give it in the file or with --source)');
    else if (!SOURCE_PATTERN.test(source)) {
      row.issue(
        'source',
        'must be letters, digits, _ . - (up to 64, starting with a letter or digit)',
        source,
      );
    }

    const sexText = row.get('sex');
    const sex = SEX_WORDS.get(sexText.toLowerCase());
    if (!sex) row.issue('sex', 'is not one of female, male, other, unknown', sexText);

    let birthYear = row.year('birth_year', MIN_YEAR, this.currentYear);
    const eventYear = row.year('event_year', MIN_YEAR, this.currentYear);

    let birthDate: string | undefined;
    let birthYearPrecision: DatePrecision | undefined =
      birthYear !== undefined ? 'year' : undefined;
    const birthDateText = row.get('birth_date');
    if (birthDateText) {
      const m = ISO_DATE.exec(birthDateText);
      if (!m) {
        row.issue('birth_date', 'is not an ISO date (YYYY-MM-DD or YYYY-MM)');
      } else {
        const y = Number(m[1]);
        const mo = Number(m[2]);
        const d = m[3] === undefined ? undefined : Number(m[3]);
        if (mo < 1 || mo > 12 || (d !== undefined && (d < 1 || d > daysInMonth(y, mo)))) {
          row.issue('birth_date', 'is not a date that exists');
        } else if (y < MIN_YEAR || birthDateText > this.today) {
          row.issue('birth_date', `is outside ${MIN_YEAR} to today`);
        } else if (birthYear !== undefined && birthYear !== y) {
          row.issue('birth_date', 'does not agree with birth_year');
        } else {
          birthDate = birthDateText;
          birthYear = y;
          birthYearPrecision = d === undefined ? 'month' : 'exact';
        }
      }
    }
    if (birthYear !== undefined && eventYear !== undefined && eventYear < birthYear) {
      row.issue('event_year', 'is before the birth year', String(eventYear));
    }

    const repatriatedText = row.get('repatriated').toLowerCase();
    let repatriated: boolean | undefined;
    if (repatriatedText) {
      if (YES.has(repatriatedText)) repatriated = true;
      else if (NO.has(repatriatedText)) repatriated = false;
      else row.issue('repatriated', 'is not yes/no/true/false/1/0', row.get('repatriated'));
    }

    if (issues.length > 0) return { issues };

    const extra: Record<string, string> = {};
    for (const [name, i] of this.layout.extra) {
      const value = (fields[i] ?? '').trim();
      if (value) extra[name] = value;
    }
    const otherNamesText = row.get('other_names');
    const otherNames: string[] = [];
    if (otherNamesText) {
      for (const part of otherNamesText.split(OTHER_NAMES_SEPARATOR)) {
        const name = part.trim();
        if (name) otherNames.push(name);
      }
    }
    const age =
      birthYear !== undefined && eventYear !== undefined ? eventYear - birthYear : undefined;

    // The home province is a province: a county or city written there means its province, and a
    // known county with no province written gives the province too.
    let homeProvince = this.place(row, 'home_province');
    const homeCounty = this.place(row, 'home_county');
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
        familyName: row.get('family_name') || undefined,
        givenName: row.get('given_name') || undefined,
        otherNames,
        birthDate,
        idNumber: row.get('id_number') || undefined,
        address: row.get('address') || undefined,
        notes: row.get('notes') || undefined,
        homeProvince,
        homeCounty,
        crossingPlace: this.place(row, 'crossing_place'),
        placeInChina: this.place(row, 'place_in_china'),
        eventYear,
        repatriated,
        extra,
      },
    };
  }
}

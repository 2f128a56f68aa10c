/**
 * A validated person-list record as a row of the persons table: plaintext for what does not
 * identify, the rest sealed into the vault, plus blind-index keys.
 */
import type { RecordSealer } from '../protect/contracts';
import type { BinaryCopyType, BinaryCopyWriter } from '../store/copy-binary';
import {
  normaliseIdNumberForKey,
  normaliseNameForKey,
  PERSON_KEY_KINDS,
  VAULT_FIELD,
  vaultRecordKey,
  type PersonVault,
} from '../store/vault';
import type { PersonListRecord } from './person-list';

/** Person columns only a full case carries: a person-list import leaves them as they are. */
export const CASE_ONLY_PERSON_COLUMNS: ReadonlySet<string> = new Set(['citizenship', 'group_size']);

/** Columns of persons written by an import, in the order personRow() returns them. */
export const PERSON_IMPORT_COLUMNS = [
  'source_id',
  'record_id',
  'sex',
  'birth_year',
  'birth_year_precision',
  'age_band',
  'citizenship',
  'counting_unit',
  'group_size',
  'home_province_id',
  'home_province_text',
  'home_county_id',
  'home_county_text',
  'crossing_place_id',
  'crossing_place_text',
  'china_place_id',
  'china_place_text',
  'event_year',
  'repatriated',
  'vault',
  'name_key',
  'birth_date_key',
  'id_number_key',
] as const;

/** What identifies a person, when anything does (the fields that are known, nothing empty). */
export function personVault(record: PersonListRecord): PersonVault | undefined {
  // Built field by field (rather than with compactVault) since this runs for every imported
  // row; same fields, same order, same result.
  const vault: PersonVault = {};
  if (record.familyName) vault.familyName = record.familyName;
  if (record.givenName) vault.givenName = record.givenName;
  if (record.otherNames?.length) vault.otherNames = record.otherNames;
  if (record.birthDate) vault.birthDate = record.birthDate;
  if (record.idNumber) vault.idNumber = record.idNumber;
  if (record.address) vault.address = record.address;
  if (record.contacts?.length) vault.contacts = record.contacts;
  if (record.notes) vault.notes = record.notes;
  if (record.extra && Object.keys(record.extra).length > 0) vault.extra = record.extra;
  // Any field set means something identifies her (no array made for the check, on a hot path).
  for (const _field in vault) return vault;
  return undefined;
}

/** Binary COPY types of PERSON_IMPORT_COLUMNS, in order (see writePersonRow). */
export const PERSON_IMPORT_TYPES: readonly BinaryCopyType[] = [
  'text', // source_id
  'text', // record_id
  'text', // sex
  'int2', // birth_year
  'text', // birth_year_precision
  'text', // age_band
  'text', // citizenship
  'text', // counting_unit
  'int4', // group_size
  'text', // home_province_id
  'text', // home_province_text
  'text', // home_county_id
  'text', // home_county_text
  'text', // crossing_place_id
  'text', // crossing_place_text
  'text', // china_place_id
  'text', // china_place_text
  'int2', // event_year
  'bool', // repatriated
  'bytea', // vault
  'text', // name_key
  'text', // birth_date_key
  'text', // id_number_key
];

/** The sealed vault and blind-index keys of a record: everything identifying, protected. */
export interface SealedPerson {
  /** Null when the record holds nothing identifying. */
  vault: Uint8Array | null;
  nameKey: string | null;
  birthDateKey: string | null;
  idNumberKey: string | null;
}

export function sealPerson(record: PersonListRecord, sealer: RecordSealer): SealedPerson {
  const vault = personVault(record);
  const sealed = vault
    ? sealer.seal(
        'persons',
        vaultRecordKey.person(record.source, record.recordId),
        VAULT_FIELD,
        JSON.stringify(vault),
      )
    : null;
  let nameNorm = '';
  if (record.familyName) nameNorm = normaliseNameForKey(record.familyName);
  if (record.givenName) {
    const given = normaliseNameForKey(record.givenName);
    nameNorm = record.familyName ? `${nameNorm}|${given}` : given;
  }
  const idNorm = record.idNumber ? normaliseIdNumberForKey(record.idNumber) : '';
  return {
    vault: sealed,
    nameKey: nameNorm ? sealer.blindIndex(PERSON_KEY_KINDS.name, nameNorm) : null,
    birthDateKey:
      record.birthDate && record.birthDate.length === 10
        ? sealer.blindIndex(PERSON_KEY_KINDS.birthDate, record.birthDate)
        : null,
    idNumberKey: idNorm ? sealer.blindIndex(PERSON_KEY_KINDS.idNumber, idNorm) : null,
  };
}

/**
 * One row of [id, ...PERSON_IMPORT_COLUMNS] in binary COPY format: the same values personRow
 * returns, written straight into the COPY buffer.
 */
export function writePersonRow(
  w: BinaryCopyWriter,
  id: string,
  record: PersonListRecord,
  sealed: SealedPerson,
): void {
  w.row(1 + PERSON_IMPORT_TYPES.length);
  w.text(id);
  w.text(record.source);
  w.text(record.recordId);
  w.text(record.sex);
  w.int2(record.birthYear);
  w.text(record.birthYearPrecision);
  w.text(record.ageBand);
  w.text(record.citizenship);
  w.text(record.countingUnit ?? 'individual');
  w.int4(record.groupSize);
  w.text(record.homeProvince?.id);
  w.text(record.homeProvince?.text);
  w.text(record.homeCounty?.id);
  w.text(record.homeCounty?.text);
  w.text(record.crossingPlace?.id);
  w.text(record.crossingPlace?.text);
  w.text(record.placeInChina?.id);
  w.text(record.placeInChina?.text);
  w.int2(record.eventYear);
  w.bool(record.repatriated);
  w.bytea(sealed.vault);
  w.text(sealed.nameKey);
  w.text(sealed.birthDateKey);
  w.text(sealed.idNumberKey);
}

export function personRow(record: PersonListRecord, sealer: RecordSealer): unknown[] {
  const sealed = sealPerson(record, sealer);
  return [
    record.source,
    record.recordId,
    record.sex,
    record.birthYear ?? null,
    record.birthYearPrecision ?? null,
    record.ageBand ?? null,
    record.citizenship ?? null,
    record.countingUnit ?? 'individual',
    record.groupSize ?? null,
    record.homeProvince?.id ?? null,
    record.homeProvince?.text ?? null,
    record.homeCounty?.id ?? null,
    record.homeCounty?.text ?? null,
    record.crossingPlace?.id ?? null,
    record.crossingPlace?.text ?? null,
    record.placeInChina?.id ?? null,
    record.placeInChina?.text ?? null,
    record.eventYear ?? null,
    record.repatriated ?? null,
    sealed.vault,
    sealed.nameKey,
    sealed.birthDateKey,
    sealed.idNumberKey,
  ];
}

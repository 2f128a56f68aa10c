/**
 * A validated person-list record as a row of the persons table: plaintext for what does not
 * identify, the rest sealed into the vault, plus blind-index keys.
 */
import type { RecordSealer } from '../protect/contracts';
import {
  compactVault,
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

export function personVault(record: PersonListRecord): PersonVault | undefined {
  return compactVault<PersonVault>({
    familyName: record.familyName,
    givenName: record.givenName,
    otherNames: record.otherNames,
    birthDate: record.birthDate,
    idNumber: record.idNumber,
    address: record.address,
    contacts: record.contacts,
    notes: record.notes,
    extra: record.extra,
  });
}

export function personRow(record: PersonListRecord, sealer: RecordSealer): unknown[] {
  const vault = personVault(record);
  const sealed = vault
    ? sealer.seal(
        'persons',
        vaultRecordKey.person(record.source, record.recordId),
        VAULT_FIELD,
        JSON.stringify(vault),
      )
    : null;
  const nameParts = [record.familyName, record.givenName].filter((s): s is string => !!s);
  const nameNorm = nameParts.map(normaliseNameForKey).join('|');
  const idNorm = record.idNumber ? normaliseIdNumberForKey(record.idNumber) : '';
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
    sealed,
    nameNorm ? sealer.blindIndex(PERSON_KEY_KINDS.name, nameNorm) : null,
    record.birthDate && record.birthDate.length === 10
      ? sealer.blindIndex(PERSON_KEY_KINDS.birthDate, record.birthDate)
      : null,
    idNorm ? sealer.blindIndex(PERSON_KEY_KINDS.idNumber, idNorm) : null,
  ];
}

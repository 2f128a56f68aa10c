/**
 * The de-identified CSV for analysts: one row per violation (act), with the victim's coarse
 * attributes beside it. Record and person ids are export pseudonyms; years, provinces and age
 * bands only. It is record-level data, so it is for the organisation's analysts (protect's
 * case.export_deidentified), not for publication.
 */
import { stringify } from 'csv-stringify/sync';
import type { LinkedPerson, Period } from '../statistics';
import { priceInCny } from '../statistics';
import { pseudonymiser, type Pseudonymiser } from './pseudonyms';

export const ANALYST_CSV_COLUMNS = [
  'person',
  'record',
  'source',
  'sex',
  'age_band',
  'home_province',
  'crossing_year',
  'violation',
  'year',
  'province',
  'country',
  'event_type',
  'methods',
  'sale_kind',
  'sale_price_cny',
  'perpetrator_types',
] as const;

export function analystCsv(
  persons: readonly LinkedPerson[],
  period: Period,
  pseudonym: Pseudonymiser = pseudonymiser(),
): string {
  const rows: (string | number)[][] = [];
  for (const p of persons) {
    for (const r of p.records) {
      for (const a of r.acts) {
        if (a.year === null || a.year < period.from || a.year > period.to) continue;
        rows.push([
          pseudonym('person', p.personKey),
          pseudonym('record', r.caseId),
          r.source,
          r.sex,
          p.ageBand,
          p.homeProvince,
          p.crossingYear ?? '',
          a.violation,
          a.year,
          a.province ?? '',
          a.country ?? '',
          a.eventType ?? '',
          a.methods.join(';'),
          a.saleKind ?? '',
          priceInCny(a) ?? '',
          [...new Set(a.perpetrators.map((x) => x.type))].join(';'),
        ]);
      }
    }
  }
  return stringify(rows, {
    header: true,
    columns: [...ANALYST_CSV_COLUMNS],
    record_delimiter: '\n',
  });
}

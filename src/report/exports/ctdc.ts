/**
 * Export in the schema of CTDC's k-anonymised global victim dataset (Counter-Trafficking Data
 * Collaborative, IOM/Polaris): one row per victim (a linked person), CTDC field names, CTDC age
 * bands written as CTDC writes them ('0--8' ... '48+'), '1'/'0' flags, and '-99' for missing.
 *
 * k-anonymity as CTDC applies it: every combination of the quasi-identifiers (year of
 * registration, gender, age band, majority status, citizenship, country of exploitation) must be
 * shared by at least k rows. Rows in smaller groups first lose their age band, then their year;
 * rows still in a group smaller than k are left out. The result says how many were changed.
 */
import { vocabularies } from '../../model/vocabularies';
import { checkK, DEFAULT_K } from '../disclosure/suppress';
import type { LinkedPerson } from '../statistics';

export const CTDC_MISSING = '-99';

const MEANS = vocabularies.meansOfControl.map((m) => ({
  code: m.code,
  field: `meansOfControl${m.ctdc}`,
}));

/** The columns, in order. */
export const CTDC_FIELDS: readonly string[] = [
  'yearOfRegistration',
  'Datasource',
  'gender',
  'ageBroad',
  'majorityStatus',
  'majorityStatusAtExploit',
  'citizenship',
  ...new Set([...MEANS.map((m) => m.field), 'meansOfControlNotSpecified']),
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'isSexAndLabour',
  'isForcedMarriage',
  'isForcedMilitary',
  'isOrganRemoval',
  'isSlaveryAndPractices',
  'typeOfSexProstitution',
  'typeOfSexPornography',
  'typeOfSexRemoteInteractiveServices',
  'typeOfSexPrivateSexualServices',
  'isAbduction',
  'CountryOfExploitation',
  'recruiterRelationIntimatePartner',
  'recruiterRelationFriend',
  'recruiterRelationFamily',
  'recruiterRelationOther',
  'recruiterRelationUnknown',
];

const QUASI_IDENTIFIERS = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'majorityStatus',
  'citizenship',
  'CountryOfExploitation',
];

/** CTDC writes its bands with a double hyphen: 0--8, 9--17, ..., 48+. */
export function ctdcAgeBand(band: string): string {
  if (band === 'unknown') return CTDC_MISSING;
  return band.includes('-') ? band.replace('-', '--') : band;
}

const flag = (b: boolean) => (b ? '1' : '0');

/** One CTDC row for a person (before k-anonymisation). */
export function ctdcRow(p: LinkedPerson): Record<string, string> {
  const violations = new Set(p.acts.map((a) => a.violation));
  const kinds = new Set(p.acts.map((a) => a.saleKind).filter(Boolean));
  const methods = new Set(p.acts.flatMap((a) => a.methods));
  const recruiters = new Set(
    p.acts.flatMap((a) => a.perpetrators.filter((x) => x.role === 'recruiter').map((x) => x.type)),
  );
  const sexual =
    violations.has('sexual_slavery') ||
    violations.has('rape') ||
    violations.has('cybersex_trafficking') ||
    kinds.has('brothel') ||
    kinds.has('cybersex');
  const labour = violations.has('enslavement') || kinds.has('labour');
  const minor = p.ageBand === '0-8' || p.ageBand === '9-17';
  const registration = Math.min(...p.records.map((r) => r.registrationYear ?? Infinity));
  const exploitationCountries = p.records
    .flatMap((r) =>
      r.events.filter((e) => e.type === 'Exploitation' || e.type === 'Sale').map((e) => e.country),
    )
    .filter((c): c is string => Boolean(c));
  const row: Record<string, string> = {
    yearOfRegistration: Number.isFinite(registration) ? String(registration) : CTDC_MISSING,
    Datasource: 'Case Management',
    gender:
      p.records[0]?.sex === 'female'
        ? 'Female'
        : p.records[0]?.sex === 'male'
          ? 'Male'
          : CTDC_MISSING,
    ageBroad: ctdcAgeBand(p.ageBand),
    majorityStatus: p.ageBand === 'unknown' ? CTDC_MISSING : minor ? 'Minor' : 'Adult',
    majorityStatusAtExploit: p.ageBand === 'unknown' ? CTDC_MISSING : minor ? 'Minor' : 'Adult',
    citizenship: p.records.find((r) => r.citizenship)?.citizenship ?? CTDC_MISSING,
  };
  for (const m of MEANS) row[m.field] = flag(methods.has(m.code) || row[m.field] === '1');
  row.meansOfControlNotSpecified = flag(methods.size === 0);
  Object.assign(row, {
    isForcedLabour: flag(labour),
    isSexualExploit: flag(sexual),
    isOtherExploit: flag(violations.has('forced_pregnancy') || violations.has('forced_abortion')),
    isSexAndLabour: flag(sexual && labour),
    isForcedMarriage: flag(violations.has('forced_marriage') || kinds.has('wife')),
    isForcedMilitary: '0',
    isOrganRemoval: '0',
    isSlaveryAndPractices: flag(violations.has('sexual_slavery') || violations.has('enslavement')),
    typeOfSexProstitution: flag(kinds.has('brothel')),
    typeOfSexPornography: CTDC_MISSING,
    typeOfSexRemoteInteractiveServices: flag(
      kinds.has('cybersex') || violations.has('cybersex_trafficking'),
    ),
    typeOfSexPrivateSexualServices: CTDC_MISSING,
    isAbduction: CTDC_MISSING,
    CountryOfExploitation: exploitationCountries.length
      ? mostFrequent(exploitationCountries)
      : CTDC_MISSING,
    recruiterRelationIntimatePartner: '0',
    recruiterRelationFriend: '0',
    recruiterRelationFamily: flag(recruiters.has('family_member')),
    recruiterRelationOther: flag([...recruiters].some((t) => t !== 'family_member')),
    recruiterRelationUnknown: flag(recruiters.size === 0),
  });
  return row;
}

function mostFrequent(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

export interface CtdcExport {
  fields: readonly string[];
  rows: Record<string, string>[];
  k: number;
  /** Rows whose age band, then year, were blanked to reach k; rows left out. */
  generalised: { ageBroad: number; yearOfRegistration: number };
  removed: number;
}

/** The k-anonymised CTDC rows for the linked persons. */
export function ctdcExport(persons: readonly LinkedPerson[], k = DEFAULT_K): CtdcExport {
  checkK(k);
  let rows = persons.map(ctdcRow);
  const generalised = { ageBroad: 0, yearOfRegistration: 0 };
  const groupSizes = () => {
    const sizes = new Map<string, number>();
    for (const r of rows) {
      const key = QUASI_IDENTIFIERS.map((q) => r[q]).join('|');
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
    }
    return (r: Record<string, string>) => sizes.get(QUASI_IDENTIFIERS.map((q) => r[q]).join('|'))!;
  };
  for (const field of ['ageBroad', 'yearOfRegistration'] as const) {
    const size = groupSizes();
    rows = rows.map((r) => {
      if (size(r) >= k || r[field] === CTDC_MISSING) return r;
      generalised[field]++;
      return { ...r, [field]: CTDC_MISSING };
    });
  }
  const size = groupSizes();
  const kept = rows.filter((r) => size(r) >= k);
  return { fields: CTDC_FIELDS, rows: kept, k, generalised, removed: rows.length - kept.length };
}

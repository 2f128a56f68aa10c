/**
 * The de-identified view of a case that every report, table and export is built from.
 *
 * It keeps only what does not identify a person, already coarsened to what Jayu publishes
 * (domain.md rule 5): years (never finer dates), provinces (never finer places), CTDC age bands
 * (never a birth year), codes. Names, birth dates, id numbers, addresses, testimony and free text
 * are never read here, so nothing downstream can leak them.
 *
 * Consent is not decided here: records arrive already filtered for the purpose by protect (store
 * path) or by `hasConsent` (file path, the same rule as protect's SQL condition).
 */
import { ageBand, type AgeBandCode } from '../model/vocabularies';
import { countryOf, provinceOf } from '../model/gazetteer';
import type { Case, ConsentPurpose, EventType, FuzzyDate, Sex } from '../model/types';

export interface ReportEvent {
  type: EventType;
  year: number | null;
  /** Gazetteer id of the province the event happened in, or null. */
  province: string | null;
  /** ISO country code of the place, or null. */
  country: string | null;
}

export interface ReportAct {
  violation: string;
  year: number | null;
  province: string | null;
  country: string | null;
  eventType: EventType | null;
  methods: string[];
  saleKind: 'wife' | 'brothel' | 'cybersex' | 'labour' | 'other' | null;
  salePrice: number | null;
  saleCurrency: string | null;
  /** Perpetrator type codes involved in this act, with their roles. */
  perpetrators: { type: string; role: string }[];
}

export interface ReportRecord {
  /** Pseudonymous case id (never derived from a name). */
  caseId: string;
  /** The list (source) the record belongs to. */
  source: string;
  /**
   * The person this record is about after linkage across lists (a cluster id); records of one
   * person share it. Equal to `caseId` until linkage assigns it.
   */
  personKey: string;
  sex: Sex;
  /** CTDC band of her age when she crossed (or at her first dated event). */
  ageBand: AgeBandCode | 'unknown';
  /** Gazetteer id of her home province in the DPRK, or 'unknown'. */
  homeProvince: string;
  /** Year she crossed into China, or null. */
  crossingYear: number | null;
  /** ISO 3166 citizenship, or null. */
  citizenship: string | null;
  /** Year the organisation first recorded her testimony (CTDC yearOfRegistration), or null. */
  registrationYear: number | null;
  events: ReportEvent[];
  acts: ReportAct[];
  /** Distinct perpetrator type codes in the record. */
  perpetratorTypes: string[];
}

function minYear(years: (number | null)[]): number | null {
  const known = years.filter((y): y is number => y !== null);
  return known.length ? Math.min(...known) : null;
}

/** The year of a fuzzy date, whatever its precision, or null. */
export function yearOf(date: FuzzyDate | undefined): number | null {
  if (!date?.value || date.precision === 'unknown') return null;
  const m = /^(\d{4})/.exec(date.value);
  return m ? Number(m[1]) : null;
}

function placeCoarse(placeId: string | undefined): {
  province: string | null;
  country: string | null;
} {
  if (!placeId) return { province: null, country: null };
  return { province: provinceOf(placeId)?.id ?? null, country: countryOf(placeId)?.iso ?? null };
}

/**
 * True when the case has consent for the purpose on `asOf` (ISO date): the purpose is listed and
 * not withdrawn on or before that day. The same rule as protect's caseConsentCondition.
 */
export function hasConsent(c: Case, purpose: ConsentPurpose, asOf: string): boolean {
  if (!c.consent?.purposes?.includes(purpose)) return false;
  return !c.consent.withdrawnOn || c.consent.withdrawnOn > asOf;
}

/** The de-identified, coarsened view of one case. */
export function deidentify(c: Case): ReportRecord {
  const events: ReportEvent[] = c.events.map((e) => ({
    type: e.type,
    year: yearOf(e.start),
    ...placeCoarse(e.placeId),
  }));
  const eventById = new Map(c.events.map((e, i) => [e.id, events[i]]));
  const perpetratorType = new Map(c.perpetrators.map((p) => [p.id, p.type]));
  const involved = new Map<string, { type: string; role: string }[]>();
  for (const inv of c.involvements) {
    const type = perpetratorType.get(inv.perpetratorId);
    if (!type) continue;
    const list = involved.get(inv.actId) ?? [];
    list.push({ type, role: inv.role });
    involved.set(inv.actId, list);
  }
  const acts: ReportAct[] = c.acts.map((a) => {
    const ev = eventById.get(a.eventId);
    return {
      violation: a.violation,
      year: ev?.year ?? null,
      province: ev?.province ?? null,
      country: ev?.country ?? null,
      eventType: ev?.type ?? null,
      methods: [...(a.methods ?? [])],
      saleKind: a.saleKind ?? null,
      salePrice:
        typeof a.salePrice === 'number' && Number.isFinite(a.salePrice) ? a.salePrice : null,
      saleCurrency: a.saleCurrency ?? null,
      perpetrators: involved.get(a.id) ?? [],
    };
  });
  const years = events.map((e) => e.year).filter((y): y is number => y !== null);
  const crossing = events.find((e) => e.type === 'BorderCrossing' && e.year !== null);
  const crossingYear = crossing?.year ?? null;
  const refYear = crossingYear ?? (years.length ? Math.min(...years) : null);
  const birthYear = c.person.birthYear;
  let band: AgeBandCode | 'unknown' = 'unknown';
  if (refYear !== null && typeof birthYear === 'number' && refYear >= birthYear)
    band = ageBand(refYear - birthYear);
  const home = c.person.homeProvince
    ? (provinceOf(c.person.homeProvince)?.id ?? 'unknown')
    : 'unknown';
  return {
    caseId: c.id,
    source: c.source,
    personKey: c.id,
    sex: c.person.sex ?? 'unknown',
    ageBand: band,
    homeProvince: home,
    crossingYear,
    citizenship: c.person.citizenship ?? null,
    registrationYear: minYear(c.information.map((i) => yearOf(i.interviewDate))),
    events,
    acts,
    perpetratorTypes: [...new Set(c.perpetrators.map((p) => p.type))].sort(),
  };
}

/**
 * De-identified export in the shape of the HURIDOCS Events Standard Formats: the Event, Act,
 * Person (victim) and Involvement formats, linked by record numbers, with field names after the
 * formats' field titles. De-identified as every report is: record numbers are export pseudonyms,
 * dates are years, places are provinces, and the free-text fields of the formats (event
 * description, remarks, names) are left out.
 */
import type { Period } from '../statistics';
import { UNKNOWN, type LinkedPerson } from '../statistics';
import { pseudonymiser, type Pseudonymiser } from './pseudonyms';

export interface HuridocsEvent {
  event_record_number: string;
  event_title: string;
  type_of_event: string;
  geographical_term: string | null;
  country: string | null;
  initial_date: string | null;
}

export interface HuridocsAct {
  act_record_number: string;
  event_record_number: string;
  victim_record_number: string;
  type_of_act: string;
  method_of_violence: string[];
  initial_date: string | null;
  exact_location: string | null;
  sale_kind: string | null;
  sale_price: number | null;
  sale_currency: string | null;
}

export interface HuridocsPerson {
  person_record_number: string;
  sex: string;
  age_group: string;
  citizenship: string | null;
  origin: string;
  year_of_crossing: number | null;
}

export interface HuridocsInvolvement {
  act_record_number: string;
  perpetrator_type: string;
  role: string;
}

export interface HuridocsExport {
  format: 'HURIDOCS Events Standard Formats (de-identified)';
  period: Period;
  persons: HuridocsPerson[];
  events: HuridocsEvent[];
  acts: HuridocsAct[];
  involvements: HuridocsInvolvement[];
}

const yearText = (y: number | null) => (y === null ? null : String(y));

export function huridocsExport(
  persons: readonly LinkedPerson[],
  period: Period,
  pseudonym: Pseudonymiser = pseudonymiser(),
): HuridocsExport {
  const out: HuridocsExport = {
    format: 'HURIDOCS Events Standard Formats (de-identified)',
    period,
    persons: [],
    events: [],
    acts: [],
    involvements: [],
  };
  const inPeriod = (y: number | null) => y !== null && y >= period.from && y <= period.to;
  for (const p of persons) {
    const victim = pseudonym('person', p.personKey);
    let any = false;
    for (const r of p.records) {
      r.events.forEach((e, i) => {
        if (!inPeriod(e.year)) return;
        any = true;
        out.events.push({
          event_record_number: pseudonym('event', `${r.caseId}#${i}`),
          event_title: e.type,
          type_of_event: e.type,
          geographical_term: e.province,
          country: e.country,
          initial_date: yearText(e.year),
        });
      });
      r.acts.forEach((a, i) => {
        if (!inPeriod(a.year)) return;
        any = true;
        const act = pseudonym('act', `${r.caseId}#${i}`);
        const eventIndex = r.events.findIndex(
          (e) => e.type === a.eventType && e.year === a.year && e.province === a.province,
        );
        out.acts.push({
          act_record_number: act,
          event_record_number: pseudonym('event', `${r.caseId}#${eventIndex}`),
          victim_record_number: victim,
          type_of_act: a.violation,
          method_of_violence: a.methods,
          initial_date: yearText(a.year),
          exact_location: a.province,
          sale_kind: a.saleKind,
          sale_price: a.salePrice,
          sale_currency: a.saleCurrency,
        });
        for (const inv of a.perpetrators)
          out.involvements.push({
            act_record_number: act,
            perpetrator_type: inv.type,
            role: inv.role,
          });
      });
    }
    if (any || inPeriod(p.crossingYear)) {
      out.persons.push({
        person_record_number: victim,
        sex: p.records[0]?.sex ?? 'unknown',
        age_group: p.ageBand,
        citizenship: p.records.find((r) => r.citizenship)?.citizenship ?? null,
        origin: p.homeProvince === UNKNOWN ? UNKNOWN : p.homeProvince,
        year_of_crossing: p.crossingYear,
      });
    }
  }
  return out;
}

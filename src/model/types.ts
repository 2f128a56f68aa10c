/**
 * Jayu's data model: HURIDOCS Events Standard Formats with IOM HTCDS / CTDC fields
 * (see ../shared/design/domain.md section 4). These are the shapes of a *full case* as it is
 * imported, exported (JSON, described by a published JSON Schema) and held in memory.
 *
 * Fields that identify a person are listed in IDENTIFYING_FIELDS below; the protection layer
 * encrypts exactly those before they reach the database and strips them for roles that may not
 * see them. Keep the list in step with the types: a test checks every listed path exists.
 */

/** Precision of a date, as HURIDOCS records it. */
export type DatePrecision = 'exact' | 'month' | 'year' | 'estimate' | 'unknown';

/** A date known to some precision: `2019-03-04` (exact), `2019-03` (month), `2019` (year/estimate). */
export interface FuzzyDate {
  value?: string;
  precision: DatePrecision;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';

export type EventType =
  | 'Recruitment'
  | 'BorderCrossing'
  | 'Sale'
  | 'Transit'
  | 'Exploitation'
  | 'Escape'
  | 'ArrestPRC'
  | 'DetentionPRC'
  | 'Repatriation'
  | 'InterrogationDPRK'
  | 'DetentionDPRK'
  | 'Release'
  | 'Death';

/** Purposes that consent is given for (domain.md rule 4). */
export type ConsentPurpose =
  'case_management' | 'legal_proceedings' | 'un_reporting' | 'aggregate_statistics';

/** The name vault: every form of a person's names. All of it is identifying. */
export interface PersonNames {
  familyName?: string;
  givenName?: string;
  /** Other spellings, aliases, names used in China, Hanja, romanised forms. */
  otherNames?: string[];
}

export interface Person {
  /** Pseudonymous id, stable across exports; never derived from the name. */
  id: string;
  /** The id the documenting organisation uses for this record in its own list. */
  recordId?: string;
  sex: Sex;
  birthYear?: number;
  birthYearPrecision?: DatePrecision;
  /** Exact birth date, identifying. */
  birthDate?: string;
  /** ISO 3166-1 alpha-2, KP for the DPRK. */
  citizenship?: string;
  /** Gazetteer ids. */
  homeProvince?: string;
  homeCounty?: string;
  countingUnit: 'individual' | 'group';
  groupSize?: number;
  names: PersonNames;
  /** Identity document or phone number. */
  idNumber?: string;
  address?: string;
  contacts?: string[];
  notes?: string;
}

export interface Event {
  id: string;
  type: EventType;
  start: FuzzyDate;
  end?: FuzzyDate;
  /** Gazetteer id; `placeText` keeps a name the gazetteer does not know, verbatim. */
  placeId?: string;
  placeText?: string;
  /** Free text, identifying. */
  description?: string;
}

export interface Act {
  id: string;
  eventId: string;
  victimId: string;
  /** Violation type code from the vocabulary (src/model/vocabularies). */
  violation: string;
  /** Method / means of control codes (CTDC means of control). */
  methods?: string[];
  victimStatusAtEnd?: 'alive' | 'dead' | 'detained' | 'missing' | 'unknown';
  /** For a sale: the price paid and its currency (ISO 4217, CNY usually). */
  salePrice?: number;
  saleCurrency?: string;
  /** Sale to what: wife, brothel, cybersex, labour. */
  saleKind?: 'wife' | 'brothel' | 'cybersex' | 'labour' | 'other';
}

export interface Perpetrator {
  id: string;
  kind: 'person' | 'organisation';
  /** Perpetrator type code from the vocabulary (dprk_broker, prc_broker, buyer, mss, ...). */
  type: string;
  /** Name or alias of the perpetrator, identifying (it can identify the victim too). */
  name?: string;
  description?: string;
}

export interface Involvement {
  perpetratorId: string;
  actId: string;
  /** HTCDS RoleInProcess code (recruiter, transporter, seller, buyer, exploiter, captor, ...). */
  role: string;
  degree: 'direct' | 'ordered' | 'assisted' | 'suspected';
}

export interface EventLink {
  from: string;
  to: string;
  kind: 'precedes' | 'causes' | 'part_of';
}

export interface InformationSource {
  id: string;
  /** The organisation's list (source) this testimony belongs to. */
  sourceId: string;
  /** How the informant knows: direct (the victim), witness, hearsay, document. */
  knowledge: 'direct' | 'witness' | 'hearsay' | 'document';
  /** Source reliability code from the vocabulary (A-F, Admiralty-style). */
  reliability: string;
  language?: string;
  interviewDate?: FuzzyDate;
  /** Who told it, identifying. */
  informant?: string;
}

export interface Consent {
  purposes: ConsentPurpose[];
  restrictions?: string;
  givenOn?: string;
  withdrawnOn?: string;
}

export interface Intervention {
  id: string;
  kind:
    | 'un_urgent_appeal'
    | 'un_working_group'
    | 'legal_aid'
    | 'family_contact'
    | 'referral'
    | 'legal_action';
  status: 'planned' | 'open' | 'sent' | 'answered' | 'closed';
  responsible?: string;
  deadline?: string;
  notes?: string;
}

export interface EvidenceItem {
  id: string;
  /** SHA-256 of the file's content, hex. */
  sha256: string;
  mediaType: string;
  bytes: number;
  /** Description of what the file shows, identifying. */
  description?: string;
  receivedOn?: string;
}

export interface ElementAssessment {
  actId: string;
  /** Legal element code from the vocabulary (e.g. palermo.act, palermo.means, icc.7_1_g_2.ownership). */
  element: string;
  evidenceIds: string[];
  status: 'unassessed' | 'supported' | 'contested' | 'insufficient';
  note?: string;
}

/** One testimony: a victim, her route as events, and everything tied to it. */
export interface Case {
  id: string;
  /** Organisation that holds the case, and its list (source). */
  organisation: string;
  source: string;
  status: 'draft' | 'open' | 'urgent' | 'closed';
  person: Person;
  events: Event[];
  acts: Act[];
  perpetrators: Perpetrator[];
  involvements: Involvement[];
  links: EventLink[];
  information: InformationSource[];
  consent: Consent;
  interventions: Intervention[];
  evidence: EvidenceItem[];
  assessments: ElementAssessment[];
}

/**
 * Paths (within a Case) of every identifying field. `[]` stands for every element of an array.
 * The protection layer encrypts these and removes them for de-identified roles.
 */
export const IDENTIFYING_FIELDS = [
  'person.names.familyName',
  'person.names.givenName',
  'person.names.otherNames',
  'person.birthDate',
  'person.idNumber',
  'person.address',
  'person.contacts',
  'person.notes',
  'events[].description',
  'perpetrators[].name',
  'perpetrators[].description',
  'information[].informant',
  'interventions[].notes',
  'evidence[].description',
  'assessments[].note',
] as const;
export type IdentifyingField = (typeof IDENTIFYING_FIELDS)[number];

/** The columns of the flat person-list CSV that NGOs exchange, in their canonical order. */
export const PERSON_LIST_COLUMNS = [
  'record_id',
  'source',
  'family_name',
  'given_name',
  'other_names',
  'sex',
  'birth_year',
  'birth_date',
  'id_number',
  'address',
  'home_province',
  'home_county',
  'crossing_place',
  'place_in_china',
  'event_year',
  'repatriated',
  'notes',
] as const;
export type PersonListColumn = (typeof PERSON_LIST_COLUMNS)[number];

/** Person-list columns that identify a person (encrypted at rest, hidden from analysts). */
export const IDENTIFYING_PERSON_LIST_COLUMNS: readonly PersonListColumn[] = [
  'family_name',
  'given_name',
  'other_names',
  'birth_date',
  'id_number',
  'address',
  'notes',
];

/** One row of a person list, as read from CSV/XLSX (all text; parsing happens on import). */
export type PersonListRow = Record<PersonListColumn, string>;

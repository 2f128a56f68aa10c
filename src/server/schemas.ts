/**
 * The shapes the API accepts and returns, as zod schemas: they validate every body and query,
 * generate the OpenAPI document, and (as types) are what the web app compiles against.
 * Identifying fields are optional everywhere: a role that may not see them gets them removed.
 */
import { z } from 'zod';
import {
  ASSESSMENT_STATUSES,
  CASE_STATUSES,
  CONSENT_PURPOSES,
  EVENT_TYPES,
  INTERVENTION_KINDS,
  INTERVENTION_STATUSES,
  ROLES,
} from './api-constants';

export * from './api-constants';

const id = z.string().min(1).max(100);
const shortText = z.string().max(200);
const longText = z.string().max(20_000);

export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const fuzzyDateSchema = z.object({
  value: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional(),
  precision: z.enum(['exact', 'month', 'year', 'estimate', 'unknown']),
});

export const personSchema = z.object({
  id,
  recordId: shortText.optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  birthYearPrecision: z.enum(['exact', 'month', 'year', 'estimate', 'unknown']).optional(),
  birthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  citizenship: z.string().length(2).optional(),
  homeProvince: id.optional(),
  homeCounty: id.optional(),
  countingUnit: z.enum(['individual', 'group']),
  groupSize: z.number().int().min(1).max(10_000).optional(),
  names: z.object({
    familyName: shortText.optional(),
    givenName: shortText.optional(),
    otherNames: z.array(shortText).max(50).optional(),
  }),
  idNumber: shortText.optional(),
  address: z.string().max(1000).optional(),
  contacts: z.array(shortText).max(20).optional(),
  notes: longText.optional(),
});

export const eventSchema = z.object({
  id,
  type: z.enum(EVENT_TYPES),
  start: fuzzyDateSchema,
  end: fuzzyDateSchema.optional(),
  placeId: id.optional(),
  placeText: shortText.optional(),
  description: longText.optional(),
});

export const actSchema = z.object({
  id,
  eventId: id,
  victimId: id,
  violation: z.string().min(1).max(80),
  methods: z.array(z.string().max(80)).max(30).optional(),
  victimStatusAtEnd: z.enum(['alive', 'dead', 'detained', 'missing', 'unknown']).optional(),
  salePrice: z.number().nonnegative().max(1e9).optional(),
  saleCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  saleKind: z.enum(['wife', 'brothel', 'cybersex', 'labour', 'other']).optional(),
});

export const perpetratorSchema = z.object({
  id,
  kind: z.enum(['person', 'organisation']),
  type: z.string().min(1).max(80),
  name: shortText.optional(),
  description: longText.optional(),
});

export const involvementSchema = z.object({
  perpetratorId: id,
  actId: id,
  role: z.string().min(1).max(80),
  degree: z.enum(['direct', 'ordered', 'assisted', 'suspected']),
});

export const eventLinkSchema = z.object({
  from: id,
  to: id,
  kind: z.enum(['precedes', 'causes', 'part_of']),
});

export const informationSchema = z.object({
  id,
  sourceId: id,
  knowledge: z.enum(['direct', 'witness', 'hearsay', 'document']),
  reliability: z.string().min(1).max(10),
  language: z.string().max(20).optional(),
  interviewDate: fuzzyDateSchema.optional(),
  informant: shortText.optional(),
});

export const consentSchema = z.object({
  purposes: z.array(z.enum(CONSENT_PURPOSES)).max(4),
  restrictions: z.string().max(2000).optional(),
  givenOn: z.string().max(10).optional(),
  withdrawnOn: z.string().max(10).optional(),
});

export const interventionSchema = z.object({
  id,
  kind: z.enum(INTERVENTION_KINDS),
  status: z.enum(INTERVENTION_STATUSES),
  responsible: shortText.optional(),
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  notes: longText.optional(),
});

export const evidenceSchema = z.object({
  id,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string().max(100),
  bytes: z.number().int().nonnegative(),
  description: longText.optional(),
  receivedOn: z.string().max(10).optional(),
});

export const assessmentSchema = z.object({
  actId: id,
  element: z.string().min(1).max(120),
  evidenceIds: z.array(id).max(100),
  status: z.enum(ASSESSMENT_STATUSES),
  note: longText.optional(),
});

/** A case as the API sends it and as the intake form submits it. */
export const caseSchema = z
  .object({
    id,
    organisation: id,
    source: id,
    status: z.enum(CASE_STATUSES),
    person: personSchema,
    events: z.array(eventSchema).max(500),
    acts: z.array(actSchema).max(2000),
    perpetrators: z.array(perpetratorSchema).max(500),
    involvements: z.array(involvementSchema).max(5000),
    links: z.array(eventLinkSchema).max(1000),
    information: z.array(informationSchema).max(100),
    consent: consentSchema,
    interventions: z.array(interventionSchema).max(200),
    evidence: z.array(evidenceSchema).max(1000),
    assessments: z.array(assessmentSchema).max(5000),
  })
  .meta({ id: 'Case' });
export type CaseDto = z.infer<typeof caseSchema>;

/**
 * A new case or a draft being saved: the server sets the organisation; an empty source (or
 * information source) means the organisation's intake list.
 */
export const caseInputSchema = caseSchema
  .omit({ organisation: true, source: true, information: true })
  .extend({
    organisation: id.optional(),
    source: z.string().max(100),
    information: z.array(informationSchema.extend({ sourceId: z.string().max(100) })).max(100),
  });
export type CaseInput = z.infer<typeof caseInputSchema>;

export const caseReadSchema = z.object({
  case: caseSchema,
  /** True when identifying fields were removed for the reader's role. */
  deidentified: z.boolean(),
  updatedAt: z.string(),
});
export type CaseRead = z.infer<typeof caseReadSchema>;

export const caseSummarySchema = z.object({
  id,
  organisation: id,
  source: id,
  status: z.enum(CASE_STATUSES),
  /** The person's name for roles that may see it, else absent. */
  name: z.string().optional(),
  pseudonym: z.string(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  birthYear: z.number().int().optional(),
  homeProvince: z.string().optional(),
  violations: z.array(z.string()),
  years: z.array(z.number().int()),
  provinces: z.array(z.string()),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseSearchSchema = z.object({
  /** Free text: a name in any script (matched through keyed name indexes) or a record id. */
  q: z.string().max(200).optional(),
  violation: z.array(z.string().max(80)).max(50).optional(),
  province: z.array(z.string().max(100)).max(50).optional(),
  year: z.array(z.number().int().min(1900).max(2100)).max(100).optional(),
  source: z.array(z.string().max(100)).max(50).optional(),
  status: z.array(z.enum(CASE_STATUSES)).max(4).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type CaseSearch = z.input<typeof caseSearchSchema>;

const facetCountsSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const caseSearchResultSchema = z.object({
  total: z.number().int(),
  /** More cases match than were counted (`total` is the counting limit). */
  totalIsLowerBound: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(caseSummarySchema),
  facets: z.object({
    violation: facetCountsSchema,
    province: facetCountsSchema,
    year: facetCountsSchema,
    source: facetCountsSchema,
    status: facetCountsSchema,
  }),
});
export type CaseSearchResult = z.infer<typeof caseSearchResultSchema>;

export const sessionUserSchema = z.object({
  id,
  username: z.string(),
  role: roleSchema,
  /** Absent for administrators, who manage the installation and read no case. */
  organisation: id.optional(),
  organisationName: z.string().optional(),
  /** A one-time password is in use: the user must choose a new one before anything else. */
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z.object({ user: sessionUserSchema.nullable() });

export const loginSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(500),
  totp: z.string().regex(/^\d{6}$/),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: z.string().min(12).max(500),
});

export const urgentItemSchema = z.object({
  caseId: id,
  name: z.string().optional(),
  pseudonym: z.string(),
  situation: z.enum(['detained_prc', 'at_risk_of_repatriation', 'repatriated_detained_dprk']),
  placeId: z.string().optional(),
  since: z.string().optional(),
  interventions: z.array(interventionSchema),
  nextDeadline: z.string().optional(),
});
export type UrgentItem = z.infer<typeof urgentItemSchema>;

export const interventionInputSchema = interventionSchema.omit({ id: true }).extend({
  id: id.optional(),
});

export const countSchema = z.object({ count: z.number().int(), suppressed: z.boolean() });
export const dashboardSchema = z.object({
  /** Cells below this many records are shown as suppressed. */
  minimumCell: z.number().int(),
  violationsByYear: z.array(countSchema.extend({ violation: z.string(), year: z.number().int() })),
  byProvince: z.array(countSchema.extend({ province: z.string() })),
  repatriationsByYear: z.array(countSchema.extend({ year: z.number().int() })),
  totalCases: z.number().int(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const placeSchema = z.object({
  id,
  kind: z.string(),
  division: z.string(),
  country: z.string(),
  parent: z.string().optional(),
  names: z.object({
    ko: z.string(),
    koNorth: z.string().optional(),
    zh: z.string(),
    en: z.string(),
  }),
  lat: z.number(),
  lon: z.number(),
  /** Gazetteer id of the province the place lies in, or is (the key of the province map). */
  province: z.string().optional(),
});
export type PlaceDto = z.infer<typeof placeSchema>;

export const placeSearchSchema = z.object({
  q: z.string().min(1).max(100),
  limit: z.number().int().min(1).max(50).default(15),
});

const labelsSchema = z.object({ ko: z.string(), en: z.string(), zh: z.string() });
/** A vocabulary entry: code and labels, plus whatever the vocabulary adds (elements, routes...). */
export const vocabularyTermSchema = z.looseObject({ code: z.string(), labels: labelsSchema });
export const vocabulariesSchema = z.record(z.string(), z.array(vocabularyTermSchema));
export type VocabularyTerm = z.infer<typeof vocabularyTermSchema> & {
  /** violations: every element of every route. */
  elements?: string[];
  routes?: { framework: string; elements: string[] }[];
  /** legalElements: the element is not required for a child victim. */
  notRequiredIf?: 'child';
  description?: string;
};
export type Vocabularies = Record<string, VocabularyTerm[]>;

export const organisationSchema = z.object({ id, name: z.string() });
export const newOrganisationSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  name: z.string().min(1).max(200),
});
export const userSchema = z.object({
  username: z.string(),
  role: roleSchema,
  /** Absent for administrators. */
  organisation: id.optional(),
  disabled: z.boolean(),
  locked: z.boolean(),
});
export type UserDto = z.infer<typeof userSchema>;
export const newUserSchema = z.object({
  username: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/),
  role: roleSchema,
  /** Required for every role but administrator. */
  organisation: id.optional(),
});
/** Shown once to the administrator, who hands them over in person. */
export const oneTimeCredentialsSchema = z.object({
  username: z.string(),
  oneTimePassword: z.string(),
  totpSecret: z.string(),
  totpUri: z.string(),
});
export type OneTimeCredentialsDto = z.infer<typeof oneTimeCredentialsSchema>;
export const keyStatusSchema = z.object({
  organisation: id,
  keyVersion: z.number().int(),
});
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  checkpointsChecked: z.number().int(),
  rootHash: z.string(),
  problems: z.array(
    z.object({ kind: z.string(), seq: z.number().int().optional(), message: z.string() }),
  ),
  moreProblems: z.number().int(),
});
export type AuditVerifyDto = z.infer<typeof auditVerifySchema>;

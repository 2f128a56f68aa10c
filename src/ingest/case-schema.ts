/**
 * The full-case JSON format: zod schemas mirroring src/model/types.ts, with every coded field
 * limited to its vocabulary, and the JSON Schema published from them (schema/case.schema.json,
 * kept in step by a test). Cross-references inside a case (an act's event, an involvement's
 * perpetrator, ...) are checked after the shape.
 */
import { z } from 'zod';
import type { Case } from '../model/types';
import { vocabularies, type VocabCode, type VocabName } from '../model/vocabularies';

/** The codes of a vocabulary as an enum: the JSON Schema lists them, and parsing checks them. */
function codes<N extends VocabName>(name: N) {
  const list = vocabularies[name].map((e) => e.code) as [VocabCode<N>, ...VocabCode<N>[]];
  return z.enum(list);
}

const text = z.string().trim().min(1).max(100_000);
const id = z.string().min(1).max(200);
const isoDate = z.iso.date();

const datePrecision = z.enum(['exact', 'month', 'year', 'estimate', 'unknown']);

/** The value's form follows the precision: YYYY-MM-DD, YYYY-MM, YYYY, none when unknown. */
export const fuzzyDateSchema = z
  .object({
    value: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
      .optional(),
    precision: datePrecision,
  })
  .strict()
  .superRefine((d, ctx) => {
    const len = d.value?.length;
    const want =
      d.precision === 'exact'
        ? 10
        : d.precision === 'month'
          ? 7
          : d.precision === 'unknown'
            ? undefined
            : 4;
    if (d.precision === 'unknown') {
      if (d.value !== undefined)
        ctx.addIssue({ code: 'custom', message: 'an unknown date has no value' });
      return;
    }
    if (len !== want) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `a date of precision ${d.precision} is written ${want === 10 ? 'YYYY-MM-DD' : want === 7 ? 'YYYY-MM' : 'YYYY'}`,
      });
      return;
    }
    if (d.value && len === 10 && !isoDate.safeParse(d.value).success) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'is not a date that exists' });
    }
    const month = d.value && len! >= 7 ? Number(d.value.slice(5, 7)) : 1;
    if (month < 1 || month > 12)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'has no such month' });
  });

export const personSchema = z
  .object({
    id,
    recordId: id.optional(),
    sex: codes('sexes'),
    birthYear: z.int().min(1900).max(2100).optional(),
    birthYearPrecision: datePrecision.optional(),
    birthDate: isoDate.optional(),
    citizenship: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
      .optional(),
    homeProvince: id.optional(),
    homeCounty: id.optional(),
    countingUnit: codes('countingUnits'),
    groupSize: z.int().positive().optional(),
    names: z
      .object({
        familyName: text.optional(),
        givenName: text.optional(),
        otherNames: z.array(text).optional(),
      })
      .strict(),
    idNumber: text.optional(),
    address: text.optional(),
    contacts: z.array(text).optional(),
    notes: text.optional(),
  })
  .strict();

export const eventSchema = z
  .object({
    id,
    type: codes('eventTypes'),
    start: fuzzyDateSchema,
    end: fuzzyDateSchema.optional(),
    placeId: id.optional(),
    placeText: text.optional(),
    description: text.optional(),
  })
  .strict();

export const actSchema = z
  .object({
    id,
    eventId: id,
    victimId: id,
    violation: codes('violations'),
    methods: z
      .array(
        z.enum([...codes('meansOfControl').options, ...codes('recruitmentMethods').options] as [
          string,
          ...string[],
        ]),
      )
      .optional(),
    victimStatusAtEnd: codes('victimStatuses').optional(),
    salePrice: z.number().nonnegative().max(1e12).optional(),
    saleCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
      .optional(),
    saleKind: codes('saleKinds').optional(),
  })
  .strict();

export const perpetratorSchema = z
  .object({
    id,
    kind: codes('perpetratorKinds'),
    type: codes('perpetratorTypes'),
    name: text.optional(),
    description: text.optional(),
  })
  .strict();

export const involvementSchema = z
  .object({
    perpetratorId: id,
    actId: id,
    role: codes('roles'),
    degree: codes('involvementDegrees'),
  })
  .strict();

export const eventLinkSchema = z
  .object({ from: id, to: id, kind: codes('eventLinkKinds') })
  .strict();

const sourceId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be letters, digits, _ . - (up to 64)');

export const informationSourceSchema = z
  .object({
    id,
    sourceId,
    knowledge: codes('informationKnowledge'),
    reliability: codes('sourceReliability'),
    language: z.string().min(2).max(35).optional(),
    interviewDate: fuzzyDateSchema.optional(),
    informant: text.optional(),
  })
  .strict();

export const consentSchema = z
  .object({
    purposes: z.array(codes('consentPurposes')),
    restrictions: text.optional(),
    givenOn: isoDate.optional(),
    withdrawnOn: isoDate.optional(),
  })
  .strict();

export const interventionSchema = z
  .object({
    id,
    kind: codes('interventionKinds'),
    status: codes('interventionStatuses'),
    responsible: text.optional(),
    deadline: isoDate.optional(),
    notes: text.optional(),
  })
  .strict();

export const evidenceItemSchema = z
  .object({
    id,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
    mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type like image/jpeg'),
    bytes: z.int().nonnegative(),
    description: text.optional(),
    receivedOn: isoDate.optional(),
  })
  .strict();

export const elementAssessmentSchema = z
  .object({
    actId: id,
    element: codes('legalElements'),
    evidenceIds: z.array(id),
    status: codes('assessmentStatuses'),
    note: text.optional(),
  })
  .strict();

const caseShape = z
  .object({
    id,
    organisation: sourceId,
    source: sourceId,
    status: codes('caseStatuses'),
    person: personSchema,
    events: z.array(eventSchema),
    acts: z.array(actSchema),
    perpetrators: z.array(perpetratorSchema),
    involvements: z.array(involvementSchema),
    links: z.array(eventLinkSchema),
    information: z.array(informationSourceSchema),
    consent: consentSchema,
    interventions: z.array(interventionSchema),
    evidence: z.array(evidenceItemSchema),
    assessments: z.array(elementAssessmentSchema),
  })
  .strict();

type Issue = { path: (string | number)[]; message: string };

/** Checks that cross-references inside a case point at something that exists in it. */
export function caseReferenceIssues(c: z.infer<typeof caseShape>): Issue[] {
  const issues: Issue[] = [];
  const unique = (
    list: { id: string }[],
    name: 'events' | 'acts' | 'perpetrators' | 'information' | 'interventions' | 'evidence',
  ) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id))
        issues.push({ path: [name, i, 'id'], message: `the id ${item.id} is used twice` });
      seen.add(item.id);
    });
    return seen;
  };
  const events = unique(c.events, 'events');
  const acts = unique(c.acts, 'acts');
  const perpetrators = unique(c.perpetrators, 'perpetrators');
  unique(c.information, 'information');
  unique(c.interventions, 'interventions');
  const evidence = unique(c.evidence, 'evidence');
  c.acts.forEach((a, i) => {
    if (!events.has(a.eventId))
      issues.push({ path: ['acts', i, 'eventId'], message: `no event ${a.eventId} in the case` });
    if (a.victimId !== c.person.id) {
      issues.push({ path: ['acts', i, 'victimId'], message: 'is not the id of the case’s person' });
    }
    if ((a.salePrice !== undefined) !== (a.saleCurrency !== undefined)) {
      issues.push({
        path: ['acts', i, 'saleCurrency'],
        message: 'a sale price needs its currency, and a currency its price',
      });
    }
  });
  const involvementKeys = new Set<string>();
  c.involvements.forEach((v, i) => {
    if (!perpetrators.has(v.perpetratorId))
      issues.push({
        path: ['involvements', i, 'perpetratorId'],
        message: `no perpetrator ${v.perpetratorId} in the case`,
      });
    if (!acts.has(v.actId))
      issues.push({ path: ['involvements', i, 'actId'], message: `no act ${v.actId} in the case` });
    const key = `${v.perpetratorId}\u0000${v.actId}\u0000${v.role}`;
    if (involvementKeys.has(key))
      issues.push({ path: ['involvements', i], message: 'the same involvement is listed twice' });
    involvementKeys.add(key);
  });
  const linkKeys = new Set<string>();
  c.links.forEach((l, i) => {
    if (!events.has(l.from))
      issues.push({ path: ['links', i, 'from'], message: `no event ${l.from} in the case` });
    if (!events.has(l.to))
      issues.push({ path: ['links', i, 'to'], message: `no event ${l.to} in the case` });
    const key = `${l.from}\u0000${l.to}\u0000${l.kind}`;
    if (linkKeys.has(key))
      issues.push({ path: ['links', i], message: 'the same link is listed twice' });
    linkKeys.add(key);
  });
  const assessmentKeys = new Set<string>();
  c.assessments.forEach((a, i) => {
    if (!acts.has(a.actId))
      issues.push({ path: ['assessments', i, 'actId'], message: `no act ${a.actId} in the case` });
    a.evidenceIds.forEach((e, j) => {
      if (!evidence.has(e))
        issues.push({
          path: ['assessments', i, 'evidenceIds', j],
          message: `no evidence item ${e} in the case`,
        });
    });
    const key = `${a.actId}\u0000${a.element}`;
    if (assessmentKeys.has(key))
      issues.push({ path: ['assessments', i], message: 'the act and element are assessed twice' });
    assessmentKeys.add(key);
  });
  if (new Set(c.consent.purposes).size !== c.consent.purposes.length) {
    issues.push({ path: ['consent', 'purposes'], message: 'a purpose is listed twice' });
  }
  const p = c.person;
  if (p.birthDate && p.birthYear !== undefined && Number(p.birthDate.slice(0, 4)) !== p.birthYear) {
    issues.push({ path: ['person', 'birthDate'], message: 'does not agree with birthYear' });
  }
  return issues;
}

export const caseSchema = caseShape.superRefine((c, ctx) => {
  for (const issue of caseReferenceIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
});

// The schema and the model must describe the same thing: a parsed case is a Case, and the
// schema has exactly the model's top-level fields.
type Parsed = z.infer<typeof caseSchema>;
const parsedIsCase = (c: Parsed): Case => c;
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : false;
const sameKeys: SameKeys<Parsed, Case> &
  SameKeys<Parsed['person'], Case['person']> &
  SameKeys<Parsed['events'][number], Case['events'][number]> &
  SameKeys<Parsed['acts'][number], Case['acts'][number]> = true;
void parsedIsCase;
void sameKeys;

export const CASE_SCHEMA_ID = 'https://jayu.invalid/schema/case.schema.json';

/** The JSON Schema of one case (a JSON file holds one case or an array; JSONL one per line). */
export function caseJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(caseShape, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: CASE_SCHEMA_ID,
    title: 'Jayu case',
    description:
      'One testimony: a victim, her route as events, and everything tied to it (HURIDOCS Events ' +
      'Standard Formats with IOM HTCDS / CTDC fields). Identifying fields are encrypted on import.',
    ...schema,
  };
}

/**
 * Jayu's controlled vocabularies: every coded field of the data model, with Korean, English and
 * simplified Chinese labels. Codes are what is stored and exchanged; labels are only displayed.
 */
import { ageBands } from './age-bands';
import {
  assessmentStatuses,
  caseStatuses,
  consentPurposes,
  countingUnits,
  datePrecisions,
  eventLinkKinds,
  informationKnowledge,
  interventionKinds,
  interventionStatuses,
  saleKinds,
  sexes,
  sourceReliability,
  victimStatuses,
} from './case-fields';
import { eventTypes } from './event-types';
import type { Lang, VocabEntry } from './labels';
import { legalElements, type LegalElementCode, type LegalElementData } from './legal-elements';
import { legalFrameworks } from './legal-frameworks';
import { meansOfControl } from './means-of-control';
import { involvementDegrees, perpetratorKinds, perpetratorTypes, roles } from './perpetrators';
import { recruitmentMethods } from './recruitment-methods';
import { violations, type Violation, type ViolationCode } from './violations';

export { ageBand, isChildAge, type AgeBandCode } from './age-bands';
export { LANGS, type Labels, type Lang, type VocabEntry } from './labels';
export { CONTEXT_ELEMENTS, type LegalElementCode } from './legal-elements';
export type { LegalFrameworkCode } from './legal-frameworks';
export type { MeansOfControlCode } from './means-of-control';
export type { PerpetratorTypeCode, RoleCode } from './perpetrators';
export type { RecruitmentMethodCode } from './recruitment-methods';
export type { SourceReliabilityCode } from './case-fields';
export type { Violation, ViolationCode, ViolationRoute } from './violations';

export const vocabularies = {
  violations,
  legalElements,
  legalFrameworks,
  eventTypes,
  perpetratorTypes,
  perpetratorKinds,
  roles,
  involvementDegrees,
  meansOfControl,
  recruitmentMethods,
  ageBands,
  datePrecisions,
  sourceReliability,
  informationKnowledge,
  consentPurposes,
  saleKinds,
  victimStatuses,
  eventLinkKinds,
  assessmentStatuses,
  interventionKinds,
  interventionStatuses,
  sexes,
  caseStatuses,
  countingUnits,
} as const satisfies Record<string, readonly VocabEntry[]>;

export type VocabName = keyof typeof vocabularies;
/** The codes of one vocabulary, e.g. `VocabCode<'eventTypes'>`. */
export type VocabCode<N extends VocabName> = (typeof vocabularies)[N][number]['code'];

export type LegalElement = LegalElementData & { readonly code: LegalElementCode };

/** Raised for a vocabulary name or code that does not exist (codes are never identifying). */
export class UnknownCodeError extends Error {
  constructor(vocab: string, code: string) {
    super(`unknown code '${code}' in vocabulary '${vocab}'`);
    this.name = 'UnknownCodeError';
  }
}

let byCode: Map<string, Map<string, VocabEntry>> | undefined;

function index(): Map<string, Map<string, VocabEntry>> {
  byCode ??= new Map(
    Object.entries(vocabularies).map(([name, entries]) => [
      name,
      new Map((entries as readonly VocabEntry[]).map((e) => [e.code, e])),
    ]),
  );
  return byCode;
}

/** The entry for a code, or undefined. */
export function entryOf(vocab: VocabName, code: string): VocabEntry | undefined {
  return index().get(vocab)?.get(code);
}

/** True when `code` is a code of the vocabulary (exact, case-sensitive). */
export function isCode(vocab: VocabName, code: string): boolean {
  return entryOf(vocab, code) !== undefined;
}

/** The label of a code in a language; throws UnknownCodeError for a code not in the vocabulary. */
export function label(vocab: VocabName, code: string, lang: Lang): string {
  const entry = entryOf(vocab, code);
  if (!entry) throw new UnknownCodeError(vocab, code);
  return entry.labels[lang];
}

export function violationOf(code: string): Violation {
  const v = entryOf('violations', code) as Violation | undefined;
  if (!v) throw new UnknownCodeError('violations', code);
  return v;
}

/**
 * The legal elements to be shown for a violation (all routes together, each element once).
 * With `victimIsChild`, elements that need not be shown for a child (the Palermo means) are left
 * out.
 */
export function elementsOf(
  violation: ViolationCode | string,
  options: { victimIsChild?: boolean } = {},
): readonly LegalElement[] {
  return violationOf(violation)
    .elements.map((code) => entryOf('legalElements', code) as LegalElement)
    .filter((e) => !(options.victimIsChild && e.notRequiredIf === 'child'));
}

/**
 * How identifying data sits in the database: every row that has any keeps it in one `vault`
 * column, a JSON object sealed by the organisation's RecordSealer (src/protect/contracts.ts) and
 * bound to (table, record key, VAULT_FIELD). The record key is the row's natural key, which never
 * changes when a row is re-imported, so a ciphertext moved to another row fails to open.
 */

/** The field name every vault is sealed under. */
export const VAULT_FIELD = 'vault';

/** Record keys that vaults are bound to, per table. */
export const vaultRecordKey = {
  /** persons: the organisation's list and its own record id. */
  person: (sourceId: string, recordId: string): string => `${sourceId}/${recordId}`,
  /** Child rows of a case (events, perpetrators, information_sources, ...). */
  caseChild: (caseId: string, id: string): string => `${caseId}/${id}`,
  /** element_assessments: one per (act, element) in a case. */
  assessment: (caseId: string, actId: string, element: string): string =>
    `${caseId}/${actId}/${element}`,
};

/** Content of persons.vault. */
export interface PersonVault {
  familyName?: string;
  givenName?: string;
  otherNames?: string[];
  /** Exact birth date (YYYY-MM-DD or YYYY-MM). */
  birthDate?: string;
  idNumber?: string;
  address?: string;
  contacts?: string[];
  notes?: string;
  /** Person-list columns beyond the standard ones, kept as written: header -> value. */
  extra?: Record<string, string>;
}

/** Content of events.vault: the exact dates (when finer than a year) and the description. */
export interface EventVault {
  start?: string;
  end?: string;
  description?: string;
}

export interface PerpetratorVault {
  name?: string;
  description?: string;
}

export interface InformationSourceVault {
  informant?: string;
  interviewDate?: string;
}

export interface NoteVault {
  notes?: string;
}

export interface DescriptionVault {
  description?: string;
}

export interface AssessmentVault {
  note?: string;
}

/** Blind-index kinds (RecordSealer.blindIndex) of the persons table's *_key columns. */
export const PERSON_KEY_KINDS = {
  name: 'person_name',
  birthDate: 'birth_date',
  idNumber: 'id_number',
} as const;

/**
 * Whether NFKC leaves the text as it is, by a cheap check that covers nearly every name in a
 * list: ASCII, Hangul syllables and CJK unified ideographs only (all already in NFKC form).
 * Anything else goes through String.normalize.
 */
function nfkcAsIs(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x4e00 && c <= 0x9fff)) continue;
    return false;
  }
  return true;
}

const nfkc = (text: string): string => (nfkcAsIs(text) ? text : text.normalize('NFKC'));

/** Normal form of a name for its exact-match key: NFKC, lower case, no spaces or punctuation. */
export function normaliseNameForKey(name: string): string {
  return nfkc(name)
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, '');
}

/** Normal form of an identity document or phone number: letters and digits, upper case. */
export function normaliseIdNumberForKey(idNumber: string): string {
  return nfkc(idNumber)
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Drops undefined, empty strings and empty arrays/objects, so a vault holds only what is known. */
export function compactVault<T extends object>(vault: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vault)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? (out as T) : undefined;
}

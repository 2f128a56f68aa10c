/** The three languages every vocabulary entry and place is labelled in. */
export type Lang = 'ko' | 'en' | 'zh';
export const LANGS: readonly Lang[] = ['ko', 'en', 'zh'];

/** Korean (South Korean standard spelling), English, and simplified Chinese. */
export type Labels = Readonly<Record<Lang, string>>;

/** One entry of a controlled vocabulary: a stable code (stored) and its labels (displayed). */
export interface VocabEntry<C extends string = string> {
  readonly code: C;
  readonly labels: Labels;
}

/**
 * Turns a record keyed by code into a list of entries. Writing vocabularies as records lets the
 * compiler check that a vocabulary mirroring a union in types.ts has exactly its members.
 */
export function fromRecord<C extends string, T extends object>(
  record: Record<C, T>,
): ReadonlyArray<T & { readonly code: C }> {
  return (Object.keys(record) as C[]).map((code) => ({ code, ...record[code] }));
}

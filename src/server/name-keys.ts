/**
 * The comparison keys a case is found by from a name typed in any script. The linkage layer's
 * name keys (src/linkage/names) reduce every spelling of a Korean name (Hangul of either Korea,
 * Hanja, simplified characters, RR, McCune-Reischauer, DPRK, passport, pinyin) to romanisation
 * skeletons; a case stores the skeletons of its person's names, blind-indexed, and a query
 * computes the skeletons of what was typed. The keys never leave the server in clear.
 */
import { givenNameKeys, splitFullName, surnameKeys } from '../linkage/names/keys';

/** Blind-index domain of the keys (RecordSealer.blindIndex kind). */
export const NAME_KEY_KIND = 'case_name_search';

export interface NameForms {
  familyName?: string;
  givenName?: string;
  otherNames?: string[];
}

function fullNameKeys(family: string, given: string, query: boolean): string[] {
  const f = surnameKeys(family);
  const g = givenNameKeys(given);
  // A query also tries the Korean names a pinyin spelling may stand for (Jin Shunji -> 김순희);
  // a stored name is keyed only by what it certainly is.
  const fs = query ? [...f.skeleton, ...f.guessSkeleton] : f.skeleton;
  const gs = query ? [...g.skeleton, ...g.guessSkeleton] : g.skeleton;
  const keys: string[] = [];
  for (const a of fs) for (const b of gs) keys.push(`name:${a}|${b}`);
  if (!family.trim()) for (const b of gs) keys.push(`given:${b}`);
  return keys;
}

/** Keys of every name a person is recorded under. */
export function storedNameKeys(names: NameForms): string[] {
  const keys = new Set<string>();
  const add = (family: string, given: string) => {
    for (const k of fullNameKeys(family, given, false)) keys.add(k);
    // The given name alone too, so a search for just 순희 / Sun-hee finds her.
    for (const b of givenNameKeys(given).skeleton) keys.add(`given:${b}`);
  };
  if (names.givenName || names.familyName) add(names.familyName ?? '', names.givenName ?? '');
  for (const other of names.otherNames ?? []) {
    const { family, given } = splitFullName(other);
    if (family || given) add(family, given);
  }
  return [...keys];
}

/** Keys of a typed query: a full name, or a given name alone. */
export function queryNameKeys(q: string): string[] {
  const text = q.trim();
  if (!text) return [];
  const { family, given } = splitFullName(text);
  const keys = new Set(fullNameKeys(family, given, true));
  // One word may be a whole name (김순희) or a given name alone (순희): try both.
  if (!/\s/.test(text)) for (const k of fullNameKeys('', text, true)) keys.add(k);
  return [...keys];
}

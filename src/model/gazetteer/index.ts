/**
 * The gazetteer: every place Jayu records (DPRK provinces and border counties, the Chinese
 * provinces and the northeast down to the crossing towns, transit countries), with names in
 * Korean (South and North spellings), simplified Chinese, English and romanised aliases, and
 * lookup from any of those names to a stable id.
 */
import { lookupForms, normaliseName, type SuffixHint } from './normalise';
import { toPlace } from './place-spec';
import { CHINA_NORTHEAST, CHINA_PROVINCES } from './places-china';
import { COUNTRIES } from './places-countries';
import { DPRK } from './places-dprk';
import type { Division, Place } from './types';

export { crossingPairs } from './crossings';
export { normaliseName } from './normalise';
export type { CrossingPair, Division, Place, PlaceKind, PlaceNames } from './types';

const PLACES: readonly Place[] = [
  ...COUNTRIES,
  ...CHINA_NORTHEAST,
  ...CHINA_PROVINCES,
  ...DPRK,
].map(toPlace);

/** Every place, countries first. */
export function allPlaces(): readonly Place[] {
  return PLACES;
}

interface Index {
  byId: Map<string, Place>;
  children: Map<string, Place[]>;
  /** Normalised name form -> places written so. */
  byForm: Map<string, Set<Place>>;
}

let built: Index | undefined;

/** Every written form of a place that lookup accepts: names, aliases, id and ISO code. */
export function namesOf(place: Place): string[] {
  const { ko, koNorth, zh, en } = place.names;
  return [
    ko,
    ...(koNorth ? [koNorth] : []),
    zh,
    en,
    ...place.aliases,
    place.id,
    ...(place.iso ? [place.iso] : []),
  ];
}

// Built on first use: the alias index is a few thousand keys, cheap but not free at import time.
function index(): Index {
  if (built) return built;
  const byId = new Map<string, Place>();
  const children = new Map<string, Place[]>();
  const byForm = new Map<string, Set<Place>>();
  for (const place of PLACES) {
    if (byId.has(place.id)) throw new Error(`gazetteer: duplicate place id ${place.id}`);
    byId.set(place.id, place);
    if (place.parent) {
      const siblings = children.get(place.parent) ?? [];
      siblings.push(place);
      children.set(place.parent, siblings);
    }
    for (const name of namesOf(place)) {
      for (const { form } of lookupForms(normaliseName(name))) {
        let set = byForm.get(form);
        if (!set) byForm.set(form, (set = new Set()));
        set.add(place);
      }
    }
  }
  built = { byId, children, byForm };
  return built;
}

export function getPlace(id: string): Place | undefined {
  return index().byId.get(id);
}

const LEVEL: Record<Place['kind'], number> = {
  country: 0,
  province: 1,
  prefecture: 2,
  county: 3,
  town: 4,
};

function byLevelThenId(a: Place, b: Place): number {
  return LEVEL[a.kind] - LEVEL[b.kind] || a.id.localeCompare(b.id);
}

const HINT_FITS: Record<SuffixHint, readonly Division[]> = {
  province: ['province'],
  region: ['autonomous_region'],
  prefecture: ['autonomous_prefecture', 'prefecture'],
  city: ['municipality', 'special_city', 'prefecture_city', 'city'],
  county: ['county', 'autonomous_county'],
  district: ['district'],
  town: ['town'],
};

/** The places a normalised key is written as, narrowed by what its suffixes say. */
function lookupKey(key: string): Place[] {
  const { byForm } = index();
  for (const { form, hints } of lookupForms(key)) {
    const found = byForm.get(form);
    if (!found) continue;
    let places = [...found];
    for (const hint of hints) {
      const fitting = places.filter((p) => HINT_FITS[hint].includes(p.division));
      if (fitting.length > 0) places = fitting;
    }
    return places.sort(byLevelThenId);
  }
  return [];
}

function isWithin(place: Place, container: Place): boolean {
  return place === container || ancestors(place.id).includes(container);
}

const SEPARATORS = /[\s,;/|>]+/u;
const LATIN_KEY = /^[a-z0-9]+$/;
// Beyond this many pieces a compound is not a place name (an address, a sentence): not tried.
const MAX_PIECES = 16;

/**
 * A name made of several place names, broadest or narrowest first (함경북도 무산군, 吉林省延吉市,
 * "Musan, North Hamgyong", "Hyesan Ryanggang"): the most specific place such that every part
 * names it or a place containing it. Pieces are the words, or for Hangul and Chinese written
 * without spaces the characters; every piece must belong to some part.
 */
function lookupCompound(name: string): Place[] {
  const words = name
    .split(SEPARATORS)
    .map(normaliseName)
    .filter((w) => w !== '');
  let pieces: string[];
  if (words.length >= 2) pieces = words;
  else if (words.length === 1 && !LATIN_KEY.test(words[0])) pieces = [...words[0]];
  else return [];
  if (pieces.length < 2 || pieces.length > MAX_PIECES) return [];

  const memo = new Map<string, Place[]>();
  const resolve = (key: string): Place[] => {
    let found = memo.get(key);
    if (!found) memo.set(key, (found = lookupKey(key)));
    return found;
  };
  const results = new Set<Place>();
  // Every way of cutting the pieces into consecutive parts that each name a place.
  const walk = (start: number, parts: Place[][]): void => {
    if (start === pieces.length) {
      if (parts.length < 2) return;
      for (const candidate of parts.flat()) {
        if (parts.every((part) => part.some((p) => isWithin(candidate, p)))) results.add(candidate);
      }
      return;
    }
    for (let end = start + 1; end <= pieces.length; end++) {
      const part = resolve(pieces.slice(start, end).join(''));
      if (part.length > 0) walk(end, [...parts, part]);
    }
  };
  walk(0, []);
  // Keep the most specific: drop any result that contains another.
  const all = [...results];
  return all.filter((r) => !all.some((o) => o !== r && isWithin(o, r))).sort(byLevelThenId);
}

// Imports look up the same few hundred names millions of times: remember the answers.
const MEMO_LIMIT = 50_000;
const memo = new Map<string, readonly Place[]>();

/**
 * Every place a name may mean, broadest first. The name may be in any script and carry an
 * administrative suffix; a suffix that says what kind of place it is (吉林市 vs 吉林省, Jilin City)
 * narrows the answer when the bare name is shared. A name made of a province and a county
 * (함경북도 무산군) means the county.
 */
export function lookupPlaceAll(name: string): Place[] {
  let found = memo.get(name);
  if (!found) {
    const key = normaliseName(name);
    found = key === '' ? [] : lookupKey(key);
    if (found.length === 0 && key !== '') found = lookupCompound(name);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(name, found);
  }
  return [...found];
}

/**
 * The place a name means, or undefined when it is unknown or ambiguous. When the candidates all
 * lie on one line of descent (Jilin the province and Jilin the city in it), the broadest is
 * returned: it is true whichever was meant, only less precise.
 */
export function lookupPlace(name: string): Place | undefined {
  const places = lookupPlaceAll(name);
  if (places.length <= 1) return places[0];
  const [broadest, ...rest] = places;
  return rest.every((p) => isWithin(p, broadest)) ? broadest : undefined;
}

/** The enclosing places, nearest first, up to the country. */
export function ancestors(id: string): Place[] {
  const out: Place[] = [];
  let current = getPlace(id);
  while (current?.parent) {
    const parent = getPlace(current.parent);
    if (!parent) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/** The province-level place (province, autonomous region, municipality, special city) a place is in, or is. */
export function provinceOf(id: string): Place | undefined {
  const place = getPlace(id);
  if (!place) return undefined;
  return [place, ...ancestors(id)].find((p) => p.kind === 'province');
}

/** The country a place is in, or is. */
export function countryOf(id: string): Place | undefined {
  const place = getPlace(id);
  if (!place) return undefined;
  return [place, ...ancestors(id)].find((p) => p.kind === 'country');
}

/** The places directly inside a place. */
export function childrenOf(id: string): readonly Place[] {
  return index().children.get(id) ?? [];
}

/** A place's display name; `north` picks the North Korean spelling in Korean where there is one. */
export function placeName(
  place: Place,
  lang: 'ko' | 'en' | 'zh',
  spelling: 'south' | 'north' = 'south',
): string {
  if (lang === 'ko' && spelling === 'north') return place.names.koNorth ?? place.names.ko;
  return place.names[lang];
}

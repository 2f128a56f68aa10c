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

/**
 * Every place a name may mean, broadest first. The name may be in any script and carry an
 * administrative suffix; a suffix that says what kind of place it is (吉林市 vs 吉林省, Jilin City)
 * narrows the answer when the bare name is shared.
 */
export function lookupPlaceAll(name: string): Place[] {
  const key = normaliseName(name);
  if (!key) return [];
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

/**
 * The place a name means, or undefined when it is unknown or ambiguous. When the candidates all
 * lie on one line of descent (Jilin the province and Jilin the city in it), the broadest is
 * returned: it is true whichever was meant, only less precise.
 */
export function lookupPlace(name: string): Place | undefined {
  const places = lookupPlaceAll(name);
  if (places.length <= 1) return places[0];
  const [broadest, ...rest] = places;
  return rest.every((p) => ancestors(p.id).some((a) => a.id === broadest.id))
    ? broadest
    : undefined;
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

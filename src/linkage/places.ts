/**
 * Places as linkage compares them: a place key (the same county or town) and a province key.
 * With the gazetteer, 延吉, Yanji and 연길 are one place in one province; without it, places
 * are compared as normalised text and the province is unknown.
 */
import { crossingPairs, lookupPlace, provinceOf } from '../model/gazetteer';

export interface ResolvedPlace {
  /** Key of the place itself ('' when the text is empty). */
  place: string;
  /** Key of its province ('' when unknown). */
  province: string;
}

/** Key prefix of a place the gazetteer did not know, kept as its normalised text. */
export const UNRESOLVED_PREFIX = 'text:';

export interface PlaceResolver {
  resolve(text: string): ResolvedPlace;
}

/** Lower case, width and accents folded, punctuation and spacing collapsed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Places as normalised text; the province is not known. */
export const textPlaceResolver: PlaceResolver = {
  resolve(text: string): ResolvedPlace {
    return { place: normaliseText(text), province: '' };
  },
};

/**
 * Places through the gazetteer (any script, any administrative suffix); a name it does not know,
 * or one it cannot tell apart (two counties of one name), stays normalised text of its own.
 */
export const gazetteerPlaceResolver: PlaceResolver = {
  resolve(text: string): ResolvedPlace {
    const place = lookupPlace(text);
    if (!place) return { place: `${UNRESOLVED_PREFIX}${normaliseText(text)}`, province: '' };
    return { place: place.id, province: provinceOf(place.id)?.id ?? '' };
  },
};

let crossingGroups: Map<string, string> | undefined;

/**
 * Crossings as groups of places: the two banks of each crossing pair, pairs that share a bank
 * merged (Hunchun faces both Kyongwon and Rason), each group named after its first pair.
 */
function crossingGroupOf(): Map<string, string> {
  if (crossingGroups) return crossingGroups;
  const group = new Map<string, string>();
  for (const pair of crossingPairs) {
    const existing = group.get(pair.dprk) ?? group.get(pair.prc);
    const name = existing ?? `crossing:${pair.id}`;
    for (const side of [pair.dprk, pair.prc]) {
      const before = group.get(side);
      if (before && before !== name)
        for (const [k, v] of group) if (v === before) group.set(k, name);
      group.set(side, name);
    }
  }
  crossingGroups = group;
  return group;
}

/**
 * The border crossing a place id belongs to (either bank, or a place inside either bank's
 * county: Nanping town is the Musan crossing), as `crossing:<pair id>`; undefined otherwise.
 */
export function crossingOf(placeId: string): string | undefined {
  const groups = crossingGroupOf();
  for (let id = placeId; id; id = id.slice(0, Math.max(0, id.lastIndexOf('-')))) {
    const hit = groups.get(id);
    if (hit) return hit;
  }
  return undefined;
}

/** Caches a resolver's answers: a column has few distinct places and many records. */
export function cachedResolver(inner: PlaceResolver): PlaceResolver {
  const cache = new Map<string, ResolvedPlace>();
  return {
    resolve(text: string): ResolvedPlace {
      let hit = cache.get(text);
      if (!hit) {
        hit = inner.resolve(text);
        cache.set(text, hit);
      }
      return hit;
    },
  };
}

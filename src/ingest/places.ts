/**
 * Resolves a place name as written in a person list (any script or romanisation) to a gazetteer
 * id. Unknown names are not errors: the import keeps them verbatim and reports them.
 */
import { lookupPlace, provinceOf } from '../model/gazetteer';

/** Gazetteer id for a name, or undefined when the gazetteer does not know it (or it is ambiguous). */
export type PlaceLookup = (name: string) => string | undefined;

export const gazetteerLookup: PlaceLookup = (name) => lookupPlace(name)?.id;

/** The province-level id a place is in (or is), for the home-province breakdown. */
export function provinceIdOf(placeId: string): string | undefined {
  return provinceOf(placeId)?.id;
}

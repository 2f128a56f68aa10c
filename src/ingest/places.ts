/**
 * Resolves a place name as written in a person list (any script or romanisation) to a gazetteer
 * id. Unknown names are not errors: the import keeps them verbatim and reports them.
 */

/** Gazetteer id for a name, or undefined when the gazetteer does not know it. */
export type PlaceLookup = (name: string) => string | undefined;

/** Until the gazetteer answers, no name resolves (everything is kept verbatim). */
export const noPlaces: PlaceLookup = () => undefined;

import type { Division, Place, PlaceKind } from './types';

/** A place as written in the data files; kind, parent and country follow from id and division. */
export interface PlaceSpec {
  readonly id: string;
  readonly division: Division;
  readonly ko: string;
  readonly koNorth?: string;
  readonly zh: string;
  readonly en: string;
  readonly aliases?: readonly string[];
  readonly iso?: string;
  /** [lat, lon] */
  readonly at: readonly [number, number];
}

const KIND_OF: Record<Division, PlaceKind> = {
  country: 'country',
  province: 'province',
  autonomous_region: 'province',
  municipality: 'province',
  special_city: 'province',
  prefecture_city: 'prefecture',
  autonomous_prefecture: 'prefecture',
  prefecture: 'prefecture',
  city: 'county',
  county: 'county',
  autonomous_county: 'county',
  district: 'county',
  town: 'town',
};

/**
 * Ids spell the path from the country down (`cn-jl-yanbian-yanji`), so the parent of a place is
 * its id without the last segment and the country is the first segment.
 */
export function toPlace(spec: PlaceSpec): Place {
  const segments = spec.id.split('-');
  const kind = KIND_OF[spec.division];
  return {
    id: spec.id,
    kind,
    division: spec.division,
    country: segments[0].toUpperCase(),
    parent: segments.length > 1 ? segments.slice(0, -1).join('-') : undefined,
    names: {
      ko: spec.ko,
      ...(spec.koNorth ? { koNorth: spec.koNorth } : {}),
      zh: spec.zh,
      en: spec.en,
    },
    aliases: spec.aliases ?? [],
    ...(spec.iso ? { iso: spec.iso } : {}),
    lat: spec.at[0],
    lon: spec.at[1],
  };
}

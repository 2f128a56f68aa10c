/**
 * A map drawn from the offline province outlines only: no tile server, nothing fetched from
 * outside. Shows counts per province as shades, and/or a victim's route as numbered points.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { currentLang } from '../i18n';

type Geo = GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>;

let provincesPromise: Promise<Geo> | null = null;
export function loadProvinces(): Promise<Geo> {
  provincesPromise ??= get<Geo>('/geo/provinces').catch((e: unknown) => {
    provincesPromise = null;
    throw e;
  });
  return provincesPromise;
}

/** Gazetteer id of a province feature (cn-jl, kp-ryanggang): the key counts are given by. */
export function provinceCode(props: Record<string, unknown>): string {
  return String(props.placeId ?? props.iso ?? '');
}

export function provinceName(props: Record<string, unknown>): string {
  const lang = currentLang();
  const pick = (k: string) =>
    typeof props[k] === 'string' && props[k] ? (props[k] as string) : undefined;
  return (
    (lang === 'ko' ? pick('name_ko') : lang === 'zh' ? pick('name_zh') : pick('name_en')) ??
    pick('name_en') ??
    pick('name') ??
    provinceCode(props)
  ).trim();
}

export interface RoutePoint {
  lat: number;
  lon: number;
  label: string;
}

interface Props {
  counts?: Record<string, number>;
  route?: RoutePoint[];
  label: string;
  height?: number;
  testId?: string;
}

/** The Red Zone (Liaoning, Jilin, Heilongjiang) and every DPRK province. */
const FOCUS = /^(kp-|cn-(ln|jl|hl)$)/;

const SHADES = ['#fde7e4', '#f9b9ae', '#f28a78', '#e35a45', '#c0311f', '#8f1d10'];

function shade(n: number, max: number): string {
  if (n <= 0 || max <= 0) return '#f3f3f1';
  const i = Math.min(
    SHADES.length - 1,
    Math.floor((Math.log1p(n) / Math.log1p(max)) * (SHADES.length - 1)),
  );
  return SHADES[i]!;
}

export function ProvinceMap({ counts, route, label, height = 420, testId }: Props) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);

  // One map for the component's life; its layers are redrawn when the data or language change.
  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, {
      attributionControl: true,
      zoomSnap: 0.25,
      minZoom: 3,
      maxZoom: 10,
    });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Natural Earth');
    map.setView([42, 127], 5);
    mapRef.current = map;
    return () => {
      mapRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const node = el.current;
    if (!map || !node) return;
    node.setAttribute('data-ready', 'false');
    const group = L.layerGroup().addTo(map);
    let cancelled = false;
    const max = counts ? Math.max(0, ...Object.values(counts)) : 0;
    void loadProvinces()
      .then((geo) => {
        if (cancelled) return;
        const layer = L.geoJSON(geo, {
          style: (f) => {
            const code = provinceCode(f?.properties ?? {});
            const n = counts?.[code] ?? 0;
            return {
              color: code.startsWith('kp') ? '#555' : '#888',
              weight: 1,
              fillColor: counts ? shade(n, max) : code.startsWith('kp') ? '#ece8df' : '#f3f3f1',
              fillOpacity: 0.9,
            };
          },
          onEachFeature: (f, lyr) => {
            const code = provinceCode(f.properties ?? {});
            const n = counts?.[code];
            lyr.bindTooltip(
              `${provinceName(f.properties ?? {})}${n !== undefined ? `: ${n}` : ''}`,
              {
                sticky: true,
              },
            );
          },
        }).addTo(group);
        if (route && route.length > 0) {
          const pts = route.map((p) => L.latLng(p.lat, p.lon));
          L.polyline(pts, { color: '#1d4e89', weight: 3, dashArray: '6 4' }).addTo(group);
          route.forEach((p, i) => {
            L.circleMarker([p.lat, p.lon], {
              radius: 7,
              color: '#fff',
              weight: 2,
              fillColor: '#1d4e89',
              fillOpacity: 1,
            })
              .bindTooltip(`${i + 1}. ${p.label}`, { direction: 'right' })
              .addTo(group);
          });
          map.fitBounds(L.latLngBounds(pts).pad(0.6), { maxZoom: 7 });
        } else if (counts) {
          // The dashboard looks at the Red Zone and the DPRK: fit those, wherever counts are.
          const focus = geo.features.filter((f) => FOCUS.test(provinceCode(f.properties ?? {})));
          const bounds = L.geoJSON({
            type: 'FeatureCollection',
            features: focus,
          } as Geo).getBounds();
          map.fitBounds(bounds.isValid() ? bounds : layer.getBounds(), { padding: [8, 8] });
        } else {
          map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        }
        node.setAttribute('data-route-points', String(route?.length ?? 0));
        node.setAttribute('data-ready', 'true');
      })
      .catch(() => node.setAttribute('data-ready', 'error'));
    return () => {
      cancelled = true;
      group.remove();
    };
    // Labels follow the language: redraw when it changes.
  }, [counts, route, i18n.language]);

  return (
    <figure className="map-figure">
      <div
        ref={el}
        className="province-map"
        style={{ height }}
        role="region"
        aria-label={label}
        data-testid={testId}
      />
      {counts && (
        <figcaption className="legend">
          <span>{t('map.fewer')}</span>
          {SHADES.map((c) => (
            <span key={c} className="swatch" style={{ background: c }} />
          ))}
          <span>{t('map.more')}</span>
        </figcaption>
      )}
    </figure>
  );
}

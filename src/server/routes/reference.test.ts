import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store';
import { MEMORY } from '../../store/pglite';
import { SESSION_COOKIE } from '../auth';
import { serverFixture, type Client, type ServerFixture } from '../testing/http';

describe('reference routes', () => {
  let s: ServerFixture;
  let doc: Client;
  beforeAll(async () => {
    s = await serverFixture(await openStore({ data: MEMORY }));
    doc = await s.signedIn('documenter-org-a');
  });
  afterAll(() => s.close());

  it('refuses every reference route without a session', async () => {
    const anon = await s.anonymous();
    for (const [method, url] of [
      ['GET', '/api/vocabularies'],
      ['GET', '/api/places'],
      ['POST', '/api/places/search'],
      ['GET', '/api/geo/provinces'],
      ['GET', '/api/sources'],
    ] as const) {
      const res = await anon.request({
        method,
        url,
        payload: method === 'POST' ? { q: '무산' } : undefined,
      });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('serves the vocabularies with ko/en/zh labels and the legal elements of each violation', async () => {
    const v = (await doc.get('/api/vocabularies')).json();
    const trafficking = v.violations.find((x: { code: string }) => x.code === 'trafficking');
    expect(trafficking.labels).toEqual({
      ko: '인신매매',
      en: 'Trafficking in persons',
      zh: '贩运人口',
    });
    expect(trafficking.elements).toEqual(['palermo.act', 'palermo.means', 'palermo.purpose']);
    expect(
      v.legalElements.find((e: { code: string }) => e.code === 'palermo.means').notRequiredIf,
    ).toBe('child');
  });

  it('finds a place from any of its names, in any script', async () => {
    for (const q of ['무산', '茂山', 'Musan', 'musan-gun']) {
      const found = (await doc.post('/api/places/search', { q })).json();
      expect(found[0]?.id, q).toBe('kp-hamn-musan');
      expect(found[0].province).toBe('kp-hamn');
    }
    const prefix = (await doc.post('/api/places/search', { q: '연', limit: 50 })).json();
    expect(prefix.map((p: { id: string }) => p.id)).toContain('cn-jl-yanbian-yanji');
    expect((await doc.post('/api/places/search', { q: '' })).statusCode).toBe(400);
    const all = (await doc.get('/api/places')).json();
    expect(all.length).toBeGreaterThan(100);
    expect(
      all.every(
        (p: { lat: number; lon: number }) => Number.isFinite(p.lat) && Number.isFinite(p.lon),
      ),
    ).toBe(true);
  });

  it('serves the province outlines with a validator for caching', async () => {
    const res = await doc.get('/api/geo/provinces');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const geo = res.json();
    expect(geo.type).toBe('FeatureCollection');
    const ids = geo.features.map((f: { properties: { placeId: string } }) => f.properties.placeId);
    expect(ids).toEqual(
      expect.arrayContaining(['cn-jl', 'cn-ln', 'cn-hl', 'kp-hamn', 'kp-ryanggang']),
    );
    const again = await s.app.inject({
      url: '/api/geo/provinces',
      headers: {
        cookie: `${SESSION_COOKIE}=${doc.cookies.get(SESSION_COOKIE)}`,
        'if-none-match': String(res.headers.etag),
      },
    });
    expect(again.statusCode).toBe(304);
  });

  it("lists the user's own organisation's sources only", async () => {
    await s.fx.addCase('org-a', 'ref-a');
    await s.fx.addCase('org-b', 'ref-b');
    const sources = (await doc.get('/api/sources')).json();
    expect(sources.map((x: { id: string }) => x.id)).toEqual(['org-a-list']);
    const admin = await s.signedIn('admin');
    expect((await admin.get('/api/sources')).statusCode).toBe(403);
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { MEMORY } from '../store/pglite';
import { CSRF_COOKIE } from './csrf';
import { serverFixture, type ServerFixture } from './testing/http';

const CANARY = '김순희캐너리';

describe('server plumbing', () => {
  let s: ServerFixture;
  const logLines: string[] = [];
  beforeAll(async () => {
    s = await serverFixture(await openStore({ data: MEMORY }), {
      logLevel: 'info',
      logStream: new Writable({
        write(chunk, _enc, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    });
  });
  afterAll(() => s.close());

  it('sends a strict Content-Security-Policy and no outside origin', async () => {
    const res = await s.app.inject({ url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends the same security headers on every response: API, problem, refused, not found', async () => {
    const c = await s.anonymous();
    const responses = [
      await s.app.inject({ url: '/api/health' }),
      await s.app.inject({ url: '/api/cases/C-1' }), // 401 problem
      await c.request({ method: 'POST', url: '/api/session', headers: { 'x-csrf-token': 'x' } }),
      await s.app.inject({ url: '/api/no-such-route' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 403, 404]);
    const headers = (r: (typeof responses)[number]) =>
      Object.fromEntries(
        [
          'content-security-policy',
          'cross-origin-embedder-policy',
          'cross-origin-opener-policy',
          'cross-origin-resource-policy',
          'referrer-policy',
          'x-content-type-options',
          'x-frame-options',
          'strict-transport-security',
        ].map((h) => [h, r.headers[h]]),
      );
    for (const r of responses) expect(headers(r)).toEqual(headers(responses[0]!));
    expect(headers(responses[0]!)).toMatchObject({
      'cross-origin-embedder-policy': 'require-corp',
      'x-frame-options': 'SAMEORIGIN',
      // Plain HTTP (localhost): no HSTS, no upgrade of requests.
      'strict-transport-security': undefined,
    });
    expect(String(responses[0]!.headers['content-security-policy'])).not.toContain('upgrade');
  });

  it('hands out an anti-forgery cookie readable by the page but SameSite=Strict', async () => {
    const res = await s.app.inject({ url: '/api/session' });
    const cookie = res.cookies.find((c) => c.name === CSRF_COOKIE);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.httpOnly).toBeFalsy();
    expect(cookie?.value.length).toBeGreaterThan(30);
  });

  it('refuses an unsafe request without the anti-forgery header, with a problem', async () => {
    const c = await s.anonymous();
    const res = await c.request({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'x', password: 'y', totp: '123456' },
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('/api/problems/csrf');
  });

  it('answers validation errors with field paths and never the values sent', async () => {
    const c = await s.anonymous();
    const res = await c.post('/api/session', { username: CANARY, password: '', totp: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.status).toBe(400);
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.password',
      'body.totp',
    ]);
    expect(res.body).not.toContain(CANARY);
  });

  it('answers malformed JSON and unknown API paths with problems', async () => {
    const c = await s.anonymous();
    const bad = await c.request({
      method: 'POST',
      url: '/api/session',
      payload: `{"username":"${CANARY}"`,
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain(CANARY);
    const missing = await s.app.inject({ url: `/api/nothing/${encodeURIComponent(CANARY)}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ type: '/api/problems/not-found', status: 404 });
    expect(missing.body).not.toContain(CANARY);
  });

  it('describes every API route in an OpenAPI 3 document', async () => {
    const res = await s.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const routes = s.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((l) => l.includes('/api/'));
    expect(routes.length).toBeGreaterThan(0);
    for (const path of ['/api/session', '/api/admin/users', '/api/places/search']) {
      expect([...documented].some((d) => d.endsWith(` ${path}`))).toBe(true);
    }
    // The login body is described from its zod schema.
    const login = doc.paths['/api/session'].post.requestBody.content['application/json'].schema;
    expect(login.required).toEqual(expect.arrayContaining(['username', 'password', 'totp']));
  });

  it('logs route patterns, never URLs, bodies or addresses', async () => {
    const c = await s.anonymous();
    await c.post('/api/places/search', { q: CANARY });
    await s.app.inject({ url: `/api/cases/${encodeURIComponent(CANARY)}` });
    await c.post('/api/session', { username: CANARY, password: CANARY, totp: '000000' });
    const log = logLines.join('');
    expect(log).toContain('"route":"/api/session"');
    expect(log).not.toContain(CANARY);
    expect(log).not.toContain(encodeURIComponent(CANARY));
    expect(log).not.toMatch(/127\.0\.0\.1|remoteAddress|"url"/);
  });
});

describe('server behind TLS (secure cookies)', () => {
  let s: ServerFixture;
  beforeAll(async () => {
    s = await serverFixture(await openStore({ data: MEMORY }), { secureCookies: true });
  });
  afterAll(() => s.close());

  it('adds HSTS and upgrade-insecure-requests to the security headers', async () => {
    const res = await s.app.inject({ url: '/api/health' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

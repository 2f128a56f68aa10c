import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../protect/credentials';
import { openStore } from '../../store';
import { MEMORY } from '../../store/pglite';
import { SESSION_COOKIE } from '../auth';
import { serverFixture, type ServerFixture } from '../testing/http';

describe('session routes', () => {
  let s: ServerFixture;
  beforeAll(async () => {
    s = await serverFixture(await openStore({ data: MEMORY }));
  });
  afterAll(() => s.close());

  it('signs in with password and TOTP, sets an HttpOnly SameSite=Strict cookie, and knows the user', async () => {
    const c = await s.anonymous();
    expect((await c.get('/api/session')).json()).toEqual({ user: null });
    s.fx.clock.advance(30_000);
    const u = s.fx.users['documenter-org-a']!;
    const res = await c.post('/api/session', {
      username: u.username,
      password: u.password,
      totp: await totpCode(u.totpSecret, s.fx.clock.now),
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((k) => k.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/api');
    expect(res.json().user).toMatchObject({
      username: 'documenter-org-a',
      role: 'documenter',
      organisation: 'org-a',
      mustChangePassword: false,
    });
    expect((await c.get('/api/session')).json().user.username).toBe('documenter-org-a');
  });

  it('refuses a wrong code or password with one generic 401 problem', async () => {
    const u = s.fx.users['analyst-org-a']!;
    for (const body of [
      { username: u.username, password: u.password, totp: '000000' },
      { username: u.username, password: 'wrong password here', totp: '000000' },
      { username: 'nobody', password: 'wrong password here', totp: '000000' },
    ]) {
      const c = await s.anonymous();
      const res = await c.post('/api/session', body);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        type: '/api/problems/unauthenticated',
        detail: 'Sign-in failed.',
      });
      expect(res.cookies.find((k) => k.name === SESSION_COOKIE)).toBeUndefined();
    }
  });

  it('makes a one-time password be replaced before anything else', async () => {
    const admin = await s.signedIn('admin');
    const created = await admin.post('/api/admin/users', {
      username: 'new-documenter',
      role: 'documenter',
      organisation: 'org-a',
    });
    expect(created.statusCode).toBe(201);
    const creds = created.json();
    expect(created.headers['cache-control']).toBe('no-store');
    const c = await s.anonymous();
    s.fx.clock.advance(30_000);
    const login = await c.post('/api/session', {
      username: 'new-documenter',
      password: creds.oneTimePassword,
      totp: await totpCode(creds.totpSecret, s.fx.clock.now),
    });
    expect(login.json().user.mustChangePassword).toBe(true);
    expect((await c.get('/api/vocabularies')).statusCode).toBe(403);
    const weak = await c.post('/api/session/password', {
      currentPassword: creds.oneTimePassword,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    const changed = await c.post('/api/session/password', {
      currentPassword: creds.oneTimePassword,
      newPassword: 'a long enough passphrase 2025',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user.mustChangePassword).toBe(false);
    expect((await c.get('/api/vocabularies')).statusCode).toBe(200);
  });

  it('signs out: the cookie is cleared and the token no longer works', async () => {
    const c = await s.signedIn('viewer-org-a');
    const token = c.cookies.get(SESSION_COOKIE)!;
    expect((await c.del('/api/session')).statusCode).toBe(204);
    expect(c.cookies.has(SESSION_COOKIE)).toBe(false);
    const replay = await s.app.inject({
      url: '/api/vocabularies',
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('writes last_seen_at at most once a minute, and still ends an idle session', async () => {
    const c = await s.signedIn('viewer-org-a');
    const seen = async () =>
      new Date(
        (
          await s.fx.db.query<{ t: string | Date }>(
            `SELECT s.last_seen_at AS t FROM user_sessions s JOIN users u ON u.id = s.user_id
              WHERE u.username = 'viewer-org-a' ORDER BY s.created_at DESC LIMIT 1`,
          )
        ).rows[0]!.t,
      ).getTime();
    const signedInAt = await seen();
    s.fx.clock.advance(10_000);
    expect((await c.get('/api/session')).json().user.username).toBe('viewer-org-a');
    expect(await seen()).toBe(signedInAt);
    // In use every 50 s for 40 minutes (longer than the 30-minute idle time): never idle.
    for (let i = 0; i < 48; i++) {
      s.fx.clock.advance(50_000);
      expect((await c.get('/api/session')).json().user?.username).toBe('viewer-org-a');
    }
    expect(await seen()).toBeGreaterThan(signedInAt + 38 * 60_000);
    s.fx.clock.advance(31 * 60_000);
    expect((await c.get('/api/session')).json()).toEqual({ user: null });
  });

  it('rate-limits sign-in attempts per client', async () => {
    const limited = await serverFixture(await openStore({ data: MEMORY }), {
      rateLimitPerMinute: 1000,
      loginRateLimitPerMinute: 3,
    });
    try {
      const c = await limited.anonymous();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await c.post('/api/session', {
          username: 'x1',
          password: 'nope',
          totp: '000000',
        });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});

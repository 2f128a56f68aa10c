/**
 * Test helper: a Jayu server on a real protected store (the protection layer's fixture), driven
 * over HTTP with `inject`, with a cookie jar per user so requests carry the session and the
 * anti-forgery token exactly as a browser would.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { totpCode } from '../../protect/credentials';
import { protectedFixture, type ProtectedFixture } from '../../protect/testing';
import type { Db } from '../../store/db';
import { buildServer, type ServerOptions } from '../app';
import { CSRF_COOKIE, CSRF_HEADER } from '../csrf';

export interface Client {
  /** Sends a request with this client's cookies (and the anti-forgery header when unsafe). */
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
  cookies: Map<string, string>;
}

export interface ServerFixture {
  fx: ProtectedFixture;
  app: FastifyInstance;
  /** A client with no session (it has fetched the anti-forgery cookie). */
  anonymous(): Promise<Client>;
  /** A client signed in over HTTP as a fixture user. */
  signedIn(username: string): Promise<Client>;
  close(): Promise<void>;
}

export function newClient(app: FastifyInstance): Client {
  const cookies = new Map<string, string>();
  const request = async (opts: InjectOptions) => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (cookies.size > 0) {
      headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const method = (opts.method ?? 'GET').toUpperCase();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && cookies.has(CSRF_COOKIE)) {
      headers[CSRF_HEADER] ??= cookies.get(CSRF_COOKIE)!;
    }
    const res = await app.inject({ ...opts, headers });
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    return res;
  };
  return {
    cookies,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) => request({ method: 'POST', url, payload: (body ?? {}) as object }),
    put: (url, body) => request({ method: 'PUT', url, payload: body as object }),
    del: (url) => request({ method: 'DELETE', url }),
  };
}

export async function serverFixture(db: Db, options: ServerOptions = {}): Promise<ServerFixture> {
  const fx = await protectedFixture(db);
  const app = await buildServer({
    protect: fx.store,
    options: { webRoot: null, rateLimitPerMinute: false, ...options },
  });
  const anonymous = async () => {
    const c = newClient(app);
    await c.get('/api/session');
    return c;
  };
  const signedIn = async (username: string) => {
    const c = await anonymous();
    fx.clock.advance(30_000);
    const u = fx.users[username];
    if (!u) throw new Error(`no fixture user ${username}`);
    const res = await c.post('/api/session', {
      username,
      password: u.password,
      totp: await totpCode(u.totpSecret, fx.clock.now),
    });
    if (res.statusCode !== 200)
      throw new Error(`sign-in of ${username} answered ${res.statusCode}`);
    return c;
  };
  return {
    fx,
    app,
    anonymous,
    signedIn,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

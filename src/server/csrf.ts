/**
 * Anti-forgery protection by double submit: the server gives the browser a random token in a
 * cookie the page can read (SameSite=Strict), and every unsafe request to the API must repeat it
 * in the `x-csrf-token` header. A page on another origin can neither read the cookie nor set a
 * custom header without a CORS preflight, which this server never grants.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem';

export const CSRF_COOKIE = 'jayu_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Sets a fresh anti-forgery cookie (on first contact and on every sign-in) and returns it. */
export function issueCsrfCookie(reply: FastifyReply, secure: boolean): string {
  const token = newCsrfToken();
  reply.setCookie(CSRF_COOKIE, token, {
    path: '/',
    sameSite: 'strict',
    secure,
    httpOnly: false,
  });
  return token;
}

export function registerCsrf(app: FastifyInstance, opts: { secure: boolean }): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const isApi = request.url.startsWith('/api/');
    if (!request.cookies[CSRF_COOKIE]) {
      // First contact: hand out a token so the app can make its first unsafe call.
      const token = issueCsrfCookie(reply, opts.secure);
      request.cookies[CSRF_COOKIE] = token;
      if (isApi && !SAFE_METHODS.has(request.method)) {
        throw new HttpProblem('csrf', 'Reload the page and try again.');
      }
      return;
    }
    if (!isApi || SAFE_METHODS.has(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    const cookie = request.cookies[CSRF_COOKIE];
    if (typeof header !== 'string' || !cookie || !sameToken(header, cookie)) {
      throw new HttpProblem('csrf', 'Reload the page and try again.');
    }
  });
}

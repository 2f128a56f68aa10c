/** Sign-in (password + TOTP), the current user, password change and sign-out. */
import { z } from 'zod';
import type { Session } from '../../protect/protected-store';
import { clearSessionCookie, sessionOf, setSessionCookie, SESSION_COOKIE } from '../auth';
import { issueCsrfCookie } from '../csrf';
import { HttpProblem, problemSchema } from '../problem';
import {
  loginSchema,
  passwordChangeSchema,
  sessionSchema,
  sessionUserSchema,
  type SessionUser,
} from '../schemas';
import type { ApiContext, ApiInstance } from './index';

export function userOf(session: Session): SessionUser {
  const p = session.principal;
  if (p.role === 'operator') throw new HttpProblem('forbidden');
  return {
    id: p.id,
    username: p.username,
    role: p.role,
    organisation: p.organisationId ?? undefined,
    mustChangePassword: session.mustChangePassword,
  };
}

const userResponse = z.object({ user: sessionUserSchema });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

export function registerSessionRoutes(app: ApiInstance, ctx: ApiContext): void {
  const { protect, secureCookies } = ctx;

  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in user, or null',
        security: [],
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      if (!request.cookies[SESSION_COOKIE]) return { user: null };
      try {
        return { user: userOf(await sessionOf(request, protect)) };
      } catch {
        return { user: null };
      }
    },
  );

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with user name, password and a TOTP code',
        security: [],
        body: loginSchema,
        response: { 200: userResponse, ...errors },
      },
      config: { rateLimit: { max: ctx.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      let session: Session;
      try {
        session = await protect.login(request.body);
      } catch {
        // One answer for every failure: wrong name, password, code, lockout or disabled account.
        throw new HttpProblem('unauthenticated', 'Sign-in failed.');
      }
      setSessionCookie(reply, session, secureCookies);
      // A new anti-forgery token with every sign-in, so a token seen before it is worthless.
      issueCsrfCookie(reply, secureCookies);
      return { user: userOf(session) };
    },
  );

  app.post(
    '/session/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Replace the (one-time) password',
        body: passwordChangeSchema,
        response: { 200: userResponse, ...errors },
      },
      config: { rateLimit: { max: ctx.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request) => {
      const session = await sessionOf(request, protect);
      try {
        await session.changePassword(request.body.currentPassword, request.body.newPassword);
      } catch (err) {
        if ((err as { kind?: string }).kind === 'invalid') {
          throw new HttpProblem('validation', 'The new password does not meet the policy.');
        }
        throw new HttpProblem('unauthenticated', 'The current password is wrong.');
      }
      return { user: userOf(session) };
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (request.cookies[SESSION_COOKIE]) {
        try {
          await (await sessionOf(request, protect)).logout();
        } catch {
          // An ended session is already signed out.
        }
      }
      clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );
}

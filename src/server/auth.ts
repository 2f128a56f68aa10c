/**
 * The session cookie and the signed-in Session of a request. The cookie carries the protection
 * layer's opaque token (stored there only as a hash); every check of what the session may do is
 * the protection layer's (Session.require), never the server's own.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProtectedStore, Session } from '../protect/protected-store';
import { HttpProblem } from './problem';

export const SESSION_COOKIE = 'jayu_session';

const resolved = new WeakMap<FastifyRequest, Promise<Session>>();

/** The request's session; throws a 401 problem when there is none or it has ended. */
export function sessionOf(request: FastifyRequest, protect: ProtectedStore): Promise<Session> {
  let pending = resolved.get(request);
  if (!pending) {
    const token = request.cookies[SESSION_COOKIE];
    pending = token
      ? protect.resume(token).catch(() => {
          throw new HttpProblem('unauthenticated', 'The session has ended. Sign in again.');
        })
      : Promise.reject(new HttpProblem('unauthenticated'));
    resolved.set(request, pending);
  }
  return pending;
}

/** A session that has chosen its own password (every route but the password change needs one). */
export async function activeSessionOf(
  request: FastifyRequest,
  protect: ProtectedStore,
): Promise<Session> {
  const session = await sessionOf(request, protect);
  if (session.mustChangePassword) {
    throw new HttpProblem('forbidden', 'Choose a new password first.');
  }
  return session;
}

export function setSessionCookie(reply: FastifyReply, session: Session, secure: boolean): void {
  if (!session.token) return;
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/api',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    // No Expires: a browser session cookie is never written to disk, and the protection layer
    // ends the session itself (absolute and idle timeouts).
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/api', httpOnly: true, sameSite: 'strict', secure });
}

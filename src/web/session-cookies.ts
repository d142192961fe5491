import { randomBytes } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { endSession, startSession, userOfSession } from '../accounts/manage-sessions.js';
import type { User } from '../accounts/users.store.js';
import type { WebContext } from './web-context.js';

/** Holds the session token, signed with the server's secret. */
export const SESSION_COOKIE = 'commsplan_session';
/** Before sign-in: a random visit token, so the sign-in form's CSRF token has something to be bound to. */
export const VISIT_COOKIE = 'commsplan_visit';

/** Signed, HttpOnly, SameSite=Lax, and Secure when configured or over HTTPS; for the whole site unless `path` says less. */
export function cookieOptions(request: FastifyRequest, web: WebContext, path = '/'): CookieSerializeOptions {
  return { path, httpOnly: true, sameSite: 'lax', secure: web.config.secureCookies ?? request.protocol === 'https', signed: true };
}

/** A signed cookie's value, or undefined when it is missing or was signed with another secret. */
export function readSignedCookie(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

/** Sets `request.user` and `request.csrfKey` from the cookies; a visit cookie is given to anyone without a session. */
export async function loadSession(request: FastifyRequest, reply: FastifyReply, web: WebContext): Promise<void> {
  request.user = undefined;
  const token = readSignedCookie(request, SESSION_COOKIE);
  if (token) {
    request.user = await userOfSession(web.store, web.organisation.id, token, web.sessionLimits, web.now());
    if (request.user) {
      request.csrfKey = token;
      return;
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
  let visit = readSignedCookie(request, VISIT_COOKIE);
  if (!visit) {
    visit = randomBytes(24).toString('base64url');
    reply.setCookie(VISIT_COOKIE, visit, cookieOptions(request, web));
  }
  request.csrfKey = visit;
}

/** A new session with a new token (never one the browser had before), in a new cookie; any session it had ends. */
export async function beginSession(request: FastifyRequest, reply: FastifyReply, web: WebContext, user: User): Promise<void> {
  const previous = readSignedCookie(request, SESSION_COOKIE);
  if (previous) await endSession(web.store, previous);
  const token = await startSession(web.store, user, web.sessionLimits, web.now());
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, web));
  reply.clearCookie(VISIT_COOKIE, { path: '/' });
}

export async function finishSession(request: FastifyRequest, reply: FastifyReply, web: WebContext): Promise<void> {
  const token = readSignedCookie(request, SESSION_COOKIE);
  if (token) await endSession(web.store, token);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

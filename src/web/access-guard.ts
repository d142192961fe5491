import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows } from '../accounts/role.js';
import { csrfTokenMatches } from './csrf.js';
import { ERROR_PAGES, sendErrorPage } from './error-pages.js';
import type { RouteRule } from './route-rule.js';
import { loadSession } from './session-cookies.js';
import type { WebContext } from './web-context.js';

/** The route-table row of the route serving this request; undefined for static files and unknown addresses. */
function ruleOf(request: FastifyRequest): RouteRule | undefined {
  return (request.routeOptions.config as { rule?: RouteRule }).rule;
}

/** The form field (or, for uploads and scripts, the header) that carries the CSRF token. */
const CSRF_FIELD = '_csrf';
const CSRF_HEADER = 'x-csrf-token';

function givenCsrfToken(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  return (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined) ?? request.headers[CSRF_HEADER];
}

/**
 * The one check in front of every handler, reading the route table: who is signed in, whether
 * their role allows the route, and for routes that change data, whether the CSRF token is
 * this session's. A refused request reaches no handler, so nothing changes.
 */
export function accessGuard(web: WebContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const rule = ruleOf(request);
    await loadSession(request, reply, web);
    if (!rule) return; // the not-found page
    if (rule.access !== 'public') {
      if (!request.user) {
        if (request.method === 'GET' || request.method === 'HEAD')
          return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
        return sendErrorPage(reply, ERROR_PAGES.signedOut);
      }
      if (!roleAllows(request.user.role, rule.access)) return sendErrorPage(reply, ERROR_PAGES.forbidden);
    }
    // A GET that changes data (getChangesDataBecause in the table) carries no form: it checks its own state.
    if (rule.changesData && rule.method !== 'GET' && !csrfTokenMatches(web.sessionSecret, request.csrfKey, givenCsrfToken(request))) {
      return sendErrorPage(reply, ERROR_PAGES.staleForm);
    }
  };
}

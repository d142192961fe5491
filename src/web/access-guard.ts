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

/** The form field (or, for uploads, the query parameter of the form's address) that carries the CSRF token. */
const CSRF_FIELD = '_csrf';
/** The header that carries the CSRF token for scripts. */
const CSRF_HEADER = 'x-csrf-token';

export function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/**
 * An upload's token cannot be read from its body, which is only read after this check: the
 * form's address carries it (`/imports?_csrf=…`), or a script's header.
 */
function uploadCsrfToken(request: FastifyRequest): unknown {
  return (request.query as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? request.headers[CSRF_HEADER];
}

function formCsrfToken(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  return (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined) ?? request.headers[CSRF_HEADER];
}

const checksCsrf = (rule: RouteRule | undefined): rule is RouteRule => Boolean(rule?.changesData && rule.method !== 'GET');

/**
 * The checks in front of every handler, reading the route table. Before any of the body is read
 * (onRequest): who is signed in, whether their role allows the route, and for an upload, whether
 * the route takes one and the CSRF token is this session's. After a form's body is read
 * (preHandler): its CSRF token. A refused request reaches no handler, so nothing changes, and a
 * refused upload writes nothing to disk.
 */
export function accessGuard(web: WebContext) {
  const beforeBody = async (request: FastifyRequest, reply: FastifyReply) => {
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
    if (!isMultipart(request)) return;
    if (!rule.takesUploads) return sendErrorPage(reply, ERROR_PAGES.uploadNotTaken);
    if (checksCsrf(rule) && !csrfTokenMatches(web.sessionSecret, request.csrfKey, uploadCsrfToken(request))) {
      return sendErrorPage(reply, ERROR_PAGES.staleForm);
    }
  };
  // A GET that changes data (getChangesDataBecause in the table) carries no form: it checks its own state.
  const afterBody = async (request: FastifyRequest, reply: FastifyReply) => {
    const rule = ruleOf(request);
    if (!checksCsrf(rule) || isMultipart(request)) return;
    if (!csrfTokenMatches(web.sessionSecret, request.csrfKey, formCsrfToken(request))) return sendErrorPage(reply, ERROR_PAGES.staleForm);
  };
  return { beforeBody, afterBody };
}

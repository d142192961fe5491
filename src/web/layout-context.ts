import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../accounts/role.js';
import { csrfTokenFor } from './csrf.js';
import type { RouteRule } from './route-rule.js';
import type { WebContext } from './web-context.js';

/** What layout.njk needs on every page: the organisation, the navigation for this person, the CSRF token. */
export function layoutContext(request: FastifyRequest, web: WebContext, routes: readonly RouteRule[]) {
  const user = request.user;
  const path = request.url.split('?')[0] ?? '/';
  const navigation = user
    ? routes
        .filter((rule) => rule.nav && rule.method === 'GET' && (rule.access === 'public' || roleAllows(user.role, rule.access)))
        .map((rule) => ({
          href: rule.path,
          text: rule.nav,
          current: rule.path === path,
          active: rule.path !== '/' && path.startsWith(`${rule.path}/`),
        }))
    : [];
  const csrfToken = csrfTokenFor(web.sessionSecret, request.csrfKey ?? '');
  return {
    organisationName: web.organisation.name,
    user,
    navigation,
    accountMenu: user
      ? {
          items: [
            { text: `${user.email} (${user.role})`, icon: true },
            // One click signs out: the header's own POST form, carrying the token (base64url, safe in HTML) in the button.
            { action: '/sign-out', html: `Sign out<input type="hidden" name="_csrf" value="${csrfToken}">` },
          ],
        }
      : undefined,
    csrfToken,
    currentPath: path,
  };
}

import type { FastifyRequest } from 'fastify';
import { csrfTokenFor } from './csrf.js';
import { navigationFor } from './navigation.js';
import { roleName } from './pages/users.js';
import type { RouteRule } from './route-rule.js';
import type { WebContext } from './web-context.js';

/**
 * What layout.njk needs on every page: the organisation, the header menu for this person (its
 * groups, and the pages of the group the page is in), the CSRF token.
 */
export function layoutContext(request: FastifyRequest, web: WebContext, routes: readonly RouteRule[]) {
  const user = request.user;
  const path = request.url.split('?')[0] ?? '/';
  const navigationGroups = user ? navigationFor(user.role, routes, path) : [];
  const csrfToken = csrfTokenFor(web.sessionSecret, request.csrfKey ?? '');
  return {
    organisationName: web.organisation.name,
    user,
    navigationGroups,
    navigation: navigationGroups.map((group) => ({
      href: group.href,
      text: group.label,
      active: group.active,
      current: group.href === path,
    })),
    groupShown: navigationGroups.find((group) => group.active),
    accountMenu: user
      ? {
          items: [
            { text: `${user.email} (${roleName(user.role)})`, icon: true },
            // One click signs out: the header's own POST form, carrying the token (base64url, safe in HTML) in the button.
            { action: '/sign-out', html: `Sign out<input type="hidden" name="_csrf" value="${csrfToken}">` },
          ],
        }
      : undefined,
    csrfToken,
    currentPath: path,
  };
}

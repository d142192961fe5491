import type { Access } from '../accounts/role.js';
import type { NavEntry } from './navigation.js';
import type { PageHandler } from './web-context.js';

/** One row of the route table (src/web/routes.ts): nothing is served that is not in it. */
export interface RouteRule {
  method: 'GET' | 'POST';
  path: string;
  /** The least role that may use it, or `public` for anyone. */
  access: Access;
  /** Routes that change data are POSTs, and need a valid CSRF token. GETs never change data. */
  changesData: boolean;
  /**
   * Why this GET changes data, for the one kind of route that must: a provider's redirect back
   * after sign-in (OpenID Connect sends the browser back with a GET). Such a route is checked by
   * its own `state`, bound to the browser, instead of a CSRF token. See ADR 0010.
   */
  getChangesDataBecause?: string;
  /** Limits requests per client address, as sign-in needs (COMMSPLAN_SIGN_IN_ATTEMPTS_PER_MINUTE a minute). */
  rateLimited?: boolean;
  /**
   * Takes a file in a multipart form (the imports form). Only such routes read a multipart body,
   * and only once the session, role and CSRF token (in the form's address) have been checked.
   */
  takesUploads?: boolean;
  /**
   * Where the page sits in the header menu, for pages that belong there: its group and its name
   * (shown to those whose role allows it; navigation.ts lists the groups).
   */
  nav?: NavEntry;
  handler: PageHandler;
}

/** `GET` routes read; everything else changes data. The table is checked against this when the app is built. */
export function checkRouteRule(rule: RouteRule): void {
  const justifiedGet = rule.method === 'GET' && rule.changesData && Boolean(rule.getChangesDataBecause?.trim());
  if (rule.getChangesDataBecause !== undefined && !justifiedGet) {
    throw new Error(`Route ${rule.method} ${rule.path}: getChangesDataBecause is only for a GET that changes data.`);
  }
  if (rule.takesUploads && rule.method !== 'POST') throw new Error(`Route ${rule.method} ${rule.path}: only a POST takes uploads.`);
  if (!justifiedGet && rule.changesData !== (rule.method !== 'GET')) {
    throw new Error(`Route ${rule.method} ${rule.path}: a GET must not change data and a POST must be marked as changing data.`);
  }
}

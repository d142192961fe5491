import type { Access } from '../accounts/role.js';
import type { PageHandler } from './web-context.js';

/** One row of the route table (src/web/routes.ts): nothing is served that is not in it. */
export interface RouteRule {
  method: 'GET' | 'POST';
  path: string;
  /** The least role that may use it, or `public` for anyone. */
  access: Access;
  /** Routes that change data are POSTs, and need a valid CSRF token. GETs never change data. */
  changesData: boolean;
  /** Limits requests per client address, as sign-in needs (COMMSPLAN_SIGN_IN_ATTEMPTS_PER_MINUTE a minute). */
  rateLimited?: boolean;
  /** The page's name in the header navigation, for pages that belong there (shown to those whose role allows it). */
  nav?: string;
  handler: PageHandler;
}

/** `GET` routes read; everything else changes data. The table is checked against this when the app is built. */
export function checkRouteRule(rule: RouteRule): void {
  if (rule.changesData !== (rule.method !== 'GET')) {
    throw new Error(`Route ${rule.method} ${rule.path}: a GET must not change data and a POST must be marked as changing data.`);
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A CSRF token bound to the session (or, before sign-in, to the visit cookie): an HMAC of the
 * session's token under the server's secret. Signing in or out changes the session, so a form
 * from before then is refused as stale. Nothing is stored.
 */
export function csrfTokenFor(secret: string, csrfKey: string): string {
  return createHmac('sha256', secret).update(`csrf:${csrfKey}`).digest('base64url');
}

export function csrfTokenMatches(secret: string, csrfKey: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || csrfKey.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(secret, csrfKey));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

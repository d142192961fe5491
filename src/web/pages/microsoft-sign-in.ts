import type { FastifyRequest } from 'fastify';
import { checkOidcSignIn, recordRefusedOidcSignIn } from '../../accounts/oidc-sign-in.js';
import { type ErrorPage, sendErrorPage } from '../error-pages.js';
import { localPath, queryField } from '../form-fields.js';
import { PENDING_LIFETIME_MS, type PendingOidcSignIn } from '../oidc-sign-in.js';
import { beginSession, cookieOptions, readSignedCookie } from '../session-cookies.js';
import type { PageHandler, WebContext } from '../web-context.js';

export const MICROSOFT_SIGN_IN_PATH = '/sign-in/microsoft';
const CALLBACK_PATH = `${MICROSOFT_SIGN_IN_PATH}/callback`;
/** Carries state, nonce and PKCE verifier to the callback; signed, so it cannot be made up, and only sent to these two paths. */
const PENDING_COOKIE = 'commsplan_oidc';
const PROVIDER = 'Microsoft';

const TRY_AGAIN = { href: '/sign-in', text: 'Go to the sign-in page' };
const PAGES = {
  notConfigured: {
    status: 404,
    pageTitle: 'Sign-in with Microsoft is not set up',
    paragraphs: ['This commsplan is not connected to Microsoft Entra ID. Sign in with your email address and password.'],
    nextStep: TRY_AGAIN,
  },
  unavailable: {
    status: 502,
    pageTitle: 'Sign-in with Microsoft is not working at the moment',
    paragraphs: [
      'commsplan could not read the Microsoft sign-in service’s settings, so you are not signed in.',
      'Try again in a few minutes. If it keeps happening, tell an administrator of commsplan: the server’s log says why.',
    ],
    nextStep: TRY_AGAIN,
  },
  refused: {
    status: 403,
    pageTitle: 'Sign-in with Microsoft did not work',
    paragraphs: [
      'commsplan could not confirm who you are, so you are not signed in. This happens when the sign-in was started in another browser or tab, took more than 10 minutes, was cancelled, or used an account from another organisation.',
      'Go back to the sign-in page and try again.',
    ],
    nextStep: TRY_AGAIN,
  },
} satisfies Record<string, ErrorPage>;

const noAccountPage = (email: string): ErrorPage => ({
  status: 403,
  pageTitle: 'You do not have a commsplan account',
  paragraphs: [
    `Microsoft signed you in as ${email}, but nobody has given that address an account in commsplan, so you are not signed in.`,
    'Ask an administrator of commsplan to add you with your role. Then sign in again.',
  ],
  nextStep: TRY_AGAIN,
});

/** Where the provider sends the browser back: configured, or this server's own address. */
function redirectUriOf(request: FastifyRequest, web: WebContext): string {
  return web.oidc?.config.redirectUri ?? `${request.protocol}://${request.host}${CALLBACK_PATH}`;
}

const pendingCookieOptions = (request: FastifyRequest, web: WebContext) => cookieOptions(request, web, MICROSOFT_SIGN_IN_PATH);

function readPending(request: FastifyRequest): PendingOidcSignIn | undefined {
  const signed = readSignedCookie(request, PENDING_COOKIE);
  if (!signed) return undefined;
  try {
    const value = JSON.parse(Buffer.from(signed, 'base64url').toString('utf8')) as PendingOidcSignIn;
    return typeof value.state === 'string' && typeof value.codeVerifier === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** GET /sign-in/microsoft: off to the provider, with a new state, nonce and PKCE verifier. */
export const startMicrosoftSignIn: PageHandler = async (request, reply, web) => {
  if (!web.oidc) return sendErrorPage(reply, PAGES.notConfigured);
  const next = localPath(queryField(request, 'next'));
  let started: Awaited<ReturnType<NonNullable<WebContext['oidc']>['begin']>>;
  try {
    started = await web.oidc.begin(redirectUriOf(request, web), next, web.now());
  } catch (error) {
    request.log.error(error, 'OpenID Connect discovery failed');
    return sendErrorPage(reply, PAGES.unavailable);
  }
  const value = Buffer.from(JSON.stringify(started.pending)).toString('base64url');
  reply.setCookie(PENDING_COOKIE, value, { ...pendingCookieOptions(request, web), maxAge: PENDING_LIFETIME_MS / 1000 });
  return reply.redirect(started.url.href, 303);
};

/**
 * GET /sign-in/microsoft/callback: the provider's answer. Signs the person in only if the
 * answer matches this browser's pending sign-in and a commsplan user has the address.
 */
export const finishMicrosoftSignIn: PageHandler = async (request, reply, web) => {
  if (!web.oidc) return sendErrorPage(reply, PAGES.notConfigured);
  const pending = readPending(request);
  reply.clearCookie(PENDING_COOKIE, { path: MICROSOFT_SIGN_IN_PATH });
  const from = request.ip;
  if (!pending) {
    await recordRefusedOidcSignIn(
      web.store,
      web.organisation,
      { who: undefined, provider: PROVIDER, from, reason: 'no sign-in was started in this browser' },
      web.now(),
    );
    return sendErrorPage(reply, PAGES.refused);
  }
  const callbackUrl = new URL(redirectUriOf(request, web));
  callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
  const outcome = await web.oidc.finish(callbackUrl, pending, web.now());
  if (!outcome.ok) {
    request.log.warn({ reason: outcome.reason }, 'OpenID Connect sign-in refused');
    await recordRefusedOidcSignIn(
      web.store,
      web.organisation,
      { who: outcome.who, provider: PROVIDER, from, reason: outcome.reason },
      web.now(),
    );
    return sendErrorPage(reply, PAGES.refused);
  }
  const user = await checkOidcSignIn(web.store, web.organisation, { email: outcome.email, provider: PROVIDER, from }, web.now());
  if (!user) return sendErrorPage(reply, noAccountPage(outcome.email));
  await beginSession(request, reply, web, user);
  return reply.redirect(localPath(pending.next), 303);
};

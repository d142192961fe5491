import type { DeliveryFailure } from './mail-transport.js';
import type { OAuth2Settings } from './sender-config.js';

/** The scope Exchange Online gives SMTP rights under, for the client-credentials grant. */
export const OUTLOOK_SCOPE = 'https://outlook.office365.com/.default';

/** A token is renewed this long before it runs out, so a connection never signs in with one about to expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

export type TokenOutcome = { ok: true; accessToken: string } | { ok: false; failure: DeliveryFailure };

/** Hands out an access token, fetching one only when there is none or it is about to run out. */
export interface AccessTokenSource {
  accessToken(options?: { renew?: boolean }): Promise<TokenOutcome>;
  /** How many tokens have been fetched: tests check a token is reused. */
  readonly fetched: number;
}

export function microsoftTokenUrl(tenant: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

interface TokenSourceDependencies {
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** How long to wait for the token endpoint. */
  timeoutMs?: number;
}

/**
 * The OAuth2 client-credentials grant against Microsoft's identity platform (or `tokenUrl`).
 * The client secret is read from its environment variable each time a token is fetched.
 */
export function clientCredentialsTokens(settings: OAuth2Settings, dependencies: TokenSourceDependencies): AccessTokenSource {
  let cached: { accessToken: string; renewAt: number } | undefined;
  let fetched = 0;
  const fetchToken = async (): Promise<TokenOutcome> => {
    const secret = dependencies.env[settings.secretEnv];
    if (!secret)
      return pause(`the environment variable ${settings.secretEnv}, which should hold the OAuth2 client secret, is not set`, undefined);
    fetched += 1;
    const outcome = await requestToken(settings, secret, dependencies.timeoutMs ?? 30_000);
    if (outcome.ok) {
      const lifetimeMs = outcome.expiresInSeconds * 1000;
      cached = {
        accessToken: outcome.accessToken,
        renewAt: dependencies.now().getTime() + Math.max(lifetimeMs - RENEW_BEFORE_MS, lifetimeMs / 2),
      };
      return { ok: true, accessToken: outcome.accessToken };
    }
    return outcome;
  };
  return {
    async accessToken(options = {}) {
      if (!options.renew && cached && dependencies.now().getTime() < cached.renewAt) return { ok: true, accessToken: cached.accessToken };
      cached = undefined;
      return fetchToken();
    },
    get fetched() {
      return fetched;
    },
  };
}

type TokenResponse = { ok: true; accessToken: string; expiresInSeconds: number } | { ok: false; failure: DeliveryFailure };

async function requestToken(settings: OAuth2Settings, secret: string, timeoutMs: number): Promise<TokenResponse> {
  const url = settings.tokenUrl ?? microsoftTokenUrl(settings.tenant);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: settings.clientId,
        client_secret: secret,
        scope: OUTLOOK_SCOPE,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return { ok: false, failure: { kind: 'retry', reason: `the OAuth2 token endpoint ${url} could not be reached: ${cause}` } };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok && typeof body['access_token'] === 'string') {
    const expiresIn = Number(body['expires_in']);
    return {
      ok: true,
      accessToken: body['access_token'],
      expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
    };
  }
  const said =
    [body['error'], body['error_description']].filter((part) => typeof part === 'string').join(': ') || `HTTP ${response.status}`;
  // 400 and 401 mean the tenant, client or secret is wrong: waiting will not help.
  if (response.status === 400 || response.status === 401) return pause(`the OAuth2 token endpoint refused the client credentials`, said);
  return { ok: false, failure: { kind: 'retry', reason: `the OAuth2 token endpoint ${url} failed: ${said}` } };
}

function pause(why: string, said: string | undefined): { ok: false; failure: DeliveryFailure } {
  return { ok: false, failure: { kind: 'pause-sender', reason: said ? `${why}: ${said}` : why } };
}

import * as client from 'openid-client';
import type { OidcConfig } from '../config.js';

/** What the browser carries (in a signed cookie) between leaving for the provider and coming back. */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go once signed in: a local path. */
  next: string;
  /** When it was started, in ms since 1970: a pending sign-in older than PENDING_LIFETIME_MS is refused. */
  startedAt: number;
}

export const PENDING_LIFETIME_MS = 10 * 60_000;

export type OidcOutcome =
  | { ok: true; email: string }
  /** `who` is the address in a token that was valid but not acceptable (another tenant), when there is one. */
  | { ok: false; reason: string; who?: string };

/** Plain http is allowed only for a provider on this machine (the tests' own provider). */
const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * Sign-in over OpenID Connect with openid-client: authorization code flow with PKCE, state and
 * nonce, the provider's endpoints and keys from its discovery document. The ID token's
 * signature, issuer, audience, expiry and nonce are checked by openid-client; the tenant
 * (Entra ID's `tid`) here.
 */
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(readonly config: OidcConfig) {}

  /** Discovery runs on first use and again after a failure, so a provider that was down does not need a restart. */
  private discover(): Promise<client.Configuration> {
    const issuer = new URL(this.config.issuer);
    this.configuration ??= client
      .discovery(
        issuer,
        this.config.clientId,
        this.config.clientSecret,
        undefined,
        isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** The provider's authorization address to send the browser to, and what it must bring back. */
  async begin(redirectUri: string, next: string, now: Date): Promise<{ url: URL; pending: PendingOidcSignIn }> {
    const configuration = await this.discover();
    const pending: PendingOidcSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next,
      startedAt: now.getTime(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Exchanges the code the provider sent back (to `callbackUrl`) and checks the ID token. */
  async finish(callbackUrl: URL, pending: PendingOidcSignIn, now: Date): Promise<OidcOutcome> {
    if (now.getTime() - pending.startedAt > PENDING_LIFETIME_MS) return { ok: false, reason: 'the sign-in took more than 10 minutes' };
    let claims: client.IDToken | undefined;
    try {
      const configuration = await this.discover();
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
    if (!claims) return { ok: false, reason: 'the provider sent no ID token' };
    const email = emailOf(claims);
    const tenant = typeof claims.tid === 'string' ? claims.tid : undefined;
    if (this.config.tenantId && tenant?.toLowerCase() !== this.config.tenantId.toLowerCase()) {
      return { ok: false, reason: `the account belongs to tenant ${tenant ?? '(none given)'}, not ${this.config.tenantId}`, who: email };
    }
    if (!email) return { ok: false, reason: 'the ID token has no email address (email or preferred_username)' };
    return { ok: true, email };
  }
}

/**
 * Entra ID puts the address in `email` only when the app asks for it as an optional claim, and
 * the sign-in name (usually the same address) in `preferred_username`.
 */
function emailOf(claims: client.IDToken): string | undefined {
  for (const candidate of [claims.email, claims.preferred_username]) {
    if (typeof candidate === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(candidate.trim())) return candidate.trim().toLowerCase();
  }
  return undefined;
}

/** openid-client's message and, where it wraps one, the message that says which check failed. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && cause !== error.message ? `${error.message} (${cause})` : error.message;
}

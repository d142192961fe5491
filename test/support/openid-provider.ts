import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const TEST_TENANT = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = 'commsplan-test';
export const CLIENT_SECRET = 'a client secret for the test provider only';

/**
 * The test provider's people: the login typed on its sign-in form picks one (any password is
 * accepted: oidc-provider's development sign-in pages). Claims as Entra ID sends them.
 */
export const PROVIDER_ACCOUNTS: Record<string, { email?: string; preferred_username: string; tid: string }> = {
  editor: { preferred_username: 'Editor@Test.example', tid: TEST_TENANT },
  'viewer-with-email': { email: 'viewer@test.example', preferred_username: 'v.iewer@test.example', tid: TEST_TENANT },
  stranger: { preferred_username: 'stranger@elsewhere.example', tid: TEST_TENANT },
  'other-tenant': { preferred_username: 'admin@test.example', tid: '99999999-8888-7777-6666-555555555555' },
};

export interface TestProvider {
  /** The issuer its discovery document names. */
  issuer: string;
  /** Where it really listens (the same as the issuer unless it was told to pose as another). */
  url: string;
  /** Registers commsplan's callback address; call once the site is listening. */
  start(redirectUri: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider 8) on 127.0.0.1: discovery, keys, authorization code
 * with PKCE, its own sign-in and consent forms. `posingAs` makes it name another issuer in its
 * discovery document, as a server impersonating a provider would.
 */
export async function startTestProvider(options: { posingAs?: string } = {}): Promise<TestProvider> {
  const server: Server = createServer((_request, response) => {
    response.statusCode = 503;
    response.end('not started');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.posingAs ?? url;
  return {
    issuer,
    url,
    start(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: [redirectUri],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        findAccount: async (_context, id) => {
          const account = PROVIDER_ACCOUNTS[id];
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, ...account }) };
        },
        claims: { openid: ['sub', 'tid'], email: ['email'], profile: ['preferred_username'] },
        // Entra ID puts these claims in the ID token itself.
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        cookies: { keys: ['test provider cookie key'] },
        features: { devInteractions: { enabled: true } },
      });
      server.removeAllListeners('request');
      server.on('request', provider.callback());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

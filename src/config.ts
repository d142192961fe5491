import { z } from 'zod';
import { CommsplanError } from './shared/errors.js';

/** The only reader of the environment. Parsed once, frozen, every problem listed at once. */
const ConfigSchema = z.object({
  COMMSPLAN_DB: z.string().trim().min(1).optional(),
  COMMSPLAN_DEMO_DIR: z.string().trim().min(1).optional(),
  COMMSPLAN_PARALLEL_IMPORT_BYTES: z.coerce.number().int().min(0).optional(),
  COMMSPLAN_SESSION_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  COMMSPLAN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).optional(),
  COMMSPLAN_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  COMMSPLAN_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  COMMSPLAN_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  COMMSPLAN_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  COMMSPLAN_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  COMMSPLAN_OIDC_TENANT_ID: z.string().trim().min(1).optional(),
  COMMSPLAN_OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  COMMSPLAN_UPLOAD_LIMIT_MB: z.coerce.number().positive().optional(),
  COMMSPLAN_UPLOADS_PER_USER: z.coerce.number().int().min(1).optional(),
});

const OIDC_REQUIRED = ['COMMSPLAN_OIDC_ISSUER', 'COMMSPLAN_OIDC_CLIENT_ID', 'COMMSPLAN_OIDC_CLIENT_SECRET'] as const;

/** Sign-in with Microsoft Entra ID (or another OpenID provider) over OpenID Connect; see docs/adr/0010-web-app.md. */
export interface OidcConfig {
  /** e.g. https://login.microsoftonline.com/{tenant}/v2.0; its discovery document is read from here. */
  readonly issuer: string;
  readonly clientId: string;
  /** From the environment only (COMMSPLAN_OIDC_CLIENT_SECRET), never from the database. */
  readonly clientSecret: string;
  /** The ID token's `tid` must be this; unset for Entra issuers: the tenant in the issuer's path. */
  readonly tenantId?: string;
  /** Where the provider sends people back; unset: this server's own address, /sign-in/microsoft/callback. */
  readonly redirectUri?: string;
}

/** The tenant named in an Entra ID issuer (https://login.microsoftonline.com/{tenant}/v2.0), if it is one. */
function entraTenantOf(issuer: string): string | undefined {
  const match = /^https:\/\/login\.microsoftonline\.com\/([^/]+)\/v2\.0\/?$/.exec(issuer);
  return match?.[1];
}

/** How the web app keeps people signed in (see docs/adr/0010-web-app.md). */
export interface WebConfig {
  /** Signs session cookies; every instance serving one workspace needs the same. Unset: a new one each start. */
  readonly sessionSecret?: string;
  /** A session unused for this many minutes ends. */
  readonly sessionIdleMinutes: number;
  /** Always mark cookies Secure (true), never (false), or only when the request came over https (unset). */
  readonly secureCookies?: boolean;
  /** Requests a minute from one address to a rate-limited route (sign-in) before it is refused. */
  readonly signInAttemptsPerMinute: number;
  /** Set when sign-in with Microsoft is configured (all of COMMSPLAN_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET). */
  readonly oidc?: OidcConfig;
  /** The largest file the imports page accepts, in bytes (COMMSPLAN_UPLOAD_LIMIT_MB; 500 MB when unset). */
  readonly uploadLimitBytes?: number;
  /** Uploads one person may have on their way in at once (COMMSPLAN_UPLOADS_PER_USER; 1 when unset). */
  readonly uploadsPerUser?: number;
}

export interface Config {
  /** The workspace file used when no --db is given. */
  readonly dbPath: string;
  /** Where `npm start` and `commsplan demo` keep the demo workspace. */
  readonly demoDir: string;
  /** Imports of files from this size up check rows in a worker thread (unset: the built-in size). */
  readonly parallelImportBytes?: number;
  readonly web: WebConfig;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = ConfigSchema.safeParse(env);
  const oidcGiven = OIDC_REQUIRED.filter((name) => env[name]);
  const oidcProblems =
    oidcGiven.length > 0 && oidcGiven.length < OIDC_REQUIRED.length
      ? OIDC_REQUIRED.filter((name) => !env[name]).map((name) => `${name}: needed for sign-in with Microsoft (or unset the others)`)
      : [];
  if (!parsed.success || oidcProblems.length > 0) {
    const problems = [...(parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`), ...oidcProblems];
    throw new CommsplanError('invalid-input', `The environment has settings commsplan cannot use:\n${problems.join('\n')}`);
  }
  return Object.freeze({
    dbPath: parsed.data.COMMSPLAN_DB ?? 'commsplan.db',
    demoDir: parsed.data.COMMSPLAN_DEMO_DIR ?? 'commsplan-demo',
    parallelImportBytes: parsed.data.COMMSPLAN_PARALLEL_IMPORT_BYTES,
    web: Object.freeze({
      sessionSecret: parsed.data.COMMSPLAN_SESSION_SECRET,
      sessionIdleMinutes: parsed.data.COMMSPLAN_SESSION_IDLE_MINUTES ?? 30,
      signInAttemptsPerMinute: parsed.data.COMMSPLAN_SIGN_IN_ATTEMPTS_PER_MINUTE ?? 10,
      uploadLimitBytes:
        parsed.data.COMMSPLAN_UPLOAD_LIMIT_MB === undefined ? undefined : Math.round(parsed.data.COMMSPLAN_UPLOAD_LIMIT_MB * 1024 * 1024),
      uploadsPerUser: parsed.data.COMMSPLAN_UPLOADS_PER_USER,
      secureCookies: parsed.data.COMMSPLAN_SECURE_COOKIES === undefined ? undefined : parsed.data.COMMSPLAN_SECURE_COOKIES === 'true',
      oidc: oidcConfigOf(parsed.data),
    }),
  });
}

function oidcConfigOf(data: z.infer<typeof ConfigSchema>): OidcConfig | undefined {
  const { COMMSPLAN_OIDC_ISSUER: issuer, COMMSPLAN_OIDC_CLIENT_ID: clientId, COMMSPLAN_OIDC_CLIENT_SECRET: clientSecret } = data;
  if (!issuer || !clientId || !clientSecret) return undefined;
  return Object.freeze({
    issuer,
    clientId,
    clientSecret,
    tenantId: data.COMMSPLAN_OIDC_TENANT_ID ?? entraTenantOf(issuer),
    redirectUri: data.COMMSPLAN_OIDC_REDIRECT_URI,
  });
}

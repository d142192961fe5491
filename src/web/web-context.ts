import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionLimits } from '../accounts/manage-sessions.js';
import type { User } from '../accounts/users.store.js';
import type { WebConfig } from '../config.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import type { OidcSignIn } from './oidc-sign-in.js';

/** What the web app is built from: the composition root (or a test) hands these in. */
export interface WebDependencies {
  store: Store;
  organisation: Organisation;
  config: WebConfig;
  now: () => Date;
  /** The folder relative sender folders are read from: the one the server was started in. */
  cwd: string;
  /** A random number from 0 up to 1: the spread of retry delays. */
  random: () => number;
  /** A new unique id (a random UUID): send and import jobs, test messages. */
  newId: () => string;
  /** Signs cookies and CSRF tokens; `config.sessionSecret` or one made at start. */
  sessionSecret: string;
  /** The environment, for SMTP senders' secrets when sending from the web; none given, senders that need one cannot send. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Fastify's logger: true for a request log on stdout, false in tests. */
  logger?: boolean;
}

/** What every page handler gets besides the request and reply. */
export interface WebContext extends WebDependencies {
  sessionLimits: SessionLimits;
  /** Sign-in with Microsoft, when `config.oidc` is set. */
  oidc?: OidcSignIn;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, set before any handler runs; undefined when nobody is signed in. */
    user: User | undefined;
    /** The session token (signed in) or visit token (not yet) that this request's CSRF token is bound to. */
    csrfKey: string;
  }
}

export type PageHandler = (request: FastifyRequest, reply: FastifyReply, web: WebContext) => Promise<unknown>;

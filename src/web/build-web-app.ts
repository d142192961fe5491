import Fastify, { type FastifyInstance } from 'fastify';
import { OidcSignIn } from './oidc-sign-in.js';
import { registerPlugins } from './register-plugins.js';
import { checkRouteRule, type RouteRule } from './route-rule.js';
import { ROUTES, STATIC_PREFIXES } from './routes.js';
import type { WebContext, WebDependencies } from './web-context.js';

/**
 * The web app, ready to `listen` (tests use port 0, or `inject`). Every route comes from the
 * route table; registering any other route throws, so none can skip the role and CSRF checks.
 */
export async function buildWebApp(dependencies: WebDependencies, routes: readonly RouteRule[] = ROUTES): Promise<FastifyInstance> {
  const web: WebContext = {
    ...dependencies,
    sessionLimits: { idleMs: dependencies.config.sessionIdleMinutes * 60_000, absoluteMs: 12 * 60 * 60_000 },
    oidc: dependencies.config.oidc && new OidcSignIn(dependencies.config.oidc),
  };
  const app = Fastify({ logger: dependencies.logger ?? false, trustProxy: false });
  app.addHook('onRoute', (options) => {
    const rule = (options.config as { rule?: RouteRule } | undefined)?.rule;
    if (rule || STATIC_PREFIXES.some((prefix) => options.url.startsWith(prefix))) return;
    throw new Error(`${String(options.method)} ${options.url} is not in the route table (src/web/routes.ts): add it there.`);
  });
  await registerPlugins(app, web, routes);
  const signInLimit = { max: web.config.signInAttemptsPerMinute, timeWindow: '1 minute' };
  for (const rule of routes) {
    checkRouteRule(rule);
    app.route({
      method: rule.method,
      url: rule.path,
      config: { rule, ...(rule.rateLimited ? { rateLimit: signInLimit } : {}) },
      handler: (request, reply) => rule.handler(request, reply, web),
    });
  }
  return app;
}

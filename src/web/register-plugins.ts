import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isCommsplanError } from '../shared/errors.js';
import { isWorkspaceBusy } from '../store/workspace-busy.js';
import { accessGuard } from './access-guard.js';
import { stopCounting } from './audience-count-refresher.js';
import { badRequestPage, ERROR_PAGES, sendErrorPage } from './error-pages.js';
import { HTTP_STATUS_BY_ERROR } from './http-status.js';
import { expireUnconfirmed } from './import-jobs.js';
import { stopLocalImports } from './import-passes.js';
import { layoutContext } from './layout-context.js';
import type { RouteRule } from './route-rule.js';
import { registerUploads, uploadLimitOf, uploadsPerUserOf } from './uploads.js';
import { createViews, NHSUK_DIST } from './views.js';
import type { WebContext } from './web-context.js';

/** Where the build puts the compiled stylesheet and app.js (src/web/build-web-assets.ts). */
export const PUBLIC_DIR = join(import.meta.dirname, '../../dist/web/public');

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a view inside the layout and sends it. */
    page(template: string, data?: object, status?: number): FastifyReply;
  }
}

/** Every Fastify plugin and hook, registered here and nowhere else. */
export async function registerPlugins(app: FastifyInstance, web: WebContext, routes: readonly RouteRule[]): Promise<void> {
  if (!existsSync(join(PUBLIC_DIR, 'commsplan.css'))) {
    throw new Error(`The web app's stylesheet is missing from ${PUBLIC_DIR}: run npm run build.`);
  }
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Plain http on a laptop must keep working: a browser would otherwise ask for https.
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyCookie, { secret: web.sessionSecret });
  await app.register(fastifyFormbody, { bodyLimit: 1_000_000 });
  await app.register(fastifyRateLimit, { global: false });
  const guard = accessGuard(web);
  app.addHook('onRequest', guard.beforeBody);
  await registerUploads(app, { bytes: uploadLimitOf(web.config), perUser: uploadsPerUserOf(web.config) });
  // Checked uploads nobody confirms are removed within a minute of their hour being up.
  const stopExpiry = web.repeat(60_000, () =>
    expireUnconfirmed(web).catch((error: unknown) => {
      if (!isWorkspaceBusy(error)) process.emitWarning(`Unconfirmed uploads were not removed: ${(error as Error).message}`);
    }),
  );
  app.addHook('onClose', () => {
    stopExpiry();
    return stopLocalImports(web);
  });
  app.addHook('onClose', () => stopCounting(web));
  // nhsuk-frontend's scripts (/assets/nhsuk-frontend.min.js) and the images its CSS expects at /assets/images.
  await app.register(fastifyStatic, {
    root: [join(NHSUK_DIST, 'nhsuk'), join(NHSUK_DIST, 'nhsuk/assets')],
    prefix: '/assets/',
    index: false,
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', index: false, decorateReply: false });

  const views = createViews();
  app.decorateReply('page', function (this: FastifyReply, template: string, data: object = {}, status = 200) {
    const html = views.render(template, { ...layoutContext(this.request, web, routes), ...data });
    return this.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  app.addHook('preHandler', guard.afterBody);
  app.setNotFoundHandler(async (_request, reply) => sendErrorPage(reply, ERROR_PAGES.notFound));
  app.setErrorHandler(async (error, request, reply) => {
    if (isCommsplanError(error)) return sendErrorPage(reply, badRequestPage(HTTP_STATUS_BY_ERROR[error.code], error.message));
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 429) return sendErrorPage(reply, ERROR_PAGES.tooManyRequests);
    if (status >= 400 && status < 500) return sendErrorPage(reply, badRequestPage(status, 'The request could not be read.'));
    if (isWorkspaceBusy(error)) return sendErrorPage(reply.header('retry-after', '60'), ERROR_PAGES.workspaceBusy);
    request.log.error(error);
    return sendErrorPage(reply, ERROR_PAGES.serverError);
  });
}

import type { FastifyRequest } from 'fastify';
import type { ChangeMaker } from '../audit/audit-log.store.js';
import type { WebContext } from './web-context.js';

/** Who makes a change from a page, and when: the signed-in person, for a use-case's audit line. */
export function changeByUser(request: FastifyRequest, web: Pick<WebContext, 'now'>): ChangeMaker {
  return { actor: request.user?.email ?? 'web', now: web.now() };
}

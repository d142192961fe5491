import type { FastifyRequest } from 'fastify';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import type { RecordChange } from '../waves/plan-waves.js';
import type { WebContext } from './web-context.js';

/** The audit port for a change made from a page: one line of the audit log, by the signed-in person. */
export function recordChangeBy(request: FastifyRequest, web: Pick<WebContext, 'organisation' | 'now'>): RecordChange {
  const actor = request.user?.email ?? 'web';
  return (db, change) => appendAuditEntry(db, web.organisation.id, { at: web.now().toISOString(), actor, ...change });
}

/** Who makes a change from a page, and when: the signed-in person, for a use-case's audit line. */
export function changeByUser(request: FastifyRequest, web: Pick<WebContext, 'now'>): { by: string; now: Date } {
  return { by: request.user?.email ?? 'web', now: web.now() };
}

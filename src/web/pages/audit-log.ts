import { listAuditEntries } from '../../delivery/audit-log.store.js';
import type { PageHandler } from '../web-context.js';

export const AUDIT_LOG_PAGE_SIZE = 200;

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'medium' });

/** The audit log, newest first: every approval, send, change and sign-in, with who and when. */
export const showAuditLog: PageHandler = async (_request, reply, web) => {
  const entries = await listAuditEntries(web.store.db, web.organisation.id, { limit: AUDIT_LOG_PAGE_SIZE });
  const rows = entries.reverse().map((entry) => {
    const at = Date.parse(entry.at);
    return { ...entry, when: Number.isNaN(at) ? entry.at : LONDON.format(at) };
  });
  return reply.page('audit-log.njk', {
    pageTitle: 'Audit log',
    rows,
    limited: rows.length === AUDIT_LOG_PAGE_SIZE,
    pageSize: AUDIT_LOG_PAGE_SIZE,
  });
};

import { withoutControlCharacters } from '../shared/control-characters.js';
import type { Queryable } from './store.js';

/** One line of the audit log: who did what to which thing, and when. */
export interface AuditEntry {
  /** ISO 8601 instant. */
  at: string;
  actor: string;
  /** Such as `approved`, `approval-withdrawn`, `queued`, `paused`, `cancelled`. */
  action: string;
  /** What it was done to, such as an occurrence key or a sender name. */
  subject: string;
  detail: string;
}

/** Writes one line; control characters and line breaks in what people typed never reach the log. */
export async function appendAuditEntry(db: Queryable, orgId: string, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      org_id: orgId,
      at: entry.at,
      actor: withoutControlCharacters(entry.actor),
      action: withoutControlCharacters(entry.action),
      subject: withoutControlCharacters(entry.subject),
      detail: withoutControlCharacters(entry.detail),
    })
    .execute();
}

/** Entries in the order they were written; `limit` keeps the most recent ones. */
export async function listAuditEntries(db: Queryable, orgId: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'action', 'subject', 'detail'])
    .where('org_id', '=', orgId)
    // In the order they were written: `--now` lets a command act at another time than the clock's.
    .orderBy('id', 'desc');
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.reverse().map(({ id: _id, ...entry }) => entry);
}

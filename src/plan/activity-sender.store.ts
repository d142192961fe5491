import { appendAuditEntry, type ChangeMaker, entryBy } from '../audit/audit-log.store.js';
import type { Queryable } from '../store/store.js';

/** The names of the organisation's senders, for checking `activity set --sender`. */
export async function senderNames(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('senders').select('name').where('org_id', '=', orgId).orderBy('name').execute();
  return rows.map((row) => row.name);
}

export async function activitySenderName(db: Queryable, orgId: string, activityId: string): Promise<string | null> {
  const row = await db
    .selectFrom('activities')
    .select('sender_name')
    .where('org_id', '=', orgId)
    .where('id', '=', activityId)
    .executeTakeFirst();
  return row?.sender_name ?? null;
}

/** The sender an activity's emails go from: its own, else the default sender; undefined when there is neither. */
export async function senderOfActivity(db: Queryable, orgId: string, activityId: string): Promise<string | undefined> {
  const own = await activitySenderName(db, orgId, activityId);
  if (own) return own;
  const fallback = await db
    .selectFrom('senders')
    .select('name')
    .where('org_id', '=', orgId)
    .where('is_default', '=', 1)
    .orderBy('name')
    .executeTakeFirst();
  return fallback?.name;
}

/** Sets the sender an activity's emails go from (null: the default sender), with a line in the audit log. */
export async function updateActivitySender(
  db: Queryable,
  orgId: string,
  activityId: string,
  senderName: string | null,
  change: ChangeMaker,
): Promise<void> {
  await db
    .updateTable('activities')
    .set({ sender_name: senderName, updated_at: change.now.toISOString() })
    .where('org_id', '=', orgId)
    .where('id', '=', activityId)
    .execute();
  const detail = senderName === null ? 'the default sender' : `sender ${senderName}`;
  await appendAuditEntry(db, orgId, entryBy(change, { action: 'activity-sender-set', subject: activityId, detail }));
}

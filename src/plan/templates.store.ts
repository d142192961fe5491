import type { Queryable } from '../store/store.js';

/** Writes a template's subject and body; false when there is no such template. */
export async function updateTemplate(
  db: Queryable,
  orgId: string,
  id: string,
  content: { subject: string; body: string },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('templates')
    .set({ subject: content.subject, body: content.body, updated_at: now.toISOString() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

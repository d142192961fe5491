import type { Queryable } from '../store/store.js';
import { CANNOT_BE_MADE } from './outbox.store.js';

/** Messages of sent occurrences that failed because they could not be made, by occurrence, template and version. */
export async function unmadeMessagesOfSentOccurrences(
  db: Queryable,
  orgId: string,
): Promise<{ occurrenceKey: string; templateId: string; templateVersion: string; count: number; reason: string }[]> {
  const rows = await db
    .selectFrom('outbox')
    .innerJoin('occurrence_states', (join) =>
      join.onRef('occurrence_states.org_id', '=', 'outbox.org_id').onRef('occurrence_states.occurrence_key', '=', 'outbox.occurrence_key'),
    )
    .select(['outbox.occurrence_key', 'outbox.template_id', 'outbox.template_version'])
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('outbox.last_error').as('reason')])
    .where('outbox.org_id', '=', orgId)
    .where('occurrence_states.state', '=', 'sent')
    .where('outbox.state', '=', 'failed')
    .where('outbox.last_error', 'like', `${CANNOT_BE_MADE}%`)
    .groupBy(['outbox.occurrence_key', 'outbox.template_id', 'outbox.template_version'])
    .execute();
  return rows.map((row) => ({
    occurrenceKey: row.occurrence_key,
    templateId: row.template_id,
    templateVersion: row.template_version,
    count: Number(row.count),
    reason: String(row.reason ?? CANNOT_BE_MADE)
      .slice(CANNOT_BE_MADE.length)
      .trim(),
  }));
}

/**
 * Removes the messages of an occurrence that could not be made with this template version, once
 * it is approved again, so that the queue step makes them afresh from the data as it is then
 * (same key, same Message-ID): they never reached a server, so no one has them. The audit log
 * keeps their failure. Returns how many it removed.
 */
export async function discardUnmadeMessages(db: Queryable, orgId: string, occurrenceKey: string, templateVersion: string): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', occurrenceKey)
    .where('template_version', '=', templateVersion)
    .where('state', '=', 'failed')
    .where('last_error', 'like', `${CANNOT_BE_MADE}%`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

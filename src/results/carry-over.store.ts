import { messageStatesBefore } from '../outbox/message-state.js';
import type { Queryable } from '../store/store.js';

/** Cancels the unsent messages of these occurrences to these people, saying why. */
export async function cancelMessagesOfPeople(
  db: Queryable,
  orgId: string,
  occurrenceKeys: readonly string[],
  people: readonly string[],
  reason: string,
): Promise<number> {
  if (occurrenceKeys.length === 0 || people.length === 0) return 0;
  let cancelled = 0;
  for (let start = 0; start < people.length; start += 500) {
    const result = await db
      .updateTable('outbox')
      .set({ state: 'cancelled', last_error: reason })
      .where('org_id', '=', orgId)
      .where('occurrence_key', 'in', [...occurrenceKeys])
      .where('person_email', 'in', people.slice(start, start + 500))
      .where('state', 'in', messageStatesBefore('cancelled'))
      .executeTakeFirst();
    cancelled += Number(result.numUpdatedRows);
  }
  return cancelled;
}

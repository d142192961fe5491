import type { Queryable } from '../store/store.js';
import { messageStatesBefore } from './message-state.js';

/** Cancels every unsent message of the occurrences, saying why. */
export async function cancelUnsentMessages(
  db: Queryable,
  orgId: string,
  occurrenceKeys: readonly string[],
  reason: string,
): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'cancelled', last_error: reason })
    .where('org_id', '=', orgId)
    .where('occurrence_key', 'in', [...occurrenceKeys])
    .where('state', 'in', messageStatesBefore('cancelled'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

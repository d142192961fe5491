import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

/** What the outbox records as sent for each of these occurrences: how many people, and when the first and last went. */
export async function sentSoFar(
  db: Queryable,
  orgId: string,
  occurrenceKeys: readonly string[],
): Promise<Map<string, { people: number; firstSent: string; lastSent: string }>> {
  if (occurrenceKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('outbox')
    .select([
      'occurrence_key',
      sql<number>`COUNT(DISTINCT recipient)`.as('people'),
      (eb) => eb.fn.min('sent_at').as('first_sent'),
      (eb) => eb.fn.max('sent_at').as('last_sent'),
    ])
    .where('org_id', '=', orgId)
    .where('state', '=', 'sent')
    .where('occurrence_key', 'in', [...occurrenceKeys])
    .groupBy('occurrence_key')
    .execute();
  return new Map(
    rows
      .filter((row) => row.first_sent && row.last_sent)
      .map((row) => [
        row.occurrence_key,
        { people: Number(row.people), firstSent: String(row.first_sent), lastSent: String(row.last_sent) },
      ]),
  );
}

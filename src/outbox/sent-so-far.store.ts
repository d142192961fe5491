import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

/** What the outbox holds for an occurrence: people sent it (and when the first and last went), and people it is queued to. */
export interface SentSoFar {
  people: number;
  firstSent?: string;
  lastSent?: string;
  /** Messages made but not sent yet (queued, being sent, to be tried again): they say what they said when they were made. */
  queued: number;
}

/** What the outbox records as sent, or queued to go, for each of these occurrences; occurrences with neither are left out. */
export async function sentSoFar(db: Queryable, orgId: string, occurrenceKeys: readonly string[]): Promise<Map<string, SentSoFar>> {
  if (occurrenceKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('outbox')
    .select([
      'occurrence_key',
      sql<number>`COUNT(DISTINCT CASE WHEN state = 'sent' THEN recipient END)`.as('people'),
      sql<number>`COUNT(DISTINCT CASE WHEN state IN ('queued', 'sending', 'retrying') THEN recipient END)`.as('queued'),
      sql<string | null>`MIN(CASE WHEN state = 'sent' THEN sent_at END)`.as('first_sent'),
      sql<string | null>`MAX(CASE WHEN state = 'sent' THEN sent_at END)`.as('last_sent'),
    ])
    .where('org_id', '=', orgId)
    .where('state', 'in', ['sent', 'queued', 'sending', 'retrying'])
    .where('occurrence_key', 'in', [...occurrenceKeys])
    .groupBy('occurrence_key')
    .execute();
  return new Map(
    rows
      .filter((row) => Number(row.people) > 0 || Number(row.queued) > 0)
      .map((row) => [
        row.occurrence_key,
        {
          people: Number(row.people),
          queued: Number(row.queued),
          ...(row.first_sent && row.last_sent ? { firstSent: String(row.first_sent), lastSent: String(row.last_sent) } : {}),
        },
      ]),
  );
}

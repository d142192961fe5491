import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The messages a worker may claim, in the order it claims them. Without it every claim sorted
 * all of a sender's waiting messages: 12 ms a claim at 5,000 messages, and the cost grew with
 * the outbox. The index holds only waiting messages, so a claim reads the first ten entries.
 * Queries must name the states as literals for SQLite and PostgreSQL to use it.
 */
export function outboxClaimable(): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await sql`CREATE INDEX outbox_claimable ON outbox (org_id, sender_name, not_before, message_key)
                WHERE state IN ('queued', 'retrying')`.execute(db);
    },
  };
}

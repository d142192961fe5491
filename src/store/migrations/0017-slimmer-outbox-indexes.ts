import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * The outbox's indexes took half of each message's 760 bytes, and 1.5 million queued messages
 * grew the workspace by more than a gigabyte. Two indexes change:
 * - `outbox_due` (org, sender, state, not_before) held every message for good. What it served
 *   reads only waiting or leased messages, which the partial indexes below hold.
 * - `outbox_claimable` no longer repeats the 64-character message key on SQLite: claims there
 *   take messages due at the same moment in the order they were queued (the rowid, which every
 *   index entry carries). PostgreSQL has no rowid and keeps the key.
 * `outbox_leased` holds the messages a worker has claimed: a few per worker.
 */
export function slimmerOutboxIndexes(dialect: DialectName): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await sql`DROP INDEX outbox_due`.execute(db);
      if (dialect === 'sqlite') {
        await sql`DROP INDEX outbox_claimable`.execute(db);
        await sql`CREATE INDEX outbox_claimable ON outbox (org_id, sender_name, not_before)
                  WHERE state IN ('queued', 'retrying')`.execute(db);
      }
      await sql`CREATE INDEX outbox_leased ON outbox (org_id, lease_until) WHERE state = 'sending'`.execute(db);
    },
  };
}

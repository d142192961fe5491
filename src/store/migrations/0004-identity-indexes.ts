import { type Migration, sql } from 'kysely';

/** Mailbox columns an export may name a person by. Names are ours, never input. */
const IDENTITY_COLUMNS = ['display_key', 'exchange_guid', 'legacy_dn', 'sam_account_name', 'alias', 'user_principal_name'];

/**
 * Identity indexes that answer a match on their own: each carries the address, so matching
 * 1.5 million statistics rows reads one index instead of the index and then the table, and each
 * leaves out mailboxes without that identity (many exports have no LegacyExchangeDN or UPN).
 */
export function identityIndexes(): Migration {
  return {
    up: async (db) => {
      for (const column of IDENTITY_COLUMNS) {
        await db.schema.dropIndex(`mailboxes_${column}`).execute();
        await sql
          .raw(`CREATE INDEX mailboxes_by_${column} ON mailboxes (org_id, ${column}, email) WHERE ${column} IS NOT NULL`)
          .execute(db);
      }
    },
  };
}

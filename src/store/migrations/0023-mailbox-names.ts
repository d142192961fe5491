import { type Kysely, type Migration, sql } from 'kysely';

/**
 * A mailbox's Name (its directory name) and its Identity path (`trust.local/Users/Jane Smith`):
 * mobile device identities name their mailbox by these, and a display name alone can fit several.
 */
export function mailboxNames(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['name_key', 'identity_key']) {
    await db.schema.alterTable('mailboxes').addColumn(column, 'text').execute();
    await sql.raw(`CREATE INDEX mailboxes_by_${column} ON mailboxes (org_id, ${column}, email) WHERE ${column} IS NOT NULL`).execute(db);
  }
}

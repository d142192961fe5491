import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Bounces: where each sender's non-delivery reports are read (IMAP; secrets stay in the
 * environment, only variable names are stored), one row per recipient of each report, how far
 * each mailbox has been read, and a `bounced` flag on the people table. See docs/adr/0012-bounces.md.
 */
export function bounces(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['imap_host', 'imap_security', 'imap_user', 'imap_password_env', 'imap_folder'])
    await db.schema.alterTable('senders').addColumn(column, 'text').execute();
  await db.schema.alterTable('senders').addColumn('imap_port', 'integer').execute();

  await db.schema
    .createTable('bounces')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (c) => c.notNull()) // the report's Message-ID, else sha256: of its bytes
    .addColumn('address', 'text', (c) => c.notNull()) // lower-cased; '' when the report names none
    .addColumn('kind', 'text', (c) => c.notNull()) // permanent | temporary
    .addColumn('action', 'text', (c) => c.notNull()) // failed | delayed
    .addColumn('status', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // delivery-status | exchange-text
    .addColumn('message_key', 'text') // the outbox message reported on; null when none matched
    .addColumn('original_message_id', 'text')
    .addColumn('person_email', 'text')
    .addColumn('source', 'text', (c) => c.notNull()) // imap:SENDER/FOLDER or file:NAME
    .addColumn('report_subject', 'text', (c) => c.notNull())
    .addColumn('report_date', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bounces_pk', ['org_id', 'report_id', 'address'])
    .execute();
  await sql`CREATE INDEX bounces_by_address ON bounces (org_id, address, kind)`.execute(db);
  await sql`CREATE INDEX bounces_by_message ON bounces (org_id, message_key)`.execute(db);

  await db.schema
    .createTable('bounce_mailboxes')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bounce_mailboxes_pk', ['org_id', 'sender_name', 'folder'])
    .execute();

  await db.schema
    .alterTable('directory_persons')
    .addColumn('bounced', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

import type { Kysely, Migration } from 'kysely';

/**
 * Staff-list rows with no work address belong to a mailbox found by employee number or name:
 * the mailbox export may carry the employee number, rows without an address keep the flags a
 * person needs, and each link made is stored with how it was made.
 */
export function staffMailboxLinks(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mailboxes').addColumn('employee_number', 'text').execute();
  await db.schema.alterTable('staff_without_address').addColumn('employee_number', 'text').execute();
  for (const flag of ['is_helpdesk', 'is_application_owner', 'is_dl_owner', 'uses_email_programme'])
    await db.schema
      .alterTable('staff_without_address')
      .addColumn(flag, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  await db.schema
    .alterTable('staff_without_address')
    .addColumn('gets_nhsmail', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('directory_persons').addColumn('employee_number', 'text').execute();
  await db.schema.alterTable('directory_persons').addColumn('staff_link', 'text').execute();

  await db.schema
    .createTable('staff_mailbox_links')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    // `w:` and the staff key of a row with no address, or `p:` and the address of a row with a personal one.
    .addColumn('staff_ref', 'text', (c) => c.notNull())
    .addColumn('mailbox_email', 'text', (c) => c.notNull())
    // employee-number or name
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_mailbox_links_pk', ['org_id', 'staff_ref'])
    .execute();
  await db.schema
    .createIndex('staff_mailbox_links_mailbox')
    .on('staff_mailbox_links')
    .columns(['org_id', 'mailbox_email'])
    .unique()
    .execute();
}

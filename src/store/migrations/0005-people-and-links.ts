import { type Kysely, type Migration, sql } from 'kysely';

/**
 * What real exports carry beyond the first directory tables: links between a person's local
 * and NHSmail addresses, leavers and disabled accounts, staff without an address, groups that
 * hold mailbox permissions, and the owners of shared mailboxes.
 */
export function peopleAndLinks(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'));

  await db.schema.alterTable('people').addColumn('employee_number', 'text').execute();
  await db.schema.alterTable('people').addColumn('leaving_date', 'text').execute();
  await db.schema.alterTable('people').addColumn('nhsmail_email', 'text').execute();
  await db.schema
    .alterTable('people')
    .addColumn('gets_nhsmail', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('mailboxes')
    .addColumn('account_disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('nhsmail_accounts').addColumn('display_name', 'text').execute();
  await db.schema.alterTable('nhsmail_accounts').addColumn('local_email', 'text').execute();
  await db.schema.alterTable('migration_results').addColumn('nhsmail_email', 'text').execute();

  await table('staff_without_address')
    .addColumn('staff_key', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('display_name', 'text')
    .addColumn('department', 'text')
    .addColumn('job_role', 'text')
    .addColumn('wave_name', 'text')
    .addColumn('leaving_date', 'text')
    .addPrimaryKeyConstraint('staff_without_address_pk', ['org_id', 'staff_key'])
    .execute();

  await table('address_links')
    .addColumn('local_email', 'text', (c) => c.notNull())
    .addColumn('nhsmail_email', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('address_links_pk', ['org_id', 'local_email'])
    .execute();
  await db.schema.createIndex('address_links_nhsmail').on('address_links').columns(['org_id', 'nhsmail_email']).unique().execute();

  await table('mail_groups')
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('email', 'text')
    .addPrimaryKeyConstraint('mail_groups_pk', ['org_id', 'group_key'])
    .execute();
  await table('group_members')
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('member_email', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['org_id', 'group_key', 'member_email'])
    .execute();
  await table('group_permissions')
    .addColumn('mailbox_email', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_permissions_pk', ['org_id', 'mailbox_email', 'group_key', 'access'])
    .execute();

  await table('shared_mailbox_owners')
    .addColumn('mailbox_email', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shared_mailbox_owners_pk', ['org_id', 'mailbox_email', 'owner_email'])
    .execute();

  await sql`CREATE INDEX people_by_nhsmail_email ON people (org_id, nhsmail_email) WHERE nhsmail_email IS NOT NULL`.execute(db);
}

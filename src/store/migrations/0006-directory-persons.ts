import type { Kysely, Migration } from 'kysely';

/**
 * One row per person, worked out from every import (a person may be a mailbox, a staff-list row
 * and an NHSmail account at once). Audiences read this table, so a count and the list behind it
 * always agree, and 1.5 million people count in one pass.
 */
export function directoryPersons(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'));
  const flag = (name: string) => (builder: ReturnType<typeof table>) => builder.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));

  let persons = table('directory_persons')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('local_email', 'text')
    .addColumn('staff_email', 'text')
    .addColumn('nhsmail_email', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('display_name', 'text')
    .addColumn('department', 'text')
    .addColumn('job_role', 'text')
    .addColumn('wave', 'text')
    .addColumn('leaving_date', 'text')
    .addColumn('last_mobile_sync', 'text')
    .addColumn('local_size', 'bigint')
    .addColumn('nhsmail_size', 'bigint')
    .addColumn('nhsmail_quota', 'bigint')
    .addColumn('migration_outcome', 'text')
    .addColumn('migration_status', 'text');
  for (const name of [
    'on_staff_list',
    'local_mailbox',
    'account_disabled',
    'nhsmail',
    'email_programme',
    'helpdesk',
    'application_owner',
    'dl_owner',
    'shared_mailbox_user',
    'shared_mailbox_owner',
  ])
    persons = flag(name)(persons);
  await persons
    .addColumn('gets_nhsmail', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('directory_persons_pk', ['org_id', 'email'])
    .execute();
  await db.schema.createIndex('directory_persons_wave').on('directory_persons').columns(['org_id', 'wave']).execute();

  await table('directory_state')
    .addColumn('built_at', 'text')
    .addColumn('stale', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('mailbox_domains', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mailbox_types', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('directory_state_pk', ['org_id'])
    .execute();
}

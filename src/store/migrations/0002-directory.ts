import type { Kysely, Migration } from 'kysely';
import { autoIncrementId, type DialectName } from '../dialect.js';

/** People, mailboxes and what hangs off them, imported from administrators' exports. */
export function directorySchema(dialect: DialectName): Migration {
  return { up: (db) => up(db, dialect) };
}

async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'));

  await table('people')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('display_name', 'text')
    .addColumn('department', 'text')
    .addColumn('job_role', 'text')
    .addColumn('is_helpdesk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_application_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_dl_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uses_email_programme', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wave_name', 'text')
    .addPrimaryKeyConstraint('people_pk', ['org_id', 'email'])
    .execute();

  await table('mailboxes')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('display_key', 'text')
    .addColumn('alias', 'text')
    .addColumn('mailbox_type', 'text', (c) => c.notNull())
    .addColumn('quota_bytes', 'bigint')
    .addColumn('uses_database_quota', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exchange_guid', 'text')
    .addColumn('legacy_dn', 'text')
    .addColumn('sam_account_name', 'text')
    .addColumn('user_principal_name', 'text')
    .addColumn('size_bytes', 'bigint')
    .addColumn('deleted_bytes', 'bigint')
    .addColumn('item_count', 'bigint')
    .addColumn('last_logon', 'text')
    .addPrimaryKeyConstraint('mailboxes_pk', ['org_id', 'email'])
    .execute();
  for (const column of ['display_key', 'exchange_guid', 'legacy_dn', 'sam_account_name', 'alias', 'user_principal_name']) {
    await db.schema.createIndex(`mailboxes_${column}`).on('mailboxes').columns(['org_id', column]).execute();
  }

  await table('mobile_devices')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_type', 'text')
    .addColumn('device_model', 'text')
    .addColumn('device_os', 'text')
    .addColumn('last_sync', 'text')
    .addPrimaryKeyConstraint('mobile_devices_pk', ['org_id', 'email', 'device_id'])
    .execute();

  await table('mailbox_permissions')
    .addColumn('mailbox_email', 'text', (c) => c.notNull())
    .addColumn('user_email', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mailbox_permissions_pk', ['org_id', 'mailbox_email', 'user_email', 'access'])
    .execute();
  await db.schema.createIndex('mailbox_permissions_user').on('mailbox_permissions').columns(['org_id', 'user_email']).execute();

  await table('nhsmail_accounts')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('quota_bytes', 'bigint')
    .addPrimaryKeyConstraint('nhsmail_accounts_pk', ['org_id', 'email'])
    .execute();

  await table('migration_results')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('raw_status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('migration_results_pk', ['org_id', 'email'])
    .execute();

  await autoIncrementId(dialect, db.schema.createTable('import_runs'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .execute();

  await table('custom_audiences')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_audiences_pk', ['org_id', 'name'])
    .execute();
}

import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Who owns each distribution list, by the list's address, and the list's name when the file gives
 * it (`commsplan import dl-owners`): its owners are told which lists are theirs and how many
 * members each has.
 */
export function distributionListOwners(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('distribution_list_owners')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('list_email', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text', (c) => c.notNull())
    .addColumn('list_name', 'text')
    .addPrimaryKeyConstraint('distribution_list_owners_pk', ['org_id', 'list_email', 'owner_email'])
    .execute();
  await sql`CREATE INDEX distribution_list_owners_by_owner ON distribution_list_owners (org_id, owner_email)`.execute(db);
}

import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Which imported names lost letters to an ASCII or Windows-1252 save ("?ukasz"): one flag per
 * name column of each table that holds names, so the people table can take each name from the
 * source that kept its letters, and `check` can list the people affected. Rows already stored
 * are marked from their names, since nobody's name has a "?" in it. A small partial index per
 * table finds the few marked rows without reading the rest.
 */
const NAME_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  people: ['first_name', 'last_name', 'display_name'],
  staff_without_address: ['first_name', 'last_name', 'display_name'],
  mailboxes: ['display_name'],
  nhsmail_accounts: ['display_name'],
};

export function lostLetters(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(NAME_COLUMNS)) {
    for (const column of columns) {
      await db.schema
        .alterTable(table)
        .addColumn(`${column}_lost_letters`, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`UPDATE ${sql.table(table)} SET ${sql.ref(`${column}_lost_letters`)} = 1 WHERE ${sql.ref(column)} LIKE '%?%'`.execute(db);
    }
    const anyLost = columns.map((column) => `${column}_lost_letters = 1`).join(' OR ');
    await sql.raw(`CREATE INDEX ${table}_lost_letters ON ${table} (org_id) WHERE ${anyLost}`).execute(db);
  }
}

import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { anyNameLostLetters, lostLettersColumn, NAME_COLUMNS_OF, type NameTable } from './name-columns.js';

/** Where an imported name that lost letters is stored, as people call that import. */
export const NAME_SOURCE_LABELS: Readonly<Record<NameTable, string>> = {
  people: 'staff list',
  staff_without_address: 'staff list, no address',
  mailboxes: 'mailbox list',
  nhsmail_accounts: 'NHSmail list',
};

/** One imported row whose names came with "?" in place of a letter. */
export interface LostLetterName {
  source: string;
  /** The row's address, or for staff with no address their employee number or name. */
  address: string;
  /** The names as imported: first and last name, else the display name. */
  name: string;
  /** The name columns that lost letters, in words ("first name, display name"). */
  columns: string;
}

interface NameRow {
  source: NameTable;
  address: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  lost: string;
}

/** Each table's rows with a name that lost letters; user mailboxes only, the others being no person's. */
function rowsOf(table: NameTable, orgId: string) {
  const flags = NAME_COLUMNS_OF[table] as readonly string[];
  const column = (name: string) => sql.raw(flags.includes(name) ? `t.${name}` : 'NULL');
  const lost = sql.raw(
    `${flags.map((name) => `CASE WHEN t.${lostLettersColumn(name)} = 1 THEN '${name.replace('_', ' ')}, ' ELSE '' END`).join(' || ')}`,
  );
  const address = sql.raw(table === 'staff_without_address' ? 't.staff_key' : 't.email');
  const userMailboxes = sql.raw(table === 'mailboxes' ? "AND t.mailbox_type = 'user'" : '');
  return sql`SELECT ${sql.lit(table)} AS source, ${address} AS address, ${column('first_name')} AS first_name,
      ${column('last_name')} AS last_name, ${column('display_name')} AS display_name, ${lost} AS lost
    FROM ${sql.table(table)} t WHERE t.org_id = ${orgId} AND ${sql.raw(anyNameLostLetters(table, 't'))} ${userMailboxes}`;
}

const allRows = (orgId: string) =>
  sql.join(
    (Object.keys(NAME_COLUMNS_OF) as NameTable[]).map((table) => rowsOf(table, orgId)),
    sql` UNION ALL `,
  );

/**
 * How many people have a name that lost letters in some import. One person is counted once
 * however many of their imports lost letters: by address, an NHSmail address counting as the
 * local one it is linked to.
 */
export async function countPeopleWithLostLetters(db: Queryable, orgId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(DISTINCT coalesce(l.local_email, r.address)) AS n FROM (${allRows(orgId)}) r
    LEFT JOIN address_links l ON l.org_id = ${orgId} AND r.source = 'nhsmail_accounts' AND l.nhsmail_email = r.address`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The imported rows whose names lost letters, by import and address; the first `limit` of them when given. */
export async function listLostLetterNames(db: Queryable, orgId: string, limit?: number): Promise<LostLetterName[]> {
  const order = sql.raw(
    `CASE r.source ${(Object.keys(NAME_COLUMNS_OF) as NameTable[]).map((table, i) => `WHEN '${table}' THEN ${i}`).join(' ')} END, r.address`,
  );
  const result =
    await sql<NameRow>`SELECT r.* FROM (${allRows(orgId)}) r ORDER BY ${order} ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}`.execute(
      db,
    );
  return result.rows.map((row) => ({
    source: NAME_SOURCE_LABELS[row.source],
    address: row.address,
    name: [row.first_name, row.last_name].filter(Boolean).join(' ') || row.display_name || '',
    columns: row.lost.replace(/, $/, ''),
  }));
}

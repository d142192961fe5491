import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { inPages } from './in-pages.js';
import { STAGING_TABLE } from './staging-table.store.js';

/**
 * Set-based steps of a staff-list import on the staging table (ADR 0004). `ok` marks what
 * becomes of each staged row: 1 a person with an address, 0 rejected, 2 another assignment of
 * a person on an earlier or primary row (merged into it), 3 a staff member with no address.
 */
export const MERGED_ROW = 2;
export const NO_ADDRESS_ROW = 3;

const CONFLICTS_TABLE = 'staff_conflicts';

export interface StaffConflictRow {
  row_no: number;
  /** `shared-address`: two employee numbers on one address; `two-addresses`: one number, two addresses. */
  problem: 'shared-address' | 'two-addresses';
  first_row: number;
  /** The other row's employee number or address. */
  other: string;
}

const staging = sql.table(STAGING_TABLE);
const conflicts = sql.table(CONFLICTS_TABLE);

/**
 * Sets aside, and keeps out of the import, the rows that say two people share an address or
 * one person has two: each is measured against the first row with that address (or number).
 * Returns how many there are.
 */
export async function findStaffConflicts(db: Queryable): Promise<number> {
  await sql.raw(`DROP TABLE IF EXISTS ${CONFLICTS_TABLE}`).execute(db);
  await sql
    .raw(
      `CREATE TEMPORARY TABLE ${CONFLICTS_TABLE} (staged_id integer primary key, row_no integer, problem text, first_row integer, other text)`,
    )
    .execute(db);
  await setAsideConflicts(db, 'email', 'employee_number', 'shared-address');
  await setAsideConflicts(db, 'employee_number', 'email', 'two-addresses');
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${conflicts}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

async function setAsideConflicts(
  db: Queryable,
  key: 'email' | 'employee_number',
  value: 'email' | 'employee_number',
  problem: StaffConflictRow['problem'],
): Promise<void> {
  const [k, v] = [sql.raw(key), sql.raw(value)];
  // Almost every address has one employee number: only those with two or more are looked at row by row.
  await sql`INSERT INTO ${conflicts} (staged_id, row_no, problem, first_row, other)
    WITH clashing AS MATERIALIZED (
      SELECT ${k} AS key FROM ${staging} WHERE ok = 1 AND ${k} IS NOT NULL AND ${v} IS NOT NULL
      GROUP BY ${k} HAVING min(${v}) <> max(${v})),
    candidates AS MATERIALIZED (
      SELECT s.staged_id, s.row_no, c.key, ${sql.raw(`s.${value}`)} AS value
      FROM ${staging} s JOIN clashing c ON c.key = ${sql.raw(`s.${key}`)} WHERE s.ok = 1 AND ${sql.raw(`s.${value}`)} IS NOT NULL),
    firsts AS (
      SELECT key, value, row_no FROM (
        SELECT key, value, row_no, ROW_NUMBER() OVER (PARTITION BY key ORDER BY row_no) AS place FROM candidates) ranked
      WHERE place = 1)
    SELECT c.staged_id, c.row_no, ${problem}, f.row_no, f.value
    FROM candidates c JOIN firsts f ON f.key = c.key WHERE c.value <> f.value`.execute(db);
  await sql`UPDATE ${staging} SET ok = 0 FROM ${conflicts} c WHERE c.staged_id = ${staging}.staged_id AND c.problem = ${problem}`.execute(
    db,
  );
}

/** The rows `findStaffConflicts` set aside, in file order. */
export function staffConflictRows(db: Queryable, pageSize = 10_000): AsyncGenerator<StaffConflictRow> {
  return inPages(async (after, limit) => {
    const result = await sql<StaffConflictRow & { staged_id: number }>`
      SELECT staged_id, row_no, problem, first_row, other FROM ${conflicts}
      WHERE staged_id > ${after} ORDER BY staged_id LIMIT ${limit}`.execute(db);
    return result.rows;
  }, pageSize);
}

export async function dropStaffConflicts(db: Queryable): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${CONFLICTS_TABLE}`).execute(db);
}

/**
 * Gives every row of a person both of the person's identifiers: an assignment row may leave
 * out the address, or (in a list put together by hand) the employee number.
 */
export async function shareIdentifiersAcrossRows(db: Queryable): Promise<void> {
  await sql`UPDATE ${staging} SET employee_number = x.employee_number
    FROM (SELECT email, min(employee_number) AS employee_number FROM ${staging}
          WHERE ok = 1 AND email IS NOT NULL AND employee_number IS NOT NULL GROUP BY email) x
    WHERE ${staging}.ok = 1 AND ${staging}.employee_number IS NULL AND ${staging}.email = x.email`.execute(db);
  await sql`UPDATE ${staging} SET email = x.email
    FROM (SELECT employee_number, min(email) AS email FROM ${staging}
          WHERE ok = 1 AND email IS NOT NULL AND employee_number IS NOT NULL GROUP BY employee_number) x
    WHERE ${staging}.ok = 1 AND ${staging}.email IS NULL AND ${staging}.employee_number = x.employee_number`.execute(db);
}

/**
 * One person per employee number, else per address. A row with neither is a person of its own:
 * two staff called John Smith with no address and no number are two people.
 */
const personKey = (table: string) =>
  sql.raw(
    `CASE WHEN ${table}.employee_number IS NOT NULL THEN 'n:' || ${table}.employee_number WHEN ${table}.email IS NOT NULL THEN 'e:' || ${table}.email ELSE 'r:' || ${table}.staged_id END`,
  );

/**
 * Keeps one row per person: the primary assignment, else the first row. The others are marked
 * merged, and their number is returned. The person has left only when every assignment has
 * ended: the kept row's leaving date is the latest, or none while any assignment has none.
 * `onlyWithoutAddress` is for lists whose addresses are known to be unique already, where only
 * staff with no address can repeat.
 */
export async function mergeRowsOfOnePerson(db: Queryable, onlyWithoutAddress: boolean): Promise<number> {
  const which = sql.raw(onlyWithoutAddress ? 's.ok = 1 AND s.email IS NULL' : 's.ok = 1');
  await sql`UPDATE ${staging} SET leaving_date = x.leaving_date
    FROM (SELECT ${personKey('s')} AS person, CASE WHEN count(*) = count(s.leaving_date) THEN max(s.leaving_date) END AS leaving_date
          FROM ${staging} s WHERE ${which} GROUP BY ${personKey('s')} HAVING count(*) > 1) x
    WHERE ${staging}.ok = 1 AND ${personKey(STAGING_TABLE)} = x.person`.execute(db);
  const result = await sql`UPDATE ${staging} SET ok = ${MERGED_ROW}
    FROM (SELECT staged_id FROM (
            SELECT s.staged_id, ROW_NUMBER() OVER (PARTITION BY ${personKey('s')} ORDER BY s.is_primary DESC, s.row_no) AS place
            FROM ${staging} s WHERE ${which}) ranked
          WHERE place > 1) later
    WHERE ${staging}.staged_id = later.staged_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Takes the staff with no address out of the people merge; returns how many there are. Those
 * without an employee number are stored under their name, numbered from the second namesake
 * on (`John Smith #2`), so that namesakes stay two people.
 */
export async function setAsideStaffWithoutAddress(db: Queryable): Promise<number> {
  await sql`UPDATE ${staging} SET staff_key = x.staff_key || ' #' || x.place
    FROM (SELECT staged_id, staff_key, place FROM (
            SELECT staged_id, staff_key, ROW_NUMBER() OVER (PARTITION BY staff_key ORDER BY row_no) AS place
            FROM ${staging} WHERE ok = 1 AND email IS NULL AND employee_number IS NULL) ranked
          WHERE place > 1) x
    WHERE ${staging}.staged_id = x.staged_id`.execute(db);
  const result = await sql`UPDATE ${staging} SET ok = ${NO_ADDRESS_ROW} WHERE ok = 1 AND email IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** What a staff-list row says of its person, with or without an address: stored for staff with none, and read into the people table. */
export const STAFF_ROW_FACTS: readonly string[] = [
  'first_name',
  'last_name',
  'display_name',
  'department',
  'job_role',
  'wave_name',
  'leaving_date',
  'employee_number',
  'is_helpdesk',
  'is_application_owner',
  'is_dl_owner',
  'uses_email_programme',
  'gets_nhsmail',
  'first_name_lost_letters',
  'last_name_lost_letters',
  'display_name_lost_letters',
];

/**
 * Stores the staff with no address. `replace` starts the list afresh; otherwise it is updated
 * by key. Someone now listed with an address leaves it, and someone stored with an address
 * is not added to it just because this file leaves the address out.
 */
export async function storeStaffWithoutAddress(db: Queryable, orgId: string, replace: boolean): Promise<void> {
  if (replace) await sql`DELETE FROM staff_without_address WHERE org_id = ${orgId}`.execute(db);
  await sql`DELETE FROM staff_without_address WHERE org_id = ${orgId} AND staff_key IN (
    SELECT employee_number FROM ${staging} WHERE ok = 1 AND employee_number IS NOT NULL)`.execute(db);
  const columns = sql.raw(STAFF_ROW_FACTS.join(', '));
  const values = sql.raw(STAFF_ROW_FACTS.map((column) => `s.${column}`).join(', '));
  const updates = sql.raw(STAFF_ROW_FACTS.map((column) => `${column} = excluded.${column}`).join(', '));
  await sql`INSERT INTO staff_without_address (org_id, staff_key, ${columns})
    SELECT ${orgId}, coalesce(s.employee_number, s.staff_key), ${values} FROM ${staging} s
    WHERE s.ok = ${NO_ADDRESS_ROW} AND (s.employee_number IS NULL OR s.employee_number NOT IN (
      SELECT employee_number FROM people WHERE org_id = ${orgId} AND employee_number IS NOT NULL))
    ON CONFLICT (org_id, staff_key) DO UPDATE SET ${updates}`.execute(db);
}

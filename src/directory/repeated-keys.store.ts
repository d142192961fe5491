import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import type { ImportKind } from './import-kinds.js';
import { inPages } from './in-pages.js';
import { STAGING_TABLE } from './staging-table.store.js';

/** The column a kind's rows must not repeat: the address, or for statistics the mailbox matched. */
export const UNIQUE_KEY_COLUMNS: Readonly<Partial<Record<ImportKind, 'email' | 'id_email'>>> = {
  people: 'email',
  mailboxes: 'email',
  'nhsmail-accounts': 'email',
  'migration-status': 'email',
  'address-map': 'email',
  'mailbox-stats': 'id_email',
};

/** A second column that must not repeat: an address map pairs each NHSmail address once. */
export const SECOND_UNIQUE_KEY_COLUMNS: Readonly<Partial<Record<ImportKind, 'nhsmail_email'>>> = {
  'address-map': 'nhsmail_email',
};

export type UniqueKeyColumn = 'email' | 'id_email' | 'nhsmail_email';

export interface RepeatedKeyRow {
  row_no: number;
  key: string;
  id_column: string | null;
  first_row: number;
}

const REPEATS_TABLE = 'import_repeats';

/**
 * Sets aside every staged row after the first with the same key, in a side table, and returns
 * how many there are. The index it needs is dropped again: the merge reads every staged row,
 * and a sort is far cheaper than fetching each row through an index.
 */
export async function findRepeatedKeys(db: Queryable, key: UniqueKeyColumn): Promise<number> {
  const k = sql.raw(key);
  const idColumn = sql.raw(key === 'id_email' ? 's.id_column' : 'NULL');
  await sql.raw(`CREATE INDEX ${STAGING_TABLE}_key ON ${STAGING_TABLE} (${key}, row_no) WHERE ok = 1`).execute(db);
  await sql.raw(`DROP TABLE IF EXISTS ${REPEATS_TABLE}`).execute(db);
  await sql`CREATE TEMPORARY TABLE ${sql.table(REPEATS_TABLE)} AS
    WITH repeated AS (
      SELECT ${k} AS key, min(row_no) AS first_row FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1 GROUP BY ${k} HAVING count(*) > 1)
    SELECT s.staged_id, s.row_no, r.key, ${idColumn} AS id_column, r.first_row
    FROM repeated r JOIN ${sql.table(STAGING_TABLE)} s ON s.ok = 1 AND ${sql.raw(`s.${key}`)} = r.key AND s.row_no > r.first_row`.execute(
    db,
  );
  await sql.raw(`DROP INDEX ${STAGING_TABLE}_key`).execute(db);
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(REPEATS_TABLE)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The rows `findRepeatedKeys` set aside, in file order. */
export function repeatedKeyRows(db: Queryable, pageSize = 10_000): AsyncGenerator<RepeatedKeyRow> {
  return inPages(async (after, limit) => {
    const result = await sql<RepeatedKeyRow & { staged_id: number }>`
      SELECT staged_id, row_no, key, id_column, first_row FROM ${sql.table(REPEATS_TABLE)}
      WHERE staged_id > ${after} ORDER BY staged_id LIMIT ${limit}`.execute(db);
    return result.rows;
  }, pageSize);
}

/** Keeps the repeated rows out of the merge. */
export async function rejectRepeatedKeyRows(db: Queryable): Promise<void> {
  await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ok = 0 FROM ${sql.table(REPEATS_TABLE)} d WHERE d.staged_id = ${sql.table(STAGING_TABLE)}.staged_id`.execute(
    db,
  );
  await sql.raw(`DROP TABLE ${REPEATS_TABLE}`).execute(db);
}

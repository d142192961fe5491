import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { STAGING_TABLE } from './staging-table.store.js';

/** A result row that a later row of the same file replaces. */
export interface SupersededResult {
  row_no: number;
  raw_status: string;
  later_row: number;
  later_status: string;
}

/**
 * A migration tool's export can name one person twice (a retried batch, two projects): the
 * later row is the newer result, so it wins. Returns the earlier rows and keeps them out of the merge.
 */
export async function supersedeEarlierResults(db: Queryable): Promise<SupersededResult[]> {
  const staging = sql.table(STAGING_TABLE);
  const result = await sql<SupersededResult>`
    WITH last AS (SELECT email, max(row_no) AS later_row FROM ${staging} WHERE ok = 1 GROUP BY email HAVING count(*) > 1)
    SELECT s.row_no, s.raw_status, l.later_row, t.raw_status AS later_status
    FROM ${staging} s JOIN last l ON l.email = s.email AND s.row_no < l.later_row
    JOIN ${staging} t ON t.email = l.email AND t.row_no = l.later_row AND t.ok = 1
    WHERE s.ok = 1 ORDER BY s.row_no`.execute(db);
  if (result.rows.length)
    await sql`UPDATE ${staging} SET ok = 0 WHERE ok = 1 AND EXISTS (
        SELECT 1 FROM ${staging} later WHERE later.ok = 1 AND later.email = ${staging}.email AND later.row_no > ${staging}.row_no)`.execute(
      db,
    );
  return result.rows.map((row) => ({ ...row, row_no: Number(row.row_no), later_row: Number(row.later_row) }));
}

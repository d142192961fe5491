import type { Queryable } from '../store/store.js';
import type { ImportRun } from './import-run.js';
import { findRepeatedKeys, rejectRepeatedKeyRows, repeatedKeyRows, type UniqueKeyColumn } from './repeated-keys.store.js';

/** Rows after the first with the same address, or (statistics) landing on the same mailbox. */
export async function rejectRepeatedKeys(run: ImportRun, db: Queryable, key: UniqueKeyColumn): Promise<void> {
  if ((await findRepeatedKeys(db, key)) === 0) return;
  const statistics = run.kind === 'mailbox-stats';
  const addressMap = run.kind === 'address-map';
  await run.withCursor(async (cursor) => {
    for await (const row of repeatedKeyRows(db)) {
      const cells = await cursor.cellsAt(row.row_no);
      const column = statistics ? (row.id_column ?? key) : run.columnOf(addressMapField(key, addressMap));
      run.report(
        {
          row: row.row_no,
          column,
          value: statistics ? row.key : (cells?.[run.table.headers.indexOf(column)]?.trim() ?? row.key),
          reason: statistics
            ? `matches the same mailbox as row ${row.first_row}`
            : addressMap
              ? `is paired more than once: also on row ${row.first_row}`
              : `is a duplicate person: also on row ${row.first_row}`,
          severity: 'error',
        },
        cells,
      );
    }
  });
  await rejectRepeatedKeyRows(db);
}

/** The field whose column holds a repeated key, for messages. */
function addressMapField(key: UniqueKeyColumn, addressMap: boolean): string {
  if (!addressMap) return 'email';
  return key === 'nhsmail_email' ? 'nhsmailEmail' : 'localEmail';
}

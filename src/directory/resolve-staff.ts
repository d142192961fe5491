import type { Queryable } from '../store/store.js';
import type { ImportRun } from './import-run.js';
import { rejectRepeatedKeys } from './reject-repeated-keys.js';
import {
  dropStaffConflicts,
  findStaffConflicts,
  mergeRowsOfOnePerson,
  setAsideStaffWithoutAddress,
  shareIdentifiersAcrossRows,
  staffConflictRows,
} from './staff-staging.store.js';

/**
 * An HR list with employee or assignment numbers has a row per assignment: those of one
 * person become one person. Without those columns a repeated address is a mistake, as in
 * any other export. Staff with no address are set aside for their own table.
 */
export async function resolveStaff(run: ImportRun, db: Queryable): Promise<void> {
  const listsAssignments = ['employeeNumber', 'assignmentNumber', 'primaryAssignment'].some((field) => run.columns.has(field));
  if (listsAssignments) await rejectStaffConflicts(run, db);
  else await rejectRepeatedKeys(run, db, 'email');
  run.result.mergedRows = await mergeRowsOfOnePerson(db, !listsAssignments);
  run.result.staffWithoutAddress = await setAsideStaffWithoutAddress(db);
}

/** Two employee numbers on one address, or two addresses for one employee number. */
async function rejectStaffConflicts(run: ImportRun, db: Queryable): Promise<void> {
  if ((await findStaffConflicts(db)) > 0) {
    await run.withCursor(async (cursor) => {
      for await (const row of staffConflictRows(db)) {
        const cells = await cursor.cellsAt(row.row_no);
        const sharedAddress = row.problem === 'shared-address';
        const column = sharedAddress ? run.columnOf('email') : employeeNumberColumn(run);
        run.report(
          {
            row: row.row_no,
            column,
            value: cells?.[run.table.headers.indexOf(column)]?.trim() ?? '',
            reason: sharedAddress
              ? `is also the address of employee number "${row.other}" on row ${row.first_row}: two people cannot share one address`
              : `is also on row ${row.first_row} with another address ("${row.other}"): one person cannot have two addresses`,
            severity: 'error',
          },
          cells,
        );
      }
    });
  }
  await dropStaffConflicts(db);
  await shareIdentifiersAcrossRows(db);
}

function employeeNumberColumn(run: ImportRun): string {
  return run.columnOf(run.columns.has('employeeNumber') ? 'employeeNumber' : 'assignmentNumber');
}

import { CommsplanError } from '../shared/errors.js';
import type { Queryable, SqlValue, Store } from '../store/store.js';
import { mapColumns } from './column-names.js';
import { deviceOwnerReason, noDeviceOwnerMessage } from './device-owner-messages.js';
import { countDeviceOwners, resolveDeviceOwners } from './device-owners.store.js';
import { withEmployeeNumberColumn } from './employee-number-column.js';
import { GroupSteps, unmatchedNameReason, unmatchedNamesOnlyWarn } from './group-records.js';
import { type ImportKind, KIND_SPECS } from './import-kinds.js';
import type { ImportOptions, ImportResult, ImportSink } from './import-result.js';
import { addLostLetterSigns, fileSaveOf, lostLettersNotice, noLostLetterSigns } from './lost-letters.js';
import type { TableFile } from './read-table-file.js';
import { rejectRepeatedKeys } from './reject-repeated-keys.js';
import { SECOND_UNIQUE_KEY_COLUMNS, UNIQUE_KEY_COLUMNS } from './repeated-keys.store.js';
import { markUnresolvedRejected, resolveIdentities, unresolvedRows } from './resolve-identities.store.js';
import { resolveStaff } from './resolve-staff.js';
import { RowCursor } from './row-cursor.js';
import type { ImportProblem } from './row-stager.js';
import { hasMailboxes, unlistedSharedMailboxes } from './staged-checks.store.js';
import { stagedBatches } from './staging-source-worker.js';
import { RESOLVED_PREFIXES, STAGING_TABLE, stagedInsertColumns } from './staging-table.store.js';
import { supersedeEarlierResults } from './superseded-results.store.js';

const BATCH_ROWS = 2000;
const PROGRESS_ROWS = 10_000;
const SHOWN_PROBLEMS = 20;

/** One import in progress: streams rows into staging, then resolves identities, counting problems. */
export class ImportRun {
  readonly result: ImportResult;
  /** Field name to the position of its column in the file. */
  readonly columns: Map<string, number>;
  private batch: SqlValue[][] = [];
  private stagedCount = 0;

  constructor(
    private readonly store: Store,
    readonly table: TableFile,
    readonly kind: ImportKind,
    readonly options: ImportOptions,
    private readonly sink: ImportSink,
  ) {
    this.columns = mapColumns(withEmployeeNumberColumn(table.headers, options.employeeNumberColumn), KIND_SPECS[kind].fields).index;
    this.result = {
      kind,
      committed: false,
      rowsRead: 0,
      added: 0,
      changed: 0,
      unchanged: 0,
      removed: 0,
      rejected: 0,
      skipped: 0,
      errors: 0,
      warnings: 0,
      errorsByReason: {},
      firstProblems: [],
      notices: [],
      headerRow: table.headerRow,
      mergedRows: 0,
      staffWithoutAddress: 0,
      checkedInWorker: false,
    };
  }

  /** The file's name for a field's column, for messages. */
  readonly columnOf = (field: string): string => this.table.headers[this.columns.get(field) ?? -1] ?? field;

  /** Records a problem; `rejectedCells` marks the first problem of a row that is not imported. */
  report(problem: ImportProblem, rejectedCells?: readonly string[]): void {
    if (problem.severity === 'error') {
      this.result.errors += 1;
      // Grouped by the reason's wording: quoted values, row numbers and match counts vary per row.
      const reason = problem.reason.replace(/"[^"]*"/g, '…').replace(/\b(row|matches) \d+/g, '$1 …');
      this.result.errorsByReason[reason] = (this.result.errorsByReason[reason] ?? 0) + 1;
    } else this.result.warnings += 1;
    if (rejectedCells) {
      this.result.rejected += 1;
      this.sink.rejectedRow(this.table.headers, rejectedCells, `${problem.column} ${problem.reason}`);
    }
    if (this.result.firstProblems.length < SHOWN_PROBLEMS) this.result.firstProblems.push(problem);
    this.sink.problem(problem);
  }

  async stageAll(db: Queryable): Promise<void> {
    let progressAt = PROGRESS_ROWS;
    const { path, version } = this.table;
    const { file, dateOrder, employeeNumberColumn } = this.options;
    const input = { path, version, file, kind: this.kind, dateOrder, employeeNumberColumn };
    const source = stagedBatches(this.table, input, this.options.parallelFromBytes);
    this.result.checkedInWorker = source.inWorker;
    let lostLetters = noLostLetterSigns();
    for await (const staged of source.batches) {
      if (staged.lostLetters) lostLetters = addLostLetterSigns(lostLetters, staged.lostLetters);
      this.result.rowsRead += staged.rowsRead;
      this.result.skipped += staged.skipped;
      for (const { problem, rejectedCells } of staged.problems) this.report(problem, rejectedCells);
      for (const row of staged.rows) {
        row[0] = this.stagedCount++;
        this.batch.push(row);
      }
      if (this.batch.length >= BATCH_ROWS) await this.flush(db);
      if (this.result.rowsRead >= progressAt) {
        progressAt = this.result.rowsRead + PROGRESS_ROWS;
        this.options.onProgress?.({ rows: this.result.rowsRead, bytesRead: staged.bytesRead, size: this.table.size });
      }
    }
    await this.flush(db);
    const notice = lostLettersNotice(this.options.file, lostLetters, fileSaveOf(this.table, lostLetters));
    if (notice) this.result.notices.push(notice);
    this.options.onProgress?.({ rows: this.result.rowsRead, bytesRead: this.table.size, size: this.table.size });
  }

  private async flush(db: Queryable): Promise<void> {
    if (this.batch.length === 0) return;
    await this.store.bulkInsert(db, STAGING_TABLE, stagedInsertColumns(this.kind), this.batch);
    this.batch = [];
  }

  /**
   * Finds what only the whole file shows: names that match no one or several people, and
   * addresses or mailboxes that appear twice. Rows found here are read again from the file for
   * the report, so staging never keeps a copy of every row.
   */
  async resolve(db: Queryable, orgId: string): Promise<void> {
    const groups = new GroupSteps(db, orgId, this.kind);
    await groups.beforeMatchingNames();
    for (const prefix of RESOLVED_PREFIXES[this.kind]) {
      await resolveIdentities(db, orgId, prefix);
      if (this.kind === 'mobile-devices') await resolveDeviceOwners(db, orgId);
      await groups.afterMatchingNames(prefix);
      if (this.kind === 'mobile-devices') await this.refuseWhenNoDeviceHasOwner(db, orgId);
      await this.withCursor(async (cursor) => {
        const severity = unmatchedNamesOnlyWarn(this.kind) ? 'warning' : 'error';
        for await (const row of unresolvedRows(db, prefix)) {
          const reason =
            this.kind === 'mobile-devices'
              ? deviceOwnerReason(row.kind, Number(row.matches), row.candidates)
              : unmatchedNameReason(this.kind, prefix, row.kind, Number(row.matches));
          const cells = await cursor.cellsAt(row.row_no);
          this.report(
            {
              row: row.row_no,
              column: row.column,
              // The value as the file has it (TRUST\\sjones), not the form it was matched in (sjones).
              value: cells?.[this.table.headers.indexOf(row.column)]?.trim() || row.value,
              reason: `${reason}${severity === 'warning' ? '; skipped' : ''}`,
              severity,
            },
            severity === 'error' ? cells : undefined,
          );
        }
      });
      await markUnresolvedRejected(db, prefix);
    }
    this.result.groups = groups.groupSummary();
    if (this.kind === 'people') await resolveStaff(this, db);
    else if (this.kind === 'migration-status') await this.keepLatestResults(db);
    else
      for (const key of [UNIQUE_KEY_COLUMNS[this.kind], SECOND_UNIQUE_KEY_COLUMNS[this.kind]])
        if (key) await rejectRepeatedKeys(this, db, key);
    if (this.kind === 'shared-mailbox-owners') await this.noteUnlistedSharedMailboxes(db, orgId);
  }

  /** Devices none of which fits one mailbox say the mailbox list is missing or too thin: nothing is imported. */
  private async refuseWhenNoDeviceHasOwner(db: Queryable, orgId: string): Promise<void> {
    const counts = await countDeviceOwners(db);
    if (counts.devices === 0 || counts.matched > 0) return;
    throw new CommsplanError('invalid-input', noDeviceOwnerMessage(this.options.file, counts, await hasMailboxes(db, orgId)), {
      file: this.options.file,
      field: this.columnOf('owner'),
    });
  }

  /** A person named twice in one results file: the later row wins, and the earlier is noted. */
  private async keepLatestResults(db: Queryable): Promise<void> {
    for (const row of await supersedeEarlierResults(db))
      this.report({
        row: row.row_no,
        column: this.columnOf('status'),
        value: row.raw_status,
        reason: `is replaced by the later row ${row.later_row} for the same person ("${row.later_status}"): the later row wins`,
        severity: 'warning',
      });
  }

  /** Owners are imported either way; a mailbox the mailbox list lacks is worth a look. */
  private async noteUnlistedSharedMailboxes(db: Queryable, orgId: string): Promise<void> {
    if (!(await hasMailboxes(db, orgId))) {
      this.result.notices.push('No mailbox list has been imported, so commsplan could not check that these are shared mailboxes.');
      return;
    }
    for (const row of await unlistedSharedMailboxes(db, orgId)) {
      this.report({
        row: row.row_no,
        column: this.columnOf('mailbox'),
        value: row.mailbox_email,
        reason: row.mailbox_type
          ? `is a ${row.mailbox_type} mailbox in the mailbox list, not a shared one`
          : 'is not in the imported mailbox list',
        severity: 'warning',
      });
    }
  }

  async withCursor(use: (cursor: RowCursor) => Promise<void>): Promise<void> {
    const cursor = new RowCursor(() => this.table.reopen());
    try {
      await use(cursor);
    } finally {
      await cursor.close();
    }
  }
}

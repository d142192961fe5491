import { CommsplanError } from '../shared/errors.js';
import type { Queryable, SqlValue, Store } from '../store/store.js';
import type { LinkSummary } from './address-links.store.js';
import { mapColumns } from './column-names.js';
import { deviceOwnerReason, noDeviceOwnerMessage } from './device-owner-messages.js';
import { countDeviceOwners, resolveDeviceOwners } from './device-owners.store.js';
import {
  findRepeatedKeys,
  markUnresolvedRejected,
  RESOLVED_PREFIXES,
  rejectRepeatedKeyRows,
  repeatedKeyRows,
  resolveIdentities,
  SECOND_UNIQUE_KEY_COLUMNS,
  STAGING_TABLE,
  stagedInsertColumns,
  UNIQUE_KEY_COLUMNS,
  type UniqueKeyColumn,
  unresolvedRows,
} from './directory.store.js';
import { withEmployeeNumberColumn } from './employee-number-column.js';
import { type AccessSummary, GroupSteps, type GroupSummary, unmatchedNameReason, unmatchedNamesOnlyWarn } from './group-records.js';
import { type ImportKind, KIND_SPECS } from './import-kinds.js';
import { addLostLetterSigns, fileSaveOf, lostLettersNotice, noLostLetterSigns } from './lost-letters.js';
import type { TableFile } from './read-table-file.js';
import { RowCursor } from './row-cursor.js';
import type { ImportProblem } from './row-stager.js';
import {
  dropStaffConflicts,
  findStaffConflicts,
  mergeRowsOfOnePerson,
  setAsideStaffWithoutAddress,
  shareIdentifiersAcrossRows,
  staffConflictRows,
} from './staff-staging.store.js';
import { hasMailboxes, unlistedSharedMailboxes } from './staged-checks.store.js';
import { stagedBatches } from './staging-source-worker.js';
import { supersedeEarlierResults } from './superseded-results.store.js';
import type { DateOrder } from './value-parsers.js';

export type { ImportProblem } from './row-stager.js';

/** Where an import reports as it goes: the CLI writes these to CSV files. */
export interface ImportSink {
  problem(problem: ImportProblem): void;
  /** A rejected input row, as it was in the file, with why. */
  rejectedRow(headers: readonly string[], cells: readonly string[], reason: string): void;
}

export interface ImportOptions {
  kind: ImportKind | 'auto';
  /** The file's name, for messages. */
  file: string;
  skipInvalid: boolean;
  replace: boolean;
  dateOrder: DateOrder;
  /** Files from this size up are checked in a worker thread; unset, the built-in size. */
  parallelFromBytes?: number;
  onProgress?: (progress: { rows: number; bytesRead: number; size: number }) => void;
  /**
   * Runs inside the import's transaction once the rows are merged, while the staged rows are
   * still there (the wave results of a migration-status file are recorded this way).
   */
  afterMerge?: (db: Queryable, result: ImportResult) => Promise<void>;
  /**
   * The web's check before importing: the whole import runs, counts and all, in its transaction,
   * which is then rolled back, so the check counts exactly what the import will do and stores nothing.
   */
  dryRun?: boolean;
  /** The mailbox export's column read as the employee number when it has no `EmployeeID` (setting `employee-number-attribute`). */
  employeeNumberColumn?: string;
  /** The `organisation-domains` setting: a staff-list address elsewhere is personal. Empty: the user mailboxes' domains. */
  organisationDomains?: readonly string[];
  /** Who imports, for the audit log (`--by` or `cli` from the command line, the signed-in person from the web). */
  by?: string;
}

export interface ImportResult {
  kind: ImportKind;
  committed: boolean;
  rowsRead: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  rejected: number;
  skipped: number;
  errors: number;
  warnings: number;
  errorsByReason: Record<string, number>;
  /** The first problems, for showing on screen; the sink has them all. */
  firstProblems: ImportProblem[];
  notices: string[];
  /**
   * For kinds that can pair a local address with an NHSmail one (NHSmail accounts, migration
   * statuses, address maps): how many kept rows carried both. Undefined for other kinds.
   */
  addressPairs?: number;
  /** The row the column names were found on. */
  headerRow: number;
  /** Staff lists: further assignments of a person, merged into the person's primary (or first) row. */
  mergedRows: number;
  /** Staff lists: staff with no email address, kept and counted but never emailed. */
  staffWithoutAddress: number;
  /** Whether the rows were read and checked in a worker thread (large files, built code). */
  checkedInWorker: boolean;
  /** After imports that can pair addresses: how many NHSmail accounts belong to a known person. */
  links?: LinkSummary;
  /** Groups the file listed (a mailbox export) or named (a membership export). */
  groups?: GroupSummary;
  /** The rights a permissions file grants, by kind, and how many are held by groups. */
  access?: AccessSummary;
}

const BATCH_ROWS = 2000;
const PROGRESS_ROWS = 10_000;
const SHOWN_PROBLEMS = 20;

/** One import in progress: streams rows into staging, then resolves identities, counting problems. */
export class ImportRun {
  readonly result: ImportResult;
  /** Field name to the position of its column in the file. */
  private readonly columns: Map<string, number>;
  private batch: SqlValue[][] = [];
  private stagedCount = 0;

  constructor(
    private readonly store: Store,
    private readonly table: TableFile,
    private readonly kind: ImportKind,
    private readonly options: ImportOptions,
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
  private readonly columnOf = (field: string): string => this.table.headers[this.columns.get(field) ?? -1] ?? field;

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

  async stageAll(): Promise<void> {
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
      if (this.batch.length >= BATCH_ROWS) await this.flush();
      if (this.result.rowsRead >= progressAt) {
        progressAt = this.result.rowsRead + PROGRESS_ROWS;
        this.options.onProgress?.({ rows: this.result.rowsRead, bytesRead: staged.bytesRead, size: this.table.size });
      }
    }
    await this.flush();
    const notice = lostLettersNotice(this.options.file, lostLetters, fileSaveOf(this.table, lostLetters));
    if (notice) this.result.notices.push(notice);
    this.options.onProgress?.({ rows: this.result.rowsRead, bytesRead: this.table.size, size: this.table.size });
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    await this.store.bulkInsert(STAGING_TABLE, stagedInsertColumns(this.kind), this.batch);
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
    if (this.kind === 'people') await this.resolveStaff(db);
    else if (this.kind === 'migration-status') await this.keepLatestResults(db);
    else
      for (const key of [UNIQUE_KEY_COLUMNS[this.kind], SECOND_UNIQUE_KEY_COLUMNS[this.kind]])
        if (key) await this.rejectRepeatedKeys(db, key);
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

  /**
   * An HR list with employee or assignment numbers has a row per assignment: those of one
   * person become one person. Without those columns a repeated address is a mistake, as in
   * any other export. Staff with no address are set aside for their own table.
   */
  private async resolveStaff(db: Queryable): Promise<void> {
    const listsAssignments = ['employeeNumber', 'assignmentNumber', 'primaryAssignment'].some((field) => this.columns.has(field));
    if (listsAssignments) await this.rejectStaffConflicts(db);
    else await this.rejectRepeatedKeys(db, 'email');
    this.result.mergedRows = await mergeRowsOfOnePerson(db, !listsAssignments);
    this.result.staffWithoutAddress = await setAsideStaffWithoutAddress(db);
  }

  /** Two employee numbers on one address, or two addresses for one employee number. */
  private async rejectStaffConflicts(db: Queryable): Promise<void> {
    if ((await findStaffConflicts(db)) > 0) {
      await this.withCursor(async (cursor) => {
        for await (const row of staffConflictRows(db)) {
          const cells = await cursor.cellsAt(row.row_no);
          const sharedAddress = row.problem === 'shared-address';
          const column = sharedAddress ? this.columnOf('email') : this.employeeNumberColumn();
          this.report(
            {
              row: row.row_no,
              column,
              value: cells?.[this.table.headers.indexOf(column)]?.trim() ?? '',
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

  private employeeNumberColumn(): string {
    return this.columnOf(this.columns.has('employeeNumber') ? 'employeeNumber' : 'assignmentNumber');
  }

  /** Rows after the first with the same address, or (statistics) landing on the same mailbox. */
  private async rejectRepeatedKeys(db: Queryable, key: UniqueKeyColumn): Promise<void> {
    if ((await findRepeatedKeys(db, key)) === 0) return;
    const statistics = this.kind === 'mailbox-stats';
    const addressMap = this.kind === 'address-map';
    await this.withCursor(async (cursor) => {
      for await (const row of repeatedKeyRows(db)) {
        const cells = await cursor.cellsAt(row.row_no);
        const column = statistics ? (row.id_column ?? key) : this.columnOf(addressMapField(key, addressMap));
        this.report(
          {
            row: row.row_no,
            column,
            value: statistics ? row.key : (cells?.[this.table.headers.indexOf(column)]?.trim() ?? row.key),
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

  private async withCursor(use: (cursor: RowCursor) => Promise<void>): Promise<void> {
    const cursor = new RowCursor(() => this.table.reopen());
    try {
      await use(cursor);
    } finally {
      await cursor.close();
    }
  }
}

/** The field whose column holds a repeated key, for messages. */
function addressMapField(key: UniqueKeyColumn, addressMap: boolean): string {
  if (!addressMap) return 'email';
  return key === 'nhsmail_email' ? 'nhsmailEmail' : 'localEmail';
}

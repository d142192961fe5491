import type { SqlValue, Store } from '../store/store.js';
import { mapColumns } from './column-names.js';
import {
  duplicateStatsRows,
  markUnresolvedRejected,
  RESOLVED_PREFIXES,
  rejectDuplicateStatsRows,
  resolveIdentities,
  STAGING_TABLE,
  stagedInsertColumns,
  unresolvedRows,
} from './directory.store.js';
import { type ImportKind, KIND_SPECS, parseRowFields } from './import-kinds.js';
import type { TableFile } from './read-table-file.js';
import { stagingRowsFor } from './staging-rows.js';
import type { DateOrder } from './value-parsers.js';

export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
  severity: 'error' | 'warning';
}

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
  onProgress?: (progress: { rows: number; bytesRead: number; size: number }) => void;
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
}

const BATCH_ROWS = 2000;
const SHOWN_PROBLEMS = 20;

/** One import in progress: streams rows into staging, then resolves identities, counting problems. */
export class ImportRun {
  readonly result: ImportResult;
  private readonly seenKeys = new Map<string, number>();
  private batch: SqlValue[][] = [];
  private stagedCount = 0;

  constructor(
    private readonly store: Store,
    private readonly table: TableFile,
    private readonly kind: ImportKind,
    private readonly options: ImportOptions,
    private readonly sink: ImportSink,
  ) {
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
    };
  }

  /** Records a problem; `rejectedCells` marks the first problem of a row that is not imported. */
  report(problem: ImportProblem, rejectedCells?: readonly string[]): void {
    if (problem.severity === 'error') {
      this.result.errors += 1;
      const reason = problem.reason.replace(/"[^"]*"/g, '…');
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
    const spec = KIND_SPECS[this.kind];
    const { index } = mapColumns(this.table.headers, spec.fields);
    const columnOf = (field: string) => this.table.headers[index.get(field) ?? -1] ?? field;
    const keepCells = RESOLVED_PREFIXES[this.kind].length > 0;
    const width = this.table.headers.length;
    for await (const { row, cells } of this.table.rows) {
      this.result.rowsRead += 1;
      if (this.result.rowsRead % 10_000 === 0)
        this.options.onProgress?.({ rows: this.result.rowsRead, bytesRead: this.table.bytesRead(), size: this.table.size });
      if (cells.length !== width) {
        const reason = `has ${cells.length} values but the header has ${width} columns`;
        this.report({ row, column: '(whole row)', value: cells.join(this.table.delimiter ?? ','), reason, severity: 'error' }, cells);
        continue;
      }
      const { record, problems } = parseRowFields(spec, index, this.table.headers, cells, { dateOrder: this.options.dateOrder });
      if (problems.length) {
        for (const p of problems) this.report({ row, ...p, severity: 'error' }, p === problems[0] ? cells : undefined);
        continue;
      }
      const staged = stagingRowsFor(this.kind, record, columnOf);
      for (const warning of staged.warnings) this.report({ row, ...warning, severity: 'warning' });
      if (staged.error) {
        this.report({ row, ...staged.error, severity: 'error' }, cells);
        continue;
      }
      if (staged.uniqueKey !== undefined) {
        const first = this.seenKeys.get(staged.uniqueKey);
        if (first !== undefined) {
          this.report(
            {
              row,
              column: columnOf('email'),
              value: staged.uniqueKey,
              reason: `is a duplicate person: also on row ${first}`,
              severity: 'error',
            },
            cells,
          );
          continue;
        }
        this.seenKeys.set(staged.uniqueKey, row);
      }
      if (staged.rows.length === 0) this.result.skipped += 1;
      const rawCells = keepCells ? JSON.stringify(cells) : null;
      for (const values of staged.rows) this.batch.push([this.stagedCount++, row, rawCells, 1, ...values]);
      if (this.batch.length >= BATCH_ROWS) await this.flush();
    }
    await this.flush();
    this.options.onProgress?.({ rows: this.result.rowsRead, bytesRead: this.table.size, size: this.table.size });
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    await this.store.bulkInsert(STAGING_TABLE, stagedInsertColumns(this.kind), this.batch);
    this.batch = [];
  }

  async resolve(db: Parameters<typeof resolveIdentities>[0], orgId: string): Promise<void> {
    for (const prefix of RESOLVED_PREFIXES[this.kind]) {
      await resolveIdentities(db, orgId, prefix);
      const severity = this.kind === 'permissions' ? 'warning' : 'error';
      for await (const row of unresolvedRows(db, prefix)) {
        const reason =
          row.kind === 'sid'
            ? 'is the id of a deleted account'
            : Number(row.matches) === 0
              ? 'matches no one in the mailbox list or the staff list (import mailboxes and people first)'
              : `matches ${row.matches} mailboxes, so commsplan cannot tell which (export with PrimarySmtpAddress or MailboxGuid)`;
        const cells = row.cells ? (JSON.parse(row.cells) as string[]) : undefined;
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
      await markUnresolvedRejected(db, prefix);
    }
    if (this.kind === 'mailbox-stats') {
      for (const row of await duplicateStatsRows(db)) {
        const cells = row.cells ? (JSON.parse(row.cells) as string[]) : undefined;
        this.report(
          {
            row: row.row_no,
            column: row.id_column,
            value: row.id_email,
            reason: `matches the same mailbox as row ${row.first_row}`,
            severity: 'error',
          },
          cells,
        );
      }
      await rejectDuplicateStatsRows(db);
    }
  }
}

import type { Organisation } from '../plan/plan.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { SqlValue, Store } from '../store/store.js';
import { duplicateColumns, mapColumns, normaliseColumnName } from './column-names.js';
import {
  countAbsent,
  countChanges,
  countKeptRows,
  createStagingTable,
  dropStagingTable,
  duplicateStatsRows,
  markUnresolvedRejected,
  mergeStaged,
  RESOLVED_PREFIXES,
  rejectDuplicateStatsRows,
  removeAbsent,
  resolveIdentities,
  STAGING_TABLE,
  unresolvedRows,
} from './directory.store.js';
import { IMPORT_KINDS, type ImportKind, KIND_SPECS, parseRowFields, recogniseKind } from './import-kinds.js';
import type { TableFile } from './read-table-file.js';
import { STAGING_COLUMNS, stagingRowsFor } from './staging-rows.js';
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
/** Exchange cmdlets return 1,000 results unless told -ResultSize Unlimited. */
const EXCHANGE_DEFAULT_RESULT_SIZE = 1000;

function chooseKind(table: TableFile, requested: ImportKind | 'auto', file: string): ImportKind {
  const recognised = recogniseKind(table.headers, normaliseColumnName);
  const kind = requested === 'auto' ? recognised : requested;
  if (!kind) {
    throw new CommsplanError(
      'invalid-input',
      `${file}: commsplan cannot tell what kind of export this is from its columns (${table.headers.join(', ')}). Name the kind: ${IMPORT_KINDS.join(', ')}.`,
      { file, field: 'kind' },
    );
  }
  const { missing } = mapColumns(table.headers, KIND_SPECS[kind].fields);
  if (missing.length) {
    const hint = recognised && recognised !== kind ? ` It looks like ${KIND_SPECS[recognised].description} (kind ${recognised}).` : '';
    throw new CommsplanError(
      'invalid-input',
      `${file} is not ${KIND_SPECS[kind].description}: it has no ${missing.join(', ')} column.${hint}`,
      { file, field: missing[0] },
    );
  }
  return kind;
}

class ImportRun {
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
    await this.store.bulkInsert(STAGING_TABLE, ['staged_id', 'row_no', 'cells', 'ok', ...STAGING_COLUMNS[this.kind]], this.batch);
    this.batch = [];
  }

  async resolve(db: Parameters<typeof resolveIdentities>[0], orgId: string): Promise<void> {
    for (const prefix of RESOLVED_PREFIXES[this.kind]) {
      await resolveIdentities(db, orgId, prefix);
      const severity = this.kind === 'permissions' ? 'warning' : 'error';
      for (const row of await unresolvedRows(db, prefix, Number.MAX_SAFE_INTEGER)) {
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
            value: row.value,
            reason: `${reason}${severity === 'warning' ? '; skipped' : ''}`,
            severity,
          },
          severity === 'error' ? cells : undefined,
        );
      }
      await markUnresolvedRejected(db, prefix);
    }
    if (this.kind === 'mailbox-stats') {
      for (const row of await duplicateStatsRows(db, Number.MAX_SAFE_INTEGER)) {
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

/** Rolls the transaction back while carrying the result out. */
class NothingImported extends Error {
  constructor(readonly result: ImportResult) {
    super('nothing imported');
  }
}

/**
 * Imports one administrator export in one transaction. With errors and without `skipInvalid`,
 * nothing is written. Every problem goes to the sink, with its row, column, value and reason.
 */
export async function importTableFile(
  store: Store,
  organisation: Organisation,
  table: TableFile,
  options: ImportOptions,
  sink: ImportSink,
  now: Date,
): Promise<ImportResult> {
  const dupes = duplicateColumns(table.headers);
  if (dupes.length) {
    throw new CommsplanError(
      'invalid-input',
      `${options.file} has the column ${dupes.map((d) => `"${d}"`).join(', ')} more than once, so commsplan cannot tell which to use. Remove or rename the copies.`,
      { file: options.file, field: dupes[0] },
    );
  }
  const kind = chooseKind(table, options.kind, options.file);
  const run = new ImportRun(store, table, kind, options, sink);
  try {
    return await store.db.transaction().execute(async (trx) => {
      await createStagingTable(trx, kind);
      await run.stageAll();
      await run.resolve(trx, organisation.id);
      const result = run.result;
      if (result.rowsRead === EXCHANGE_DEFAULT_RESULT_SIZE) {
        result.notices.push(
          `${options.file} has exactly 1,000 rows, the number Exchange stops at unless told otherwise: it is probably cut short. Export again with -ResultSize Unlimited.`,
        );
      }
      if (result.errors > 0 && !options.skipInvalid) throw new NothingImported(result);
      if (options.replace && (await countKeptRows(trx)) === 0) {
        throw new CommsplanError(
          'invalid-input',
          `${options.file} has no rows to keep, so --replace would remove everything. Nothing was changed.`,
          { file: options.file },
        );
      }
      Object.assign(result, await countChanges(trx, store.dialect, organisation.id, kind));
      if (options.replace) {
        result.removed = await countAbsent(trx, organisation.id, kind);
        await removeAbsent(trx, organisation.id, kind);
      }
      await mergeStaged(trx, organisation.id, kind);
      await dropStagingTable(trx);
      await trx
        .insertInto('import_runs')
        .values({
          org_id: organisation.id,
          kind,
          file: options.file,
          finished_at: now.toISOString(),
          rows_read: result.rowsRead,
          added: result.added,
          changed: result.changed,
          unchanged: result.unchanged,
          removed: result.removed,
          rejected: result.rejected,
        })
        .execute();
      result.committed = true;
      return result;
    });
  } catch (error) {
    if (error instanceof NothingImported) return error.result;
    throw error;
  } finally {
    await dropStagingTable(store.db).catch(() => undefined);
  }
}

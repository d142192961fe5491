import type { SqlValue } from '../store/store.js';
import { mapColumns } from './column-names.js';
import { type ImportKind, KIND_SPECS, type KindSpec, parseRowFields } from './import-kinds.js';
import type { TableRow } from './read-table-file.js';
import { stagingRowsFor } from './staging-rows.js';
import type { DateOrder } from './value-parsers.js';

export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
  severity: 'error' | 'warning';
}

export interface StagedProblem {
  problem: ImportProblem;
  /** The row as the file has it, when this problem keeps the row out. */
  rejectedCells?: string[];
}

/** What a batch of file rows becomes: staging rows, and the problems found on the way. */
export interface StagedBatch {
  /** Each row is `[staged_id placeholder, row_no, ok, ...the kind's staging columns]`. */
  rows: SqlValue[][];
  problems: StagedProblem[];
  rowsRead: number;
  skipped: number;
  bytesRead: number;
}

/**
 * Turns file rows into staging rows: checks the width, parses and checks every field, and maps
 * the record to its kind's staging columns. Holds no I/O, so it runs the same in a worker thread.
 */
export class RowStager {
  private readonly spec: KindSpec;
  private readonly columns: Map<string, number>;

  constructor(
    private readonly kind: ImportKind,
    private readonly headers: readonly string[],
    private readonly delimiter: string,
    private readonly dateOrder: DateOrder,
  ) {
    this.spec = KIND_SPECS[kind];
    this.columns = mapColumns(headers, this.spec.fields).index;
  }

  /** The file's name for a field's column, for messages. */
  readonly columnOf = (field: string): string => this.headers[this.columns.get(field) ?? -1] ?? field;

  stageRows(rows: readonly TableRow[], bytesRead: number): StagedBatch {
    const batch: StagedBatch = { rows: [], problems: [], rowsRead: rows.length, skipped: 0, bytesRead };
    for (const { row, cells } of rows) this.stageRow(row, cells, batch);
    return batch;
  }

  private stageRow(row: number, cells: string[], batch: StagedBatch): void {
    const width = this.headers.length;
    if (cells.length !== width) {
      const reason = `has ${cells.length} values but the header has ${width} columns`;
      const problem: ImportProblem = { row, column: '(whole row)', value: cells.join(this.delimiter), reason, severity: 'error' };
      batch.problems.push({ problem, rejectedCells: cells });
      return;
    }
    const { record, problems } = parseRowFields(this.spec, this.columns, this.headers, cells, { dateOrder: this.dateOrder });
    if (problems.length) {
      problems.forEach((p, i) => {
        batch.problems.push({ problem: { row, ...p, severity: 'error' }, rejectedCells: i === 0 ? cells : undefined });
      });
      return;
    }
    const staged = stagingRowsFor(this.kind, record, this.columnOf);
    for (const warning of staged.warnings) batch.problems.push({ problem: { row, ...warning, severity: 'warning' } });
    if (staged.error) {
      batch.problems.push({ problem: { row, ...staged.error, severity: 'error' }, rejectedCells: cells });
      return;
    }
    if (staged.rows.length === 0) batch.skipped += 1;
    for (const values of staged.rows) batch.rows.push([0, row, 1, ...values]);
  }
}

import type { SqlValue } from '../store/store.js';
import { hasNonAsciiText, type LostLetterSigns, looksLikeLostLetters, NAME_LIKE_FIELDS } from './ascii-export.js';
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
  /** Signs of a Windows PowerShell 5.1 ASCII export, when the file could be one. */
  lostLetters?: LostLetterSigns;
}

/** Text files with no byte-order mark that PowerShell 5.1 could have written as ASCII. */
export function couldBeAsciiExport(table: { format: string; encoding?: string }): boolean {
  return table.format === 'csv' && (table.encoding === 'utf-8' || table.encoding === 'windows-1252');
}

/**
 * Turns file rows into staging rows: checks the width, parses and checks every field, and maps
 * the record to its kind's staging columns. Holds no I/O, so it runs the same in a worker thread.
 */
export class RowStager {
  private readonly spec: KindSpec;
  private readonly columns: Map<string, number>;
  /** Positions of the name columns to watch for lost letters; none when the file cannot be an ASCII export. */
  private readonly nameColumns: number[];

  constructor(
    private readonly kind: ImportKind,
    private readonly headers: readonly string[],
    private readonly delimiter: string,
    private readonly dateOrder: DateOrder,
    watchForAsciiExport = false,
  ) {
    this.spec = KIND_SPECS[kind];
    this.columns = mapColumns(headers, this.spec.fields).index;
    const names = [...this.columns].filter(([field]) => NAME_LIKE_FIELDS.has(field)).map(([, position]) => position);
    this.nameColumns = watchForAsciiExport ? [...new Set(names)] : [];
  }

  /** The file's name for a field's column, for messages. */
  readonly columnOf = (field: string): string => this.headers[this.columns.get(field) ?? -1] ?? field;

  stageRows(rows: readonly TableRow[], bytesRead: number): StagedBatch {
    const batch: StagedBatch = { rows: [], problems: [], rowsRead: rows.length, skipped: 0, bytesRead };
    for (const { row, cells } of rows) this.stageRow(row, cells, batch);
    if (this.nameColumns.length) batch.lostLetters = this.lostLetterSigns(rows);
    return batch;
  }

  private lostLetterSigns(rows: readonly TableRow[]): LostLetterSigns {
    const signs: LostLetterSigns = { rows: 0, nonAscii: false };
    for (const { row, cells } of rows) {
      let lost = false;
      for (const position of this.nameColumns) {
        const value = cells[position] ?? '';
        if (!signs.nonAscii && hasNonAsciiText(value)) signs.nonAscii = true;
        if (!lost && looksLikeLostLetters(value)) {
          lost = true;
          signs.first ??= { row, column: this.headers[position] ?? '', value };
        }
      }
      if (lost) signs.rows += 1;
    }
    return signs;
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

import type { SqlValue } from '../store/store.js';
import { mapColumns } from './column-names.js';
import { type ImportKind, KIND_SPECS, type KindSpec } from './import-kinds.js';
import {
  hasNonAsciiText,
  type LostLetterRows,
  type LostLetterSigns,
  looksLikeLostLetters,
  NAME_LIKE_FIELDS,
  nameLostLetters,
  noLostLetterSigns,
  PERSON_NAME_FIELDS,
} from './lost-letters.js';
import { parseRowFields } from './parse-row-fields.js';
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
  /** Names with "?" in place of a letter, when the file has name columns. */
  lostLetters?: LostLetterSigns;
}

/** A watched column: where it is, and whether a "?" in it is always a lost letter (a person's name). */
interface NameColumn {
  position: number;
  personName: boolean;
}

/**
 * Turns file rows into staging rows: checks the width, parses and checks every field, and maps
 * the record to its kind's staging columns. Holds no I/O, so it runs the same in a worker thread.
 */
export class RowStager {
  private readonly spec: KindSpec;
  private readonly columns: Map<string, number>;
  /** The name columns to watch for lost letters: people's names always, other names in a file an 8-bit save could have made. */
  private readonly nameColumns: NameColumn[];

  constructor(
    private readonly kind: ImportKind,
    private readonly headers: readonly string[],
    private readonly delimiter: string,
    private readonly dateOrder: DateOrder,
    couldBeEightBitSave = false,
  ) {
    this.spec = KIND_SPECS[kind];
    this.columns = mapColumns(headers, this.spec.fields).index;
    const watched = new Map<number, boolean>();
    for (const [field, position] of this.columns) {
      if (PERSON_NAME_FIELDS.has(field)) watched.set(position, true);
      else if (couldBeEightBitSave && NAME_LIKE_FIELDS.has(field) && !watched.has(position)) watched.set(position, false);
    }
    this.nameColumns = [...watched].map(([position, personName]) => ({ position, personName }));
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
    const signs = noLostLetterSigns();
    for (const { row, cells } of rows) {
      let name: LostLetterRows['first'];
      let nameLike: LostLetterRows['first'];
      for (const { position, personName } of this.nameColumns) {
        const value = cells[position] ?? '';
        if (!signs.nonAscii && hasNonAsciiText(value)) signs.nonAscii = true;
        const lost = personName ? nameLostLetters(value) : looksLikeLostLetters(value);
        if (!lost) continue;
        const example = { row, column: this.headers[position] ?? '', value };
        if (personName) name ??= example;
        nameLike ??= example;
      }
      countRow(signs.names, name);
      countRow(signs.nameLike, nameLike);
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

function countRow(rows: LostLetterRows, example: LostLetterRows['first']): void {
  if (!example) return;
  rows.rows += 1;
  rows.first ??= example;
}

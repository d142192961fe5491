import { normaliseColumnName } from './column-names.js';
import { KIND_SPECS } from './import-kinds.js';

/** Reports put titles, run dates and parameters above the column names; this many rows are searched. */
export const HEADER_SEARCH_ROWS = 30;

/** A row needs this many known column names to be taken for the header. */
const KNOWN_NAMES_IN_A_HEADER = 2;

let knownNames: ReadonlySet<string> | undefined;

/** Every column name any kind of export is read from, normalised. */
function knownColumnNames(): ReadonlySet<string> {
  knownNames ??= new Set(
    Object.values(KIND_SPECS).flatMap((spec) => spec.fields.flatMap((field) => field.headers.map(normaliseColumnName))),
  );
  return knownNames;
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** How many of a row's cells are column names some kind of export is read from. */
function knownNamesIn(cells: readonly string[]): number {
  const known = knownColumnNames();
  return cells.filter((cell) => known.has(normaliseColumnName(cell.trim()))).length;
}

/**
 * Which of a file's first rows holds the column names: the one naming the most known columns
 * (at least two; the first of equals), so a line of report parameters such as `Organisation`,
 * `Status` above the real header is not taken for it. A file of columns commsplan does not know
 * keeps its first row that is not blank. Undefined when every row is blank.
 */
export function findHeaderRow(rows: readonly (readonly string[])[]): number | undefined {
  let best: number | undefined;
  let bestKnown = KNOWN_NAMES_IN_A_HEADER - 1;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
    const known = knownNamesIn(cells);
    if (known > bestKnown) [best, bestKnown] = [index, known];
  });
  if (best !== undefined) return best;
  const firstFilled = rows.findIndex((cells) => !isBlankRow(cells));
  return firstFilled === -1 ? undefined : firstFilled;
}

/**
 * A row's cells fitted to the header's width. Spreadsheets leave out the empty cells at the
 * end of a row (XLSX never writes them; Excel's CSV sometimes drops their separators), so a
 * short row gets empty cells, and empty cells beyond the last column are dropped. A row with
 * values beyond the last column is left as it is, for the width check to report.
 */
export function fitToHeader(cells: string[], width: number, padShortRows = true): string[] {
  if (cells.length < width) return padShortRows ? [...cells, ...Array<string>(width - cells.length).fill('')] : cells;
  if (cells.length > width && isBlankRow(cells.slice(width))) return cells.slice(0, width);
  return cells;
}

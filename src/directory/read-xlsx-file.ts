import ExcelJS from 'exceljs';
import { CommsplanError } from '../shared/errors.js';
import { findHeaderRow, fitToHeader, HEADER_SEARCH_ROWS, isBlankRow } from './header-row.js';
import { type FileVersion, openTableFile, type TableFile, type TableRow } from './read-table-file.js';

/**
 * A date cell as Excel shows it. Excel stores the wall-clock date and time with no time zone,
 * and ExcelJS hands it over as that time in UTC, so the time is written without an offset.
 */
function dateCellText(date: Date): string {
  const [day, time] = date.toISOString().slice(0, 19).split('T') as [string, string];
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/** A cell as text: formulas give their cached result, never the formula itself. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateCellText(value);
  if (typeof value !== 'object') return String(value);
  const cell = value as { text?: unknown; result?: unknown; richText?: { text: string }[]; error?: string; hyperlink?: string };
  if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
  if ('result' in cell) return cellText(cell.result);
  if ('text' in cell) return cellText(cell.text);
  if (cell.error) return '';
  return '';
}

const BATCH_ROWS = 1000;

function rowCells(values: unknown): string[] {
  // ExcelJS rows are 1-based: index 0 is always empty.
  return Array.isArray(values) ? Array.from(values.slice(1), cellText) : [];
}

/** Streams the first worksheet of an XLSX file. */
export async function readXlsxRows(path: string, file: string, version: FileVersion): Promise<TableFile> {
  const { size } = version;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Only the cell's number format tells a date from a number.
    styles: 'cache',
    entries: 'emit',
  });
  const rows = async function* (): AsyncGenerator<{ number: number; cells: string[] }> {
    try {
      for await (const worksheet of reader) {
        for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) yield { number: row.number, cells: rowCells(row.values) };
        return;
      }
    } catch (error) {
      throw new CommsplanError('file-unreadable', `${file}: cannot be read as an XLSX workbook (${(error as Error).message}).`, { file });
    }
  };
  const iterator = rows();
  const firstRows: { number: number; cells: string[] }[] = [];
  while (firstRows.length < HEADER_SEARCH_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    firstRows.push(next.value);
  }
  const headerIndex = findHeaderRow(firstRows.map((row) => row.cells));
  if (headerIndex === undefined) {
    await iterator.return(undefined);
    throw new CommsplanError('file-unreadable', `${file}: the first worksheet has no header row.`, { file });
  }
  const header = firstRows[headerIndex] as { number: number; cells: string[] };
  const headers = header.cells.map((h) => h.trim());
  const rowsAfterHeader = firstRows.slice(headerIndex + 1);
  async function* dataRows(): AsyncGenerator<TableRow[]> {
    let batch: TableRow[] = [];
    const rest = { [Symbol.asyncIterator]: () => iterator };
    const fromHeader = async function* () {
      yield* rowsAfterHeader;
      yield* rest;
    };
    for await (const row of fromHeader()) {
      if (isBlankRow(row.cells)) continue;
      batch.push({ row: row.number, cells: fitToHeader(row.cells, headers.length) });
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  return {
    format: 'xlsx',
    path,
    headers,
    headerRow: header.number,
    rowsAboveHeader: firstRows.slice(0, headerIndex).filter((row) => !isBlankRow(row.cells)).length,
    size,
    bytesRead: () => size,
    rowBatches: dataRows(),
    version,
    reopen: () => openTableFile(path, file, version),
    close: async () => {
      await iterator.return(undefined);
    },
  };
}

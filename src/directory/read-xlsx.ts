import ExcelJS from 'exceljs';
import { CommsplanError } from '../shared/errors.js';
import { type FileVersion, openTableFile, type TableFile, type TableRow } from './read-table-file.js';

/** A cell as text: formulas give their cached result, never the formula itself. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
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
    styles: 'ignore',
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
  let first = await iterator.next();
  while (!first.done && first.value.cells.every((cell) => cell.trim() === '')) first = await iterator.next();
  if (first.done) throw new CommsplanError('file-unreadable', `${file}: the first worksheet has no header row.`, { file });
  const headerRow = first.value.number;
  const headers = first.value.cells.map((h) => h.trim());
  async function* dataRows(): AsyncGenerator<TableRow[]> {
    let batch: TableRow[] = [];
    for await (const row of { [Symbol.asyncIterator]: () => iterator }) {
      if (row.cells.every((cell) => cell.trim() === '')) continue;
      batch.push({ row: row.number, cells: row.cells });
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
    headerRow,
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

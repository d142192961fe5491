import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { CommsplanError } from '../shared/errors.js';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records.js';
import { findHeaderRow, fitToHeader, HEADER_SEARCH_ROWS, isBlankRow } from './header-row.js';
import { readXlsxRows } from './read-xlsx-file.js';
import { detectEncoding, streamingDecoder, type TextEncoding } from './text-encoding.js';

export interface TableRow {
  /** The row number a spreadsheet program would show for this row. */
  row: number;
  cells: string[];
}

export interface TableFile {
  format: 'csv' | 'xlsx';
  /** Where the file is on disk. */
  path: string;
  encoding?: TextEncoding;
  /** Whether the text began with a byte-order mark (Excel's "CSV UTF-8", Export-Csv -Encoding UTF8). */
  byteOrderMark?: boolean;
  delimiter?: string;
  headers: string[];
  /** The row number of the header row (2 when a `#TYPE` line comes first, lower when titles come first). */
  headerRow: number;
  /** Rows with something in them above the header (a report's title, run date or parameters), skipped. */
  rowsAboveHeader: number;
  /** The data rows, a few thousand at a time. */
  rowBatches: AsyncIterable<TableRow[]>;
  version: FileVersion;
  /** The same file from the start, for a second read; refused if the file has changed since. */
  reopen(): Promise<TableFile>;
  /** Stops reading and lets go of the file, whether or not every row was read. */
  close(): Promise<void>;
  /** Bytes read so far, for progress. */
  bytesRead(): number;
  size: number;
}

const HEAD_BYTES = 64 * 1024;

function fileError(file: string, message: string): CommsplanError {
  return new CommsplanError('file-unreadable', `${file}: ${message}`, { file });
}

/** What tells one version of a file from another: its size and when it was last written. */
export interface FileVersion {
  size: number;
  modifiedMs: number;
}

async function readHead(path: string, file: string): Promise<{ head: Buffer; version: FileVersion }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(file, `cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw fileError(file, 'is not a file.');
    const head = Buffer.alloc(Math.min(HEAD_BYTES, stats.size));
    await handle.read(head, 0, head.length, 0);
    return { head, version: { size: stats.size, modifiedMs: stats.mtimeMs } };
  } finally {
    await handle.close();
  }
}

const DELIMITERS = [',', ';', '\t'];

/** The delimiter that splits the header line into the most columns: comma, semicolon or tab. */
export function detectDelimiter(headerLine: string): string {
  const counts = DELIMITERS.map((d) => ({ d, n: headerLine.split(d).length }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]?.d ?? ',';
}

/**
 * Decodes the file to text, drops a leading `#TYPE ...` line and stops at binary content. Files
 * whose lines end in a lone CR (old Mac Excel) get LF instead.
 */
function decodingStream(encoding: TextEncoding, bomLength: number, file: string, onTypeLine: () => void, crLines: boolean): Transform {
  const decode = streamingDecoder(encoding);
  let first = true;
  let skipped = 0;
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      let bytes = chunk;
      if (skipped < bomLength) {
        const skip = Math.min(bomLength - skipped, bytes.length);
        bytes = bytes.subarray(skip);
        skipped += skip;
      }
      let text = decode(bytes);
      if (crLines) text = text.replaceAll('\r', '\n');
      if (text.includes('\u0000'))
        return done(fileError(file, 'contains binary data (zero bytes), so it is not a CSV file. Export it again as CSV or XLSX.'));
      if (first && text.length > 0) {
        first = false;
        if (/^#TYPE\b/i.test(text)) {
          text = text.slice(text.indexOf('\n') + 1);
          onTypeLine();
        }
      }
      done(null, text);
    },
    flush(done) {
      done(null, decode(new Uint8Array(), true));
    },
  });
}

function looksBinary(head: Buffer, encoding: TextEncoding): boolean {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return false;
  return head.includes(0);
}

function linesAfterTypeLine(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  return /^#TYPE\b/i.test(lines[0] ?? '') ? lines.slice(1) : lines;
}

/** The first line with a separator in it: a report's title line above the header may have none. */
function firstLineWithColumns(text: string): string {
  const lines = linesAfterTypeLine(text).slice(0, HEADER_SEARCH_ROWS);
  return lines.find((line) => DELIMITERS.some((d) => line.includes(d))) ?? lines[0] ?? '';
}

/**
 * Every value of the first line is quoted, as PowerShell's Export-Csv writes: such a program
 * writes every column of every row, so a short row there means a damaged file, not an empty cell.
 */
function writesEveryColumn(text: string): boolean {
  return /^"[^"]*"(?:[,;\t]"[^"]*")*$/.test(linesAfterTypeLine(text)[0] ?? '');
}

/** Lines end in a lone CR: the first line break is a CR not followed by LF. */
function endsLinesWithCr(text: string): boolean {
  const lineBreak = text.search(/[\r\n]/);
  return lineBreak >= 0 && text[lineBreak] === '\r' && text[lineBreak + 1] !== '\n' && lineBreak + 1 < text.length;
}

/**
 * Opens a CSV or XLSX export for streaming: the file is never read whole, so a 2 GB export
 * costs no more memory than a small one.
 */
export async function openTableFile(path: string, file: string = path, sameAs?: FileVersion): Promise<TableFile> {
  const { head, version } = await readHead(path, file);
  if (sameAs && (version.size !== sameAs.size || version.modifiedMs !== sameAs.modifiedMs))
    throw fileError(file, 'changed while it was being imported. Nothing was imported; import it again.');
  const { size } = version;
  if (size === 0) throw fileError(file, 'is empty.');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsxRows(path, file, version);
  const detected = detectEncoding(head);
  if (!detected)
    throw fileError(
      file,
      'is not in an encoding commsplan recognises (UTF-8, UTF-16 or Windows-1252): it may be GB18030, another national encoding, or a mix. Nothing was imported. Save it again as "CSV UTF-8" (in Excel) or with -Encoding UTF8 (in PowerShell), and import that.',
    );
  const { encoding, bomLength } = detected;
  if (looksBinary(head, encoding))
    throw fileError(file, 'contains binary data, so it is not a CSV or XLSX file. Export it again as CSV or XLSX.');
  const headText = streamingDecoder(encoding)(head.subarray(bomLength), true);
  const delimiter = detectDelimiter(firstLineWithColumns(headText));
  let firstRow = 1;
  let bytesRead = 0;
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const decoded = source.pipe(decodingStream(encoding, bomLength, file, () => (firstRow = 2), endsLinesWithCr(headText)));
  source.on('error', (error) => decoded.destroy(error));
  decoded.on('close', () => source.destroy());
  const splitter = new CsvRecordSplitter(delimiter, true);
  const batches = recordBatches(decoded, splitter, file, () => firstRow)[Symbol.asyncIterator]();
  const { records, ended } = await firstRecords(batches);
  const headerIndex = findHeaderRow(records);
  if (headerIndex === undefined) {
    if (!ended) throw fileError(file, `has no header row in its first ${HEADER_SEARCH_ROWS} rows.`);
    throw fileError(file, 'has no header row.');
  }
  const headers = (records[headerIndex] as string[]).map((h) => h.trim());
  const headerRow = firstRow + headerIndex;
  const padShortRows = headerIndex > 0 || !writesEveryColumn(headText);
  return {
    format: 'csv',
    path,
    encoding,
    byteOrderMark: bomLength > 0,
    delimiter,
    headers,
    headerRow,
    rowsAboveHeader: records.slice(0, headerIndex).filter((cells) => !isBlankRow(cells)).length,
    size,
    bytesRead: () => bytesRead,
    rowBatches: numberedRows(records.slice(headerIndex + 1), batches, headerRow, (cells, row) => {
      if (cells === splitter.unterminated && cells.length < headers.length) throw cutShort(file, row, cells.length, headers.length);
      return fitToHeader(cells, headers.length, padShortRows);
    }),
    version,
    reopen: () => openTableFile(path, file, version),
    close: async () => {
      decoded.destroy();
      source.destroy();
    },
  };
}

/** Enough of the file's first records to find the header among them. */
async function firstRecords(batches: AsyncIterator<string[][]>): Promise<{ records: string[][]; ended: boolean }> {
  const records: string[][] = [];
  while (records.length < HEADER_SEARCH_ROWS) {
    const next = await batches.next();
    if (next.done) return { records, ended: true };
    records.push(...next.value);
  }
  return { records, ended: false };
}

/** The file's records, in the batches each piece of text completes. */
async function* recordBatches(
  text: AsyncIterable<string>,
  splitter: CsvRecordSplitter,
  file: string,
  firstRow: () => number,
): AsyncGenerator<string[][]> {
  try {
    for await (const chunk of text) {
      const records = splitter.push(chunk);
      if (records.length) yield records;
    }
    const last = splitter.end();
    if (last.length) yield last;
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    // Every record is counted, empty lines too, so the last complete one is on this spreadsheet row:
    const lastComplete = firstRow() + error.recordsBefore - 1;
    if (error.problem === 'unclosed-quote')
      throw fileError(file, `ends inside a quoted value after row ${lastComplete}: the file looks cut short. Export it again.`);
    throw fileError(file, `cannot be read as CSV at row ${lastComplete + 1}: ${error.message}.`);
  }
}

/** The last row has fewer values than the header and no line break after it: the file was cut, so none of it is imported. */
function cutShort(file: string, row: number, values: number, columns: number): CommsplanError {
  return fileError(
    file,
    `row ${row}, the last, has ${values} of the header's ${columns} columns and no line break after it: the file looks cut short. Nothing was imported. Export it again.`,
  );
}

/** Rows numbered as a spreadsheet program shows them, blank ones (Excel's `,,,,` lines) left out. */
async function* numberedRows(
  first: string[][],
  rest: AsyncIterator<string[][]>,
  headerRow: number,
  fitCells: (cells: string[], row: number) => string[],
): AsyncGenerator<TableRow[]> {
  let row = headerRow;
  const number = (records: string[][]): TableRow[] => {
    const rows: TableRow[] = [];
    for (const cells of records) {
      row += 1;
      if (!isBlankRow(cells)) rows.push({ row, cells: fitCells(cells, row) });
    }
    return rows;
  };
  try {
    const firstRows = number(first);
    if (firstRows.length) yield firstRows;
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      const rows = number(next.value);
      if (rows.length) yield rows;
    }
  } finally {
    await rest.return?.();
  }
}

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { CommsplanError } from '../shared/errors.js';
import { readXlsxRows } from './read-xlsx.js';
import { detectEncoding, streamingDecoder, type TextEncoding } from './text-encoding.js';

export interface TableRow {
  /** The row number a spreadsheet program would show for this row. */
  row: number;
  cells: string[];
}

export interface TableFile {
  format: 'csv' | 'xlsx';
  encoding?: TextEncoding;
  delimiter?: string;
  headers: string[];
  /** The row number of the header row (2 when a `#TYPE` line comes first). */
  headerRow: number;
  rows: AsyncIterable<TableRow>;
  /** Bytes read so far, for progress. */
  bytesRead(): number;
  size: number;
}

const HEAD_BYTES = 64 * 1024;

function fileError(file: string, message: string): CommsplanError {
  return new CommsplanError('file-unreadable', `${file}: ${message}`, { file });
}

async function readHead(path: string, file: string): Promise<{ head: Buffer; size: number }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(file, `cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw fileError(file, 'is not a file.');
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await handle.close();
  }
}

/** The delimiter that splits the header line into the most columns: comma, semicolon or tab. */
export function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: headerLine.split(d).length }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]?.d ?? ',';
}

/** Decodes the file to text, drops a leading `#TYPE ...` line and stops at binary content. */
function decodingStream(encoding: TextEncoding, bomLength: number, file: string, onTypeLine: () => void): Transform {
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

function firstLine(head: Buffer, encoding: TextEncoding, bomLength: number): string {
  const text = streamingDecoder(encoding)(head.subarray(bomLength), true);
  const lines = text.split(/\r?\n/);
  return (/^#TYPE\b/i.test(lines[0] ?? '') ? lines[1] : lines[0]) ?? '';
}

/**
 * Opens a CSV or XLSX export for streaming: the file is never read whole, so a 2 GB export
 * costs no more memory than a small one.
 */
export async function openTableFile(path: string, file: string = path): Promise<TableFile> {
  const { head, size } = await readHead(path, file);
  if (size === 0) throw fileError(file, 'is empty.');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsxRows(path, file, size);
  const { encoding, bomLength } = detectEncoding(head);
  if (looksBinary(head, encoding))
    throw fileError(file, 'contains binary data, so it is not a CSV or XLSX file. Export it again as CSV or XLSX.');
  const delimiter = detectDelimiter(firstLine(head, encoding, bomLength));
  let headerRow = 1;
  let bytesRead = 0;
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, trim: false, info: false });
  const decoded = source.pipe(decodingStream(encoding, bomLength, file, () => (headerRow = 2)));
  decoded.on('error', (error) => parser.destroy(error));
  decoded.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await nextRecord(records, file, 1);
  if (first.done || first.value.every((cell) => cell.trim() === '')) throw fileError(file, 'has no header row.');
  const headers = first.value.map((h) => h.trim());
  return {
    format: 'csv',
    encoding,
    delimiter,
    headers,
    headerRow,
    size,
    bytesRead: () => bytesRead,
    rows: rowsAfterHeader(records, file, () => headerRow),
  };
}

async function nextRecord(records: AsyncIterator<string[]>, file: string, row: number): Promise<IteratorResult<string[]>> {
  try {
    return await records.next();
  } catch (error) {
    if (error instanceof CommsplanError) throw error;
    const message = (error as Error).message;
    if (/quote not closed/i.test(message))
      throw fileError(file, `ends inside a quoted value after row ${row}: the file looks cut short. Export it again.`);
    throw fileError(file, `cannot be read as CSV near row ${row}: ${message}`);
  }
}

async function* rowsAfterHeader(records: AsyncIterator<string[]>, file: string, headerRow: () => number): AsyncGenerator<TableRow> {
  let row = headerRow();
  while (true) {
    const next = await nextRecord(records, file, row);
    if (next.done) return;
    row += 1;
    yield { row, cells: next.value };
  }
}

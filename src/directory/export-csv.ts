/**
 * Administrators' exports as the tools that make them write them, for the demo, the tests and the
 * benchmarks: the mirror of what the importers read. Pure.
 *
 * - Windows PowerShell 5.1's `Export-Csv`: a `#TYPE` line unless -NoTypeInformation, every value
 *   in double quotes (a $null property as nothing at all), `True`/`False`, CRLF after every line.
 * - Excel's "Save as CSV": values quoted only where they need it, every row as wide as the sheet's
 *   used range, dates as the cells show them, CRLF after every row.
 *
 * The encodings: PowerShell's default ASCII (every character outside ASCII becomes `?`),
 * `-Encoding UTF8` (with a BOM), `-Encoding Unicode` (UTF-16LE with a BOM), Excel's "CSV UTF-8"
 * (with a BOM) and "CSV (Comma delimited)" on an English Windows machine (Windows-1252, no BOM).
 */

export type ExportCell = string | number | boolean | Date | null | undefined;
export type ExportEncoding = 'ascii' | 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'windows-1252';

export interface PowerShellExport {
  /** The object type after `Select-Object`, such as `Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox`. */
  typeName?: string;
  columns: readonly string[];
  rows: readonly (readonly ExportCell[])[];
}

/** The whole file's text, as `Export-Csv` writes it. */
export function powerShellCsv(file: PowerShellExport): string {
  const lines = file.typeName ? [`#TYPE ${file.typeName}\r\n`] : [];
  lines.push(powerShellCsvLine(file.columns));
  for (const row of file.rows) lines.push(powerShellCsvLine(row));
  return lines.join('');
}

/** The whole file's bytes: by default in Windows PowerShell 5.1's ASCII, as `Export-Csv` writes without `-Encoding`. */
export function powerShellExportFile(file: PowerShellExport, encoding: ExportEncoding = 'ascii'): Buffer {
  return encodeExport(powerShellCsv(file), encoding);
}

/** One line of an `Export-Csv` file, CRLF included. */
export function powerShellCsvLine(cells: readonly ExportCell[]): string {
  return `${cells.map(powerShellField).join(',')}\r\n`;
}

function powerShellField(value: ExportCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? 'True' : 'False') : value instanceof Date ? ukDateTime(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** The whole sheet's text, as Excel saves it: each row padded to the widest. */
export function excelCsv(rows: readonly (readonly ExportCell[])[], delimiter = ','): string {
  const width = Math.max(0, ...rows.map((row) => row.length));
  return rows
    .map((row) => excelCsvLine(row.length < width ? [...row, ...Array(width - row.length).fill(undefined)] : row, delimiter))
    .join('');
}

/** One row of a sheet saved as CSV, CRLF included. */
export function excelCsvLine(cells: readonly ExportCell[], delimiter = ','): string {
  return `${cells.map((cell) => excelField(cell, delimiter)).join(delimiter)}\r\n`;
}

function excelField(value: ExportCell, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? ukDateTime(value).slice(0, 10) : String(value);
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A time as PowerShell 5.1 and Excel write it on a machine set to English (United Kingdom): `23/11/2026 18:05:00`. */
export function ukDateTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const day = `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  return `${day} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

/** The file's bytes: its byte order mark, if the encoding has one, then its text. */
export function encodeExport(text: string, encoding: ExportEncoding): Buffer {
  const mark = byteOrderMark(encoding);
  const body = exportBytes(text, encoding);
  return mark.length > 0 ? Buffer.concat([mark, body]) : body;
}

export function byteOrderMark(encoding: ExportEncoding): Buffer {
  if (encoding === 'utf-8-bom') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf-16le-bom') return Buffer.from([0xff, 0xfe]);
  return Buffer.alloc(0);
}

/** Text in the encoding, without a byte order mark: for a file written in pieces. */
export function exportBytes(text: string, encoding: ExportEncoding): Buffer {
  switch (encoding) {
    case 'ascii':
      return Buffer.from(asciiAsPowerShellWritesIt(text), 'latin1');
    case 'utf-8':
    case 'utf-8-bom':
      return Buffer.from(text, 'utf8');
    case 'utf-16le-bom':
      return Buffer.from(text, 'utf16le');
    case 'windows-1252':
      return Buffer.from(asWindows1252Bytes(text), 'latin1');
  }
}

/** .NET's ASCIIEncoding replaces each UTF-16 code unit above 0x7F with a question mark. */
export function asciiAsPowerShellWritesIt(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, '?');
}

/** The characters Windows-1252 gives to bytes 0x80 to 0x9F; 0xA0 to 0xFF are Latin-1's. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Each character as the Latin-1 character of its Windows-1252 byte; what the code page cannot hold becomes `?`. */
function asWindows1252Bytes(text: string): string {
  return text.replace(/[\u0080-\u009f\u0100-\u{10ffff}]/gu, (character) => {
    const high = CP1252_HIGH.indexOf(character);
    return high >= 0 && (character.codePointAt(0) as number) > 0xff ? String.fromCharCode(0x80 + high) : '?';
  });
}

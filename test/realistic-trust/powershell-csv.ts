/**
 * Files as Windows PowerShell 5.1's `Export-Csv` writes them: a `#TYPE` line unless -NoTypeInformation,
 * every value in double quotes (a $null property as nothing at all), CRLF after every line, and in its
 * default ASCII encoding every character outside ASCII becomes `?`. `-Encoding UTF8` writes a BOM.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface PowerShellExport {
  /** The object type after `Select-Object`, such as `Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox`. */
  typeName?: string;
  columns: readonly string[];
  rows: readonly (readonly CsvValue[])[];
  encoding: 'ascii' | 'utf8-bom';
}

export function exportCsv(file: PowerShellExport): Buffer {
  const lines: string[] = [];
  if (file.typeName) lines.push(`#TYPE ${file.typeName}`);
  lines.push(file.columns.map(quoted).join(','));
  for (const row of file.rows) lines.push(row.map(csvField).join(','));
  const text = lines.map((line) => `${line}\r\n`).join('');
  if (file.encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(asciiAsPowerShellWritesIt(text), 'latin1');
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return quoted(value ? 'True' : 'False');
  return quoted(String(value));
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** .NET's ASCIIEncoding replaces each UTF-16 code unit above 0x7F with a question mark. */
export function asciiAsPowerShellWritesIt(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) out += text.charCodeAt(index) > 0x7f ? '?' : text[index];
  return out;
}

/** Exchange's ByteQuantifiedSize as text: `3.217 GB (3,454,230,118 bytes)`. */
export function byteQuantifiedSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let unit = 0;
  while (unit < units.length - 1 && bytes >= 1024 ** (unit + 1)) unit += 1;
  const amount = unit === 0 ? `${bytes}` : `${Number((bytes / 1024 ** unit).toFixed(3))}`;
  return `${amount} ${units[unit]} (${bytes.toLocaleString('en-GB')} bytes)`;
}

/** A DateTime as PowerShell 5.1 writes it on a machine set to English (United Kingdom). */
export function ukDateTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const day = `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  return `${day} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

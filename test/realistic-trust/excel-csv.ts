/**
 * A sheet saved from Excel as "CSV (Comma delimited)" on a Windows machine set to English (United
 * Kingdom): the ANSI code page (Windows-1252), a letter outside it written as `?`, no BOM, values quoted
 * only where they need it, every row as wide as the sheet's used range, dates as the cells show them,
 * and CRLF after every row.
 */

export type ExcelCell = string | number | Date | undefined;

export function excelCsvWindows1252(rows: readonly (readonly ExcelCell[])[]): Buffer {
  const width = Math.max(...rows.map((row) => row.length));
  const lines = rows.map((row) => Array.from({ length: width }, (_, index) => excelText(row[index])).join(','));
  return windows1252(lines.map((line) => `${line}\r\n`).join(''));
}

function excelText(value: ExcelCell): string {
  if (value === undefined) return '';
  const text = value instanceof Date ? ukDate(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function ukDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

/** The characters Windows-1252 gives to bytes 0x80 to 0x9F; 0xA0 to 0xFF are Latin-1's. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Text as Windows-1252 bytes; what the code page cannot hold becomes `?`, as Excel writes it. */
export function windows1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    const high = CP1252_HIGH.indexOf(character);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (high >= 0 && code > 0xff) bytes.push(0x80 + high);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}

/** What a name looks like after a round trip through Windows-1252. */
export function asWindows1252(text: string): string {
  const bytes = windows1252(text);
  let out = '';
  for (const byte of bytes) out += byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] as string) : String.fromCharCode(byte);
  return out;
}

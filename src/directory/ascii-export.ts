/**
 * Windows PowerShell 5.1's Export-Csv writes ASCII unless told otherwise, and every character
 * outside ASCII becomes "?": "Zoë Brontë" arrives as "Zo? Bront?". The rows still import, but
 * the names are wrong, so the import says so once, with the fix.
 */

/** Fields whose values are names of people, groups or teams, where a lost letter shows. */
export const NAME_LIKE_FIELDS: ReadonlySet<string> = new Set([
  'displayName',
  'firstName',
  'lastName',
  'department',
  'jobRole',
  'user',
  'mailbox',
  'owner',
  'group',
  'member',
  'memberName',
]);

/** A "?" against a letter ("Br?nt?", "?mile"), or a name of nothing but "?" ("???" for 王芳). */
const LOST_LETTER = /\p{L}\?|\?\p{L}|^[?\s]*\?[?\s]*$/u;
const NOT_ASCII = /[^\t\n\r\u0020-\u007e]/;

export function looksLikeLostLetters(value: string): boolean {
  return value.includes('?') && LOST_LETTER.test(value);
}

export function hasNonAsciiText(value: string): boolean {
  return NOT_ASCII.test(value);
}

/** What a batch of rows showed: rows with a name that lost letters, and whether any name had a letter outside ASCII. */
export interface LostLetterSigns {
  rows: number;
  first?: { row: number; column: string; value: string };
  nonAscii: boolean;
}

export function noLostLetterSigns(): LostLetterSigns {
  return { rows: 0, nonAscii: false };
}

/** Adds one batch's signs to the whole file's. */
export function addLostLetterSigns(total: LostLetterSigns, batch: LostLetterSigns): LostLetterSigns {
  return { rows: total.rows + batch.rows, first: total.first ?? batch.first, nonAscii: total.nonAscii || batch.nonAscii };
}

/**
 * The notice for a file whose names lost their letters. Only an ASCII file can be such an
 * export: one real "ë" anywhere in its names, and the "?"s are something else.
 */
export function asciiExportNotice(file: string, signs: LostLetterSigns): string | undefined {
  if (signs.rows === 0 || signs.nonAscii || !signs.first) return undefined;
  const { row, column, value } = signs.first;
  const rows = signs.rows === 1 ? '1 row has a name' : `${signs.rows.toLocaleString('en-GB')} rows have names`;
  return (
    `${file} looks like an export from Windows PowerShell 5.1 made without -Encoding, which saves plain ASCII and turns every accented or non-English letter into "?". ` +
    `${rows} with "?" in place of a letter (the first is row ${row}, ${column} "${value}"). The rows were imported as they are. ` +
    'To get the names right, export again with Export-Csv -Encoding UTF8 (or from PowerShell 7, which writes UTF-8) and import the new file.'
  );
}

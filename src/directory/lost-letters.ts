/**
 * Letters lost on the way out of Windows. A file saved in an 8-bit encoding has no byte for a
 * letter outside it, and Windows writes "?" instead: Windows PowerShell 5.1's Export-Csv writes
 * ASCII unless told otherwise ("Zoë Brontë" arrives as "Zo? Bront?"), and Excel's "CSV (Comma
 * delimited)" writes Windows-1252, which has é and ñ but no Ł, ő or ș ("?ukasz"). The rows still
 * import, but the names are wrong, so the import says so once, with the fix.
 */

/**
 * Fields that name a person or a mailbox: first and last names, display names, and the names
 * permission, device and group exports give people by. Nobody's name or address has a "?" in
 * it, so any "?" there is a lost letter, whatever the file's encoding.
 */
export const PERSON_NAME_FIELDS: ReadonlySet<string> = new Set([
  'firstName',
  'lastName',
  'displayName',
  'user',
  'mailbox',
  'owner',
  'member',
  'memberName',
]);

/**
 * Other fields whose values are names, of teams, roles and groups, where a lost letter shows. They
 * may have a real "?", so they count only in a file with no room for other letters, and only
 * when the "?" stands where a letter would.
 */
export const NAME_LIKE_FIELDS: ReadonlySet<string> = new Set(['department', 'jobRole', 'group']);

/** True when a person's name has lost a letter: it has a "?" in it. */
export function nameLostLetters(name: string | null | undefined): boolean {
  return typeof name === 'string' && name.includes('?');
}

/**
 * A "?" followed by a letter ("Gda?sk", "?mile"), or a value of nothing but "?" ("???" for 王芳).
 * A real question mark ends a word: "Any questions? Ask IT".
 */
const LOST_LETTER = /\?\p{L}|^[?\s]*\?[?\s]*$/u;
const NOT_ASCII = /[^\t\n\r\u0020-\u007e]/;

/** For values that may hold a real "?" (a team called "Who is on call ?"): only a "?" that stands for a letter. */
export function looksLikeLostLetters(value: string): boolean {
  return value.includes('?') && LOST_LETTER.test(value);
}

export function hasNonAsciiText(value: string): boolean {
  return NOT_ASCII.test(value);
}

export interface LostLetterExample {
  row: number;
  column: string;
  value: string;
}

/** How many rows lost letters, and the first of them. */
export interface LostLetterRows {
  rows: number;
  first?: LostLetterExample;
}

/** What a batch of rows showed. */
export interface LostLetterSigns {
  /** Rows with a "?" in a person's name. */
  names: LostLetterRows;
  /** Rows with a "?" in a person's name, or standing for a letter in another name-like value. */
  nameLike: LostLetterRows;
  /** Whether any watched value had a letter beyond ASCII. */
  nonAscii: boolean;
}

export function noLostLetterSigns(): LostLetterSigns {
  return { names: { rows: 0 }, nameLike: { rows: 0 }, nonAscii: false };
}

const addRows = (a: LostLetterRows, b: LostLetterRows): LostLetterRows => ({ rows: a.rows + b.rows, first: a.first ?? b.first });

/** Adds one batch's signs to the whole file's. */
export function addLostLetterSigns(total: LostLetterSigns, batch: LostLetterSigns): LostLetterSigns {
  return {
    names: addRows(total.names, batch.names),
    nameLike: addRows(total.nameLike, batch.nameLike),
    nonAscii: total.nonAscii || batch.nonAscii,
  };
}

/**
 * How the file was saved, as far as lost letters go: plain ASCII (no byte beyond it, no
 * byte-order mark), Windows-1252, or an encoding that holds every letter (UTF-8 with letters
 * beyond ASCII or a byte-order mark, UTF-16, a workbook).
 */
export type FileSave = 'ascii' | 'windows-1252' | 'unicode';

export function fileSaveOf(table: { format: string; encoding?: string; byteOrderMark?: boolean }, signs: LostLetterSigns): FileSave {
  if (table.format !== 'csv') return 'unicode';
  if (table.encoding === 'windows-1252') return 'windows-1252';
  if (table.encoding === 'utf-8' && !table.byteOrderMark && !signs.nonAscii) return 'ascii';
  return 'unicode';
}

/** Text files that an 8-bit save could have made, where "?" in a team or group name may be a lost letter too. */
export function couldBeEightBitSave(table: { format: string; encoding?: string; byteOrderMark?: boolean }): boolean {
  return table.format === 'csv' && (table.encoding === 'windows-1252' || (table.encoding === 'utf-8' && !table.byteOrderMark));
}

const WHY: Readonly<Record<FileSave, string>> = {
  ascii:
    'It holds no letter beyond plain ASCII, so it looks like an export from Windows PowerShell 5.1 made without -Encoding, which turns every accented or non-English letter into "?", or a save from Excel as "CSV (Comma delimited)", which does the same to letters Windows-1252 lacks.',
  'windows-1252':
    'It is saved in Windows-1252, as Excel\'s "CSV (Comma delimited)" saves on a UK Windows computer, which has é and ñ but no Ł, ő, ș or other letters of Central and Eastern Europe, nor other alphabets, and writes "?" instead.',
  unicode:
    'The file itself can hold any letter, so the letters were lost before it was made: in the system it came from, or in an ASCII or Windows-1252 copy it was made from.',
};

const FIX: Readonly<Record<FileSave, string>> = {
  ascii:
    'To get the names right, export again with Export-Csv -Encoding UTF8 (or from PowerShell 7, which writes UTF-8), or save from Excel as "CSV UTF-8 (Comma delimited)", and import the new file.',
  'windows-1252':
    'To get the names right, save the list from Excel as "CSV UTF-8 (Comma delimited)" or as a workbook (.xlsx), or export with Export-Csv -Encoding UTF8, and import the new file.',
  unicode: 'To get the names right, correct them where the file comes from and import it again.',
};

/** The notice for a file whose names lost letters; undefined when none did. */
export function lostLettersNotice(file: string, signs: LostLetterSigns, save: FileSave): string | undefined {
  const found = save === 'unicode' ? signs.names : signs.nameLike;
  if (found.rows === 0 || !found.first) return undefined;
  const { row, column, value } = found.first;
  const rows = found.rows === 1 ? '1 row has a name' : `${found.rows.toLocaleString('en-GB')} rows have names`;
  return (
    `${file}: ${rows} with "?" in place of a letter (the first is row ${row}, ${column} "${value}"). ${WHY[save]} ` +
    'The rows were imported as they are; emails never greet anyone by a name with "?" in it (commsplan lost-letters lists them). ' +
    FIX[save]
  );
}

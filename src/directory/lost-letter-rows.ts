import { plural } from '../shared/plural.js';
import type { LostLetterName } from './lost-letter-names.store.js';

/** The columns of `commsplan lost-letters` and the web's list of names that lost letters. */
export const LOST_LETTER_COLUMNS = ['Name as imported', 'Address', 'Import', 'Lost letters in'];

export const lostLetterRow = (row: LostLetterName): string[] => [row.name, row.address, row.source, row.columns];

export const NO_LOST_LETTERS = 'No imported name has "?" in place of a letter.';

/** What the names that lost letters mean and how to put them right. */
export const lostLettersSummary = (rows: number) =>
  `${plural(rows, 'imported row')} with "?" in place of a letter. Emails do not use these names. Import each file again saved as UTF-8 to put them right.`;

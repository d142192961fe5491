import { CommsplanError } from '../shared/errors.js';
import type { RosterEntry } from './wave-overview.js';

export type RosterFormat = 'batch' | 'migrationwiz';

export function rosterFormat(text: string): RosterFormat {
  const format = text.trim().toLowerCase();
  if (format === 'batch' || format === 'migrationwiz') return format;
  throw new CommsplanError(
    'invalid-input',
    `--format "${text}" is not a roster format: use batch (a Microsoft 365 migration batch) or migrationwiz.`,
    {
      field: 'format',
      value: text,
    },
  );
}

/**
 * A wave's roster as the migration tool takes it. A Microsoft 365 migration batch needs one
 * `EmailAddress` column. MigrationWiz's Bulk Add takes seven columns, of which it needs the two
 * addresses; logins and passwords stay empty (the project's administrator credentials apply).
 */
export function rosterFile(
  format: RosterFormat,
  entries: readonly RosterEntry[],
): { header: string[]; rows: string[][]; missingDestination: number } {
  if (format === 'batch') return { header: ['EmailAddress'], rows: entries.map((entry) => [entry.email]), missingDestination: 0 };
  const header = [
    'Source Email',
    'Source Login Name',
    'Source Password',
    'Destination Email',
    'Destination Login Name',
    'Destination Password',
    'Flags',
  ];
  let missingDestination = 0;
  const rows = entries.map((entry) => {
    if (!entry.nhsmailEmail) missingDestination += 1;
    return [entry.email, '', '', entry.nhsmailEmail ?? '', '', '', ''];
  });
  return { header, rows, missingDestination };
}

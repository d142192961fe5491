/**
 * The tables that hold people's names as imported, and their name columns. Each name column has
 * a `COLUMN_lost_letters` flag beside it (migration 0019): 1 when the name came with "?" in
 * place of a letter.
 */
export const NAME_COLUMNS_OF = {
  people: ['first_name', 'last_name', 'display_name'],
  staff_without_address: ['first_name', 'last_name', 'display_name'],
  mailboxes: ['display_name'],
  nhsmail_accounts: ['display_name'],
} as const satisfies Record<string, readonly string[]>;

export type NameTable = keyof typeof NAME_COLUMNS_OF;

/** The flag column of a name column: `first_name` -> `first_name_lost_letters`. */
export const lostLettersColumn = (column: string): string => `${column}_lost_letters`;

/** SQL that is true when any name of a row (of `table`, as `alias`) lost letters. Names are ours, never input. */
export function anyNameLostLetters(table: NameTable, alias: string = table): string {
  return `(${NAME_COLUMNS_OF[table].map((column) => `${alias}.${lostLettersColumn(column)} = 1`).join(' OR ')})`;
}

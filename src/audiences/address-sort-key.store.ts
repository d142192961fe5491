import { type RawBuilder, sql } from 'kysely';
import { type DialectName, holdsCharacterOutside } from '../store/dialect.js';

/**
 * Punctuation an address may hold, in the order JavaScript's `localeCompare` sorts it: all of it
 * before digits, digits before letters (so `ann@` comes before `ann1@`, unlike in byte order).
 */
const ADDRESS_PUNCTUATION = '_-,;:!?.\'"()[]{}@*&#%`^+<=>|~$';

/**
 * An address made to sort in SQL as `localeCompare` sorts addresses (which are lower case): each
 * punctuation mark is swapped for a control character (which addresses never hold) in that order.
 */
export function addressSortKey(dialect: DialectName, column: RawBuilder<unknown>): RawBuilder<unknown> {
  const swap = (marks: string) =>
    [...marks].reduce(
      (key, mark) => sql`replace(${key}, ${sql.lit(mark)}, ${sql.lit(String.fromCharCode(ADDRESS_PUNCTUATION.indexOf(mark) + 1))})`,
      column,
    );
  // Most addresses hold no punctuation but `.`, `-` and `@`: swapping those three is enough, and quicker.
  return sql`(CASE WHEN ${holdsCharacterOutside(dialect, column, 'a-z0-9.@-')} THEN ${swap(ADDRESS_PUNCTUATION)} ELSE ${swap('.-@')} END)`;
}

/** An address as `addressSortKey` makes it in SQL, to compare with it (to carry on after a row, say). */
export function addressSortKeyOf(address: string): string {
  return [...ADDRESS_PUNCTUATION].reduce((key, mark, i) => key.replaceAll(mark, String.fromCharCode(i + 1)), address);
}

import { nameLostLetters } from '../directory/lost-letters.js';
import { bestName } from '../directory/name-sources.js';
import type { DirectoryPerson } from './audiences.store.js';

/**
 * The names an email calls someone by. A name that came with "?" in place of a letter is never
 * used: another name of the same person that kept its letters is, else the name without the
 * words that lost letters when what is left still reads as a name, else (for a first name) the
 * neutral "colleague", so that the email begins "Dear colleague," as the emails to all staff do.
 */
export const NEUTRAL_FIRST_NAME = 'colleague';

type Names = Pick<DirectoryPerson, 'first_name' | 'last_name' | 'display_name'>;

/** A display name without what follows in brackets: the NHSmail portal adds the organisation, "NOWAK, Łukasz (EASTBROOK)". */
function bareDisplayName(display: string | null | undefined): string | undefined {
  return display?.replace(/\s*\([^)]*\)/g, '').trim() || undefined;
}

/** The first name in a display name such as "Jones, Sam" or "Sam Jones". */
export function firstNameInDisplayName(display: string | null | undefined): string | undefined {
  const bare = bareDisplayName(display);
  if (!bare) return undefined;
  if (bare.includes(',')) return bare.split(',')[1]?.trim().split(/\s+/)[0] || undefined;
  return bare.split(/\s+/)[0];
}

/** The surname in a display name such as "Jones, Sam" or "Sam Jones"; none in a name of one word. */
export function lastNameInDisplayName(display: string | null | undefined): string | undefined {
  const bare = bareDisplayName(display);
  if (!bare) return undefined;
  if (bare.includes(',')) return bare.split(',')[0]?.trim() || undefined;
  const words = bare.split(/\s+/);
  return words.length > 1 ? words.at(-1) : undefined;
}

const candidate = (name: string | null | undefined) => ({ name: name?.trim() || undefined, lostLetters: nameLostLetters(name) });

/**
 * The first name from the staff list, else from the display name, preferring whichever kept its
 * letters; as imported when neither did. For lists of people, where a lost letter should show.
 */
export function firstNameOf(person: Pick<Names, 'first_name' | 'display_name'>): string | undefined {
  return bestName([candidate(person.first_name), candidate(firstNameInDisplayName(person.display_name))]) ?? undefined;
}

/** A word of a name: letters, with an apostrophe, hyphen or full stop inside ("O'Neill", "Mary-Anne", "St."). */
const NAME_WORD = /^\p{L}[\p{L}\p{M}'’.-]*$/u;

/**
 * The name without its words that lost letters ("Mary ?ine" is "Mary"), when what is left still
 * reads as a name: words of letters, the first a capital, two letters or more in all. Undefined
 * otherwise: "?ukasz" and "Bj?rn" leave nothing that does.
 */
export function withoutLostLetters(name: string): string | undefined {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '' && !nameLostLetters(word));
  const left = words.join(' ');
  const readsAsName =
    words.length > 0 && words.every((word) => NAME_WORD.test(word)) && /^\p{Lu}/u.test(left) && (left.match(/\p{L}/gu)?.length ?? 0) >= 2;
  return readsAsName ? left : undefined;
}

/** The first name an email uses: never one with a lost letter. Undefined only when the person has no name at all. */
export function firstNameForMessages(person: Names): string | undefined {
  const name = firstNameOf(person);
  if (name === undefined || !nameLostLetters(name)) return name;
  return withoutLostLetters(name) ?? NEUTRAL_FIRST_NAME;
}

/**
 * The last name an email uses: the staff list's, else, when that lost letters, the display
 * name's surname if it kept them, else the staff list's without the words that lost letters.
 * Undefined when nothing is left that reads as a name: an email needing it is not made, and
 * `check` lists the person.
 */
export function lastNameForMessages(person: Names): string | undefined {
  const name = person.last_name?.trim() || undefined;
  if (name === undefined || !nameLostLetters(name)) return name;
  const fromDisplay = lastNameInDisplayName(person.display_name);
  if (fromDisplay && !nameLostLetters(fromDisplay)) return fromDisplay;
  return withoutLostLetters(name);
}

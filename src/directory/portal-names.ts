/**
 * Names compared across systems: the NHSmail portal writes `SURNAME, Forename (ORGANISATION)`,
 * the staff list has surname and first name apart, and Exchange writes `Forename Surname` or
 * `Surname, Forename`. Each becomes `surname|forename`, ignoring case, accents, punctuation and
 * middle names.
 */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[-\s]+/g, ' ')
    .trim();
}

/**
 * A `?` stands for a letter an ANSI or ASCII save could not write. Such a name gives no key,
 * unless `keepLostLetters`: then the `?` stays, for `sameNameKey` to read as any one letter.
 */
function key(surname: string, forename: string, keepLostLetters = false): string | undefined {
  const last = fold(surname);
  // A hyphenated forename is one name: Mary-Anne is not Mary.
  const first = fold(forename.replace(/-/g, '')).split(' ')[0] ?? '';
  if (!last || !first) return undefined;
  if (!keepLostLetters && (last.includes('?') || first.includes('?'))) return undefined;
  return `${last}|${first}`;
}

/** Two keys name one person: equal, or equal but where either has a lost letter (`?`). */
export function sameNameKey(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i] !== '?' && b[i] !== '?') return false;
  return true;
}

/** `SMITH, Sarah Jane (NORTHMOOR HOSPITALS NHS FOUNDATION TRUST)` -> `smith|sarah`. */
export function portalNameKey(displayName: string | null | undefined): string | undefined {
  if (!displayName) return undefined;
  const withoutOrganisation = displayName.replace(/\s*\([^)]*\)\s*$/, '');
  const comma = withoutOrganisation.indexOf(',');
  if (comma < 0) return undefined;
  return key(withoutOrganisation.slice(0, comma), withoutOrganisation.slice(comma + 1));
}

/** From the staff list's own columns. */
export function staffNameKey(
  lastName: string | null | undefined,
  firstName: string | null | undefined,
  keepLostLetters = false,
): string | undefined {
  return lastName && firstName ? key(lastName, firstName, keepLostLetters) : undefined;
}

/** From an Exchange display name: `Sam Jones`, `Jones, Sam` or `Jones, Sam (Pharmacy)`. */
export function displayNameKey(displayName: string | null | undefined, keepLostLetters = false): string | undefined {
  if (!displayName) return undefined;
  const name = displayName.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const comma = name.indexOf(',');
  if (comma >= 0) return key(name.slice(0, comma), name.slice(comma + 1), keepLostLetters);
  const words = name.split(/\s+/);
  if (words.length < 2) return undefined;
  return key(words[words.length - 1] as string, words[0] as string, keepLostLetters);
}

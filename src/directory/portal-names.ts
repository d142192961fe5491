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

function key(surname: string, forename: string): string | undefined {
  const last = fold(surname);
  // A hyphenated forename is one name: Mary-Anne is not Mary.
  const first = fold(forename.replace(/-/g, '')).split(' ')[0] ?? '';
  // A `?` stands for a letter PowerShell 5.1 could not write: such a name matches nothing reliably.
  if (!last || !first || last.includes('?') || first.includes('?')) return undefined;
  return `${last}|${first}`;
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
export function staffNameKey(lastName: string | null | undefined, firstName: string | null | undefined): string | undefined {
  return lastName && firstName ? key(lastName, firstName) : undefined;
}

/** From an Exchange display name: `Sam Jones`, `Jones, Sam` or `Jones, Sam (Pharmacy)`. */
export function displayNameKey(displayName: string | null | undefined): string | undefined {
  if (!displayName) return undefined;
  const name = displayName.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const comma = name.indexOf(',');
  if (comma >= 0) return key(name.slice(0, comma), name.slice(comma + 1));
  const words = name.split(/\s+/);
  if (words.length < 2) return undefined;
  return key(words[words.length - 1] as string, words[0] as string);
}

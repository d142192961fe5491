import { displayNameKey, sameNameKey, staffNameKey } from './portal-names.js';

/** A staff-list row with no work address: blank, or a personal address outside the organisation. */
export interface UnaddressedStaffRow {
  /** `w:` and its staff key, or `p:` and its personal address. */
  ref: string;
  employeeNumber: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
}

/** A user mailbox that no staff-list row claims by its address. */
export interface UnclaimedMailbox {
  email: string;
  displayName: string | null;
  employeeNumber: string | null;
  /** False for a disabled account: a row is never linked to it. */
  current: boolean;
}

export interface StaffMailboxLink {
  ref: string;
  mailbox: string;
  source: 'employee-number' | 'name';
}

export interface UnlinkedStaffRow {
  ref: string;
  /** Several mailboxes fit, or several rows fit one mailbox; the only one that fits is disabled; none fits. */
  reason: 'ambiguous' | 'not-current' | 'no-match';
  /** The addresses of the mailboxes that fit, sorted. */
  candidates: string[];
  /** What the mailboxes were found by. */
  by: 'employee-number' | 'name';
}

/** ESR writes 00012345 where a mailbox attribute may hold 12345: both are one number. */
export function employeeNumberKey(value: string | null): string | undefined {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed.replace(/^0+(?=.)/, '') : undefined;
}

/**
 * Ties each row to the one mailbox its employee number fits, else the one its name fits, and
 * lists the rest with why. A link needs exactly one candidate each way: two rows that fit one
 * mailbox are both listed and neither is linked. A disabled mailbox still counts as a candidate,
 * so a leaver's mailbox never hands their row to a namesake.
 */
export function matchStaffToMailboxes(
  rows: readonly UnaddressedStaffRow[],
  mailboxes: readonly UnclaimedMailbox[],
): { links: StaffMailboxLink[]; unlinked: UnlinkedStaffRow[] } {
  const byNumber = groupBy(mailboxes, (mailbox) => employeeNumberKey(mailbox.employeeNumber));
  const numbered = new Map<string, UnclaimedMailbox[]>();
  const rest: UnaddressedStaffRow[] = [];
  for (const row of rows) {
    const found = byNumber.get(employeeNumberKey(row.employeeNumber) ?? '');
    if (found) numbered.set(row.ref, found);
    else rest.push(row);
  }
  const taken = new Set([...numbered.values()].flat().map((mailbox) => mailbox.email));
  const named = candidatesByName(
    rest,
    mailboxes.filter((mailbox) => !taken.has(mailbox.email)),
  );
  const links: StaffMailboxLink[] = [];
  const unlinked: UnlinkedStaffRow[] = [];
  for (const [candidates, source] of [
    [numbered, 'employee-number'],
    [named, 'name'],
  ] as const) {
    const claims = countClaims(candidates);
    for (const [ref, fits] of candidates) {
      const only = fits.length === 1 ? fits[0] : undefined;
      if (fits.length === 0) unlinked.push({ ref, reason: 'no-match', candidates: [], by: source });
      else if (!only || (claims.get(only.email) ?? 0) > 1)
        unlinked.push({ ref, reason: 'ambiguous', candidates: fits.map((mailbox) => mailbox.email).sort(), by: source });
      else if (!only.current) unlinked.push({ ref, reason: 'not-current', candidates: [only.email], by: source });
      else links.push({ ref, mailbox: only.email, source });
    }
  }
  return { links, unlinked };
}

/**
 * The mailboxes each row's name fits. A row with an employee number never takes a mailbox that
 * carries another one. A `?` (a letter lost in an ANSI save) fits any one letter.
 */
function candidatesByName(rows: readonly UnaddressedStaffRow[], mailboxes: readonly UnclaimedMailbox[]): Map<string, UnclaimedMailbox[]> {
  const keyed = mailboxes.flatMap((mailbox) => {
    const key = displayNameKey(mailbox.displayName, true);
    return key ? [{ mailbox, key }] : [];
  });
  const exact = groupBy(keyed, (entry) => entry.key);
  const lossy = keyed.filter((entry) => entry.key.includes('?'));
  const candidates = new Map<string, UnclaimedMailbox[]>();
  for (const row of rows) {
    const key = staffNameKey(row.lastName, row.firstName, true) ?? displayNameKey(row.displayName, true);
    const fits = !key
      ? []
      : key.includes('?')
        ? keyed.filter((entry) => sameNameKey(key, entry.key))
        : [...(exact.get(key) ?? []), ...lossy.filter((entry) => sameNameKey(key, entry.key))];
    candidates.set(
      row.ref,
      fits.map((entry) => entry.mailbox).filter((mailbox) => !(row.employeeNumber && mailbox.employeeNumber)),
    );
  }
  return candidates;
}

/** How many rows name each mailbox as a candidate. */
function countClaims(candidates: ReadonlyMap<string, readonly UnclaimedMailbox[]>): Map<string, number> {
  const claims = new Map<string, number>();
  for (const fits of candidates.values()) for (const mailbox of fits) claims.set(mailbox.email, (claims.get(mailbox.email) ?? 0) + 1);
  return claims;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return groups;
}

import { asciiAsPowerShellWritesIt } from '../../src/directory/export-csv.js';
import { asWindows1252 } from './excel-csv.js';
import { displayNameKey, nameKey, namesFit } from './names.js';
import { LOCAL_DOMAIN, type Person, TODAY, type Trust } from './trust-types.js';

/**
 * Which staff-list rows without a usable address the rules link to a mailbox, worked out from the files'
 * point of view (interface.md, issue 17 item 2): a row with no address, or a personal one, is linked by
 * employee number when the mailbox export carries one, else by surname and first forename as the files
 * spell them (the ESR list in Windows-1252, the mailbox list in PowerShell's ASCII, a `?` standing for
 * the one letter it lost); never to a disabled mailbox or one already matched to a row by its address,
 * and only when exactly one mailbox fits the row and no other row fits that mailbox. A disabled mailbox
 * still counts as one that fits (the lead's rule, as for NHSmail accounts): a row whose only fit is
 * disabled is listed as `not-current`, and one that fits a disabled and a current mailbox as ambiguous.
 */

export interface UnlinkedRow {
  rowPersonId: number;
  reason: 'ambiguous' | 'not-current' | 'no-match';
  /** Ids of the people whose mailboxes the row could be. */
  candidateIds: number[];
}

export interface StaffLinks {
  /** Row's person id to the id of the person whose mailbox it is linked to. */
  linked: Map<number, number>;
  unlinked: UnlinkedRow[];
}

type Mailboxed = Person & { mailbox: NonNullable<Person['mailbox']> };

export function isPersonalAddress(address: string | undefined): boolean {
  if (!address) return false;
  const domain = address.toLowerCase().split('@')[1] ?? '';
  return domain !== LOCAL_DOMAIN && domain !== 'nhs.net' && !domain.startsWith('nhsmail-only');
}

/** A row that names no mailbox of its own: no address, or a personal one. */
export function needsLink(person: Person): boolean {
  const staff = person.staffList;
  if (!staff || leftByToday(person)) return false;
  return staff.email === undefined || isPersonalAddress(staff.email);
}

export function leftByToday(person: Person): boolean {
  return (
    person.staffList?.assignments.every((assignment) => assignment.leavingDate !== undefined && assignment.leavingDate <= TODAY) ?? false
  );
}

/** A mailbox some staff row already names: by its local address, or by an NHSmail address paired with it. */
function matchedByAddress(person: Mailboxed): boolean {
  const email = person.staffList?.email?.toLowerCase();
  if (!email) return false;
  return email === person.mailbox.address.toLowerCase() || email.endsWith('@nhs.net');
}

export function linkStaffRows(trust: Trust): StaffLinks {
  const candidates = trust.people.filter(
    (person): person is Mailboxed => person.mailbox !== undefined && !matchedByAddress(person as Mailboxed),
  );
  const rows = trust.people.filter(needsLink);
  const fits = trust.employeeNumberColumn
    ? (row: Person, mailbox: Mailboxed) => mailbox.mailbox.employeeNumberAttribute === String(row.staffList?.employeeNumber)
    : (row: Person, mailbox: Mailboxed) => namesFit(rowNameKey(row), mailboxNameKey(mailbox));
  const candidatesOfRow = new Map(rows.map((row) => [row.id, candidates.filter((mailbox) => fits(row, mailbox))]));
  const rowsOfMailbox = new Map<number, number[]>();
  for (const [rowId, fitting] of candidatesOfRow)
    for (const mailbox of fitting) rowsOfMailbox.set(mailbox.id, [...(rowsOfMailbox.get(mailbox.id) ?? []), rowId]);
  const links: StaffLinks = { linked: new Map(), unlinked: [] };
  for (const [rowId, fitting] of candidatesOfRow) {
    const only = fitting.length === 1 ? (fitting[0] as Mailboxed) : undefined;
    const alone = only !== undefined && rowsOfMailbox.get(only.id)?.length === 1;
    if (alone && !only.mailbox.disabled) links.linked.set(rowId, only.id);
    else
      links.unlinked.push({
        rowPersonId: rowId,
        reason: fitting.length === 0 ? 'no-match' : alone ? 'not-current' : 'ambiguous',
        candidateIds: fitting.map((mailbox) => mailbox.id),
      });
  }
  return links;
}

/** The row's name as the Windows-1252 staff list spells it. */
export function rowNameKey(person: Person): string {
  return nameKey(asWindows1252(person.firstName), asWindows1252(person.lastName));
}

/** The mailbox's display name as the ASCII mailbox export spells it. */
export function mailboxNameKey(person: Mailboxed): string {
  return displayNameKey(asciiAsPowerShellWritesIt(person.mailbox.displayName));
}

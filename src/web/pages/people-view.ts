import { unmatchedRow } from '../../audiences/people-list-rows.js';
import { PEOPLE_LIST_TITLES, PEOPLE_LISTS, type PeopleListName, type PersonOnList } from '../../audiences/people-lists.js';
import type { UnlinkedStaffListRow } from '../../directory/staff-mailbox-links.store.js';

/** The address of a people list's page, or of its CSV download. */
export const peopleListHref = (list: PeopleListName, csv = false) => `/people${csv ? '/csv' : ''}?list=${encodeURIComponent(list)}`;

export const UNMATCHED_TITLE = 'Staff-list rows with no work email address that no mailbox was found for';
export const LOST_LETTERS_TITLE = 'Imported names with "?" in place of a letter';

/** Every list's page but the one at `here`, for the links between them. */
export function otherListLinks(here: string): { href: string; text: string }[] {
  const lists = [
    ...PEOPLE_LISTS.map((list) => ({ href: peopleListHref(list), text: PEOPLE_LIST_TITLES[list] })),
    { href: '/people/unmatched', text: UNMATCHED_TITLE },
    { href: '/people/lost-letters', text: LOST_LETTERS_TITLE },
  ];
  return lists.filter((list) => list.href !== here);
}

/** The table of a people list: a cell is its lines. */
export const PERSON_TABLE_COLUMNS = ['Name', 'Addresses', 'Employee number', 'Why'];

export function personTableRow(person: PersonOnList): string[][] {
  return [[person.name], addressLines(person), [person.employeeNumber ?? ''], [person.why]];
}

/** Each address once, with where it comes from: "sam.jones@trust.nhs.uk (mailbox, staff list)". */
function addressLines(person: PersonOnList): string[] {
  const sources = new Map<string, string[]>();
  const add = (address: string | null, source: string) => {
    if (address) sources.set(address, [...(sources.get(address) ?? []), source].filter(Boolean));
  };
  add(person.localEmail, 'mailbox');
  add(person.staffEmail, 'staff list');
  add(person.nhsmailEmail, 'NHSmail');
  if (person.email && !sources.has(person.email)) add(person.email, '');
  return [...sources].map(([address, from]) => (from.length ? `${address} (${from.join(', ')})` : address));
}

export const UNMATCHED_TABLE_COLUMNS = ['Name', 'Employee number', 'Why', 'Mailboxes that fit'];

export function unmatchedTableRow(row: UnlinkedStaffListRow): string[][] {
  const [name = '', employeeNumber = '', why = ''] = unmatchedRow(row);
  return [[name], [employeeNumber], [why], [...row.candidates]];
}

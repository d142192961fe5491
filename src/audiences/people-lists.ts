import { type UnlinkedStaffListRow, unlinkedStaffRows } from '../directory/staff-mailbox-links.store.js';
import { departmentsOfStaffWithoutAddress } from '../directory/staff-without-address.store.js';
import type { Store } from '../store/store.js';
import { type AudienceReading, readDirectory } from './manage-audiences.js';
import { countPeopleList, type ListedPerson, type MailboxNotPerson, mailboxesNotPeople, peopleList } from './people-list.store.js';

/** Every list `commsplan people` and the web's people pages show: the people lists, and staff with no address. */
export const PEOPLE_LISTS = [
  'current',
  'not-on-staff-list',
  'no-address',
  'outside-domains',
  'not-current',
  'not-getting-nhsmail',
  'mailboxes-not-people',
] as const;
export type PeopleListName = (typeof PEOPLE_LISTS)[number];

/** What each list is, as a heading. */
export const PEOPLE_LIST_TITLES: Readonly<Record<PeopleListName, string>> = {
  current: 'Everyone current',
  'not-on-staff-list': 'People with a mailbox who are not on the staff list',
  'no-address': 'Staff with no email address and no mailbox found for them',
  'outside-domains': "People whose address is outside the organisation's domains",
  'not-current': 'People who are not current',
  'not-getting-nhsmail': 'People not getting NHSmail',
  'mailboxes-not-people': 'Shared, room and other mailboxes that are not people',
};

/** One person as the lists show them: their addresses and why they are on the list. */
export interface PersonOnList {
  email: string | null;
  name: string;
  localEmail: string | null;
  staffEmail: string | null;
  nhsmailEmail: string | null;
  employeeNumber: string | null;
  why: string;
}

const NOT_CURRENT_WHY = {
  disabled: 'their mailbox account is disabled',
  left: 'they have left: their leaving date has passed',
  'not-on-staff-list': 'not on the staff list',
} as const;

const UNLINKED_WHY = {
  ambiguous: 'no email address on the staff list, and more than one mailbox fits (or another row fits the same one)',
  'not-current': 'no email address on the staff list, and the only mailbox that fits is disabled',
  'no-match': 'no email address on the staff list, and no mailbox fits their employee number or name',
} as const;

export async function listPeople(store: Pick<Store, 'db'>, reading: AudienceReading, list: PeopleListName): Promise<PersonOnList[]> {
  if (list === 'mailboxes-not-people') return (await mailboxesNotPeople(store.db, reading.orgId)).map(mailboxOnList);
  if (list === 'no-address')
    return (await listUnmatchedStaff(store, reading)).filter((row) => row.ref.startsWith('w:')).map(unlinkedPerson);
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  return (await peopleList(store.db, reading.orgId, list, options)).map((person) => listedPerson(person, list));
}

/**
 * One page of a list and how many the whole list holds. `pageOf` chooses the page from the total.
 * A long list (everyone current, at NHSmail scale) is counted and only that page read; the short
 * ones (staff with no address, mailboxes that are not people) are read once and cut.
 */
export async function listPeoplePage(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
  list: PeopleListName,
  pageOf: (total: number) => { offset: number; limit: number },
): Promise<{ people: PersonOnList[]; total: number; offset: number }> {
  if (list === 'no-address' || list === 'mailboxes-not-people') {
    const all = await listPeople(store, reading, list);
    const { offset, limit } = pageOf(all.length);
    return { people: all.slice(offset, offset + limit), total: all.length, offset };
  }
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  const total = await countPeopleList(store.db, reading.orgId, list, options);
  const window = pageOf(total);
  const rows = await peopleList(store.db, reading.orgId, list, options, window);
  return { people: rows.map((person) => listedPerson(person, list)), total, offset: window.offset };
}

/** The staff-list rows with no work address that were found no mailbox, with the mailboxes that fit. */
export async function listUnmatchedStaff(store: Pick<Store, 'db'>, reading: AudienceReading): Promise<UnlinkedStaffListRow[]> {
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  return unlinkedStaffRows(store.db, reading.orgId, options.today, reading.settings.organisationDomains);
}

/**
 * The staff on the `no-address` list (staff-list rows with no address and no mailbox found for
 * them: nobody can email them), with the department the staff list gives, for managers' briefings.
 */
export async function listStaffWithoutEmail(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
): Promise<{ name: string; department: string | null }[]> {
  const rows = (await listUnmatchedStaff(store, reading)).filter((row) => row.ref.startsWith('w:'));
  if (rows.length === 0) return [];
  const departments = await departmentsOfStaffWithoutAddress(store.db, reading.orgId);
  return rows.map((row) => ({ name: row.name, department: departments.get(row.ref.slice(2)) ?? null }));
}

function listedPerson(person: ListedPerson, list: PeopleListName): PersonOnList {
  return {
    email: person.email,
    name: person.display_name ?? ([person.first_name, person.last_name].filter(Boolean).join(' ') || person.email),
    localEmail: person.local_email,
    staffEmail: person.staff_email,
    nhsmailEmail: person.nhsmail_email,
    employeeNumber: person.employee_number,
    why: whyListed(person, list),
  };
}

function whyListed(person: ListedPerson, list: PeopleListName): string {
  if (person.not_current)
    return person.not_current === 'not-on-staff-list' && !Number(person.local_mailbox)
      ? 'known only by an NHSmail account that is not on the staff list'
      : NOT_CURRENT_WHY[person.not_current];
  const link = person.staff_link;
  const byLink =
    link === 'name' || link === 'employee-number'
      ? `staff-list row with no work address, matched to this mailbox by ${link === 'name' ? 'name' : 'employee number'}`
      : '';
  switch (list) {
    case 'not-on-staff-list':
      return 'has a mailbox, not on the staff list';
    case 'outside-domains':
      return "address outside the organisation's domains";
    case 'not-getting-nhsmail':
      return 'marked on the staff list as not getting NHSmail';
    default:
      return byLink;
  }
}

function mailboxOnList(mailbox: MailboxNotPerson): PersonOnList {
  return {
    email: mailbox.email,
    name: mailbox.display_name ?? mailbox.email,
    localEmail: mailbox.email,
    staffEmail: null,
    nhsmailEmail: null,
    employeeNumber: null,
    why: `${mailbox.mailbox_type} mailbox: not a person, in no audience`,
  };
}

function unlinkedPerson(row: UnlinkedStaffListRow): PersonOnList {
  return {
    email: null,
    name: row.name,
    localEmail: null,
    staffEmail: null,
    nhsmailEmail: null,
    employeeNumber: row.employeeNumber,
    why: UNLINKED_WHY[row.reason],
  };
}

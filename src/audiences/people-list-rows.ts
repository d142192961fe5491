import type { UnlinkedStaffListRow } from '../directory/staff-mailbox-links.store.js';
import { plural } from '../shared/plural.js';
import type { PersonOnList } from './people-lists.js';

/** The columns of a people list, in `commsplan people --csv` and the web's download alike. */
export const PERSON_LIST_COLUMNS = ['email', 'name', 'local address', 'staff-list address', 'NHSmail address', 'employee number', 'why'];

export function personListRow(person: PersonOnList): string[] {
  return [
    person.email ?? '',
    person.name,
    person.localEmail ?? '',
    person.staffEmail ?? '',
    person.nhsmailEmail ?? '',
    person.employeeNumber ?? '',
    person.why,
  ];
}

/** The columns of `commsplan people unmatched` and the web's list of unmatched staff. */
export const UNMATCHED_COLUMNS = ['name', 'employee number', 'why', 'mailboxes that fit'];

/** Why a row was not matched, in words that say what to put right. */
export function whyUnmatched(row: Pick<UnlinkedStaffListRow, 'reason' | 'by' | 'candidates'>): string {
  const what = row.by === 'employee-number' ? 'its employee number' : 'its name';
  if (row.reason === 'no-match') return 'fits no mailbox by employee number or name';
  if (row.reason === 'not-current') return `the only mailbox ${what} fits is disabled`;
  return row.candidates.length > 1 ? `${what} fits more than one mailbox` : `${what} fits a mailbox that another row fits too`;
}

export function unmatchedRow(row: UnlinkedStaffListRow): string[] {
  return [row.name, row.employeeNumber ?? '', whyUnmatched(row), row.candidates.join('; ')];
}

export const EVERY_ROW_MATCHED = 'Every staff-list row with no work email address has been matched to a mailbox.';

/** What the unmatched rows mean and how to put them right. */
export function unmatchedSummary(rows: number): string {
  const one = rows === 1;
  return `${plural(rows, 'staff-list row')} with no work email address ${one ? 'has' : 'have'} no mailbox found for ${one ? 'it' : 'them'}, so ${one ? 'it is' : 'they are'} counted but never emailed. Add the address to the staff list, or the employee number to the mailbox (EmployeeID, or the column the employee-number-attribute setting names), and import again.`;
}

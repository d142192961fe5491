import { plural } from '../shared/plural.js';
import type { AudiencesOverview } from './manage-audiences.js';
import type { PeopleListName } from './people-lists.js';

/** One line of who is shown apart, and the list of `commsplan people` (and the web's people pages) that names them. */
export interface PeopleApartLine {
  text: string;
  list?: PeopleListName;
}

/** Who is shown apart from the audiences, a line each: the same words in `commsplan audiences` and on the web. */
export function peopleApartLines(overview: AudiencesOverview): string[] {
  return peopleApart(overview).map((line) => line.text);
}

/** The lines of `peopleApartLines`, each with the list that names its people, where there is one. */
export function peopleApart(overview: AudiencesOverview): PeopleApartLine[] {
  const { apart } = overview;
  const lines: PeopleApartLine[] = [
    [apart.notCurrent.disabled, 'with a disabled mailbox account'],
    [apart.notCurrent.left, 'who have left (leaving date passed)'],
    [apart.notCurrent['not-on-staff-list'], 'not on the staff list'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, why]) => ({ text: `${plural(Number(n), 'person', 'people')} ${why}: in no audience`, list: 'not-current' }));
  if (apart.notOnStaffList)
    lines.push({
      text: `${plural(apart.notOnStaffList, 'person', 'people')} with a mailbox not on the staff list: in every audience they fit (see commsplan people --not-on-staff-list)`,
      list: 'not-on-staff-list',
    });
  if (apart.staffWithoutAddress)
    lines.push({
      text: `${plural(apart.staffWithoutAddress, 'member', 'members')} of staff with no address and no mailbox found for them: counted, never emailed (see commsplan people unmatched)`,
      list: 'no-address',
    });
  if (apart.notGettingNhsmail)
    lines.push({
      text: `${plural(apart.notGettingNhsmail, 'person', 'people')} not getting NHSmail: in all-staff only`,
      list: 'not-getting-nhsmail',
    });
  if (apart.outsideDomains)
    lines.push({
      text: `${plural(apart.outsideDomains, 'address', 'addresses')} outside the organisation's domains: not emailed unless allow-outside-domains is yes`,
      list: 'outside-domains',
    });
  for (const [type, n] of Object.entries(apart.mailboxesNotPeople))
    lines.push({ text: `${plural(n, `${type} mailbox`, `${type} mailboxes`)}: not people, in no audience` });
  return lines;
}

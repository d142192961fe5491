import { plural } from '../shared/plural.js';
import type { AudiencesOverview } from './manage-audiences.js';

/** Who is shown apart from the audiences, a line each: the same words in `commsplan audiences` and on the web. */
export function peopleApartLines(overview: AudiencesOverview): string[] {
  const { apart } = overview;
  const lines = [
    [apart.notCurrent.disabled, 'with a disabled mailbox account'],
    [apart.notCurrent.left, 'who have left (leaving date passed)'],
    [apart.notCurrent['not-on-staff-list'], 'not on the staff list'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, why]) => `${plural(Number(n), 'person', 'people')} ${why}: in no audience`);
  if (apart.notOnStaffList)
    lines.push(
      `${plural(apart.notOnStaffList, 'person', 'people')} with a mailbox not on the staff list: in every audience they fit (see commsplan people --not-on-staff-list)`,
    );
  if (apart.staffWithoutAddress)
    lines.push(
      `${plural(apart.staffWithoutAddress, 'member', 'members')} of staff with no address and no mailbox found for them: counted, never emailed (see commsplan people unmatched)`,
    );
  if (apart.notGettingNhsmail) lines.push(`${plural(apart.notGettingNhsmail, 'person', 'people')} not getting NHSmail: in all-staff only`);
  if (apart.outsideDomains)
    lines.push(
      `${plural(apart.outsideDomains, 'address', 'addresses')} outside the organisation's domains: not emailed unless allow-outside-domains is yes`,
    );
  for (const [type, n] of Object.entries(apart.mailboxesNotPeople))
    lines.push(`${plural(n, `${type} mailbox`, `${type} mailboxes`)}: not people, in no audience`);
  return lines;
}

import type { AudiencesOverview } from '../../audiences/manage-audiences.js';
import { plural } from '../../shared/plural.js';
import { count, londonDateTime } from './time-words.js';

/** Each audience's row: its size, its rule, how fresh the data behind it is. */
export function audienceRows(overview: AudiencesOverview) {
  return overview.audiences.map((audience) => ({
    name: audience.name,
    href: `/audiences/${encodeURIComponent(audience.name)}`,
    rule: audience.rule,
    count: count(audience.count),
    dataAsOf: audience.dataAsOf ? londonDateTime(audience.dataAsOf) : audience.sources.length ? 'Not imported' : '',
    warning: audience.warning,
  }));
}

/** Who is shown apart, in the same words as `commsplan audiences`. */
export function apartLines(overview: AudiencesOverview): string[] {
  const { apart } = overview;
  const lines = [
    [apart.notCurrent.disabled, 'with a disabled mailbox account'],
    [apart.notCurrent.left, 'who have left (leaving date passed)'],
    [apart.notCurrent['not-on-staff-list'], 'not on the staff list'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, why]) => `${plural(Number(n), 'person', 'people')} ${why}: in no audience`);
  if (apart.staffWithoutAddress)
    lines.push(`${plural(apart.staffWithoutAddress, 'member', 'members')} of staff with no address: counted, never emailed`);
  if (apart.notGettingNhsmail) lines.push(`${plural(apart.notGettingNhsmail, 'person', 'people')} not getting NHSmail: in all-staff only`);
  if (apart.outsideDomains)
    lines.push(
      `${plural(apart.outsideDomains, 'address', 'addresses')} outside the organisation's domains: not emailed unless allow-outside-domains is yes`,
    );
  for (const [type, n] of Object.entries(apart.mailboxesNotPeople))
    lines.push(`${plural(n, `${type} mailbox`, `${type} mailboxes`)}: not people, in no audience`);
  return lines;
}

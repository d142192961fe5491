import type { AudiencesOverview } from '../../audiences/manage-audiences.js';
import { listUnmatchedStaff } from '../../audiences/people-lists.js';
import { londonDate } from '../../calendar/london-time.js';
import { listLostLetterNames } from '../../directory/lost-letter-names.store.js';
import { plural } from '../../shared/plural.js';
import { audienceReadingFor } from '../audience-count-refresher.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import type { WebContext } from '../web-context.js';
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

/** Links to the lists of what an import left to put right (unmatched staff rows, names that lost letters), when there is any. */
export async function listsToPutRight(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<{ href: string; text: string }[]> {
  const [unmatched, lostLetters] = await Promise.all([unmatchedStaffOf(web), lostLettersOf(web)]);
  const links = [];
  if (unmatched.length)
    links.push({
      href: '/people/unmatched',
      text: `${plural(unmatched.length, 'staff-list row')} with no work email address that no mailbox was found for`,
    });
  if (lostLetters.length)
    links.push({ href: '/people/lost-letters', text: `${plural(lostLetters.length, 'imported name')} with "?" in place of a letter` });
  return links;
}

/** The staff-list rows no mailbox was found for, kept until the database changes. */
export const unmatchedStaffOf = async (web: Pick<WebContext, 'store' | 'organisation' | 'now'>) =>
  keptWhileUnchanged(web.store, `unmatched-staff/${web.organisation.id}/${londonDate(web.now())}`, async () =>
    listUnmatchedStaff(web.store, await audienceReadingFor(web)),
  );

/** The imported names with "?" in place of a letter, kept until the database changes. */
export const lostLettersOf = (web: Pick<WebContext, 'store' | 'organisation'>) =>
  keptWhileUnchanged(web.store, `lost-letters/${web.organisation.id}`, () => listLostLetterNames(web.store.db, web.organisation.id));

import type { ToldOldDates } from '../../approvals/told-old-dates.js';
import { plural } from '../../shared/plural.js';
import { whenWords } from './time-words.js';

/** Whom an email told the old dates, and when: "sent to 2 people at 2:14pm on 7 December 2026; queued to 3 more…". */
function sentWords(told: ToldOldDates): string {
  const { firstSent, lastSent } = told;
  const sent =
    told.people === 0 || !firstSent || !lastSent
      ? ''
      : `sent to ${plural(told.people, 'person', 'people')} ${
          firstSent === lastSent || whenWords(firstSent) === whenWords(lastSent)
            ? `at ${whenWords(firstSent)}`
            : `between ${whenWords(firstSent)} and ${whenWords(lastSent)}`
        }`;
  const queued = told.queued
    ? `queued to ${plural(told.queued, 'person', 'people')}${sent ? ' more' : ''}, whose messages still show the old dates (pause it on its page to stop them)`
    : '';
  return [sent, queued].filter(Boolean).join('; ');
}

/** The emails already sent with the wave's old dates, as the move page and the waves page list them. */
export const toldWords = (told: readonly ToldOldDates[]) =>
  told.map((t) => ({
    title: t.title,
    wave: t.wave,
    activityId: t.activityId,
    told: sentWords(t),
  }));

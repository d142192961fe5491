import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { fixedDeadlineApplies, quotaDeadlineRule, waveQuotaDeadline } from '../messages/quota-deadline.js';
import { sortWaves } from '../plan/timeline.js';
import type { Wave } from '../waves/wave.js';
import type { PackSource } from './published-document.js';
import { draftNote, type MissingSetting, publishedValues } from './published-values.js';

/** The A4 poster: a few lines in large type, read at a glance from across a corridor. */
export interface Poster {
  title: string;
  language: string;
  headline: string;
  lead: string;
  dates: { label: string; when: string }[];
  action: string;
  moreAt: string;
  help: string;
  missing: MissingSetting[];
  /** What a draft still lacks, for the comms lead; never printed on the poster itself. */
  draftNote?: string;
}

/** Every wave is listed while they fit on the poster; beyond this, the first and the last. */
const MOST_WAVES_LISTED = 4;

/** `Saturday 23 – Sunday 24 January 2027`, shortened when both days share a month. */
export function dateSpan(start: LocalDate, end: LocalDate): string {
  if (start === end) return formatLongDate(start);
  const [first, last] = [formatLongDate(start), formatLongDate(end)];
  const sameMonth = start.slice(0, 7) === end.slice(0, 7);
  return sameMonth ? `${first.split(' ').slice(0, 2).join(' ')} – ${last}` : `${first} – ${last}`;
}

/** One date when every wave shares it, else the rule: each wave's own date is in the information pack. */
function cleanUpDeadline(source: PackSource, waves: readonly Wave[]): string {
  const rule = quotaDeadlineRule(source.settings);
  const deadlines = new Set(waves.map((wave) => waveQuotaDeadline(rule, wave, source.calendar)));
  if (deadlines.size === 1) return formatLongDate([...deadlines][0] as LocalDate);
  if (deadlines.size === 0) return rule.fixed ? formatLongDate(rule.fixed) : 'to be announced';
  if (waves.some((wave) => fixedDeadlineApplies(rule, wave))) return 'before your wave moves: see the information pack';
  const days = rule.workingDaysBefore;
  return `${days} working day${days === 1 ? '' : 's'} before your wave moves`;
}

export function buildPoster(source: PackSource): Poster {
  const values = publishedValues(source.settings);
  const organisation = values.has('org-name') ? values.text('org-name') : source.organisation.name;
  const waves = sortWaves(source.waves);
  const first = waves[0];
  const last = waves[waves.length - 1];
  const listed =
    waves.length <= MOST_WAVES_LISTED || !first || !last
      ? waves.map((wave) => ({ label: wave.name, when: dateSpan(wave.start, wave.end) }))
      : [
          { label: `First wave (${first.name})`, when: dateSpan(first.start, first.end) },
          { label: `Last wave (${last.name})`, when: dateSpan(last.start, last.end) },
        ];
  const dates = [{ label: 'Mailbox clean-up deadline', when: cleanUpDeadline(source, waves) }, ...listed];
  const poster: Poster = {
    title: `${organisation} is moving to NHSmail`,
    language: 'en-GB',
    headline: `${organisation} is moving to NHSmail`,
    lead: 'Your email address will change to one ending in @nhs.net.',
    dates: waves.length ? dates : [...dates, { label: 'Wave dates', when: 'to be announced' }],
    action: 'Before your move: read your information pack and make your mailbox smaller.',
    moreAt: values.text('local-guidance-url'),
    help: `Questions? IT helpdesk: ${values.text('helpdesk-phone')}`,
    missing: [],
  };
  poster.missing = values.missing();
  const notes = [
    ...(poster.missing.length ? [draftNote(poster.missing)] : []),
    ...(waves.length ? [] : ['No waves are planned yet, so the poster has no move dates (commsplan waves add).']),
  ];
  if (notes.length) poster.draftNote = notes.join(' ');
  return poster;
}

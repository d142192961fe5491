import type { DirectoryPerson, SharedMailboxUse } from '../audiences/audiences.store.js';
import { personalFields } from '../audiences/personal-fields.js';
import type { LocalDate } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { Wave } from '../waves/wave.js';
import { failedMoveFields, failedMoveRoute } from './failed-move-route.js';
import { planFields, settingFields, waveFields } from './message-fields.js';

/** One person as the directory has them, with what their personal fields need. */
export interface Recipient {
  person: DirectoryPerson;
  /** The nearing-quota share, and the quota of someone whose NHSmail account gives none (and of a shared mailbox). */
  limits: { nearingPercent: number; quotaBytes: number };
  sharedMailboxes: readonly SharedMailboxUse[];
  /** Whether their move has failed twice: the failed-migration email then gives the helpdesk route. */
  failedTwice?: boolean;
}

export interface RecipientContext {
  settings: Readonly<Record<string, string>>;
  programmeStart: string;
  waves: readonly Wave[];
  calendar: WorkingCalendar;
  /** Today, for what happens next after a failed move (the waves still to come). */
  today?: LocalDate;
}

/**
 * Every value a template can use for one person: the organisation's settings, the programme's
 * dates, their wave (named on the staff list, or given) and their own figures.
 */
export function recipientFields(context: RecipientContext, recipient?: Recipient, waveName?: string): Record<string, string | undefined> {
  const name = (waveName ?? recipient?.person.wave ?? '').trim().toLowerCase();
  const wave = context.waves.find((candidate) => candidate.name.toLowerCase() === name);
  return {
    ...settingFields(context.settings),
    ...planFields(context.programmeStart, context.waves),
    ...(wave ? waveFields(wave, context.calendar) : {}),
    ...(recipient ? personalFields(recipient.person, recipient.limits, recipient.sharedMailboxes) : {}),
    ...(recipient && context.today
      ? failedMoveFields(failedMoveRoute(recipient.person, recipient.failedTwice ?? false, context.waves, context.today), context.calendar)
      : {}),
  };
}

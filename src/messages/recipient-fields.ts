import type { DirectoryPerson } from '../audiences/audiences.store.js';
import type { MailboxFacts } from '../audiences/owner-fields.js';
import { type PersonalLimits, personalFields } from '../audiences/personal-fields.js';
import type { LocalDate } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { ColleagueApart } from '../waves/colleagues-apart.js';
import { type Wave, waveNamed } from '../waves/wave.js';
import { colleaguesApartField } from './colleagues-apart-field.js';
import { failedMoveFields, failedMoveRoute } from './failed-move-route.js';
import { everyoneQuotaDeadlineField, ownWaveFields, planFields, settingFields, waveFields } from './message-fields.js';
import { personQuotaDeadline, quotaDeadlineRule } from './quota-deadline.js';

/** One person as the directory has them, with what their personal fields need. */
export interface Recipient {
  person: DirectoryPerson;
  limits: PersonalLimits;
  /** The shared mailboxes and lists they use and own. */
  mailboxes: MailboxFacts;
  /** Whether their move has failed twice: the failed-migration email then gives the helpdesk route. */
  failedTwice?: boolean;
  /** Who they share a calendar or mailbox with in other waves, when the template asks (none: an empty list). */
  colleaguesApart?: readonly ColleagueApart[];
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
 * dates, their wave (named on the staff list, or given), with its clean-up deadline, and their own figures.
 */
export function recipientFields(context: RecipientContext, recipient?: Recipient, waveName?: string): Record<string, string | undefined> {
  const wave = waveNamed(context.waves, waveName ?? recipient?.person.wave);
  const ownDeadline = personQuotaDeadline(quotaDeadlineRule(context.settings), wave, context.calendar);
  return {
    ...settingFields(context.settings),
    ...planFields(context.programmeStart, context.waves, context.today),
    ...everyoneQuotaDeadlineField(context.settings, context.waves, context.calendar),
    ...(ownDeadline ? { 'quota deadline': ownDeadline } : {}),
    ...(wave ? waveFields(wave, context.calendar) : {}),
    ...(recipient || wave ? ownWaveFields(wave) : {}),
    ...(recipient ? personalFields(recipient.person, recipient.limits, recipient.mailboxes) : {}),
    ...(recipient && context.today
      ? failedMoveFields(failedMoveRoute(recipient.person, recipient.failedTwice ?? false, context.waves, context.today), context.calendar)
      : {}),
    ...(recipient?.colleaguesApart && context.today ? colleaguesApartField(recipient.colleaguesApart, context.waves, context.today) : {}),
  };
}

import type { DirectoryPerson } from './audiences.store.js';
import { quotaFigures } from './email-sizes.js';
import { firstNameForMessages, lastNameForMessages } from './names-in-messages.js';
import { type MailboxFacts, mailboxFields, NO_MAILBOX_FACTS } from './owner-fields.js';

/**
 * The settings each personal field's value is worked out from (the quota a person without one of
 * their own gets, the nearing-quota line): a change to one changes what an email using the field
 * says to each person. Beside `personalFields` below, which reads them through `limits` and `quota`;
 * a test checks every field of `PERSONAL_FIELDS` is here.
 */
export const PERSONAL_FIELD_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  'first name': [],
  'last name': [],
  'email address': [],
  'nhsmail address': [],
  'local mailbox size': [],
  'nhsmail size': [],
  'combined size': [],
  quota: ['nhsmail-quota-gb'],
  'nearing quota size': ['nhsmail-quota-gb', 'nearing-quota-percent'],
  'amount to remove': ['nhsmail-quota-gb', 'nearing-quota-percent'],
  'nhsmail over quota': ['nhsmail-quota-gb'],
  // A shared mailbox over its limit is named as such.
  'shared mailboxes': ['nhsmail-quota-gb', 'shared-mailbox-quota-gb'],
  'shared mailbox owners': [],
  'shared mailboxes over limit': ['nhsmail-quota-gb', 'shared-mailbox-quota-gb'],
  'owned shared mailboxes': ['nhsmail-quota-gb', 'shared-mailbox-quota-gb', 'names-shown-per-access'],
  'owned mailboxes over limit': ['nhsmail-quota-gb', 'shared-mailbox-quota-gb'],
  'distribution lists': [],
};

/** The settings personal fields are worked out from, as numbers. */
export interface PersonalLimits {
  nearingPercent: number;
  /** The quota of someone whose NHSmail account does not give one. */
  quotaBytes: number;
  /** The size a shared mailbox may reach on NHSmail. */
  sharedMailboxQuotaBytes: number;
  /** How many people an owner's email names for each kind of access. */
  namesShown: number;
}

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/**
 * Sizes as the web pages and exports show them, in binary units, never in bytes: whole KB, one
 * decimal place from MB up. Emails use `email-sizes.ts` instead, whose figures add up. `up` rounds up (an amount to remove is always enough); `down` rounds down (a size to stay
 * under is always safe).
 */
export function formatBytes(bytes: number | null | undefined, rounding: 'up' | 'down' = 'up'): string {
  if (bytes === null || bytes === undefined) return 'none';
  const round = rounding === 'up' ? Math.ceil : Math.floor;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Rounding 1023.96 MB up gives 1024 MB: say 1 GB instead.
  let shown = unit === 0 ? round(value) : round(value * 10) / 10;
  if (shown >= 1024 && unit < UNITS.length - 1) {
    unit += 1;
    shown = round((shown / 1024) * 10) / 10;
  }
  return `${shown.toLocaleString('en-GB')} ${UNITS[unit]}`;
}

/** Whether the directory knows an NHSmail account for the person (the NHSmail account list names one). */
export function hasNhsmailAccount(person: Pick<DirectoryPerson, 'nhsmail_email' | 'nhsmail_size'>): boolean {
  return person.nhsmail_email !== null || person.nhsmail_size !== null;
}

/**
 * The personal placeholders of a template, filled for one person. Missing data stays missing; the
 * NHSmail size of someone with no NHSmail account is known to be none (''), so the lines about
 * that account are left out of their email.
 */
export function personalFields(
  person: DirectoryPerson,
  limits: PersonalLimits,
  mailboxes: MailboxFacts = NO_MAILBOX_FACTS,
): Record<string, string | undefined> {
  const sizes = quotaFigures({
    localBytes: person.local_size === null ? null : Number(person.local_size),
    nhsmailBytes: hasNhsmailAccount(person) ? Number(person.nhsmail_size ?? 0) : null,
    quotaBytes: Number(person.quota),
    nearingPercent: limits.nearingPercent,
  });
  return {
    'first name': firstNameForMessages(person),
    'last name': lastNameForMessages(person),
    'email address': person.email,
    'nhsmail address': person.nhsmail_email ?? undefined,
    'local mailbox size': sizes.local,
    'nhsmail size': sizes.nhsmail ?? '',
    'combined size': sizes.combined,
    quota: sizes.quota,
    'nearing quota size': sizes.line,
    'amount to remove': sizes.remove,
    // Whether the NHSmail account alone is over the quota: empty (text left out) with no account.
    'nhsmail over quota': hasNhsmailAccount(person) ? (Number(person.nhsmail_size ?? 0) > Number(person.quota) ? 'yes' : 'no') : '',
    ...mailboxFields(mailboxes, limits),
  };
}

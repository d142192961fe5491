import type { DirectoryPerson } from './audiences.store.js';
import { firstNameForMessages, lastNameForMessages } from './names-in-messages.js';
import { type MailboxFacts, mailboxFields, NO_MAILBOX_FACTS } from './owner-fields.js';

export { firstNameOf } from './names-in-messages.js';

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
 * Sizes as people read them, in binary units, never in bytes: whole KB, one decimal place from
 * MB up. `up` rounds up (an amount to remove is always enough); `down` rounds down (a size to stay
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

/** The largest total that is below the nearing-quota line: at or above it counts as nearing. */
export function nearingLine(quota: number, nearingPercent: number): number {
  return Math.ceil((quota * nearingPercent) / 100) - 1;
}

/** The personal placeholders of a template, filled for one person. Missing data stays missing. */
export function personalFields(
  person: DirectoryPerson,
  limits: PersonalLimits,
  mailboxes: MailboxFacts = NO_MAILBOX_FACTS,
): Record<string, string | undefined> {
  const { nearingPercent } = limits;
  const combined = Number(person.combined_size);
  const quota = Number(person.quota);
  const line = nearingLine(quota, nearingPercent);
  return {
    'first name': firstNameForMessages(person),
    'last name': lastNameForMessages(person),
    'email address': person.email,
    'nhsmail address': person.nhsmail_email ?? undefined,
    'local mailbox size': person.local_size === null ? undefined : formatBytes(Number(person.local_size)),
    'nhsmail size': formatBytes(Number(person.nhsmail_size ?? 0)),
    'combined size': formatBytes(combined),
    quota: formatBytes(quota, 'down'),
    'nearing quota size': formatBytes(line, 'down'),
    'amount to remove': combined > line ? formatBytes(combined - line) : undefined,
    ...mailboxFields(mailboxes, { ...limits, formatBytes }),
  };
}

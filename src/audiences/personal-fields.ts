import { nameLostLetters } from '../directory/lost-letters.js';
import type { DirectoryPerson, SharedMailboxUse } from './audiences.store.js';
import { firstNameForMessages, lastNameForMessages } from './names-in-messages.js';

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
  // A shared mailbox over the standard quota is named as such.
  'shared mailboxes': ['nhsmail-quota-gb'],
  'shared mailbox owners': [],
};

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

/**
 * The mailboxes a person uses, and their owners: known to be none ('') once the mailboxes are
 * known. A shared mailbox over the quota is its users' to clean up, so its size is given. A
 * mailbox whose name lost letters is called by its address.
 */
function sharedMailboxText(uses: readonly SharedMailboxUse[], quotaBytes: number): { mailboxes?: string; owners?: string } {
  if (uses.length === 0) return {};
  const describe = (use: SharedMailboxUse) => {
    const over = use.sizeBytes !== null && use.sizeBytes > quotaBytes;
    const displayName = use.displayName && !nameLostLetters(use.displayName) ? use.displayName : undefined;
    const details = [
      displayName ? use.mailbox : undefined,
      over ? `${formatBytes(use.sizeBytes)}, over the ${formatBytes(quotaBytes, 'down')} it may hold` : undefined,
    ].filter(Boolean);
    const name = displayName ?? use.mailbox;
    return details.length ? `${name} (${details.join(', ')})` : name;
  };
  const owners = [...new Set(uses.flatMap((use) => use.owners))];
  return { mailboxes: uses.map(describe).join(', '), owners: owners.join(', ') };
}

/** The personal placeholders of a template, filled for one person. Missing data stays missing. */
export function personalFields(
  person: DirectoryPerson,
  limits: { nearingPercent: number; quotaBytes: number },
  sharedMailboxes: readonly SharedMailboxUse[] = [],
): Record<string, string | undefined> {
  const { nearingPercent } = limits;
  const combined = Number(person.combined_size);
  const quota = Number(person.quota);
  const line = nearingLine(quota, nearingPercent);
  const shared = sharedMailboxText(sharedMailboxes, limits.quotaBytes);
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
    'shared mailboxes': shared.mailboxes,
    'shared mailbox owners': shared.owners,
  };
}

import type { SettingDefinition } from './setting-definition.js';

/** A wave-planning weight: how much keeping the two ends of one kind of right together counts. */
function linkWeight<K extends string>(kind: K, what: string, defaultValue: string) {
  return [
    {
      key: `link-weight-${kind}` as const,
      label: `Weight of ${what}`,
      type: 'whole-number' as const,
      help: `How much waves planning counts keeping two people together when one has ${what} on the other's mailbox. Higher weights are broken last; 0 ignores the right.`,
      defaultValue,
    },
  ];
}

/** How big waves are and what waves planning keeps together. */
export const WAVE_SETTINGS = [
  {
    key: 'wave-capacity',
    label: 'People a wave can move',
    type: 'whole-number',
    help: 'How many people a wave can move, for waves that have no capacity of their own. Left empty, such a wave is never full.',
    optional: true,
  },
  {
    key: 'wave-capacity-gb',
    label: 'Gigabytes a wave can move',
    type: 'whole-number',
    help: 'How much mail, in GB, a wave can move over its weekend, for waves without a limit of their own. Left empty, waves are limited by people only.',
    optional: true,
  },
  ...linkWeight('calendar-delegate', 'a calendar delegate (set up in Outlook to manage the calendar)', '10'),
  ...linkWeight('full-access', 'full access to a mailbox', '10'),
  ...linkWeight('calendar-editor', 'editing a calendar or folder (Editor, Author, Owner)', '10'),
  ...linkWeight('send-as', 'send as', '4'),
  ...linkWeight('send-on-behalf', 'send on behalf', '4'),
  ...linkWeight('read-only', 'reading a calendar or folder, free/busy included', '1'),
  {
    key: 'service-account-links',
    label: 'Mailboxes that make an account a service account',
    type: 'whole-number',
    help: 'An account with rights on more mailboxes than this (a scanner, an admin or an application account) is left out when waves are planned, so it does not pull everyone into one wave. It is listed instead.',
    defaultValue: '50',
  },
  {
    key: 'carry-over-failed',
    label: 'Carry failed moves over automatically',
    type: 'yes-no',
    help: 'Whether people whose move failed are put into the next wave with room as soon as the results are imported. Left empty (no), they are carried over only when someone does it from the wave’s results.',
    optional: true,
  },
] as const satisfies readonly SettingDefinition[];

import type { ImportKind } from '../directory/import-kinds.js';

export interface BuiltinAudience {
  name: string;
  /** The rule, in words, as `commsplan audiences` shows it. */
  rule: string;
  /** The same rule in the filter language; `audience show` lists people with it. */
  filter: string;
  /** The imports the audience depends on, for the staleness warning. */
  sources: ImportKind[];
}

export const STANDARD_NHSMAIL_QUOTA_BYTES = 4 * 1024 ** 3;

export const BUILTIN_AUDIENCES: readonly BuiltinAudience[] = [
  {
    name: 'all-staff',
    rule: 'On the staff list or with a local user mailbox',
    filter: 'on_staff_list or local_mailbox',
    sources: ['people', 'mailboxes'],
  },
  {
    name: 'local-email-users',
    rule: 'With a local user mailbox (not shared, room or equipment)',
    filter: 'local_mailbox',
    sources: ['mailboxes'],
  },
  { name: 'nhsmail-users', rule: 'With an existing NHSmail account', filter: 'nhsmail', sources: ['nhsmail-accounts'] },
  { name: 'mobile-users', rule: 'With at least one phone or tablet syncing their mailbox', filter: 'mobile', sources: ['mobile-devices'] },
  {
    name: 'email-programme-users',
    rule: 'Marked on the staff list as using Outlook or another email programme',
    filter: 'email_programme',
    sources: ['people'],
  },
  {
    name: 'over-quota',
    rule: 'Local mailbox plus NHSmail account (calendar, contacts and tasks included) over their NHSmail quota (4 GB unless the NHSmail list says otherwise)',
    filter: 'over_quota',
    sources: ['mailboxes', 'mailbox-stats', 'nhsmail-accounts'],
  },
  {
    name: 'nearing-quota',
    rule: 'The same total at or above the nearing-quota-percent share of the quota, but not over it',
    filter: 'nearing_quota',
    sources: ['mailboxes', 'mailbox-stats', 'nhsmail-accounts'],
  },
  { name: 'helpdesk', rule: 'Marked on the staff list as IT helpdesk staff', filter: 'helpdesk', sources: ['people'] },
  {
    name: 'application-owners',
    rule: 'Marked on the staff list as owning an application that sends email',
    filter: 'application_owner',
    sources: ['people'],
  },
  { name: 'dl-owners', rule: 'Marked on the staff list as owning a distribution list', filter: 'dl_owner', sources: ['people'] },
  {
    name: 'shared-mailbox-owners',
    rule: 'With full access to at least one shared mailbox',
    filter: 'shared_mailbox_owner',
    sources: ['permissions', 'mailboxes'],
  },
  { name: 'migrated', rule: 'Moved to NHSmail, by the latest migration results', filter: 'migrated', sources: ['migration-status'] },
  { name: 'failed', rule: 'Whose move failed, by the latest migration results', filter: 'failed', sources: ['migration-status'] },
];

/** `wave:Wave 1` names the people of a wave, from the wave column of the staff list. */
export function waveAudienceFilter(name: string): string | undefined {
  const match = /^wave:(.+)$/i.exec(name.trim());
  return match ? `wave = ${JSON.stringify((match[1] as string).trim())}` : undefined;
}

export interface AudienceOptions {
  nearingPercent: number;
  staleDays: number;
}

/** The settings audiences depend on, read from the organisation's effective settings. */
export function audienceOptions(settings: Readonly<Record<string, string>>): AudienceOptions {
  return { nearingPercent: Number(settings['nearing-quota-percent'] ?? 90), staleDays: Number(settings['audience-stale-days'] ?? 7) };
}

/** Fields of a person that audience filters may use, and the directory view columns behind them. */
export type FieldKind = 'text' | 'flag' | 'size';

export interface DirectoryField {
  name: string;
  kind: FieldKind;
  column: string;
  help: string;
  /**
   * The settings the field's value is worked out from when the directory is read (see
   * `directoryReadOptions` and `directoryView`): a change to one changes who a filter using the
   * field picks, so approvals of emails sent to such an audience are reviewed.
   */
  settings?: readonly string[];
}

/**
 * The settings that decide whether anyone at all may be in an audience (`in_audiences`): every
 * email addressed to people, whatever its audiences, reaches others when one of them changes.
 */
export const EVERY_AUDIENCE_SETTINGS: readonly string[] = ['organisation-domains', 'allow-outside-domains', 'staff-list-is-complete'];

export const DIRECTORY_FIELDS: readonly DirectoryField[] = [
  { name: 'email', kind: 'text', column: 'email', help: 'email address: the local one, else the staff-list one, else NHSmail' },
  { name: 'local_email', kind: 'text', column: 'local_email', help: 'local mailbox address' },
  { name: 'staff_email', kind: 'text', column: 'staff_email', help: 'address on the staff list' },
  { name: 'nhsmail_email', kind: 'text', column: 'nhsmail_email', help: 'NHSmail address' },
  { name: 'first_name', kind: 'text', column: 'first_name', help: 'first name' },
  { name: 'last_name', kind: 'text', column: 'last_name', help: 'last name' },
  { name: 'department', kind: 'text', column: 'department', help: 'department, from the staff list' },
  { name: 'job_role', kind: 'text', column: 'job_role', help: 'job role, from the staff list' },
  { name: 'wave', kind: 'text', column: 'wave', help: 'the wave the person moves in (a failed person carried over: the new wave)' },
  { name: 'result_wave', kind: 'text', column: 'result_wave', help: "the wave the person's latest migration result belongs to" },
  { name: 'on_staff_list', kind: 'flag', column: 'on_staff_list', help: 'on the imported staff list' },
  {
    name: 'not_on_staff_list',
    kind: 'flag',
    column: 'not_on_staff_list',
    help: 'has a mailbox but is not on the imported staff list (contractors, agency, honorary and bank staff)',
  },
  { name: 'local_mailbox', kind: 'flag', column: 'local_mailbox', help: 'has a local (in-house) mailbox' },
  { name: 'nhsmail', kind: 'flag', column: 'nhsmail', help: 'already has an NHSmail account' },
  { name: 'mobile', kind: 'flag', column: 'mobile', help: 'reads mail on a phone or tablet', settings: ['mobile-active-days'] },
  { name: 'email_programme', kind: 'flag', column: 'email_programme', help: 'uses Outlook or another email programme' },
  { name: 'helpdesk', kind: 'flag', column: 'helpdesk', help: 'works on the IT helpdesk' },
  { name: 'application_owner', kind: 'flag', column: 'application_owner', help: 'looks after an application that sends email' },
  { name: 'dl_owner', kind: 'flag', column: 'dl_owner', help: 'owns a distribution list' },
  { name: 'shared_mailbox_user', kind: 'flag', column: 'shared_mailbox_user', help: 'has full access to a shared mailbox' },
  { name: 'shared_mailbox_owner', kind: 'flag', column: 'shared_mailbox_owner', help: 'owns a shared mailbox, by the owners list' },
  { name: 'gets_nhsmail', kind: 'flag', column: 'gets_nhsmail', help: 'will get an NHSmail account (not marked otherwise)' },
  {
    name: 'outside_domain',
    kind: 'flag',
    column: 'outside_domain',
    help: "address outside the organisation's domains",
    settings: ['organisation-domains'],
  },
  {
    name: 'over_quota',
    kind: 'flag',
    column: 'over_quota',
    help: 'local mailbox and NHSmail together are over the quota',
    settings: ['nhsmail-quota-gb'],
  },
  {
    name: 'nearing_quota',
    kind: 'flag',
    column: 'nearing_quota',
    help: 'at or above the nearing-quota share, not over',
    settings: ['nhsmail-quota-gb', 'nearing-quota-percent'],
  },
  { name: 'migrated', kind: 'flag', column: 'migrated', help: 'moved to NHSmail' },
  { name: 'failed', kind: 'flag', column: 'failed', help: 'move to NHSmail failed' },
  { name: 'waiting', kind: 'flag', column: 'waiting', help: 'copied to NHSmail, waiting for the switch-over (Synced)' },
  { name: 'stopped', kind: 'flag', column: 'stopped', help: 'move stopped by an administrator' },
  { name: 'bounced', kind: 'flag', column: 'bounced', help: 'a message sent to one of their addresses bounced permanently' },
  { name: 'migration_status', kind: 'text', column: 'migration_status', help: 'the status as the migration tool wrote it' },
  { name: 'local_size', kind: 'size', column: 'local_size', help: 'local mailbox size' },
  { name: 'nhsmail_size', kind: 'size', column: 'nhsmail_size', help: 'NHSmail size, calendar, contacts and tasks included' },
  { name: 'combined_size', kind: 'size', column: 'combined_size', help: 'local and NHSmail sizes added together' },
  { name: 'quota', kind: 'size', column: 'quota', help: "the person's NHSmail quota", settings: ['nhsmail-quota-gb'] },
];

export function findField(name: string): DirectoryField | undefined {
  const key = name.toLowerCase().replace(/[\s-]+/g, '_');
  return DIRECTORY_FIELDS.find((field) => field.name === key);
}

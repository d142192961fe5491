import type { SettingDefinition } from './setting-definition.js';

/** The organisation's details, its guidance pages and the wording its emails use. */
export const ORGANISATION_SETTINGS = [
  {
    key: 'org-name',
    label: 'Organisation name',
    type: 'text',
    help: 'The name staff know the organisation by, as it should appear in emails.',
  },
  { key: 'sender-name', label: 'Sign-off', type: 'text', help: 'Who the emails come from, for example "The NHSmail project team".' },
  { key: 'sender-email', label: 'Sender address', type: 'email', help: 'The address the campaign emails are sent from.' },
  {
    key: 'project-team-email',
    label: 'Project team address',
    type: 'email',
    help: 'Where staff send questions about the move, distribution lists and shared mailboxes.',
  },
  { key: 'helpdesk-phone', label: 'Local IT helpdesk phone', type: 'phone', help: 'The number staff call for help with their account.' },
  {
    key: 'helpdesk-email',
    label: 'Local IT helpdesk email',
    type: 'email',
    help: 'The address staff write to for help with their account.',
  },
  {
    key: 'how-migrations-are-organised',
    label: 'How staff are grouped into waves',
    type: 'text',
    help: 'Completes "You will move with ...", for example "your department, one weekend at a time".',
  },
  {
    key: 'migration-duration',
    label: 'How long the moves take',
    type: 'text',
    help: 'Completes "The moves take about ...", for example "six weeks".',
  },
  {
    key: 'quota-deadline',
    label: 'Mailbox clean-up deadline',
    type: 'date',
    help: "One date by which everyone's mailboxes must be under the NHSmail quota. People whose wave starts on or before it, and everyone while it is empty, get quota-deadline-days-before-wave instead.",
    optional: true,
  },
  {
    key: 'quota-deadline-days-before-wave',
    label: 'Clean-up deadline, working days before the wave',
    type: 'whole-number',
    help: "How many working days before their wave starts a person's mailboxes must be under the NHSmail quota, unless quota-deadline gives one date for their wave.",
    defaultValue: '5',
  },
  {
    key: 'deleted-items-migrated',
    label: 'Deleted items are moved',
    type: 'yes-no',
    help: 'Whether the contents of Deleted Items are moved to NHSmail.',
  },
  { key: 'local-guidance-url', label: 'Migration guidance page', type: 'url', help: 'The intranet page about the move to NHSmail.' },
  {
    key: 'information-pack-url',
    label: 'Information pack',
    type: 'url',
    help: 'Where staff download the information pack with the before- and after-migration checklists.',
  },
  {
    key: 'security-policy-url',
    label: 'Information security policy',
    type: 'url',
    help: 'The local policy on handling patient information and using personal computers.',
  },
  {
    key: 'mailbox-guidance-url',
    label: 'Mailbox clean-up guidance',
    type: 'url',
    help: 'Local guidance on making a mailbox smaller and where to keep files instead.',
  },
  {
    key: 'mobile-guidance-url',
    label: 'Mobile guidance',
    type: 'url',
    help: 'Local guidance on setting up phones and tablets for NHSmail.',
  },
  {
    key: 'outlook-guidance-url',
    label: 'Outlook guidance',
    type: 'url',
    help: 'Local guidance on connecting Outlook or another email programme to NHSmail.',
  },
  {
    key: 'outlook-set-up-centrally',
    label: 'Outlook is set up for NHSmail centrally',
    type: 'yes-no',
    help: "Whether the IT team connects everyone's Outlook to NHSmail itself. Yes: the welcome email tells people to look out for its messages; no: to set up a new Outlook profile with the Outlook guidance.",
    defaultValue: 'no',
  },
  {
    key: 'application-settings-url',
    label: 'Application settings page',
    type: 'url',
    help: 'Where application owners find the NHSmail connection settings for their systems.',
  },
  {
    key: 'date-format',
    label: 'Date format of imported files',
    type: 'date-order',
    help: "How dates such as 03/04/2027 in administrators' exports are read: en-GB (3 April) or en-US (4 March).",
    defaultValue: 'en-GB',
  },
] as const satisfies readonly SettingDefinition[];

import { CommsplanError } from '../shared/errors.js';
import type { SettingType } from './setting-types.js';

export interface SettingDefinition {
  key: string;
  label: string;
  type: SettingType;
  /** What the setting is for, shown by `commsplan settings`. */
  help: string;
  /** Used when nobody has set a value; a setting with a default is never unfilled. */
  defaultValue?: string;
  /** Left empty, commsplan works it out itself, so `check` does not ask for it. */
  optional?: boolean;
}

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

/**
 * The organisation's details that the plan and its emails refer to. Templates name them as
 * placeholders: the key with spaces, so `quota-deadline` is written `((quota deadline))`.
 * Declared `as const` so that `typedSettings` knows every key, type and default.
 */
const CATALOGUE = [
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
  {
    key: 'nearing-quota-percent',
    label: 'Nearing quota from',
    type: 'whole-number',
    help: 'The share of their quota, in percent, from which a person counts as nearing it.',
    defaultValue: '90',
  },
  {
    key: 'audience-stale-days',
    label: 'Data is stale after',
    type: 'whole-number',
    help: 'How many days after an import commsplan warns that the data behind an audience is old.',
    defaultValue: '7',
  },
  {
    key: 'nhsmail-quota-gb',
    label: 'NHSmail quota (GB)',
    type: 'whole-number',
    help: 'The mailbox quota a person gets on NHSmail unless the NHSmail account list gives theirs: 4 GB as standard.',
    defaultValue: '4',
  },
  {
    key: 'shared-mailbox-quota-gb',
    label: 'Shared mailbox limit (GB)',
    type: 'whole-number',
    help: 'The size a shared mailbox may reach on NHSmail. Its users and owners are told when one is larger. Left empty, the NHSmail quota above applies.',
    optional: true,
  },
  {
    key: 'names-shown-per-access',
    label: 'Names shown per kind of access',
    type: 'whole-number',
    help: 'In the email to a shared mailbox owner, how many people are named for each kind of access before the rest are counted ("and 12 others").',
    defaultValue: '10',
  },
  {
    key: 'mobile-active-days',
    label: 'Phones count as in use for',
    type: 'whole-number',
    help: 'A phone or tablet that last synced more days ago than this is not counted: its owner is not a mobile user.',
    defaultValue: '90',
  },
  {
    key: 'organisation-domains',
    label: "The organisation's email domains",
    type: 'domain-list',
    help: 'Email domains that belong to the organisation, separated by commas. Left empty, the domains of the imported user mailboxes.',
    optional: true,
  },
  {
    key: 'allow-outside-domains',
    label: 'Email addresses outside our domains',
    type: 'yes-no',
    help: "Whether staff-list addresses outside the organisation's domains (a personal address, say) may be emailed.",
    defaultValue: 'no',
  },
  {
    key: 'staff-list-is-complete',
    label: 'The staff list names everyone',
    type: 'yes-no',
    help: 'Whether everyone who should get emails is on the staff list. Left at no, people with a mailbox who are not on it (contractors, agency, honorary and bank staff) get them too. Yes leaves them out.',
    defaultValue: 'no',
  },
  {
    key: 'employee-number-attribute',
    label: 'Employee number in the mailbox list',
    type: 'text',
    help: 'The column of the mailbox export that holds the staff-list employee number, such as CustomAttribute1, when it has no EmployeeID column. Staff-list rows with no email address are matched to mailboxes by it. Takes effect when the mailbox list is next imported.',
    optional: true,
  },
  {
    key: 'distribution-list-arrangements',
    label: 'What happens to distribution lists',
    type: 'text',
    help: 'The decision on local distribution lists, as the emails tell it, for example "The project team recreates each list on NHSmail with its owner".',
  },
  {
    key: 'shared-mailbox-arrangements',
    label: 'What happens to shared mailboxes',
    type: 'text',
    help: 'The decision on shared mailboxes, as the emails tell it, for example "Each shared mailbox moves in the wave of its owner".',
  },
  {
    key: 'failed-migration-arrangements',
    label: 'What happens after a failed move',
    type: 'text',
    help: 'For your own templates: what a person whose move failed should expect. The built-in failed-migration email does without it: it names the wave the person now moves in, or the helpdesk route.',
    optional: true,
  },
  {
    key: 'not-moving-arrangements',
    label: 'What happens to people who do not move',
    type: 'text',
    help: 'Completes the completion email\'s line about the people the programme board accepted will not move in a wave, for example "Their mailbox keeps working, and the IT helpdesk arranges each move with them".',
    defaultValue: 'Their mailbox keeps working for now, and the IT helpdesk will arrange a move with each of them, one person at a time',
  },
  {
    key: 'send-time',
    label: 'Send time',
    type: 'time',
    help: 'The London time of day at which planned emails go out.',
    defaultValue: '09:00',
  },
  {
    key: 'task-notice-days',
    label: 'Tell task owners ahead by',
    type: 'whole-number',
    help: 'How many working days before an intranet page, newsletter item, poster or briefing is due its owner is sent the words to publish.',
    defaultValue: '3',
  },
  {
    key: 'all-staff-address',
    label: 'All-staff distribution list',
    type: 'email',
    help: 'The address of the list that reaches every member of staff. Needed by the emails sent to all staff: each goes to it as one message, and cannot be approved until it is set.',
    optional: true,
  },
  {
    key: 'nhsmail-all-staff-address',
    label: 'NHSmail all-staff distribution list',
    type: 'email',
    help: 'The NHSmail list that reaches every member of staff once they have moved. When set, the emails to all staff after the moves (the completion email) go to it instead of the local all-staff list.',
    optional: true,
  },
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
  {
    key: 'smtp-connect-timeout-seconds',
    label: 'Wait for a mail server to connect (seconds)',
    type: 'whole-number',
    help: 'How long commsplan waits for a mail server to take a connection and greet it before counting the message as unanswered.',
    defaultValue: '30',
  },
  {
    key: 'smtp-answer-timeout-seconds',
    label: 'Wait for each answer (seconds)',
    type: 'whole-number',
    help: 'How long commsplan waits for each answer of a mail server once connected. A message left unanswered is tried again later.',
    defaultValue: '60',
  },
  {
    key: 'smtp-timeouts-to-pause',
    label: 'Unanswered messages that pause a sender',
    type: 'whole-number',
    help: 'How many messages in a row a mail server may leave unanswered before their sender is paused, its messages go back to the queue and sending stops for it.',
    defaultValue: '3',
  },
  // Guards before approving and sending.
  {
    key: 'data-max-age-days',
    label: 'Approve and send on data up to (days old)',
    type: 'whole-number',
    help: 'How many days after the latest import of each kind an audience needs commsplan still approves and sends its emails without asking: older data, like an empty audience or data never imported, needs someone to confirm it first.',
    defaultValue: '14',
  },
] as const satisfies readonly SettingDefinition[];

export const SETTING_CATALOGUE: readonly SettingDefinition[] = CATALOGUE;

/** One setting exactly as the catalogue declares it, literal key, type and default included. */
export type CatalogueEntry = (typeof CATALOGUE)[number];

const BY_KEY = new Map(SETTING_CATALOGUE.map((definition) => [definition.key, definition]));

export function findSetting(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key.trim().toLowerCase());
}

export function requireSetting(key: string): SettingDefinition {
  const definition = findSetting(key);
  if (definition) return definition;
  throw new CommsplanError(
    'unknown-setting',
    `There is no setting called "${key}". Known settings: ${SETTING_CATALOGUE.map((s) => s.key).join(', ')}.`,
    { field: 'key', value: key },
  );
}

/** The placeholder name a setting answers to: `quota-deadline` -> `quota deadline`. */
export function placeholderNameOf(key: string): string {
  return key.replace(/-/g, ' ');
}

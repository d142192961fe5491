import type { SettingDefinition } from './setting-definition.js';

/** What audiences are worked out from: quotas, domains, the staff list and how long data stays fresh. */
export const AUDIENCE_SETTINGS = [
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
] as const satisfies readonly SettingDefinition[];

import { ADDRESS_MAP_SIGNATURES, LOCAL_ADDRESS_HEADERS, NHSMAIL_ADDRESS_HEADERS } from './address-columns.js';
import type { ColumnSpec } from './column-names.js';
import { GROUP_MEMBERS_SPEC } from './group-members-kind.js';

export const IMPORT_KINDS = [
  'mailboxes',
  'mailbox-stats',
  'mobile-devices',
  'permissions',
  'group-members',
  'nhsmail-accounts',
  'people',
  'migration-status',
  'address-map',
  'shared-mailbox-owners',
  'dl-owners',
] as const;

export type ImportKind = (typeof IMPORT_KINDS)[number];

export type FieldType =
  | 'email'
  | 'optional-email'
  | 'email-list'
  | 'identity'
  | 'text'
  | 'size'
  | 'count'
  | 'yes-no'
  | 'datetime'
  | 'date'
  | 'mailbox-type'
  | 'migration-status'
  | 'nhsmail-account-status';

export interface FieldSpec extends ColumnSpec {
  type: FieldType;
  /** The column must be there, but a row may leave it empty (staff with no email address). */
  emptyAllowed?: boolean;
}

export interface KindSpec {
  kind: ImportKind;
  description: string;
  fields: FieldSpec[];
  /** Normalised header names that, all present, mark a file as this kind. Tried in order. */
  signatures: string[][];
}

const f = (field: string, type: FieldType, headers: string[], required = false): FieldSpec => ({ field, type, headers, required });

export const KIND_SPECS: Readonly<Record<ImportKind, KindSpec>> = {
  mailboxes: {
    kind: 'mailboxes',
    description: 'an Exchange Get-Mailbox export',
    signatures: [
      ['primarysmtpaddress', 'recipienttypedetails'],
      ['primarysmtpaddress', 'prohibitsendquota'],
    ],
    fields: [
      f('email', 'email', ['PrimarySmtpAddress', 'WindowsEmailAddress', 'EmailAddress'], true),
      f('displayName', 'text', ['DisplayName', 'Name']),
      f('alias', 'text', ['Alias']),
      f('mailboxType', 'mailbox-type', ['RecipientTypeDetails', 'RecipientType']),
      f('quotaBytes', 'size', ['ProhibitSendQuota']),
      f('usesDatabaseQuota', 'yes-no', ['UseDatabaseQuotaDefaults']),
      f('exchangeGuid', 'text', ['ExchangeGuid', 'MailboxGuid', 'Guid']),
      f('legacyDn', 'text', ['LegacyExchangeDN']),
      f('samAccountName', 'text', ['SamAccountName']),
      f('userPrincipalName', 'text', ['UserPrincipalName']),
      f('accountDisabled', 'yes-no', ['AccountDisabled']),
      f('employeeNumber', 'text', ['EmployeeID', 'EmployeeNumber']),
      // What device and permission exports name a mailbox by: `Jane Smith`, `trust.local/Users/Jane Smith`.
      f('name', 'text', ['Name']),
      f('identityPath', 'text', ['Identity', 'CanonicalName']),
      f('distinguishedName', 'text', ['DistinguishedName']),
    ],
  },
  'mailbox-stats': {
    kind: 'mailbox-stats',
    description: 'an Exchange Get-MailboxStatistics export',
    signatures: [['totalitemsize']],
    fields: [
      f('displayName', 'identity', ['DisplayName'], true),
      f('sizeBytes', 'size', ['TotalItemSize'], true),
      f('deletedBytes', 'size', ['TotalDeletedItemSize']),
      f('itemCount', 'count', ['ItemCount']),
      f('lastLogon', 'datetime', ['LastLogonTime']),
      f('mailboxGuid', 'identity', ['MailboxGuid', 'ExchangeGuid', 'Guid']),
      f('legacyDn', 'identity', ['LegacyDN', 'LegacyExchangeDN']),
      f('email', 'identity', ['PrimarySmtpAddress', 'EmailAddress', 'UserPrincipalName']),
    ],
  },
  'mobile-devices': {
    kind: 'mobile-devices',
    description: 'an Exchange Get-MobileDevice, Get-MobileDeviceStatistics or Get-ActiveSyncDevice export',
    signatures: [['deviceid'], ['deviceos'], ['devicetype', 'devicemodel']],
    fields: [
      f('deviceId', 'text', ['DeviceId', 'DeviceID', 'Guid', 'Identity'], true),
      f('owner', 'identity', ['PrimarySmtpAddress', 'EmailAddress', 'Mailbox', 'UserPrincipalName', 'UserDisplayName', 'Identity'], true),
      f('deviceType', 'text', ['DeviceType']),
      f('deviceModel', 'text', ['DeviceModel', 'DeviceFriendlyName']),
      f('deviceOs', 'text', ['DeviceOS']),
      f('lastSync', 'datetime', ['LastSuccessSync', 'LastSyncAttemptTime', 'FirstSyncTime', 'WhenChanged']),
    ],
  },
  permissions: {
    kind: 'permissions',
    description:
      'a mailbox permissions export (Get-MailboxPermission, Get-RecipientPermission, Get-ADPermission, GrantSendOnBehalfTo, Get-MailboxFolderPermission, or Mailbox,User,AccessRights)',
    signatures: [
      ['user', 'accessrights'],
      ['user', 'extendedrights'],
      ['grantsendonbehalfto'],
      ['trustee', 'accessrights'],
      ['trustee', 'accesscontroltype'],
    ],
    fields: [
      f('mailbox', 'identity', ['Mailbox', 'Identity', 'PrimarySmtpAddress', 'Name'], true),
      f('user', 'identity', ['User', 'GrantSendOnBehalfTo', 'Trustee']),
      f('accessRights', 'text', ['AccessRights']),
      f('extendedRights', 'text', ['ExtendedRights']),
      f('folder', 'text', ['FolderName']),
      f('sharingFlags', 'text', ['SharingPermissionFlags']),
      f('isInherited', 'yes-no', ['IsInherited']),
      f('deny', 'yes-no', ['Deny']),
      f('accessControlType', 'text', ['AccessControlType']),
    ],
  },
  'group-members': GROUP_MEMBERS_SPEC,
  'nhsmail-accounts': {
    kind: 'nhsmail-accounts',
    description: 'a list of existing NHSmail accounts with their size and quota (the NHSmail portal export)',
    signatures: [['quota'], ['allocatedquota'], ['mailboxquota'], ['quota(mb)'], ['mailboxquota(mb)'], ['mailboxsize(mb)']],
    fields: [
      f('email', 'email', ['EmailAddress', 'Email', 'NHSmailAddress', 'NHSmailEmail', 'Mail', 'PrimarySmtpAddress', 'Address'], true),
      f(
        'sizeBytes',
        'size',
        ['Mailbox Size (MB)', 'Mailbox Size MB', 'Size (MB)', 'CurrentSize', 'MailboxSize', 'TotalSize', 'Size', 'TotalItemSize'],
        true,
      ),
      f('quotaBytes', 'size', ['Quota (MB)', 'Mailbox Quota (MB)', 'Quota MB', 'AllocatedQuota', 'Quota', 'MailboxQuota']),
      f('displayName', 'text', ['DisplayName', 'Name']),
      f('localEmail', 'optional-email', [
        'LocalEmail',
        'LocalEmailAddress',
        'LocalAddress',
        'SourceEmail',
        'SourceEmailAddress',
        'OldEmail',
      ]),
      f('accountStatus', 'nhsmail-account-status', ['AccountStatus', 'Status', 'UserStatus']),
    ],
  },
  people: {
    kind: 'people',
    description: 'a staff list with email, names and roles',
    signatures: [['firstname'], ['givenname'], ['forename'], ['department', 'email'], ['jobrole'], ['employeenumber', 'lastname']],
    fields: [
      {
        ...f('email', 'email', ['Email', 'EmailAddress', 'WorkEmail', 'WorkEmailAddress', 'Mail', 'PrimarySmtpAddress'], true),
        emptyAllowed: true,
      },
      f('firstName', 'text', ['FirstName', 'GivenName', 'Forename', 'PreferredName', 'KnownAs']),
      f('lastName', 'text', ['LastName', 'Surname', 'FamilyName']),
      f('displayName', 'text', ['DisplayName', 'FullName', 'Name', 'EmployeeName']),
      // ESR's Organisation is the team someone works in. `Title` (Mr, Dr) is never a role.
      f('department', 'text', ['Department', 'Directorate', 'Team', 'Organisation', 'Organization']),
      f('jobRole', 'text', ['JobRole', 'JobTitle', 'PositionTitle', 'Role']),
      f('helpdesk', 'yes-no', ['Helpdesk', 'IsHelpdesk', 'HelpdeskStaff']),
      f('applicationOwner', 'yes-no', ['ApplicationOwner', 'IsApplicationOwner', 'AppOwner']),
      f('dlOwner', 'yes-no', ['DLOwner', 'DistributionListOwner', 'IsDLOwner']),
      f('emailProgramme', 'yes-no', ['OutlookUser', 'EmailProgrammeUser', 'UsesOutlook', 'Outlook', 'EmailClient']),
      f('wave', 'text', ['Wave', 'MigrationWave']),
      f('employeeNumber', 'text', ['EmployeeNumber', 'EmployeeNo', 'ESREmployeeNumber', 'StaffNumber', 'PersonNumber']),
      f('assignmentNumber', 'text', ['AssignmentNumber', 'AssignmentNo']),
      f('primaryAssignment', 'text', ['PrimaryAssignment', 'PrimaryAssignmentFlag', 'PrimaryFlag', 'Primary']),
      f('leavingDate', 'date', ['LeavingDate', 'TerminationDate', 'ActualTerminationDate', 'ProjectedLeavingDate', 'LastWorkingDay']),
      f('nhsmailEmail', 'email', [
        'NHSmailAddress',
        'NHSmailEmail',
        'NHSmailEmailAddress',
        'NHSnetEmail',
        'NHSnetAddress',
        'NHSnetEmailAddress',
      ]),
      f('getsNhsmail', 'text', ['GetsNHSmail', 'NHSmailAccount', 'NeedsNHSmail', 'NHSmailRequired']),
    ],
  },
  'migration-status': {
    kind: 'migration-status',
    description: 'migration results per person (Exchange Get-MigrationUser, MigrationWiz, a partner list, or email,status)',
    signatures: [['status'], ['statusdetail'], ['migrationstatus'], ['laststatus']],
    fields: [
      // The source (local) address first: a partner file names both, and the row is keyed by the local one.
      f(
        'email',
        'email',
        [
          'SourceEmail',
          'SourceEmailAddress',
          'ExportEmailAddress',
          'EmailAddress',
          'Email',
          'Identity',
          // Get-MigrationUser names the user by Identifier too, and an export may keep only that.
          'Identifier',
          'PrimarySmtpAddress',
          'User',
          'Address',
          'MailboxEmailAddress',
        ],
        true,
      ),
      f('nhsmailEmail', 'optional-email', [
        'DestinationEmail',
        'DestinationEmailAddress',
        'TargetEmail',
        'TargetEmailAddress',
        'ImportEmailAddress',
        'NHSmailAddress',
        'NHSmailEmail',
      ]),
      f('status', 'migration-status', ['Status', 'MigrationStatus', 'LastStatus', 'StatusSummary', 'StatusDetail'], true),
      f('passType', 'text', ['LastMigrationType', 'MigrationType']),
    ],
  },
  'address-map': {
    kind: 'address-map',
    description: 'an address map (a local address and an NHSmail address on each row)',
    signatures: ADDRESS_MAP_SIGNATURES,
    fields: [f('localEmail', 'email', LOCAL_ADDRESS_HEADERS, true), f('nhsmailEmail', 'email', NHSMAIL_ADDRESS_HEADERS, true)],
  },
  'shared-mailbox-owners': {
    kind: 'shared-mailbox-owners',
    description: 'a list of shared mailboxes and their owners',
    signatures: [
      ['sharedmailbox', 'owner'],
      ['sharedmailbox', 'owners'],
      ['sharedmailbox', 'owneremail'],
      ['mailbox', 'owner'],
      ['mailbox', 'owners'],
      ['mailbox', 'owneremail'],
    ],
    fields: [
      f('mailbox', 'email', ['SharedMailbox', 'SharedMailboxAddress', 'SharedMailboxEmail', 'Mailbox', 'MailboxAddress'], true),
      f('owners', 'email-list', ['Owner', 'OwnerEmail', 'OwnerEmailAddress', 'Owners', 'OwnerAddress'], true),
    ],
  },
  'dl-owners': {
    kind: 'dl-owners',
    description: 'a list of distribution lists and their owners, by address',
    signatures: [
      ['distributionlist', 'owner'],
      ['distributionlist', 'owners'],
      ['distributionlist', 'owneremail'],
      ['listaddress', 'owner'],
      ['listaddress', 'owners'],
      ['groupemail', 'owners'],
      ['distributionlistaddress', 'owners'],
    ],
    fields: [
      f('list', 'email', ['DistributionList', 'DistributionListAddress', 'ListAddress', 'GroupEmail', 'DistributionListEmail'], true),
      f('owners', 'email-list', ['Owner', 'OwnerEmail', 'OwnerEmailAddress', 'Owners', 'OwnerAddress'], true),
      f('listName', 'text', ['ListName', 'DistributionListName', 'DisplayName', 'Name']),
    ],
  },
};

/** Most specific first: a people file may have a Status column, an NHSmail list a TotalItemSize. */
const DETECTION_ORDER: readonly ImportKind[] = [
  // Before mailboxes: a Get-DistributionGroupMember export has PrimarySmtpAddress and RecipientTypeDetails too.
  'group-members',
  'mailboxes',
  'nhsmail-accounts',
  'mailbox-stats',
  'mobile-devices',
  'permissions',
  'shared-mailbox-owners',
  'dl-owners',
  'people',
  'migration-status',
  'address-map',
];

/** Which kind a file is, from its headers; undefined when none fits. */
export function recogniseKind(headers: readonly string[], normalise: (h: string) => string): ImportKind | undefined {
  const present = new Set(headers.map(normalise));
  for (const kind of DETECTION_ORDER) {
    if (KIND_SPECS[kind].signatures.some((signature) => signature.every((name) => present.has(name)))) return kind;
  }
  return undefined;
}

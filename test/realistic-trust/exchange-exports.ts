import { type ExportCell, powerShellExportFile, ukDateTime } from '../../src/directory/export-csv.js';
import { byteQuantifiedSize } from './powershell-csv.js';
import { type MigrationStatus, NETBIOS_DOMAIN, type Person, type ResourceMailbox, type Trust } from './trust-types.js';

/** The Exchange 2016 exports, each as the admin's PowerShell 5.1 command writes it. */

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const ORG_DN = '/o=Northmoor/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=';
const PEOPLE_OU = 'northmoor.local/Northmoor/Staff';
const RESOURCES_OU = 'northmoor.local/Northmoor/Shared Mailboxes';
const CONTRACTORS_OU = 'northmoor.local/Northmoor/Contractors';

type Mailboxed = Person & { mailbox: NonNullable<Person['mailbox']> };
const withMailbox = (trust: Trust) => trust.people.filter((person): person is Mailboxed => person.mailbox !== undefined);

/**
 * `Get-Recipient -ResultSize Unlimited | Select Name,DisplayName,... | Export-Csv Mailboxes.csv`: people,
 * shared, rooms and groups. `Name` is the AD object's name, the one Get-MobileDevice identities carry.
 * With an employee-number column (the second scenario) it is `Get-Mailbox ... CustomAttribute1` saved
 * with -Encoding UTF8, and the groups are not in it.
 */
export function mailboxesCsv(trust: Trust): Buffer {
  const rows: ExportCell[][] = [];
  const withNumbers = trust.employeeNumberColumn !== undefined;
  for (const { mailbox } of withMailbox(trust)) {
    const { address, samAccountName: sam } = mailbox;
    const alias = address.split('@')[0] as string;
    rows.push([
      mailbox.name,
      mailbox.displayName,
      address,
      alias,
      mailbox.recipientTypeDetails,
      sam,
      mailbox.guid,
      mailbox.disabled,
      'Unlimited',
      true,
      address,
      `${ORG_DN}${mailbox.guid.slice(0, 8)}-${alias}`,
      ...(withNumbers ? [mailbox.employeeNumberAttribute ?? ''] : []),
    ]);
  }
  for (const resource of trust.resources) {
    const { address, samAccountName: sam } = resource;
    // Exchange disables the AD account behind every shared, room and equipment mailbox.
    rows.push([
      resource.displayName,
      resource.displayName,
      address,
      sam,
      resource.type,
      sam,
      resource.guid,
      true,
      'Unlimited',
      true,
      `${sam}@northmoor.local`,
      `${ORG_DN}${resource.guid.slice(0, 8)}-${sam}`,
      ...(withNumbers ? [''] : []),
    ]);
  }
  for (const group of withNumbers ? [] : trust.groups.filter((each) => each.address)) {
    rows.push([
      group.name,
      group.name,
      group.address,
      group.name.replace(/ /g, ''),
      'MailUniversalSecurityGroup',
      group.name,
      EMPTY_GUID,
      null,
      null,
      null,
      null,
      `${ORG_DN}${group.name.replace(/ /g, '')}`,
    ]);
  }
  for (const list of withNumbers ? [] : trust.distributionGroups) {
    rows.push([
      list.name,
      list.name,
      list.address,
      list.name.replace(/ /g, ''),
      'MailUniversalDistributionGroup',
      list.name,
      EMPTY_GUID,
      null,
      null,
      null,
      null,
      `${ORG_DN}${list.name.replace(/ /g, '')}`,
    ]);
  }
  return powerShellExportFile(
    {
      typeName: withNumbers
        ? 'Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox'
        : 'Selected.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient',
      columns: [
        'Name',
        'DisplayName',
        'PrimarySmtpAddress',
        'Alias',
        'RecipientTypeDetails',
        'SamAccountName',
        'ExchangeGuid',
        'AccountDisabled',
        'ProhibitSendQuota',
        'UseDatabaseQuotaDefaults',
        'UserPrincipalName',
        'LegacyExchangeDN',
        ...(withNumbers ? ['CustomAttribute1'] : []),
      ],
      rows,
    },
    withNumbers ? 'utf-8-bom' : 'ascii',
  );
}

/** An admin's script over the groups and their members, saved with `-NoTypeInformation -Encoding UTF8`. */
export function groupMembersCsv(trust: Trust): Buffer {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const rows: ExportCell[][] = [];
  for (const group of [...trust.groups, ...trust.distributionGroups].filter((each) => each.membersExported)) {
    for (const id of group.memberIds) {
      const { mailbox } = byId.get(id) as Mailboxed;
      rows.push([group.name, mailbox.displayName, mailbox.samAccountName, mailbox.address, mailbox.recipientTypeDetails]);
    }
  }
  return powerShellExportFile({ columns: ['Group', 'Name', 'SamAccountName', 'PrimarySmtpAddress', 'RecipientType'], rows }, 'utf-8-bom');
}

/** `Get-Mailbox -ResultSize Unlimited | Get-MailboxStatistics | Select DisplayName,TotalItemSize,... | Export-Csv`. */
export function mailboxStatisticsCsv(trust: Trust): Buffer {
  const rows: ExportCell[][] = withMailbox(trust).map(({ id, mailbox }) => [
    mailbox.displayName,
    byteQuantifiedSize(mailbox.itemBytes),
    byteQuantifiedSize(mailbox.deletedItemBytes),
    mailbox.itemCount,
    id % 17 === 0 ? null : ukDateTime(new Date(Date.UTC(2026, 10, 23, 7 + (id % 12), id % 60, (id * 7) % 60))),
    mailbox.guid,
  ]);
  for (const resource of trust.resources) {
    rows.push([resource.displayName, byteQuantifiedSize(resource.itemBytes), byteQuantifiedSize(0), 1200, null, resource.guid]);
  }
  return powerShellExportFile(
    {
      typeName: 'Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics',
      columns: ['DisplayName', 'TotalItemSize', 'TotalDeletedItemSize', 'ItemCount', 'LastLogonTime', 'MailboxGuid'],
      rows,
    },
    'ascii',
  );
}

const SYSTEM_ROWS: ExportCell[][] = [
  [`${NETBIOS_DOMAIN}\\Domain Admins`, 'FullAccess', true, true],
  [`${NETBIOS_DOMAIN}\\Enterprise Admins`, 'FullAccess', true, true],
  [`${NETBIOS_DOMAIN}\\Organization Management`, 'FullAccess', true, true],
  [`${NETBIOS_DOMAIN}\\Exchange Servers`, 'FullAccess', true, false],
  ['NT AUTHORITY\\SYSTEM', 'FullAccess', true, false],
  ['NT AUTHORITY\\NETWORK SERVICE', 'ReadPermission', true, false],
];

/** `Get-Mailbox | Get-MailboxPermission | Select Identity,User,AccessRights,IsInherited,Deny | Export-Csv`. */
export function mailboxPermissionsCsv(trust: Trust): Buffer {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const account = (id: number) => `${NETBIOS_DOMAIN}\\${(byId.get(id) as Mailboxed).mailbox.samAccountName}`;
  const rows: ExportCell[][] = [];
  const mailboxRows = (identity: string, grants: ExportCell[][]) => {
    rows.push([identity, 'NT AUTHORITY\\SELF', 'FullAccess, ReadPermission', false, false]);
    for (const grant of grants) rows.push([identity, ...grant]);
    for (const system of SYSTEM_ROWS) rows.push([identity, ...system]);
  };
  for (const resource of trust.resources) {
    const grants = resource.grants.map((grant): ExportCell[] => [
      grant.group ? `${NETBIOS_DOMAIN}\\${grant.group}` : account(grant.personId as number),
      grant.notFullAccess ? 'ReadPermission' : 'FullAccess',
      false,
      grant.deny === true,
    ]);
    if (resource.type === 'SharedMailbox' && resource.guid.startsWith('a'))
      grants.push(['S-1-5-21-3623811015-3361044348-30300820-1013', 'FullAccess', false, false]);
    mailboxRows(`${RESOURCES_OU}/${resource.displayName}`, grants);
  }
  for (const delegation of trust.delegations) {
    const owner = byId.get(delegation.mailboxOwnerId) as Mailboxed;
    mailboxRows(`${PEOPLE_OU}/${owner.mailbox.samAccountName}`, [[account(delegation.delegateId), 'FullAccess', false, false]]);
  }
  return powerShellExportFile(
    {
      typeName: 'Selected.Microsoft.Exchange.Management.RecipientTasks.MailboxAcePresentationObject',
      columns: ['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny'],
      rows,
    },
    'ascii',
  );
}

/** `Get-Mailbox -RecipientTypeDetails SharedMailbox | Get-RecipientPermission | Select ... | Export-Csv` (send-as). */
export function sendAsPermissionsCsv(trust: Trust): Buffer {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const rows: ExportCell[][] = [];
  for (const resource of trust.resources.filter((each) => each.type === 'SharedMailbox')) {
    const identity = `${RESOURCES_OU}/${resource.displayName}`;
    rows.push([identity, 'NT AUTHORITY\\SELF', 'Allow', 'SendAs', false, 'None']);
    for (const id of resource.sendAsPersonIds) {
      rows.push([identity, `${NETBIOS_DOMAIN}\\${(byId.get(id) as Mailboxed).mailbox.samAccountName}`, 'Allow', 'SendAs', false, 'None']);
    }
  }
  return powerShellExportFile(
    {
      typeName: 'Selected.Microsoft.Exchange.Management.RecipientTasks.RecipientPermission',
      columns: ['Identity', 'Trustee', 'AccessControlType', 'AccessRights', 'IsInherited', 'InheritanceType'],
      rows,
    },
    'ascii',
  );
}

/** Calendar rights on shared and room mailboxes: `Get-MailboxFolderPermission "$alias:\Calendar" | Select ...`. */
export function calendarPermissionsCsv(trust: Trust): Buffer {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const rows: ExportCell[][] = [];
  const calendar = (resource: ResourceMailbox) => `${RESOURCES_OU}/${resource.displayName}:\\Calendar`;
  for (const resource of trust.resources.filter((each) => each.type !== 'EquipmentMailbox')) {
    rows.push([calendar(resource), 'Calendar', 'Default', resource.type === 'RoomMailbox' ? 'LimitedDetails' : 'AvailabilityOnly']);
    rows.push([calendar(resource), 'Calendar', 'Anonymous', 'None']);
    for (const [index, id] of resource.calendarEditorIds.entries()) {
      rows.push([calendar(resource), 'Calendar', (byId.get(id) as Mailboxed).mailbox.displayName, index === 0 ? 'Editor' : 'Reviewer']);
    }
  }
  return powerShellExportFile(
    {
      typeName: 'Selected.Microsoft.Exchange.Management.StoreTasks.MailboxFolderPermission',
      columns: ['Identity', 'FolderName', 'User', 'AccessRights'],
      rows,
    },
    'ascii',
  );
}

/**
 * `Get-MobileDevice -ResultSize Unlimited | Get-MobileDeviceStatistics | Select Identity,DeviceType,... |
 * Export-Csv`: no owner column, only the device's Identity, `<domain>/<OU>/<AD name>/ExchangeActiveSyncDevices/
 * <type>§<id>` (ASCII turns the § into `?`). For a mailbox already in the cloud the hybrid admin's script
 * lists its devices as Exchange Online does, under the mailbox's GUID: `<guid>\ExchangeActiveSyncDevices\...`.
 */
export function mobileDevicesCsv(trust: Trust): Buffer {
  const rows: ExportCell[][] = [];
  for (const { mailbox, devices } of withMailbox(trust)) {
    for (const device of devices) {
      const lastSync = device.lastSuccessSync ? ukDateTime(device.lastSuccessSync) : null;
      rows.push([
        deviceIdentity(mailbox, device),
        device.deviceType,
        device.deviceModel,
        device.deviceOs,
        device.deviceId,
        ukDateTime(device.firstSync),
        lastSync,
        lastSync ?? ukDateTime(device.firstSync),
        'DeviceOk',
      ]);
    }
  }
  return powerShellExportFile(
    {
      typeName: 'Selected.Microsoft.Exchange.Management.Tasks.MobileDeviceConfiguration',
      columns: [
        'Identity',
        'DeviceType',
        'DeviceModel',
        'DeviceOS',
        'DeviceID',
        'FirstSyncTime',
        'LastSuccessSync',
        'LastSyncAttemptTime',
        'Status',
      ],
      rows,
    },
    'ascii',
  );
}

export function deviceIdentity(mailbox: Mailboxed['mailbox'], device: Person['devices'][number]): string {
  const partnership = `${device.deviceType}§${device.deviceId}`;
  if (mailbox.recipientTypeDetails === 'RemoteUserMailbox') return `${mailbox.guid}\\ExchangeActiveSyncDevices\\${partnership}`;
  return `${mailboxIdentity(mailbox)}/ExchangeActiveSyncDevices/${partnership}`;
}

/** The mailbox part of a device identity: where the account sits and its AD name. */
export function mailboxIdentity(mailbox: Mailboxed['mailbox']): string {
  return `${mailbox.ou === 'Staff' ? PEOPLE_OU : CONTRACTORS_OU}/${mailbox.name}`;
}

const STATUS_SUMMARY: Partial<Record<MigrationStatus, string>> = {
  Completed: 'Completed',
  CompletedWithWarnings: 'Completed',
  Synced: 'Synced',
  IncrementalSynced: 'Synced',
  CompletionSynced: 'Synced',
  Failed: 'Failed',
  IncrementalFailed: 'Failed',
  CompletionFailed: 'Failed',
  Corrupted: 'Failed',
  Stopped: 'Stopped',
  IncrementalStopped: 'Stopped',
};

/**
 * `Get-MigrationUser -ResultSize Unlimited | Select Identity,BatchId,Status,... | Export-Csv`. In the second
 * shape the admin selected `Identifier` (the address the batch file listed) and `MailboxEmailAddress`
 * (the mailbox's primary address, here the same local address) and no Identity, saved with -Encoding UTF8.
 * A mailbox ESR does not hold is in the batch of the wave IT put it in.
 */
export function migrationUsersCsv(trust: Trust, shape: 'identity' | 'identifier' = 'identity'): Buffer {
  const rows: ExportCell[][] = [];
  for (const { id, mailbox, staffList, itBatchWave, migrationStatus } of withMailbox(trust)) {
    if (!migrationStatus) continue;
    const failed = STATUS_SUMMARY[migrationStatus] === 'Failed';
    const batch = `${(staffList?.wave ?? itBatchWave ?? 'Pilot').replace(' ', '')}-Batch${1 + (id % 3)}`;
    const lastSync = migrationStatus === 'Queued' ? null : ukDateTime(new Date(Date.UTC(2026, 10, 21, id % 24, id % 60, 0)));
    const addresses = shape === 'identity' ? [mailbox.address] : [mailbox.address, mailbox.address];
    rows.push([
      ...addresses,
      batch,
      migrationStatus,
      STATUS_SUMMARY[migrationStatus] ?? 'Active',
      lastSync,
      failed ? 'The move stopped: more corrupt items than the batch allows.' : '',
    ]);
  }
  const addressColumns = shape === 'identity' ? ['Identity'] : ['Identifier', 'MailboxEmailAddress'];
  return powerShellExportFile(
    {
      typeName: shape === 'identity' ? 'Selected.Microsoft.Exchange.Data.Storage.Management.MigrationUser' : undefined,
      columns: [...addressColumns, 'BatchId', 'Status', 'StatusSummary', 'LastSyncTime', 'ErrorSummary'],
      rows,
    },
    shape === 'identity' ? 'ascii' : 'utf-8-bom',
  );
}

import { type ExportCell, encodeExport, excelCsv, powerShellExportFile, ukDateTime } from '../directory/export-csv.js';
import type { DemoPerson, DemoSharedMailbox } from './demo-people.js';

/**
 * The demo's people written as the files an administrator would export: Exchange PowerShell's
 * `Export-Csv` (a `#TYPE` line, every value quoted), the staff list and the owners list saved
 * from Excel. The demo imports them through the same path as a user's files. Pure.
 */

export interface DemoExportFile {
  /** The file name, such as `Mailboxes.csv`. */
  name: string;
  /** What the file is, for messages. */
  label: string;
  bytes: Buffer;
}

type Cell = ExportCell;

const GB = 1024 ** 3;
const NETBIOS = 'NORTHMOOR';
const SHARED_OU = 'northmoor-valley.local/Northmoor Valley/Shared Mailboxes';

/** As Windows PowerShell's `Export-Csv` writes it in its default ASCII: a `#TYPE` line, then every value in quotes. */
const powershellCsv = (typeName: string, columns: readonly string[], rows: readonly Cell[][]) =>
  powerShellExportFile({ typeName, columns, rows });

/** As Excel's "CSV UTF-8" writes it: a BOM, quotes only where a value needs them. */
const excelCsvUtf8 = (columns: readonly string[], rows: readonly Cell[][]) => encodeExport(excelCsv([columns, ...rows]), 'utf-8-bom');

const ukDate = (date: Date) => ukDateTime(date).slice(0, 10);

/** Exchange's ByteQuantifiedSize: `3.217 GB (3,454,230,118 bytes)`. */
function byteQuantifiedSize(bytes: number): string {
  const [amount, unit] = bytes >= GB ? [bytes / GB, 'GB'] : [bytes / 1024 ** 2, 'MB'];
  return `${Number(amount.toFixed(3))} ${unit} (${bytes.toLocaleString('en-GB')} bytes)`;
}

const displayName = (person: DemoPerson) => `${person.firstName} ${person.lastName}`;
const withMailbox = (people: readonly DemoPerson[]) => people.filter((person) => !person.noAddress);

function mailboxes(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[]): Buffer {
  const rows: Cell[][] = withMailbox(people).map((person) => [
    displayName(person),
    person.email,
    person.email.split('@')[0],
    'UserMailbox',
    person.samAccountName,
    person.guid,
    person.disabled,
    'Unlimited',
    true,
    person.email,
  ]);
  // Exchange disables the account behind every shared mailbox.
  for (const box of shared)
    rows.push([
      box.displayName,
      box.email,
      box.email.split('@')[0],
      'SharedMailbox',
      box.samAccountName,
      box.guid,
      true,
      'Unlimited',
      true,
      `${box.samAccountName}@northmoor-valley.local`,
    ]);
  return powershellCsv(
    'Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox',
    [
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
    ],
    rows,
  );
}

function statistics(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[], now: Date): Buffer {
  const rows: Cell[][] = withMailbox(people).map((person, index) => [
    displayName(person),
    byteQuantifiedSize(person.mailboxBytes),
    byteQuantifiedSize(Math.round(person.mailboxBytes / 20)),
    Math.round(person.mailboxBytes / 90_000),
    person.disabled ? undefined : ukDateTime(new Date(now.getTime() - ((index % 9) + 1) * 3_600_000)),
    person.guid,
  ]);
  // One shared mailbox is over the 4 GB limit: its users and owner are told.
  for (const [index, box] of shared.entries()) {
    const bytes = index === 2 ? Math.round(5.6 * GB) : 2 * GB;
    rows.push([box.displayName, byteQuantifiedSize(bytes), byteQuantifiedSize(0), 21_000, undefined, box.guid]);
  }
  return powershellCsv(
    'Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics',
    ['DisplayName', 'TotalItemSize', 'TotalDeletedItemSize', 'ItemCount', 'LastLogonTime', 'MailboxGuid'],
    rows,
  );
}

function mobileDevices(people: readonly DemoPerson[]): Buffer {
  const rows: Cell[][] = withMailbox(people).flatMap((person) =>
    person.devices.map((device, index) => [
      displayName(person),
      person.email,
      device.model.startsWith('SM-') ? 'Android' : device.model.startsWith('iPad') ? 'iPad' : 'iPhone',
      device.model,
      device.os,
      `${person.guid.replace(/-/g, '').slice(0, 28).toUpperCase()}${String(index).padStart(2, '0')}`,
      ukDateTime(new Date(device.lastSync.getTime() - 200 * 86_400_000)),
      ukDateTime(device.lastSync),
    ]),
  );
  return powershellCsv(
    'Selected.Microsoft.Exchange.Management.Tasks.MobileDeviceConfiguration',
    ['UserDisplayName', 'PrimarySmtpAddress', 'DeviceType', 'DeviceModel', 'DeviceOS', 'DeviceId', 'FirstSyncTime', 'LastSuccessSync'],
    rows,
  );
}

/** `Get-Mailbox -RecipientTypeDetails SharedMailbox | Get-MailboxPermission`: the mailbox's own rows and the grants. */
function permissions(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[]): Buffer {
  const rows: Cell[][] = [];
  for (const box of shared) {
    const identity = `${SHARED_OU}/${box.displayName}`;
    rows.push([identity, 'NT AUTHORITY\\SELF', 'FullAccess, ReadPermission', false, false]);
    for (const person of people.filter((p) => p.sharedMailboxes.includes(box.displayName)))
      rows.push([identity, `${NETBIOS}\\${person.samAccountName}`, 'FullAccess', false, false]);
    rows.push([identity, `${NETBIOS}\\Domain Admins`, 'FullAccess', true, true]);
  }
  return powershellCsv(
    'Selected.Microsoft.Exchange.Management.RecipientTasks.MailboxAcePresentationObject',
    ['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny'],
    rows,
  );
}

/** `Get-RecipientPermission`: the first two people with access to each shared mailbox may also send as it. */
function sendAsPermissions(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[]): Buffer {
  const rows: Cell[][] = shared.flatMap((box) =>
    people
      .filter((p) => p.sharedMailboxes.includes(box.displayName))
      .slice(0, 2)
      .map((person) => [box.displayName, `${NETBIOS}\\${person.samAccountName}`, 'Allow', 'SendAs']),
  );
  return powershellCsv(
    'Deserialized.Microsoft.Exchange.Management.RecipientTasks.RecipientPermission',
    ['Identity', 'Trustee', 'AccessControlType', 'AccessRights'],
    rows,
  );
}

const DEMO_STAFF_COLUMNS = [
  'Employee Number',
  'First Name',
  'Last Name',
  'Department',
  'Job Role',
  'Email Address',
  'Leaving Date',
  'Wave',
  'NHSmail Account',
  'Helpdesk',
  'Application Owner',
  'DL Owner',
  'Outlook User',
] as const;

/** The staff list HR keeps, with the comms team's columns added. Disabled accounts are no longer on it. */
function staffList(people: readonly DemoPerson[]): Buffer {
  const yes = (flag: boolean) => (flag ? 'Yes' : undefined);
  const rows: Cell[][] = people
    .filter((person) => !person.disabled)
    .map((person) => [
      person.employeeNumber,
      person.firstName,
      person.lastName,
      person.department,
      person.jobRole,
      person.noAddress ? undefined : person.email,
      person.leftOn ? ukDate(person.leftOn) : undefined,
      person.wave,
      person.getsNhsmail ? 'Yes' : 'No',
      yes(person.helpdesk),
      yes(person.applicationOwner),
      yes(person.dlOwner),
      yes(person.outlookUser),
    ]);
  return excelCsvUtf8(DEMO_STAFF_COLUMNS, rows);
}

function owners(shared: readonly DemoSharedMailbox[]): Buffer {
  return excelCsvUtf8(
    ['Shared Mailbox', 'Owner'],
    shared.flatMap((box) => box.owners.map((owner) => [box.email, owner])),
  );
}

interface DemoList {
  name: string;
  email: string;
  /** Undefined for a list whose members were not exported. */
  members?: readonly DemoPerson[];
  owners: readonly DemoPerson[];
}

/**
 * A team list for each department with a list owner on the staff list, its members that
 * department's people, and one list whose members were never exported.
 */
function distributionLists(people: readonly DemoPerson[]): DemoList[] {
  const current = withMailbox(people).filter((person) => !person.disabled);
  const owners = current.filter((person) => person.dlOwner);
  const departments = [...new Set(owners.map((person) => person.department))].sort();
  const lists: DemoList[] = departments.map((department) => ({
    name: `${department} team`,
    email: `${department.toLowerCase().replace(/[^a-z]+/g, '.')}.team@${(current[0] as DemoPerson).email.split('@')[1]}`,
    members: current.filter((person) => person.department === department),
    owners: owners.filter((person) => person.department === department),
  }));
  const first = owners[0];
  if (first) lists.push({ name: 'Comms champions', email: `comms.champions@${first.email.split('@')[1]}`, owners: [first] });
  return lists;
}

/** The usual loop over `Get-DistributionGroup` and `Get-DistributionGroupMember`, adding the list's name and address. */
function listMembers(lists: readonly DemoList[]): Buffer {
  const rows: Cell[][] = lists.flatMap((list) =>
    (list.members ?? []).map((person) => [list.name, list.email, displayName(person), person.email, 'UserMailbox']),
  );
  return powershellCsv(
    'Selected.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient',
    ['GroupName', 'GroupEmail', 'Name', 'PrimarySmtpAddress', 'RecipientType'],
    rows,
  );
}

function listOwners(lists: readonly DemoList[]): Buffer {
  return excelCsvUtf8(
    ['Distribution List', 'List Name', 'Owner'],
    lists.map((list) => [list.email, list.name, list.owners.map((owner) => owner.email).join('; ')]),
  );
}

/** Every file, in the order they are imported: each finds the people the earlier ones named. */
export function demoExportFiles(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[], now: Date): DemoExportFile[] {
  const lists = distributionLists(people);
  return [
    { name: 'Mailboxes.csv', label: 'mailboxes (Get-Mailbox)', bytes: mailboxes(people, shared) },
    { name: 'MailboxStatistics.csv', label: 'mailbox sizes (Get-MailboxStatistics)', bytes: statistics(people, shared, now) },
    { name: 'MailboxPermissions.csv', label: 'shared mailbox access (Get-MailboxPermission)', bytes: permissions(people, shared) },
    { name: 'RecipientPermissions.csv', label: 'send as (Get-RecipientPermission)', bytes: sendAsPermissions(people, shared) },
    { name: 'MobileDevices.csv', label: 'phones and tablets (Get-MobileDevice)', bytes: mobileDevices(people) },
    { name: 'StaffList.csv', label: 'the staff list', bytes: staffList(people) },
    { name: 'SharedMailboxOwners.csv', label: 'shared mailbox owners', bytes: owners(shared) },
    { name: 'DistributionListMembers.csv', label: 'distribution list members (Get-DistributionGroupMember)', bytes: listMembers(lists) },
    { name: 'DistributionListOwners.csv', label: 'distribution list owners', bytes: listOwners(lists) },
  ];
}

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
  text: string;
}

type Cell = string | number | boolean | undefined;

const GB = 1024 ** 3;
const NETBIOS = 'NORTHMOOR';
const SHARED_OU = 'northmoor-valley.local/Northmoor Valley/Shared Mailboxes';

function quoted(cell: Cell): string {
  if (cell === undefined) return '';
  const text = typeof cell === 'boolean' ? (cell ? 'True' : 'False') : String(cell);
  return `"${text.replace(/"/g, '""')}"`;
}

/** As Windows PowerShell's `Export-Csv` writes it: a `#TYPE` line, then every value in quotes. */
function powershellCsv(typeName: string, columns: readonly string[], rows: readonly Cell[][]): string {
  return [`#TYPE ${typeName}`, columns.map(quoted).join(','), ...rows.map((row) => row.map(quoted).join(','))].join('\r\n') + '\r\n';
}

/** As Excel's "CSV UTF-8" writes it: quotes only where a value needs them. */
function excelCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  const field = (cell: Cell) => {
    const text = cell === undefined ? '' : String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[columns, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

const two = (n: number) => String(n).padStart(2, '0');
/** A time as PowerShell writes it on a machine set to English (United Kingdom). */
const ukDateTime = (date: Date) =>
  `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
const ukDate = (date: Date) => ukDateTime(date).slice(0, 10);

/** Exchange's ByteQuantifiedSize: `3.217 GB (3,454,230,118 bytes)`. */
function byteQuantifiedSize(bytes: number): string {
  const [amount, unit] = bytes >= GB ? [bytes / GB, 'GB'] : [bytes / 1024 ** 2, 'MB'];
  return `${Number(amount.toFixed(3))} ${unit} (${bytes.toLocaleString('en-GB')} bytes)`;
}

const displayName = (person: DemoPerson) => `${person.firstName} ${person.lastName}`;
const withMailbox = (people: readonly DemoPerson[]) => people.filter((person) => !person.noAddress);

function mailboxes(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[]): string {
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

function statistics(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[], now: Date): string {
  const rows: Cell[][] = withMailbox(people).map((person, index) => [
    displayName(person),
    byteQuantifiedSize(person.mailboxBytes),
    byteQuantifiedSize(Math.round(person.mailboxBytes / 20)),
    Math.round(person.mailboxBytes / 90_000),
    person.disabled ? undefined : ukDateTime(new Date(now.getTime() - ((index % 9) + 1) * 3_600_000)),
    person.guid,
  ]);
  for (const box of shared) rows.push([box.displayName, byteQuantifiedSize(2 * GB), byteQuantifiedSize(0), 21_000, undefined, box.guid]);
  return powershellCsv(
    'Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics',
    ['DisplayName', 'TotalItemSize', 'TotalDeletedItemSize', 'ItemCount', 'LastLogonTime', 'MailboxGuid'],
    rows,
  );
}

function mobileDevices(people: readonly DemoPerson[]): string {
  const rows: Cell[][] = withMailbox(people).flatMap((person) =>
    person.devices.map((device, index) => [
      displayName(person),
      person.email,
      device.model.startsWith('SM-') ? 'Android' : device.model.startsWith('iPad') ? 'iPad' : 'iPhone',
      device.model,
      device.os,
      `${person.guid.replace(/-/g, '').slice(0, 28).toUpperCase()}${two(index)}`,
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
function permissions(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[]): string {
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
function staffList(people: readonly DemoPerson[]): string {
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
  return excelCsv(DEMO_STAFF_COLUMNS, rows);
}

function owners(shared: readonly DemoSharedMailbox[]): string {
  return excelCsv(
    ['Shared Mailbox', 'Owner'],
    shared.flatMap((box) => box.owners.map((owner) => [box.email, owner])),
  );
}

/** Every file, in the order they are imported: each finds the people the earlier ones named. */
export function demoExportFiles(people: readonly DemoPerson[], shared: readonly DemoSharedMailbox[], now: Date): DemoExportFile[] {
  return [
    { name: 'Mailboxes.csv', label: 'mailboxes (Get-Mailbox)', text: mailboxes(people, shared) },
    { name: 'MailboxStatistics.csv', label: 'mailbox sizes (Get-MailboxStatistics)', text: statistics(people, shared, now) },
    { name: 'MailboxPermissions.csv', label: 'shared mailbox access (Get-MailboxPermission)', text: permissions(people, shared) },
    { name: 'MobileDevices.csv', label: 'phones and tablets (Get-MobileDevice)', text: mobileDevices(people) },
    { name: 'StaffList.csv', label: 'the staff list', text: staffList(people) },
    { name: 'SharedMailboxOwners.csv', label: 'shared mailbox owners', text: owners(shared) },
  ];
}

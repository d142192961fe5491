import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExportCell, encodeExport, excelCsv } from '../../src/directory/export-csv.js';
import {
  calendarPermissionsCsv,
  groupMembersCsv,
  mailboxesCsv,
  mailboxPermissionsCsv,
  mailboxStatisticsCsv,
  migrationUsersCsv,
  mobileDevicesCsv,
  sendAsPermissionsCsv,
} from './exchange-exports.js';
import { ORGANISATION_NAME, type Person, type Trust } from './trust-types.js';

export interface ExportFile {
  /** What the file is, in words, for test names and failure messages. */
  label: string;
  path: string;
}

/** The exports in the order the guide imports them: what each is, and its file name. */
export const EXPORT_FILES = [
  { label: 'mailboxes (Get-Recipient, groups included)', name: 'Mailboxes.csv' },
  { label: 'group members', name: 'GroupMembers.csv' },
  { label: 'mailbox statistics', name: 'MailboxStatistics.csv' },
  { label: 'full-access permissions (Get-MailboxPermission)', name: 'MailboxPermissions.csv' },
  { label: 'send-as permissions (Get-RecipientPermission)', name: 'SendAsPermissions.csv' },
  { label: 'calendar permissions (Get-MailboxFolderPermission)', name: 'CalendarPermissions.csv' },
  { label: 'mobile devices', name: 'MobileDevices.csv' },
  { label: 'ESR staff list (CSV saved from Excel in Windows-1252)', name: 'StaffInPost.csv' },
  { label: 'NHSmail portal account list', name: 'NHSmailAccounts.csv' },
  { label: 'address map', name: 'AddressMap.csv' },
  { label: 'migration status (Get-MigrationUser)', name: 'MigrationUsers.csv' },
  { label: 'shared-mailbox owners', name: 'SharedMailboxOwners.csv' },
] as const;

/** Writes every export of the trust into `dir`, in the order of EXPORT_FILES. */
export function writeExports(trust: Trust, dir: string): ExportFile[] {
  const contents: Record<(typeof EXPORT_FILES)[number]['name'], Buffer> = {
    'Mailboxes.csv': mailboxesCsv(trust),
    'GroupMembers.csv': groupMembersCsv(trust),
    'MailboxStatistics.csv': mailboxStatisticsCsv(trust),
    'MailboxPermissions.csv': mailboxPermissionsCsv(trust),
    'SendAsPermissions.csv': sendAsPermissionsCsv(trust),
    'CalendarPermissions.csv': calendarPermissionsCsv(trust),
    'MobileDevices.csv': mobileDevicesCsv(trust),
    'StaffInPost.csv': staffListCsv(trust),
    'NHSmailAccounts.csv': nhsmailAccountsCsv(trust),
    'AddressMap.csv': addressMapCsv(trust),
    'MigrationUsers.csv': migrationUsersCsv(trust),
    'SharedMailboxOwners.csv': sharedMailboxOwnersCsv(trust),
  };
  return EXPORT_FILES.map(({ label, name }) => {
    const path = join(dir, name);
    writeFileSync(path, contents[name]);
    return { label, path };
  });
}

export const STAFF_LIST_COLUMNS = [
  'Employee Number',
  'Assignment Number',
  'Title',
  'First Name',
  'Last Name',
  'Organisation',
  'Job Role',
  'Primary Assignment',
  'Email Address',
  'Leaving Date',
  'Wave',
  'NHSmail Account',
  'Helpdesk',
  'Application Owner',
  'DL Owner',
  'Outlook User',
] as const;

/**
 * The ESR "staff in post" report, one row per assignment, with the comms team's columns added, opened in
 * Excel and saved as "CSV (Comma delimited)": Windows-1252, so Ł, ś and ń become `?` while ø, ñ and ë
 * survive; the two title rows above the header and the formatted empty rows at the end come along as
 * rows of commas.
 */
export function staffListCsv(trust: Trust): Buffer {
  const rows: ExportCell[][] = [
    [`${ORGANISATION_NAME}: staff in post`],
    ['Report run 23/11/2026 18:05 by Workforce Information'],
    [],
    [...STAFF_LIST_COLUMNS],
  ];
  for (const person of trust.people) rows.push(...staffListRows(person));
  rows.push([], [], []);
  return encodeExport(excelCsv(rows), 'windows-1252');
}

export function staffListRows(person: Person): ExportCell[][] {
  const staff = person.staffList;
  if (!staff) return [];
  const yes = (flag: boolean) => (flag ? 'Yes' : undefined);
  const nhsmail = staff.getsNhsmail ? (person.id % 10 === 0 ? undefined : 'Yes') : 'No';
  return staff.assignments.map((assignment) => {
    const row: ExportCell[] = [
      staff.employeeNumber,
      assignment.number,
      staff.title,
      person.firstName,
      person.lastName,
      assignment.organisation,
      assignment.jobRole,
      assignment.primary ? 'Yes' : 'No',
      staff.email,
      assignment.leavingDate ? new Date(`${assignment.leavingDate}T00:00:00Z`) : undefined,
      staff.wave,
      nhsmail,
      yes(staff.helpdesk),
      yes(staff.applicationOwner),
      yes(staff.dlOwner),
      yes(staff.outlookUser),
    ];
    while (row.length > 0 && row[row.length - 1] === undefined) row.pop();
    return row;
  });
}

/** The portal's mailbox report: UTF-8 with a BOM, quoted only where a value needs it. */
function nhsmailAccountsCsv(trust: Trust): Buffer {
  const accounts = [...trust.people.flatMap((person) => (person.nhsmail ? [person.nhsmail] : [])), ...trust.strayAccounts];
  accounts.sort((a, b) => a.portalDisplayName.localeCompare(b.portalDisplayName, 'en-GB'));
  const rows: ExportCell[][] = [['Display Name', 'Email Address', 'Organisation', 'ODS Code', 'Mailbox Size (MB)', 'Quota (MB)']];
  for (const account of accounts)
    rows.push([account.portalDisplayName, account.address, ORGANISATION_NAME, 'RNM', account.sizeMb.toFixed(2), account.quotaMb]);
  return encodeExport(excelCsv(rows), 'utf-8-bom');
}

/** The project team's map of local to NHSmail addresses, for the accounts names cannot settle. */
function addressMapCsv(trust: Trust): Buffer {
  const rows: ExportCell[][] = [['Source Email', 'Target Email']];
  for (const person of trust.people) {
    if (person.mailbox && person.nhsmail?.link === 'address-map') rows.push([person.mailbox.address, person.nhsmail.address]);
  }
  return encodeExport(excelCsv(rows), 'utf-8-bom');
}

/** The comms team's list of who owns each shared mailbox, typed into Excel and saved as CSV UTF-8. */
function sharedMailboxOwnersCsv(trust: Trust): Buffer {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const rows: ExportCell[][] = [['Shared Mailbox', 'Owner']];
  for (const resource of trust.resources) {
    for (const [index, id] of resource.ownerIds.entries()) {
      const owner = (byId.get(id) as Person).mailbox?.address as string;
      rows.push([resource.address, index === 1 ? owner.toUpperCase() : owner]);
    }
  }
  return encodeExport(excelCsv(rows), 'utf-8-bom');
}

/** The second scenario's files: mailboxes carrying employee numbers, ESR with no addresses, Get-MigrationUser by Identifier. */
export const EMPLOYEE_NUMBER_FILES = [
  { label: 'mailboxes with CustomAttribute1 (Get-Mailbox, -Encoding UTF8)', name: 'Mailboxes.csv' },
  { label: 'ESR staff list without addresses (Windows-1252 CSV)', name: 'StaffInPost.csv' },
  { label: 'migration status by Identifier and MailboxEmailAddress (Get-MigrationUser)', name: 'MigrationUsers.csv' },
] as const;

export function writeEmployeeNumberExports(trust: Trust, dir: string): ExportFile[] {
  const contents: Record<(typeof EMPLOYEE_NUMBER_FILES)[number]['name'], Buffer> = {
    'Mailboxes.csv': mailboxesCsv(trust),
    'StaffInPost.csv': staffListCsv(trust),
    'MigrationUsers.csv': migrationUsersCsv(trust, 'identifier'),
  };
  return EMPLOYEE_NUMBER_FILES.map(({ label, name }) => {
    const path = join(dir, name);
    writeFileSync(path, contents[name]);
    return { label, path };
  });
}

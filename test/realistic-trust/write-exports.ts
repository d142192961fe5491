import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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
  { label: 'ESR staff list (XLSX)', name: 'StaffInPost.xlsx' },
  { label: 'NHSmail portal account list', name: 'NHSmailAccounts.csv' },
  { label: 'address map', name: 'AddressMap.csv' },
  { label: 'migration status (Get-MigrationUser)', name: 'MigrationUsers.csv' },
  { label: 'shared-mailbox owners', name: 'SharedMailboxOwners.csv' },
] as const;

/** Writes every export of the trust into `dir`, in the order of EXPORT_FILES. */
export async function writeExports(trust: Trust, dir: string): Promise<ExportFile[]> {
  const contents: Record<(typeof EXPORT_FILES)[number]['name'], Buffer> = {
    'Mailboxes.csv': mailboxesCsv(trust),
    'GroupMembers.csv': groupMembersCsv(trust),
    'MailboxStatistics.csv': mailboxStatisticsCsv(trust),
    'MailboxPermissions.csv': mailboxPermissionsCsv(trust),
    'SendAsPermissions.csv': sendAsPermissionsCsv(trust),
    'CalendarPermissions.csv': calendarPermissionsCsv(trust),
    'MobileDevices.csv': mobileDevicesCsv(trust),
    'StaffInPost.xlsx': await staffListXlsx(trust),
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
 * The ESR "staff in post" report, one row per assignment, with the comms team's columns added and saved
 * from Excel: two title rows above the header, dates as real dates, empty cells not written at all, and
 * a few formatted but empty rows at the end.
 */
async function staffListXlsx(trust: Trust): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Workforce Information';
  const sheet = workbook.addWorksheet('Staff in post');
  sheet.getCell('A1').value = `${ORGANISATION_NAME}: staff in post`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = 'Report run 23/11/2026 18:05 by Workforce Information';
  const header = sheet.getRow(4);
  STAFF_LIST_COLUMNS.forEach((column, index) => {
    header.getCell(index + 1).value = column;
    header.getCell(index + 1).font = { bold: true };
  });
  let rowNumber = 5;
  for (const person of trust.people) {
    for (const values of staffListRows(person)) {
      const row = sheet.getRow(rowNumber);
      values.forEach((value, index) => {
        if (value === undefined) return;
        row.getCell(index + 1).value = value;
        if (value instanceof Date) row.getCell(index + 1).numFmt = 'dd/mm/yyyy';
      });
      rowNumber += 1;
    }
  }
  for (let blank = 0; blank < 3; blank += 1) sheet.getRow(rowNumber + blank).getCell(1).border = { top: { style: 'thin' } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type CellValue = string | number | Date | undefined;

export function staffListRows(person: Person): CellValue[][] {
  const staff = person.staffList;
  if (!staff) return [];
  const yes = (flag: boolean) => (flag ? 'Yes' : undefined);
  const nhsmail = staff.getsNhsmail ? (person.id % 10 === 0 ? undefined : 'Yes') : 'No';
  return staff.assignments.map((assignment) => {
    const row: CellValue[] = [
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
  const lines = ['Display Name,Email Address,Organisation,ODS Code,Mailbox Size (MB),Quota (MB)'];
  for (const account of accounts) {
    lines.push(
      [account.portalDisplayName, account.address, ORGANISATION_NAME, 'RNM', account.sizeMb.toFixed(2), account.quotaMb]
        .map(minimallyQuoted)
        .join(','),
    );
  }
  return withBom(lines);
}

/** The project team's map of local to NHSmail addresses, for the accounts names cannot settle. */
function addressMapCsv(trust: Trust): Buffer {
  const lines = ['Source Email,Target Email'];
  for (const person of trust.people) {
    if (person.mailbox && person.nhsmail?.link === 'address-map') lines.push(`${person.mailbox.address},${person.nhsmail.address}`);
  }
  return withBom(lines);
}

/** The comms team's list of who owns each shared mailbox, typed into Excel and saved as CSV UTF-8. */
function sharedMailboxOwnersCsv(trust: Trust): Buffer {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const lines = ['Shared Mailbox,Owner'];
  for (const resource of trust.resources) {
    for (const [index, id] of resource.ownerIds.entries()) {
      const owner = (byId.get(id) as Person).mailbox?.address as string;
      lines.push(`${resource.address},${index === 1 ? owner.toUpperCase() : owner}`);
    }
  }
  return withBom(lines);
}

function minimallyQuoted(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function withBom(lines: string[]): Buffer {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * Writes realistic administrator exports for a fictional trust, quirks included:
 * UTF-16 with a #TYPE line (Windows PowerShell), every value quoted, CRLF, "Surname, Forename"
 * display names, sizes like "3.217 GB (3,454,230,118 bytes)", en-GB dates, orphaned SIDs,
 * NT AUTHORITY\SELF and inherited permission rows, a semicolon staff list in Windows-1252.
 * Deterministic for a given seed. Used by the tests (small) and the benchmark (1.5 million).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  byteOrderMark,
  type ExportCell,
  type ExportEncoding,
  excelCsvLine,
  exportBytes,
  powerShellCsvLine,
} from '../src/directory/export-csv.js';
import { SeededRandom } from '../src/shared/seeded-random.js';

export interface GeneratedExports {
  dir: string;
  people: number;
  files: Record<'mailboxes' | 'mailboxStats' | 'permissions' | 'people' | 'nhsmailAccounts' | 'mobileDevices' | 'migrationStatus', string>;
  /** Rows written per file (data rows only). */
  rows: Record<string, number>;
}

const FIRST = [
  'Sam',
  'Alex',
  'Priya',
  'Tom',
  'Aisha',
  'Gareth',
  'Zoë',
  'Mary',
  'Olu',
  'Chen',
  'Fatima',
  'Liam',
  'Sinéad',
  'Ravi',
  'Ewan',
  'Grace',
];
const LAST = [
  'Jones',
  'Smith',
  'Patel',
  'Okafor',
  'Begum',
  'Lewis',
  "O'Neil",
  'Brown',
  'Nguyen',
  'Evans',
  'Khan',
  'Murphy',
  'Taylor',
  'Wright',
  'Ali',
  'Hughes',
];
const DEPARTMENTS = ['Pharmacy', 'Radiology', 'Estates', 'Finance', 'Cardiology', 'Community Nursing', 'IT Services', 'Human Resources'];

function nameOf(i: number): { first: string; last: string } {
  return { first: FIRST[i % FIRST.length] as string, last: LAST[Math.floor(i / FIRST.length) % LAST.length] as string };
}

/** `sam.jones0`: ASCII, as an address needs; accents dropped (Zoë -> zoe). */
function personLocalPart(i: number): string {
  const { first, last } = nameOf(i);
  return `${first}.${last}${i}`
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9.]/g, '');
}

/** The Exchange alias and account name of person i: the local part without dots. */
function aliasOf(i: number): string {
  return personLocalPart(i).replace(/\./g, '');
}

function guidFor(i: number): string {
  const hex = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
  const tail = i.toString(16).padStart(12, '0');
  return `${hex}-1a2b-4c3d-8e4f-${tail}`;
}

function exchangeSize(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  const text = gb >= 1 ? `${gb.toFixed(3)} GB` : `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  return `${text} (${bytes.toLocaleString('en-GB')} bytes)`;
}

/** Streams one export to disk, encoding a few thousand lines at a time. */
class ExportWriter {
  private chunks: string[] = [];
  private readonly stream;
  rows = 0;
  constructor(
    readonly path: string,
    private readonly encoding: ExportEncoding,
    header: string,
  ) {
    this.stream = createWriteStream(path);
    const mark = byteOrderMark(encoding);
    if (mark.length > 0) this.stream.write(mark);
    this.chunks.push(header);
  }
  /** A row as PowerShell's Export-Csv writes it: every value quoted. */
  async quoted(cells: readonly ExportCell[]): Promise<void> {
    await this.line(powerShellCsvLine(cells));
  }
  /** A row as Excel saves it: quoted only where a value needs it. */
  async plain(cells: readonly ExportCell[], delimiter = ','): Promise<void> {
    await this.line(excelCsvLine(cells, delimiter));
  }
  private async line(text: string): Promise<void> {
    this.chunks.push(text);
    this.rows += 1;
    if (this.chunks.length >= 5000) await this.flush();
  }
  private async flush(): Promise<void> {
    const buffer = exportBytes(this.chunks.join(''), this.encoding);
    this.chunks = [];
    if (!this.stream.write(buffer)) await new Promise<void>((done) => this.stream.once('drain', () => done()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((done) => this.stream.end(() => done()));
  }
}

export async function generateExports(options: { dir: string; people: number; seed?: number }): Promise<GeneratedExports> {
  const { dir, people } = options;
  const rand = new SeededRandom(options.seed ?? 42).next;
  mkdirSync(dir, { recursive: true });
  const sharedCount = Math.max(1, Math.floor(people / 25));
  const files = {
    mailboxes: join(dir, 'mailboxes.csv'),
    mailboxStats: join(dir, 'mailbox-stats.csv'),
    permissions: join(dir, 'permissions.csv'),
    people: join(dir, 'people.csv'),
    nhsmailAccounts: join(dir, 'nhsmail-accounts.csv'),
    mobileDevices: join(dir, 'mobile-devices.csv'),
    migrationStatus: join(dir, 'migration-status.csv'),
  };
  const mailboxes = new ExportWriter(
    files.mailboxes,
    'utf-16le-bom',
    `#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox\r\n${powerShellCsvLine(['DisplayName', 'PrimarySmtpAddress', 'Alias', 'RecipientTypeDetails', 'ProhibitSendQuota', 'UseDatabaseQuotaDefaults', 'ExchangeGuid', 'SamAccountName'])}`,
  );
  const stats = new ExportWriter(
    files.mailboxStats,
    'utf-8-bom',
    `#TYPE Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics\r\n${powerShellCsvLine(['DisplayName', 'TotalItemSize', 'TotalDeletedItemSize', 'ItemCount', 'LastLogonTime', 'MailboxGuid'])}`,
  );
  const permissions = new ExportWriter(
    files.permissions,
    'utf-8',
    powerShellCsvLine(['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny']),
  );
  const staff = new ExportWriter(
    files.people,
    'windows-1252',
    excelCsvLine(
      ['Email', 'First Name', 'Surname', 'Department', 'Job Role', 'Helpdesk', 'Application Owner', 'DL Owner', 'Outlook User', 'Wave'],
      ';',
    ),
  );
  const nhsmail = new ExportWriter(files.nhsmailAccounts, 'utf-8', excelCsvLine(['Email Address', 'Current Size', 'Allocated Quota']));
  const mobile = new ExportWriter(
    files.mobileDevices,
    'utf-8',
    powerShellCsvLine(['PrimarySmtpAddress', 'DeviceId', 'DeviceType', 'DeviceModel', 'DeviceOS', 'LastSuccessSync']),
  );
  const migration = new ExportWriter(files.migrationStatus, 'utf-8', excelCsvLine(['Identity', 'Status']));
  const total = people + sharedCount;
  for (let i = 0; i < total; i++) {
    const shared = i >= people;
    const { first, last } = nameOf(i);
    const localPart = shared ? `shared.mailbox${i}` : personLocalPart(i);
    const email = `${localPart}@trust.nhs.uk`;
    const display = shared ? `${DEPARTMENTS[i % DEPARTMENTS.length]} shared ${i}` : `${last}, ${first} (${i})`;
    const alias = localPart.replace(/\./g, '');
    const size = Math.floor(rand() * rand() * 6 * 1024 ** 3);
    await mailboxes.quoted([
      display,
      email,
      alias,
      shared ? 'SharedMailbox' : 'UserMailbox',
      rand() < 0.8 ? 'Unlimited' : exchangeSize(5 * 1024 ** 3),
      rand() < 0.8 ? 'True' : 'False',
      guidFor(i),
      alias,
    ]);
    const logon =
      rand() < 0.05
        ? ''
        : `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/2026 ${String(i % 24).padStart(2, '0')}:15:00`;
    await stats.quoted([display, exchangeSize(size), exchangeSize(Math.floor(size / 20)), Math.floor(size / 60_000), logon, guidFor(i)]);
    if (shared) {
      const owner = Math.floor(rand() * people);
      await permissions.quoted([display, `TRUST\\${aliasOf(owner)}`, '{FullAccess}', 'False', 'False']);
      await permissions.quoted([display, 'S-1-5-21-1004336348-1177238915-682003330-2219', '{FullAccess}', 'False', 'False']);
      continue;
    }
    await permissions.quoted([display, 'NT AUTHORITY\\SELF', '{FullAccess, ReadPermission}', 'False', 'False']);
    await permissions.quoted([display, 'TRUST\\Domain Admins', '{FullAccess}', 'True', 'True']);
    if (i % 10 === 0 && i + 1 < people) {
      await permissions.quoted([display, `TRUST\\${aliasOf(i + 1)}`, '{FullAccess}', 'False', 'False']);
    }
    const department = DEPARTMENTS[i % DEPARTMENTS.length] as string;
    const flag = (p: number) => (rand() < p ? 'Yes' : 'No');
    await staff.plain(
      [
        email,
        first,
        last,
        department,
        department === 'IT Services' ? 'Analyst' : 'Clinician',
        department === 'IT Services' ? flag(0.5) : 'No',
        flag(0.01),
        flag(0.03),
        flag(0.4),
        `Wave ${1 + (i % 4)}`,
      ],
      ';',
    );
    if (i % 10 === 0) await nhsmail.plain([email, `${Math.floor(rand() * 3000)} MB`, i % 100 === 0 ? '50 GB' : '4 GB']);
    if (i % 3 === 0) await mobile.quoted([email, `ApplDN${i.toString(36).toUpperCase()}`, 'iPhone', 'iPhone15,2', 'iOS 18.1', logon]);
    if (i % 4 === 0) await migration.plain([email, i % 40 === 0 ? 'Failed' : 'Completed']);
  }
  const writers = { mailboxes, stats, permissions, staff, nhsmail, mobile, migration };
  for (const writer of Object.values(writers)) await writer.close();
  return { dir, people, files, rows: Object.fromEntries(Object.entries(writers).map(([name, writer]) => [name, writer.rows])) };
}

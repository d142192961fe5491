import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBytes } from '../src/directory/export-csv.js';
import { cliSandbox } from './support/cli-harness.js';

/**
 * Names that lose letters on the way out of Windows, in files written as the tools write them:
 * - Excel's "Save As > CSV (Comma delimited)" writes the computer's ANSI code page, Windows-1252
 *   on a UK Windows, with no byte-order mark, CRLF line ends and quotes only around values that
 *   need them. Letters Windows-1252 has (é, ø, ñ, ’) keep their byte; any other (Ł, ő) is written
 *   as "?". "CSV UTF-8 (Comma delimited)" is the choice that keeps them.
 * - Windows PowerShell 5.1's `Export-Csv -NoTypeInformation -Encoding UTF8` writes UTF-8 with a
 *   byte-order mark, every value in quotes, CRLF line ends.
 */

/** Text as Windows writes it in Windows-1252: a character the code page lacks becomes "?". */
const windows1252 = (text: string) => exportBytes(text, 'windows-1252');

/** A row as Excel writes it: a value is quoted only when it holds a comma, a quote or a line break. */
const excelRow = (cells: string[]) => cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');

/** An ESR staff list as HR keeps it in Excel, with the names as people spell them. */
const STAFF = [
  ['Employee Number', 'Title', 'Last Name', 'First Name', 'Organisation', 'Position Title', 'Email Address'],
  ['20410001', 'Mr', 'Nowak', 'Łukasz', '153 Pharmacy', 'Pharmacist', 'lukasz.nowak@eastbrook.nhs.uk'],
  ['20410002', 'Mr', 'Olsen', 'Bjørn', '153 Estates', 'Electrician', 'bjorn.olsen@eastbrook.nhs.uk'],
  ['20410003', 'Ms', 'O’Neill', 'Siobhán', '153 Ward 7 Acute Medicine', 'Staff Nurse', 'siobhan.oneill@eastbrook.nhs.uk'],
  ['20410004', 'Mrs', 'Byrne', 'Mary-Anne', '153 Estates (Who’s on call? See rota)', 'Porter', 'maryanne.byrne@eastbrook.nhs.uk'],
  ['20410005', 'Mr', 'Szabó', 'Gergő', '153 Anaesthetics', 'Anaesthetist', 'gergo.szabo@eastbrook.nhs.uk'],
  ['20410006', 'Ms', 'Muñoz', 'Ana', '153 Hotel Services', 'Domestic Assistant', 'ana.munoz@eastbrook.nhs.uk'],
];

/** Get-Mailbox | Select DisplayName,PrimarySmtpAddress,RecipientTypeDetails,Alias | Export-Csv -NoTypeInformation -Encoding UTF8. Gergő has no mailbox here. */
const MAILBOXES = [
  ['DisplayName', 'PrimarySmtpAddress', 'RecipientTypeDetails', 'Alias'],
  ['Łukasz Nowak', 'lukasz.nowak@eastbrook.nhs.uk', 'UserMailbox', 'lnowak'],
  ['Bjørn Olsen', 'bjorn.olsen@eastbrook.nhs.uk', 'UserMailbox', 'bolsen'],
  ['Siobhán O’Neill', 'siobhan.oneill@eastbrook.nhs.uk', 'UserMailbox', 'soneill'],
  ['Mary-Anne Byrne', 'maryanne.byrne@eastbrook.nhs.uk', 'UserMailbox', 'mbyrne'],
  ['Ana Muñoz', 'ana.munoz@eastbrook.nhs.uk', 'UserMailbox', 'amunoz'],
];

const powerShellUtf8 = (rows: string[][]) =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n'))]);

let sandbox: ReturnType<typeof cliSandbox>;
const write = (name: string, bytes: Buffer) => {
  const path = join(sandbox.dir, name);
  writeFileSync(path, bytes);
  return path;
};

beforeEach(async () => {
  sandbox = cliSandbox();
  await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
});
afterEach(() => sandbox.cleanup());

async function importBoth() {
  const mailboxes = await sandbox.run('import', 'mailboxes', write('mailboxes.csv', powerShellUtf8(MAILBOXES)));
  const staff = await sandbox.run('import', 'people', write('staff.csv', windows1252(`${STAFF.map(excelRow).join('\r\n')}\r\n`)));
  return { mailboxes, staff };
}

describe('a staff list saved from Excel as "CSV (Comma delimited)", next to a UTF-8 mailbox export', () => {
  it('is written as Excel writes it: Windows-1252 keeps ø, ñ and ’, and Ł and ő become "?"', () => {
    const bytes = windows1252(excelRow(STAFF[1] as string[]) + excelRow(STAFF[3] as string[]) + excelRow(STAFF[5] as string[]));
    expect(bytes.toString('latin1')).toContain(',?ukasz,');
    expect(bytes.toString('latin1')).toContain(',Gerg?,');
    expect(bytes.includes(Buffer.from([0x4f, 0x92, 0x4e]))).toBe(true); // O’N
  });

  it('imports every row and says which file lost letters, in how many rows, and how to save it with them', async () => {
    const { mailboxes, staff } = await importBoth();
    expect(mailboxes.stdout).not.toContain('"?"');
    expect(staff.code).toBe(0);
    expect(staff.stdout).toContain('6 rows read; 6 added');
    const warnings = staff.stdout.split('\n').filter((line) => line.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('staff.csv: 2 rows have names with "?" in place of a letter (the first is row 2, First Name "?ukasz")');
    expect(warnings[0]).toContain('Windows-1252');
    expect(warnings[0]).toContain('save the list from Excel as "CSV UTF-8 (Comma delimited)"');
  });

  it('records which names lost letters, and lists them', async () => {
    await importBoth();
    const listed = JSON.parse((await sandbox.run('lost-letters', '--json')).stdout);
    expect(listed).toEqual({
      total: 2,
      names: [
        { source: 'staff list', address: 'gergo.szabo@eastbrook.nhs.uk', name: 'Gerg? Szabó', columns: 'first name' },
        { source: 'staff list', address: 'lukasz.nowak@eastbrook.nhs.uk', name: '?ukasz Nowak', columns: 'first name' },
      ],
    });
    const csv = await sandbox.run('lost-letters', '--csv', 'lost.csv');
    expect(csv.stdout).toContain('Wrote 2 names');
    expect(readFileSync(join(sandbox.dir, 'lost.csv'), 'utf8')).toContain(
      '?ukasz Nowak,lukasz.nowak@eastbrook.nhs.uk,staff list,first name\r\n',
    );
  });

  it('greets Łukasz by the name his mailbox kept, and Gergő, whose only name lost its letter, as "colleague"', async () => {
    await importBoth();
    const lukasz = await sandbox.run('preview', 'over-quota', '--person', 'lukasz.nowak@eastbrook.nhs.uk');
    expect(lukasz.stdout).toContain('Dear Łukasz,');
    const gergo = await sandbox.run('preview', 'over-quota', '--person', 'gergo.szabo@eastbrook.nhs.uk');
    expect(gergo.stdout).toContain('Dear colleague,');
    for (const person of ['bjorn.olsen', 'siobhan.oneill', 'maryanne.byrne', 'ana.munoz']) {
      const preview = await sandbox.run('preview', 'over-quota', '--person', `${person}@eastbrook.nhs.uk`);
      expect(preview.stdout).toMatch(/Dear (Bjørn|Siobhán|Mary-Anne|Ana),/);
    }
  });

  it('has check name the people affected and how to list them all', async () => {
    await importBoth();
    const check = await sandbox.run('check');
    const finding = check.stdout.split('\n').find((line) => line.includes('in place of a letter'));
    expect(finding).toContain('2 people’s names came with "?" in place of a letter');
    expect(finding).toContain(
      '"Gerg? Szabó" (gergo.szabo@eastbrook.nhs.uk, staff list); "?ukasz Nowak" (lukasz.nowak@eastbrook.nhs.uk, staff list)',
    );
    expect(finding).toContain('"Dear colleague"');
    expect(finding).toContain('commsplan lost-letters');
  });

  it('forgets the lost letters once the list is imported again saved as "CSV UTF-8"', async () => {
    await importBoth();
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${STAFF.map(excelRow).join('\r\n')}\r\n`)]);
    const again = await sandbox.run('import', 'people', write('staff-utf8.csv', utf8));
    expect(again.stdout).not.toContain('in place of a letter');
    expect(JSON.parse((await sandbox.run('lost-letters', '--json')).stdout).total).toBe(0);
    expect((await sandbox.run('check')).stdout).not.toContain('in place of a letter');
    expect((await sandbox.run('preview', 'over-quota', '--person', 'gergo.szabo@eastbrook.nhs.uk')).stdout).toContain('Dear Gergő,');
  });

  it('records lost letters in staff rows with no address, a PowerShell ASCII mailbox export and a portal list re-saved from Excel', async () => {
    const asciiMailboxes = [
      '#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox',
      '"DisplayName","PrimarySmtpAddress","RecipientTypeDetails","Alias"',
      '"Zo? Br?nt?","zoe.bronte@eastbrook.nhs.uk","UserMailbox","zbronte"',
      '"Pharmacy ?ód? Liaison","pharmacy.lodz@eastbrook.nhs.uk","SharedMailbox","plodz"',
    ].join('\r\n');
    const mailboxes = await sandbox.run('import', 'mailboxes', write('mailboxes.csv', Buffer.from(asciiMailboxes, 'ascii')));
    expect(mailboxes.stdout).toContain(
      'mailboxes.csv: 2 rows have names with "?" in place of a letter (the first is row 3, DisplayName "Zo? Br?nt?")',
    );
    expect(mailboxes.stdout).toContain('Export-Csv -Encoding UTF8');
    const withoutAddress = [...STAFF, ['20410007', 'Mr', 'Wójcik', 'Paweł', '153 Hotel Services', 'Porter', '']];
    await sandbox.run('import', 'people', write('staff.csv', windows1252(`${withoutAddress.map(excelRow).join('\r\n')}\r\n`)));
    const portal = [
      ['Email Address', 'Display Name', 'Account Status', 'Mailbox Size (MB)', 'Quota (MB)', 'Local Email'],
      ['lukasz.nowak@nhs.net', 'NOWAK, Łukasz (EASTBROOK HOSPITALS NHS TRUST)', 'Active', '12', '4096', 'lukasz.nowak@eastbrook.nhs.uk'],
    ];
    const accounts = await sandbox.run(
      'import',
      'nhsmail-accounts',
      write('portal.csv', windows1252(`${portal.map(excelRow).join('\r\n')}\r\n`)),
    );
    expect(accounts.stdout).toContain(
      'portal.csv: 1 row has a name with "?" in place of a letter (the first is row 2, Display Name "NOWAK, ?ukasz',
    );
    const { names } = JSON.parse((await sandbox.run('lost-letters', '--json')).stdout);
    expect(names).toEqual([
      { source: 'staff list', address: 'gergo.szabo@eastbrook.nhs.uk', name: 'Gerg? Szabó', columns: 'first name' },
      { source: 'staff list', address: 'lukasz.nowak@eastbrook.nhs.uk', name: '?ukasz Nowak', columns: 'first name' },
      { source: 'staff list, no address', address: '20410007', name: 'Pawe? Wójcik', columns: 'first name' },
      { source: 'mailbox list', address: 'zoe.bronte@eastbrook.nhs.uk', name: 'Zo? Br?nt?', columns: 'display name' },
      {
        source: 'NHSmail list',
        address: 'lukasz.nowak@nhs.net',
        name: 'NOWAK, ?ukasz (EASTBROOK HOSPITALS NHS TRUST)',
        columns: 'display name',
      },
    ]);
    const check = (await sandbox.run('check')).stdout;
    expect(check).toContain('4 people’s names came with "?" in place of a letter');
  });
});

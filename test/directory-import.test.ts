import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTableFile } from '../src/directory/read-table-file.js';
import { cliSandbox } from './support/cli-harness.js';

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(async () => {
  sandbox = cliSandbox();
  await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
});
afterEach(() => sandbox.cleanup());

const MAILBOX_HEADER =
  '"DisplayName","PrimarySmtpAddress","Alias","RecipientTypeDetails","ProhibitSendQuota","UseDatabaseQuotaDefaults","ExchangeGuid","SamAccountName"';
const mailboxRow = (name: string, email: string, alias: string, type = 'UserMailbox', guid = '') =>
  [name, email, alias, type, 'Unlimited', 'True', guid, alias].map((v) => `"${v}"`).join(',');
const MAILBOXES = [
  MAILBOX_HEADER,
  mailboxRow('Jones, Sam', 'sam.jones@trust.nhs.uk', 'sjones', 'UserMailbox', '11111111-2222-3333-4444-000000000001'),
  mailboxRow('Brown, Zoë', 'zoe.brown@trust.nhs.uk', 'zbrown', 'UserMailbox', '11111111-2222-3333-4444-000000000002'),
  mailboxRow('Smith, Alex', 'alex.smith@trust.nhs.uk', 'asmith1', 'UserMailbox', '11111111-2222-3333-4444-000000000003'),
  mailboxRow('Smith, Alex', 'alex.smith2@trust.nhs.uk', 'asmith2', 'UserMailbox', '11111111-2222-3333-4444-000000000004'),
  mailboxRow('Pharmacy Team', 'pharmacy@trust.nhs.uk', 'pharmacy', 'SharedMailbox', '11111111-2222-3333-4444-000000000005'),
].join('\r\n');

function write(name: string, content: string | Buffer, encoding: 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'cp1252' = 'utf8'): string {
  let bytes: Buffer;
  if (Buffer.isBuffer(content)) bytes = content;
  else if (encoding === 'utf8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content)]);
  else if (encoding === 'utf16le') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]);
  else if (encoding === 'utf16be') bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(content, 'utf16le').swap16()]);
  else if (encoding === 'cp1252') bytes = Buffer.from(content.replace(/€/g, '\x80').replace(/’/g, '\x92'), 'latin1');
  else bytes = Buffer.from(content);
  writeFileSync(join(sandbox.dir, name), bytes);
  return name;
}

async function json(...args: string[]) {
  const result = await sandbox.run(...args, '--json');
  return JSON.parse(result.stdout);
}

async function peopleIn(audience: string): Promise<string[]> {
  return (await json('audience', 'show', audience)).people.map((p: { email: string }) => p.email);
}

describe('importing files as administrators export them', () => {
  it.each([
    ['UTF-16 LE with a BOM and a #TYPE line', 'utf16le', true],
    ['UTF-16 BE with a BOM', 'utf16be', false],
    ['UTF-8 with a BOM', 'utf8-bom', true],
    ['plain UTF-8', 'utf8', false],
  ] as const)('reads mailboxes in %s', async (_label, encoding, typeLine) => {
    const content = `${typeLine ? '#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox\r\n' : ''}${MAILBOXES}\r\n`;
    const result = await sandbox.run('import', 'auto', write('mailboxes.csv', content, encoding));
    expect(result.stdout).toContain('Imported mailboxes from mailboxes.csv: 5 rows read; 5 added');
    expect(await peopleIn('local-email-users')).toContain('zoe.brown@trust.nhs.uk');
    const zoe = (await json('audience', 'show', 'all-staff')).people.find((p: { email: string }) => p.email === 'zoe.brown@trust.nhs.uk');
    expect(zoe.display_name).toBe('Brown, Zoë');
  });

  it.each([
    ['semicolons in Windows-1252', 'Email;First Name;Surname;Department\r\nmary.o@trust.nhs.uk;Mary;O’Neil;Pharmacy €\r\n', 'cp1252'],
    ['tabs', 'Email\tFirst Name\tSurname\tDepartment\nmary.o@trust.nhs.uk\tMary\tO’Neil\tPharmacy €\n', 'utf8'],
    ['odd column spellings', 'E-mail Address,FIRST_NAME,Surname,department\r\nmary.o@trust.nhs.uk,Mary,O’Neil,Pharmacy €\r\n', 'utf8'],
    [
      'lines ending in CR alone (old Mac Excel)',
      'Email,First Name,Surname,Department\rmary.o@trust.nhs.uk,Mary,O’Neil,Pharmacy €\r',
      'utf8',
    ],
  ] as const)('reads a staff list with %s', async (_label, content, encoding) => {
    const result = await sandbox.run('import', 'people', write('staff.csv', content, encoding));
    expect(result.code).toBe(0);
    const [mary] = (await json('audience', 'show', 'all-staff')).people;
    expect([mary.first_name, mary.last_name, mary.department]).toEqual(['Mary', 'O’Neil', 'Pharmacy €']);
  });

  it('reads the first worksheet of an XLSX file, taking formula results, not formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Staff');
    sheet.addRow(['Email', 'First name', 'Last name', 'Department']);
    sheet.addRow(['ann@trust.nhs.uk', 'Ann', { formula: 'UPPER("lee")', result: 'LEE' }, 'Estates']);
    sheet.addRow(['bob@trust.nhs.uk', 'Bob', 'Ray', 'Finance']);
    await workbook.xlsx.writeFile(join(sandbox.dir, 'staff.xlsx'));
    expect((await sandbox.run('import', 'auto', 'staff.xlsx')).stdout).toContain('2 added');
    const people = (await json('audience', 'show', 'all-staff')).people;
    expect(people.map((p: { last_name: string }) => p.last_name)).toEqual(['LEE', 'Ray']);
  });

  it('counts added, changed and unchanged on re-import, and --replace removes the absent after saying how many', async () => {
    const staff = (rows: string[]) => write('staff.csv', ['Email,First Name,Department', ...rows].join('\n'));
    await sandbox.run('import', 'people', staff(['a@trust.nhs.uk,Ann,Estates', 'b@trust.nhs.uk,Bob,Finance', 'c@trust.nhs.uk,Cat,IT']));
    const again = await sandbox.run(
      'import',
      'people',
      staff(['a@trust.nhs.uk,Ann,Estates', 'b@trust.nhs.uk,Bob,Pharmacy', 'd@trust.nhs.uk,Dan,IT']),
    );
    expect(again.stdout).toContain('3 rows read; 1 added, 1 changed, 1 unchanged, 0 removed');
    expect(await peopleIn('all-staff')).toEqual(['a@trust.nhs.uk', 'b@trust.nhs.uk', 'c@trust.nhs.uk', 'd@trust.nhs.uk']);
    const replaced = await sandbox.run('import', 'people', staff(['a@trust.nhs.uk,Ann,Estates', 'd@trust.nhs.uk,Dan,IT']), '--replace');
    expect(replaced.stdout).toContain('0 added, 0 changed, 2 unchanged, 2 removed');
    expect(await peopleIn('all-staff')).toEqual(['a@trust.nhs.uk', 'd@trust.nhs.uk']);
  });

  it('joins mailbox statistics to mailboxes by GUID or name, reporting names that match nothing or several', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', MAILBOXES));
    const stats = [
      '#TYPE Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics',
      '"DisplayName","TotalItemSize","TotalDeletedItemSize","ItemCount","LastLogonTime","MailboxGuid"',
      '"Jones, Sam","3.9 GB (4,187,593,113 bytes)","0 B (0 bytes)","1200","31/01/2026 14:05:00","11111111-2222-3333-4444-000000000001"',
      '"Brown, Zoë","512 MB","0 B","3","",""',
      '"Smith, Alex","1 GB","0 B","3","",""',
      '"Ghost, Casper","1 GB","0 B","3","",""',
    ].join('\r\n');
    const refused = await sandbox.run('import', 'auto', write('stats.csv', stats));
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('Nothing was imported from stats.csv: 2 of 4 rows have problems');
    expect(refused.stdout).toContain('row 5, DisplayName "Smith, Alex" matches 2 mailboxes');
    expect(refused.stdout).toContain('row 6, DisplayName "Ghost, Casper" matches no one');
    const report = readFileSync(join(sandbox.dir, 'stats.report.csv'), 'utf8');
    expect(report.split('\r\n')[0]).toBe('row,column,value,reason,severity');
    expect(report).toContain('6,DisplayName,"Ghost, Casper",matches no one');

    const kept = await sandbox.run('import', 'auto', 'stats.csv', '--skip-invalid');
    expect(kept.stdout).toContain('2 rows with problems were left out');
    expect(readFileSync(join(sandbox.dir, 'stats.rejected.csv'), 'utf8')).toContain('"Ghost, Casper",1 GB');
    const sam = (await json('audience', 'show', 'local-email-users')).people.find(
      (p: { email: string }) => p.email === 'sam.jones@trust.nhs.uk',
    );
    expect(sam.local_size).toBe(4_187_593_113);
  });

  it('resolves permissions given as DOMAIN\\user, names and addresses, and reports deleted accounts', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', MAILBOXES));
    const fullAccess = [
      '"Identity","User","AccessRights","IsInherited","Deny"',
      '"Pharmacy Team","TRUST\\zbrown","{FullAccess}","False","False"',
      '"Pharmacy Team","NT AUTHORITY\\SELF","{FullAccess, ReadPermission}","False","False"',
      '"Pharmacy Team","S-1-5-21-1004336348-1177238915-682003330-512","{FullAccess}","False","False"',
      '"Pharmacy Team","TRUST\\sjones","{FullAccess}","True","False"',
    ].join('\r\n');
    const result = await sandbox.run('import', 'auto', write('perms.csv', fullAccess));
    expect(result.stdout).toContain('4 rows read; 1 added');
    expect(result.stdout).toContain('User "S-1-5-21-1004336348-1177238915-682003330-512" is the id of a deleted account');
    expect(await peopleIn('shared-mailbox-users')).toEqual(['zoe.brown@trust.nhs.uk']);

    const delegates = 'Mailbox,User,AccessRights\r\npharmacy@trust.nhs.uk,"Jones, Sam",FullAccess\r\n';
    expect((await sandbox.run('import', 'permissions', write('delegates.csv', delegates))).stdout).toContain('1 added');
    expect(await peopleIn('shared-mailbox-users')).toEqual(['sam.jones@trust.nhs.uk', 'zoe.brown@trust.nhs.uk']);

    const onBehalf = 'Identity,GrantSendOnBehalfTo\r\n"Jones, Sam","zoe.brown@trust.nhs.uk;TRUST\\asmith1"\r\n';
    expect((await sandbox.run('import', 'permissions', write('behalf.csv', onBehalf))).stdout).toContain('2 added');
    const unexpanded =
      'Identity,GrantSendOnBehalfTo\r\n"Jones, Sam",Microsoft.Exchange.Data.Directory.ADMultiValuedProperty`1[Microsoft.Exchange.Data.Directory.ADObjectId]\r\n';
    expect((await sandbox.run('import', 'permissions', write('unexpanded.csv', unexpanded))).stdout).toContain('-join ";"');

    const calendar =
      'Identity,FolderName,User,AccessRights\r\n"sam.jones@trust.nhs.uk:\\Calendar",Calendar,"Brown, Zoë",{Editor}\r\n"sam.jones@trust.nhs.uk:\\Calendar",Calendar,Default,{AvailabilityOnly}\r\n';
    expect((await sandbox.run('import', 'permissions', write('calendar.csv', calendar))).stdout).toContain('1 added');
  });

  it('reports every unresolved user, however many pages they take', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', MAILBOXES));
    const rows = Array.from({ length: 25_000 }, (_, i) => `"Pharmacy Team","TRUST\\ghost${i}","{FullAccess}"`);
    const result = JSON.parse(
      (
        await sandbox.run(
          'import',
          'permissions',
          write('ghosts.csv', ['"Identity","User","AccessRights"', ...rows].join('\r\n')),
          '--json',
        )
      ).stdout,
    );
    expect(result.warnings).toBe(25_000);
    const report = readFileSync(join(sandbox.dir, 'ghosts.report.csv'), 'utf8').trim().split('\r\n');
    expect(report).toHaveLength(25_001);
    expect(report.at(-1)).toContain('25001,User,TRUST\\ghost24999');
  });

  it('reads Exchange and MigrationWiz statuses and refuses unknown ones', async () => {
    const statuses =
      'Identity,Status\r\na@trust.nhs.uk,Completed\r\nb@trust.nhs.uk,CompletedWithWarnings\r\nc@trust.nhs.uk,Failed\r\nd@trust.nhs.uk,Completed (Failed)\r\ne@trust.nhs.uk,Syncing\r\n';
    await sandbox.run(
      'import',
      'people',
      write('staff.csv', 'Email,First Name\na@trust.nhs.uk,A\nb@trust.nhs.uk,B\nc@trust.nhs.uk,C\nd@trust.nhs.uk,D\ne@trust.nhs.uk,E\n'),
    );
    expect((await sandbox.run('import', 'migration-status', write('status.csv', statuses))).code).toBe(0);
    expect(await peopleIn('migrated')).toEqual(['a@trust.nhs.uk', 'b@trust.nhs.uk']);
    expect(await peopleIn('failed')).toEqual(['c@trust.nhs.uk', 'd@trust.nhs.uk']);
    const unknown = await sandbox.run('import', 'migration-status', write('odd.csv', 'email,status\na@trust.nhs.uk,Teleported\n'));
    expect(unknown.stdout).toContain('row 2, status "Teleported" is not a migration status commsplan knows');
  });

  it('rejects every repeated person, however many pages they take, keeping each first row', async () => {
    const people = Array.from({ length: 10_500 }, (_, i) => `p${i}@trust.nhs.uk`);
    const rows = [...people.map((email) => `${email},First`), ...people.map((email) => `${email.toUpperCase()},Again`)];
    const result = JSON.parse(
      (await sandbox.run('import', 'people', write('twice.csv', ['Email,First Name', ...rows].join('\n')), '--skip-invalid', '--json'))
        .stdout,
    );
    expect([result.added, result.rejected, result.errorsByReason]).toEqual([
      10_500,
      10_500,
      { 'is a duplicate person: also on row …': 10_500 },
    ]);
    const rejected = readFileSync(join(sandbox.dir, 'twice.rejected.csv'), 'utf8').trim().split('\r\n');
    expect(rejected).toHaveLength(10_501);
    expect(rejected[1]).toBe('P0@TRUST.NHS.UK,Again,Email is a duplicate person: also on row 2');
    expect(rejected.at(-1)).toBe('P10499@TRUST.NHS.UK,Again,Email is a duplicate person: also on row 10501');
    expect((await json('audience', 'show', 'all-staff')).people[0].first_name).toBe('First');
  });

  it('refuses to read a file a second time, for the report, once it has changed', async () => {
    const path = join(sandbox.dir, write('staff.csv', 'Email,First Name\na@trust.nhs.uk,A\n'));
    const table = await openTableFile(path, 'staff.csv');
    await table.close();
    writeFileSync(path, 'Email,First Name\nb@trust.nhs.uk,B\nc@trust.nhs.uk,C\n');
    await expect(table.reopen()).rejects.toThrow('staff.csv: changed while it was being imported. Nothing was imported; import it again.');
  });

  it('flags an export of exactly 1,000 rows as probably cut short', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `p${i}@trust.nhs.uk,P${i}`);
    const result = await sandbox.run('import', 'people', write('staff.csv', ['Email,First Name', ...rows].join('\n')));
    expect(result.stdout).toContain('exactly 1,000 rows');
    expect(result.stdout).toContain('-ResultSize Unlimited');
  });
});

describe('importing bad files: a clear error, and the store unchanged', () => {
  async function snapshot() {
    return [await json('audiences'), await json('audience', 'show', 'all-staff')];
  }

  beforeEach(async () => {
    await sandbox.run('import', 'people', write('base.csv', 'Email,First Name,Department\nkeep@trust.nhs.uk,Keep,Estates\n'));
  });

  it.each<[string, () => string | Buffer, string[], string]>([
    [
      'a file that is not what its kind says',
      () => MAILBOXES,
      ['mailbox-stats'],
      'is not an Exchange Get-MailboxStatistics export: it has no TotalItemSize column. It looks like an Exchange Get-Mailbox export (kind mailboxes)',
    ],
    ['a file whose kind cannot be recognised', () => 'Colour,Flavour\nred,lime\n', ['auto'], 'cannot tell what kind of export this is'],
    [
      'a truncated file',
      () => `${MAILBOX_HEADER}\r\n"Jones, Sam","sam.jones@trust.nhs.uk","sjo`,
      ['mailboxes'],
      'ends inside a quoted value after row 1',
    ],
    ['an empty file', () => '', ['people'], 'is empty'],
    ['a header with no rows of text', () => '\r\n\r\n', ['people'], 'has no header row'],
    [
      'duplicate column names',
      () => 'Email,First Name,first_name\na@trust.nhs.uk,A,B\n',
      ['people'],
      'has the column "first_name" more than once',
    ],
    ['a binary file', () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x10, 0x20]), ['people'], 'contains binary data'],
  ])('refuses %s', async (_label, content, kind, message) => {
    const before = await snapshot();
    const result = await sandbox.run('import', ...kind, write('bad.csv', content()));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.csv');
    expect(result.stderr).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [
      'a row with an extra column',
      'Email,First Name\na@trust.nhs.uk,A\nb@trust.nhs.uk,B,extra\n',
      'row 3, (whole row)',
      'has 3 values but the header has 2 columns',
    ],
    [
      'a row with a missing column, in an export that quotes every value as PowerShell does',
      '"Email","First Name","Department"\n"a@trust.nhs.uk","A","IT"\n"b@trust.nhs.uk","B"\n',
      'row 3, (whole row)',
      'has 2 values but the header has 3 columns',
    ],
    [
      'a size in a form not listed',
      'Email Address,Current Size,Allocated Quota\na@nhs.net,about 3 GB,4 GB\n',
      'row 2, Current Size "about 3 GB"',
      'is not a size',
    ],
    [
      'an address with a non-breaking space inside',
      'Email,First Name\nsam\u00a0jones@trust.nhs.uk,Sam\n',
      'row 2, Email',
      'is not a valid email address',
    ],
    [
      'a duplicate person',
      'Email,First Name\na@trust.nhs.uk,A\nA@Trust.nhs.uk,A again\n',
      'row 3, Email "A@Trust.nhs.uk"',
      'is a duplicate person: also on row 2',
    ],
    [
      'a US date under the en-GB setting',
      'PrimarySmtpAddress,DeviceId,DeviceType,LastSuccessSync\nkeep@trust.nhs.uk,D1,iPhone,01/31/2026 10:00:00\n',
      'row 2, LastSuccessSync',
      'the file may use en-US dates',
    ],
  ])('imports nothing from a file with %s, naming row, column and reason', async (_label, content, where, reason) => {
    const before = await snapshot();
    const result = await sandbox.run('import', 'auto', write('bad.csv', content));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(where);
    expect(result.stdout).toContain(reason);
    expect(result.stdout).toContain('Nothing was imported');
    expect(existsSync(join(sandbox.dir, 'bad.report.csv'))).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('accepts an address with a non-breaking space at its end, cleaned', async () => {
    await sandbox.run('import', 'people', write('staff.csv', 'Email,First Name\nsam.jones@trust.nhs.uk\u00a0,Sam\n'));
    expect(await peopleIn('all-staff')).toContain('sam.jones@trust.nhs.uk');
  });

  it('keeps a formula in a name cell as text, and neutralises it in a CSV export', async () => {
    await sandbox.run(
      'import',
      'people',
      write('staff.csv', 'Email,First Name,Last Name\nevil@trust.nhs.uk,"=HYPERLINK(""http://x.example"",""Click"")",-2+3\n'),
    );
    const evil = (await json('audience', 'show', 'all-staff')).people.find((p: { email: string }) => p.email === 'evil@trust.nhs.uk');
    expect(evil.first_name).toBe('=HYPERLINK("http://x.example","Click")');
    await sandbox.run('audience', 'show', 'all-staff', '--csv', 'staff-out.csv');
    const exported = readFileSync(join(sandbox.dir, 'staff-out.csv'), 'utf8');
    expect(exported).toContain(`"'=HYPERLINK(""http://x.example"",""Click"")",'-2+3`);
    expect(exported).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('refuses --replace with a file that keeps no one', async () => {
    const before = await snapshot();
    const result = await sandbox.run('import', 'people', write('none.csv', 'Email,First Name\n'), '--replace');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--replace would remove everything');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses --replace with a permissions file whose every row is skipped, keeping the permissions there are', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', MAILBOXES));
    // A staff list is imported in this sandbox already: only people on it are in audiences.
    await sandbox.run('import', 'people', write('zoe.csv', 'Email,First Name\nzoe.brown@trust.nhs.uk,Zoë\n'));
    await sandbox.run(
      'import',
      'permissions',
      write('perms.csv', '"Identity","User","AccessRights"\r\n"Pharmacy Team","TRUST\\zbrown","{FullAccess}"\r\n'),
    );
    const onlySystem = '"Identity","User","AccessRights"\r\n"Pharmacy Team","NT AUTHORITY\\SELF","{FullAccess}"\r\n';
    const result = await sandbox.run('import', 'permissions', write('system.csv', onlySystem), '--replace');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--replace would remove everything');
    expect(await peopleIn('shared-mailbox-users')).toEqual(['zoe.brown@trust.nhs.uk']);
  });

  it('streams a 2 GB file instead of loading it, stopping at the binary part', async () => {
    const path = join(sandbox.dir, 'huge.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, 'Email,First Name\n');
    for (let i = 0; i < 2000; i++) writeSync(fd, `p${i}@trust.nhs.uk,P${i}\n`);
    ftruncateSync(fd, 2 * 1024 ** 3);
    closeSync(fd);
    const before = await snapshot();
    const heapBefore = process.memoryUsage().rss;
    const result = await sandbox.run('import', 'people', 'huge.csv');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('huge.csv: contains binary data');
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(200 * 1024 ** 2);
    expect(await snapshot()).toEqual(before);
  });
});

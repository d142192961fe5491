import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver } from '../src/store/sqlite-driver.js';
import { cliSandbox } from './support/cli-harness.js';

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(async () => {
  sandbox = cliSandbox();
  await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
});
afterEach(() => sandbox.cleanup());

const csv = (rows: string[][]) => `${rows.map((row) => row.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n')}\r\n`;

function write(name: string, content: string | Buffer): string {
  writeFileSync(join(sandbox.dir, name), content);
  return name;
}

async function importJson(...args: string[]) {
  const result = await sandbox.run('import', ...args, '--json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

/** What the workspace holds, read straight from its SQLite file. */
function stored<T>(query: string): T[] {
  const db = new SqliteDriver(join(sandbox.dir, 'commsplan.db'), { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

/** A Get-Recipient export: mailboxes, and the groups that hold rights on them. */
const RECIPIENTS = csv([
  ['DisplayName', 'PrimarySmtpAddress', 'Alias', 'RecipientTypeDetails', 'SamAccountName'],
  ['Jones, Sam', 'sam.jones@trust.nhs.uk', 'sjones', 'UserMailbox', 'sjones'],
  ['Brown, Zoë', 'zoe.brown@trust.nhs.uk', 'zbrown', 'UserMailbox', 'zbrown'],
  ['Smith, Alex', 'alex.smith@trust.nhs.uk', 'asmith', 'UserMailbox', 'asmith'],
  ['Patel, Priya', 'priya.patel@trust.nhs.uk', 'ppatel', 'UserMailbox', 'ppatel'],
  ['Pharmacy Team', 'pharmacy@trust.nhs.uk', 'pharmacy', 'SharedMailbox', 'pharmacy'],
  ['Pharmacy Staff', 'pharmacy.staff@trust.nhs.uk', 'PharmacyStaff', 'MailUniversalSecurityGroup', 'PharmStaff'],
  ['Pharmacy News', 'pharmacy.news@trust.nhs.uk', 'PharmacyNews', 'MailUniversalDistributionGroup', 'PharmacyNews'],
  ['Meeting Rooms', 'rooms@trust.nhs.uk', 'rooms', 'RoomList', 'rooms'],
]);

/** The usual Get-ADGroupMember loop: every group's members, with the group's name added first. */
const AD_MEMBERS = csv([
  ['GroupName', 'distinguishedName', 'name', 'objectClass', 'objectGUID', 'SamAccountName', 'SID'],
  [
    'Pharmacy Staff',
    'CN=Jones\\, Sam,OU=Staff,DC=trust,DC=local',
    'Jones, Sam',
    'user',
    '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e01',
    'sjones',
    'S-1-5-21-1004336348-1177238915-682003330-1104',
  ],
  [
    'Pharmacy Staff',
    'CN=Pharmacy Locums,OU=Groups,DC=trust,DC=local',
    'Pharmacy Locums',
    'group',
    '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e02',
    'Pharmacy Locums',
    'S-1-5-21-1004336348-1177238915-682003330-2201',
  ],
  [
    'Pharmacy Locums',
    'CN=Brown\\, Zoë,OU=Staff,DC=trust,DC=local',
    'Brown, Zoë',
    'user',
    '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e03',
    'zbrown',
    'S-1-5-21-1004336348-1177238915-682003330-1105',
  ],
  [
    'Pharmacy Locums',
    'CN=Ghost\\, Casper,OU=Leavers,DC=trust,DC=local',
    'Ghost, Casper',
    'user',
    '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e04',
    'cghost',
    'S-1-5-21-1004336348-1177238915-682003330-1190',
  ],
  [
    'Estates',
    'CN=Old Estates,OU=Groups,DC=trust,DC=local',
    'Old Estates',
    'group',
    '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e05',
    'Old Estates',
    'S-1-5-21-1004336348-1177238915-682003330-2290',
  ],
  [
    'Estates',
    'CN=Smith\\, Alex,OU=Staff,DC=trust,DC=local',
    'Smith, Alex',
    'user',
    '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e06',
    'asmith',
    'S-1-5-21-1004336348-1177238915-682003330-1106',
  ],
]);

/** The usual Get-DistributionGroupMember loop, with the group's name and address added. */
const DL_MEMBERS = csv([
  ['GroupName', 'GroupEmail', 'Name', 'PrimarySmtpAddress', 'RecipientType'],
  ['Pharmacy News', 'pharmacy.news@trust.nhs.uk', 'Patel, Priya', 'priya.patel@trust.nhs.uk', 'UserMailbox'],
  ['Pharmacy News', 'pharmacy.news@trust.nhs.uk', 'Pharmacy Staff', 'pharmacy.staff@trust.nhs.uk', 'MailUniversalSecurityGroup'],
]);

type Member = { group_key: string; member_email: string };
const members = () => stored<Member>('SELECT group_key, member_email FROM group_members ORDER BY group_key, member_email');

describe('groups in a mailbox export', () => {
  it('keeps groups out of the mailboxes, as groups', async () => {
    const result = await importJson('auto', write('recipients.csv', RECIPIENTS));
    expect([result.kind, result.rowsRead, result.added]).toEqual(['mailboxes', 8, 5]);
    expect(result.groups).toEqual({ groups: 3, nestedGroups: 0 });
    expect(stored('SELECT group_key, display_name, email FROM mail_groups ORDER BY group_key')).toEqual([
      { group_key: 'pharmacynews', display_name: 'Pharmacy News', email: 'pharmacy.news@trust.nhs.uk' },
      { group_key: 'pharmstaff', display_name: 'Pharmacy Staff', email: 'pharmacy.staff@trust.nhs.uk' },
      { group_key: 'rooms', display_name: 'Meeting Rooms', email: 'rooms@trust.nhs.uk' },
    ]);
    expect(stored<{ email: string }>('SELECT email FROM mailboxes ORDER BY email').map((m) => m.email)).not.toContain(
      'pharmacy.staff@trust.nhs.uk',
    );
  });
});

describe('importing group membership', () => {
  beforeEach(async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
  });

  it('recognises a Get-ADGroupMember export, resolves members by account name and expands nested groups', async () => {
    const result = await importJson('auto', write('ad-members.csv', AD_MEMBERS));
    expect(result.kind).toBe('group-members');
    expect(result.groups).toEqual({ groups: 3, nestedGroups: 1 });
    // Pharmacy Staff is the group the mailbox export listed: the file's name for it finds its key.
    expect(members()).toEqual([
      { group_key: 'estates', member_email: 'alex.smith@trust.nhs.uk' },
      { group_key: 'pharmacy locums', member_email: 'zoe.brown@trust.nhs.uk' },
      { group_key: 'pharmstaff', member_email: 'sam.jones@trust.nhs.uk' },
      { group_key: 'pharmstaff', member_email: 'zoe.brown@trust.nhs.uk' },
    ]);
    expect(result.added).toBe(4);
    const notes = result.firstProblems.map((p: { row: number; column: string; value: string; reason: string; severity: string }) => [
      p.row,
      p.column,
      p.value,
      p.severity,
      p.reason,
    ]);
    expect(notes).toEqual([
      [5, 'SamAccountName', 'cghost', 'warning', expect.stringMatching(/^matches no one in the mailbox list or the staff list/)],
      [
        6,
        'SamAccountName',
        'Old Estates',
        'warning',
        expect.stringMatching(/^is a group whose members are neither in this file nor imported before/),
      ],
    ]);
  });

  it('recognises a membership loop that writes only "Group" beside the member’s recipient type', async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
    const loop = csv([
      ['Group', 'Name', 'SamAccountName', 'PrimarySmtpAddress', 'RecipientType'],
      ['Pharmacy Staff', 'Jones, Sam', 'sjones', 'sam.jones@trust.nhs.uk', 'UserMailbox'],
    ]);
    expect((await importJson('auto', write('loop.csv', loop))).kind).toBe('group-members');
  });

  it('expands a nested group from its members imported before, from a Get-DistributionGroupMember export', async () => {
    await importJson('group-members', write('ad-members.csv', AD_MEMBERS));
    const result = await importJson('auto', write('dl-members.csv', DL_MEMBERS));
    expect(result.kind).toBe('group-members');
    expect(members().filter((m) => m.group_key === 'pharmacynews')).toEqual([
      { group_key: 'pharmacynews', member_email: 'priya.patel@trust.nhs.uk' },
      { group_key: 'pharmacynews', member_email: 'sam.jones@trust.nhs.uk' },
      { group_key: 'pharmacynews', member_email: 'zoe.brown@trust.nhs.uk' },
    ]);
  });

  it('survives groups nested in a loop', async () => {
    const loop = csv([
      ['Group', 'Member', 'MemberSMTP', 'MemberType'],
      ['Ward A', 'Ward B', 'ward.b@trust.nhs.uk', 'MailUniversalDistributionGroup'],
      ['Ward B', 'Ward A', 'ward.a@trust.nhs.uk', 'MailUniversalDistributionGroup'],
      ['Ward B', 'Jones, Sam', 'sam.jones@trust.nhs.uk', 'UserMailbox'],
    ]);
    const result = await importJson('auto', write('loop.csv', loop));
    expect(result.kind).toBe('group-members');
    expect(members()).toEqual([
      { group_key: 'ward a', member_email: 'sam.jones@trust.nhs.uk' },
      { group_key: 'ward b', member_email: 'sam.jones@trust.nhs.uk' },
    ]);
  });

  it('does not take a staff list with a Group column for a membership file', async () => {
    const staff = csv([
      ['Email', 'First Name', 'Last Name', 'Group'],
      ['sam.jones@trust.nhs.uk', 'Sam', 'Jones', 'Pharmacy'],
    ]);
    expect((await importJson('auto', write('staff.csv', staff))).kind).toBe('people');
  });

  it('refuses a bare Get-ADGroupMember export, naming every column that would name the group', async () => {
    const bare = csv([
      ['distinguishedName', 'name', 'objectClass', 'objectGUID', 'SamAccountName', 'SID'],
      [
        'CN=Jones\\, Sam,OU=Staff,DC=trust,DC=local',
        'Jones, Sam',
        'user',
        '6f1c5a9e-0b2d-4c43-9d7e-1a2b3c4d5e01',
        'sjones',
        'S-1-5-21-1-2-3-1104',
      ],
    ]);
    const result = await sandbox.run('import', 'group-members', write('bare.csv', bare));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'it has no GroupName column (also accepted: Group, GroupDisplayName, DistributionGroup, DistributionList, SecurityGroup, GroupSamAccountName, GroupSam, GroupEmail, GroupSMTP, GroupPrimarySmtpAddress, GroupEmailAddress, GroupAddress)',
    );
  });
});

describe('permissions held by groups', () => {
  beforeEach(async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
    await importJson('group-members', write('ad-members.csv', AD_MEMBERS));
  });

  it('records a grant to a known group as the group’s, and still notes a name that is no one and no group', async () => {
    const fullAccess = csv([
      ['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny'],
      ['Pharmacy Team', 'TRUST\\PharmStaff', 'FullAccess', 'False', 'False'],
      ['Pharmacy Team', 'TRUST\\Pharmacy Locums', 'FullAccess, ReadPermission', 'False', 'False'],
      ['Pharmacy Team', 'TRUST\\zbrown', 'FullAccess', 'False', 'False'],
      ['Pharmacy Team', 'TRUST\\Finance Team', 'FullAccess', 'False', 'False'],
      ['Pharmacy Team', 'NT AUTHORITY\\SELF', 'FullAccess, ReadPermission', 'False', 'False'],
    ]);
    const result = await importJson('auto', write('full-access.csv', fullAccess));
    expect([result.added, result.warnings]).toEqual([3, 1]);
    expect(result.access).toEqual({ byKind: { 'full-access': 3 }, toGroups: 2, toGroupsByKind: { 'full-access': 2 } });
    expect(stored('SELECT mailbox_email, group_key, access FROM group_permissions ORDER BY group_key')).toEqual([
      { mailbox_email: 'pharmacy@trust.nhs.uk', group_key: 'pharmacy locums', access: 'full-access' },
      { mailbox_email: 'pharmacy@trust.nhs.uk', group_key: 'pharmstaff', access: 'full-access' },
    ]);
    expect(stored('SELECT user_email FROM mailbox_permissions')).toEqual([{ user_email: 'zoe.brown@trust.nhs.uk' }]);
    const [finance] = result.firstProblems;
    expect([finance.row, finance.value]).toEqual([5, 'TRUST\\Finance Team']);
    expect(finance.reason).toContain('no known group');
    expect(finance.reason).toContain('commsplan import group-members');

    const again = await importJson('permissions', 'full-access.csv');
    expect([again.added, again.unchanged]).toEqual([0, 3]);
  });

  it('with --replace, removes the grants to groups the file no longer lists', async () => {
    const grants = (users: string[]) =>
      csv([['Identity', 'User', 'AccessRights'], ...users.map((user) => ['Pharmacy Team', user, 'FullAccess'])]);
    await importJson('permissions', write('first.csv', grants(['TRUST\\PharmStaff', 'TRUST\\Pharmacy Locums', 'TRUST\\zbrown'])));
    const replaced = await importJson('permissions', write('second.csv', grants(['TRUST\\PharmStaff', 'TRUST\\zbrown'])), '--replace');
    expect([replaced.added, replaced.unchanged, replaced.removed]).toEqual([0, 2, 1]);
    expect(stored('SELECT group_key FROM group_permissions')).toEqual([{ group_key: 'pharmstaff' }]);
  });
});

describe('Get-RecipientPermission exports', () => {
  /** As Export-Csv writes it from an Exchange Online session: the rights list may come out as its type name. */
  const SEND_AS = csv([
    ['Identity', 'Trustee', 'AccessControlType', 'AccessRights', 'IsInherited', 'InheritanceType', 'IsValid', 'ObjectState'],
    ['Pharmacy Team', 'zoe.brown@trust.nhs.uk', 'Allow', 'SendAs', 'False', 'None', 'True', 'Unchanged'],
    ['Pharmacy Team', 'NT AUTHORITY\\SELF', 'Allow', 'SendAs', 'False', 'None', 'True', 'Unchanged'],
    ['Pharmacy Team', 'sam.jones@trust.nhs.uk', 'Deny', 'SendAs', 'False', 'None', 'True', 'Unchanged'],
    ['Jones, Sam', 'alex.smith@trust.nhs.uk', 'Allow', 'System.Collections.ArrayList', 'False', 'None', 'True', 'Unchanged'],
    ['Pharmacy Team', 'NULL SID', 'Allow', 'SendAs', 'False', 'All', 'True', 'Unchanged'],
    ['Pharmacy Team', 'TRUST\\PharmStaff', 'Allow', 'SendAs', 'False', 'None', 'True', 'Unchanged'],
  ]);

  it('are recognised as permissions: send-as for people and groups, denied and system entries skipped', async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
    const result = await importJson('auto', write('send-as.csv', SEND_AS));
    expect([result.kind, result.rowsRead, result.skipped, result.warnings]).toEqual(['permissions', 6, 3, 0]);
    expect(result.access).toEqual({ byKind: { 'send-as': 3 }, toGroups: 1, toGroupsByKind: { 'send-as': 1 } });
    expect(stored('SELECT mailbox_email, user_email, access FROM mailbox_permissions ORDER BY mailbox_email')).toEqual([
      { mailbox_email: 'pharmacy@trust.nhs.uk', user_email: 'zoe.brown@trust.nhs.uk', access: 'send-as' },
      { mailbox_email: 'sam.jones@trust.nhs.uk', user_email: 'alex.smith@trust.nhs.uk', access: 'send-as' },
    ]);
  });
});

describe('calendar and folder sharing', () => {
  it('records every sharing level, free/busy only included, and counts rights by kind', async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
    const folders = csv([
      ['FolderName', 'User', 'AccessRights', 'SharingPermissionFlags', 'Identity', 'IsValid'],
      ['Calendar', 'Default', 'AvailabilityOnly', '', 'sam.jones@trust.nhs.uk:\\Calendar', 'True'],
      ['Calendar', 'Anonymous', 'None', '', 'sam.jones@trust.nhs.uk:\\Calendar', 'True'],
      ['Calendar', 'Brown, Zoë', 'Editor', 'Delegate', 'sam.jones@trust.nhs.uk:\\Calendar', 'True'],
      ['Calendar', 'Smith, Alex', 'LimitedDetails', '', 'sam.jones@trust.nhs.uk:\\Calendar', 'True'],
      ['Calendar', 'Patel, Priya', 'AvailabilityOnly', '', 'sam.jones@trust.nhs.uk:\\Calendar', 'True'],
      ['Inbox', 'Brown, Zoë', 'Reviewer', '', 'sam.jones@trust.nhs.uk:\\Inbox', 'True'],
    ]);
    const result = await importJson('permissions', write('folders.csv', folders));
    // Zoë is an editor whom SharingPermissionFlags makes a delegate: counted as a delegate.
    expect(result.added).toBe(4);
    expect(result.access.byKind).toEqual({
      'calendar:delegate': 1,
      'calendar:limiteddetails': 1,
      'calendar:availabilityonly': 1,
      'inbox:reviewer': 1,
    });
    const text = await sandbox.run('import', 'permissions', write('folders-again.csv', folders));
    expect(text.stdout).toContain('Rights by kind:');
    expect(text.stdout).toContain('  calendar sharing: LimitedDetails: 1');
    expect(text.stdout).toContain('  calendar delegate: 1');
  });

  it('refuses rights exported as a type name, saying how to export them', async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
    const unexpanded = csv([
      ['FolderName', 'User', 'AccessRights', 'Identity'],
      ['Calendar', 'Brown, Zoë', 'System.Collections.ArrayList', 'sam.jones@trust.nhs.uk:\\Calendar'],
    ]);
    const result = await sandbox.run('import', 'permissions', write('unexpanded.csv', unexpanded));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('row 2, AccessRights "System.Collections.ArrayList" holds a type name instead of the rights');
    expect(result.stdout).toContain('$_.AccessRights -join ","');
  });
});

describe('exports saved as ASCII by Windows PowerShell 5.1', () => {
  /** What Export-Csv without -Encoding writes on Windows PowerShell 5.1: a #TYPE line, quoted values, "?" for each lost letter. */
  const asciiStaff = [
    '#TYPE System.Management.Automation.PSCustomObject',
    '"Email","First Name","Last Name","Department"',
    '"zoe.bronte@trust.nhs.uk","Zo?","Br?nt?","Pharmacy"',
    '"sean.oneill@trust.nhs.uk","Se?n","O?Neill","Estates"',
    '"sam.jones@trust.nhs.uk","Sam","Jones","Estates"',
  ].join('\r\n');

  it('imports the rows and says once which file lost its letters, how many rows, and the fix', async () => {
    const result = await sandbox.run('import', 'people', write('staff.csv', Buffer.from(asciiStaff, 'ascii')));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 rows read; 3 added');
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('staff.csv: 2 rows have names with "?" in place of a letter (the first is row 3, First Name "Zo?")');
    expect(warnings[0]).toContain('an export from Windows PowerShell 5.1 made without -Encoding');
    expect(warnings[0]).toContain('Export-Csv -Encoding UTF8');
  });

  it('says the same of a permissions file, read in any kind', async () => {
    await importJson('mailboxes', write('recipients.csv', RECIPIENTS));
    const perms = 'Identity,User,AccessRights\r\nPharmacy Team,Bront?,FullAccess\r\n';
    const result = await importJson('permissions', write('perms.csv', Buffer.from(perms, 'ascii')));
    expect(result.notices).toEqual([
      expect.stringContaining('1 row has a name with "?" in place of a letter (the first is row 2, User "Bront?")'),
    ]);
  });

  it.each([
    ['UTF-8 with a real accent elsewhere', Buffer.from(`${asciiStaff}\r\n"ann@trust.nhs.uk","Ann","Brontë","Estates"`)],
    ['UTF-16 with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(asciiStaff, 'utf16le')])],
  ])('says the letters were lost before a file in %s was made', async (_label, bytes) => {
    const result = await importJson('people', write('staff.csv', bytes));
    expect(result.notices).toEqual([
      expect.stringContaining('The file itself can hold any letter, so the letters were lost before it was made'),
    ]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import { cliSandbox } from './support/cli-harness.js';

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(async () => {
  sandbox = cliSandbox();
  await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
});
afterEach(() => sandbox.cleanup());

/** Writes a CSV as PowerShell's Export-Csv or a spreadsheet does: CRLF line ends. */
function write(name: string, lines: string[]): string {
  writeFileSync(join(sandbox.dir, name), `${lines.join('\r\n')}\r\n`);
  return name;
}

/** Reads the workspace with SQL, read-only, for what no command shows yet. */
function query<T>(sqlText: string): T[] {
  const db = new Database(join(sandbox.dir, 'commsplan.db'), { readonly: true });
  try {
    return db.prepare(sqlText).all() as T[];
  } finally {
    db.close();
  }
}

function addLink(local: string, nhsmail: string, source: string): void {
  const db = new Database(join(sandbox.dir, 'commsplan.db'));
  try {
    const org = db.prepare('SELECT id FROM organisations').get() as { id: string };
    db.prepare('INSERT INTO address_links (org_id, local_email, nhsmail_email, source) VALUES (?, ?, ?, ?)').run(
      org.id,
      local,
      nhsmail,
      source,
    );
  } finally {
    db.close();
  }
}

const links = () =>
  query<{ local_email: string; nhsmail_email: string; source: string }>(
    'SELECT local_email, nhsmail_email, source FROM address_links ORDER BY local_email',
  );

async function importJson(...args: string[]) {
  const result = await sandbox.run('import', ...args, '--json');
  return { code: result.code, ...JSON.parse(result.stdout) };
}

const q = (values: string[]) => values.map((v) => `"${v}"`).join(',');

const MAILBOX_HEADER = q(['DisplayName', 'PrimarySmtpAddress', 'Alias', 'RecipientTypeDetails', 'ProhibitSendQuota', 'AccountDisabled']);
const MAILBOXES = [
  '#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox',
  MAILBOX_HEADER,
  q(['Jones, Sam', 'sam.jones@eastbrook.nhs.uk', 'sjones', 'UserMailbox', 'Unlimited', 'False']),
  q(['Brown, Zoë', 'zoe.brown@eastbrook.nhs.uk', 'zbrown', 'UserMailbox', 'Unlimited', 'True']),
  q(['Pharmacy Team', 'pharmacy@eastbrook.nhs.uk', 'pharmacy', 'SharedMailbox', '50 GB (53,687,091,200 bytes)', 'True']),
];

describe('mailboxes', () => {
  it('keeps AccountDisabled as Get-Mailbox writes it', async () => {
    expect((await sandbox.run('import', 'auto', write('mailboxes.csv', MAILBOXES))).code).toBe(0);
    expect(query('SELECT email, account_disabled FROM mailboxes ORDER BY email')).toEqual([
      { email: 'pharmacy@eastbrook.nhs.uk', account_disabled: 1 },
      { email: 'sam.jones@eastbrook.nhs.uk', account_disabled: 0 },
      { email: 'zoe.brown@eastbrook.nhs.uk', account_disabled: 1 },
    ]);
  });
});

describe('the NHSmail portal export', () => {
  const PORTAL = [
    'Email Address,Display Name,Account Status,Mailbox Size (MB),Quota (MB),Local Email',
    'sam.jones@nhs.net,"JONES, Sam (EASTBROOK HOSPITALS NHS TRUST)",Active,1536.5,4096,sam.jones@eastbrook.nhs.uk',
    'zoe.brown2@nhs.net,"BROWN, Zoë (EASTBROOK HOSPITALS NHS TRUST)",Active (Leaver),"3,900",51200,',
    'gone@nhs.net,"GONE, Old (EASTBROOK HOSPITALS NHS TRUST)",Deleted,0,4096,',
    'chris.lee@nhs.net,"LEE, Chris (EASTBROOK HOSPITALS NHS TRUST)",Inactive,12,4096,chris.lee@eastbrook.nhs.uk',
  ];

  it('is recognised, and reads sizes in MB, the display name, the local address and skips deleted accounts', async () => {
    const result = await sandbox.run('import', 'auto', write('portal.csv', PORTAL));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported nhsmail-accounts from portal.csv: 4 rows read; 3 added');
    expect(result.stdout).toContain('2 rows paired a local address with an NHSmail address.');
    expect(result.stdout).toContain('row 4, Account Status "Deleted" means the account has been deleted');
    expect(query('SELECT email, size_bytes, quota_bytes, display_name, local_email FROM nhsmail_accounts ORDER BY email')).toEqual([
      {
        email: 'chris.lee@nhs.net',
        size_bytes: 12 * 1024 ** 2,
        quota_bytes: 4 * 1024 ** 3,
        display_name: 'LEE, Chris (EASTBROOK HOSPITALS NHS TRUST)',
        local_email: 'chris.lee@eastbrook.nhs.uk',
      },
      {
        email: 'sam.jones@nhs.net',
        size_bytes: Math.round(1536.5 * 1024 ** 2),
        quota_bytes: 4 * 1024 ** 3,
        display_name: 'JONES, Sam (EASTBROOK HOSPITALS NHS TRUST)',
        local_email: 'sam.jones@eastbrook.nhs.uk',
      },
      {
        email: 'zoe.brown2@nhs.net',
        size_bytes: 3900 * 1024 ** 2,
        quota_bytes: 50 * 1024 ** 3,
        display_name: 'BROWN, Zoë (EASTBROOK HOSPITALS NHS TRUST)',
        local_email: null,
      },
    ]);
  });

  it('imports an account whose status it does not know, with a note, and refuses a local address that is not one', async () => {
    const odd = await importJson('nhsmail-accounts', write('odd.csv', [PORTAL[0] as string, 'a@nhs.net,"A, B (X)",Hibernating,1,4096,']));
    // The second warning: the one account belongs to no one commsplan knows.
    expect([odd.code, odd.added, odd.warnings]).toEqual([0, 1, 2]);
    expect(odd.firstProblems[0].reason).toContain('is not an account status the NHSmail portal is known to write');
    expect(odd.notices.join('\n')).toContain('The one NHSmail account belongs to no one commsplan knows');
    const bad = await sandbox.run(
      'import',
      'nhsmail-accounts',
      write('bad.csv', [PORTAL[0] as string, 'a@nhs.net,"A, B (X)",Active,1,4096,sam jones']),
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('row 2, Local Email "sam jones" is not a valid email address');
  });
});

/** Get-MigrationUser | Export-Csv, with the properties MigrationUser has. */
const MIGRATION_USER_HEADER = q([
  'Identity',
  'Identifier',
  'BatchId',
  'EmailAddress',
  'RecipientType',
  'SkippedItemCount',
  'SyncedItemCount',
  'MailboxGuid',
  'LastSuccessfulSyncTime',
  'Status',
  'StatusSummary',
]);
const migrationUser = (email: string, status: string, summary: string) =>
  q([
    email,
    email,
    'Wave 1',
    email,
    'Mailbox',
    '0',
    '1520',
    '5b9a6f0e-8c1d-4c77-9d55-0a1f3c2b7e41',
    '21/03/2027 02:14:09',
    status,
    summary,
  ]);

describe('migration statuses', () => {
  it('keeps what each Get-MigrationUser status means: only Completed and CompletedWithWarnings are migrated', async () => {
    const file = write('users.csv', [
      '#TYPE Microsoft.Exchange.Migration.MigrationUser',
      MIGRATION_USER_HEADER,
      migrationUser('a@eastbrook.nhs.uk', 'Completed', 'Completed'),
      migrationUser('b@eastbrook.nhs.uk', 'CompletedWithWarnings', 'Failed'),
      migrationUser('c@eastbrook.nhs.uk', 'Synced', 'Synced'),
      migrationUser('d@eastbrook.nhs.uk', 'IncrementalFailed', 'Failed'),
      migrationUser('e@eastbrook.nhs.uk', 'Stopped', 'Stopped'),
      migrationUser('f@eastbrook.nhs.uk', 'Syncing', 'Active'),
      migrationUser('g@eastbrook.nhs.uk', 'Corrupted', 'Failed'),
    ]);
    const result = await importJson('auto', file);
    expect([result.kind, result.added, result.addressPairs]).toEqual(['migration-status', 7, 0]);
    expect(query('SELECT email, outcome, raw_status, nhsmail_email FROM migration_results ORDER BY email')).toEqual([
      { email: 'a@eastbrook.nhs.uk', outcome: 'migrated', raw_status: 'Completed', nhsmail_email: null },
      { email: 'b@eastbrook.nhs.uk', outcome: 'migrated', raw_status: 'CompletedWithWarnings', nhsmail_email: null },
      { email: 'c@eastbrook.nhs.uk', outcome: 'waiting', raw_status: 'Synced', nhsmail_email: null },
      { email: 'd@eastbrook.nhs.uk', outcome: 'failed', raw_status: 'IncrementalFailed', nhsmail_email: null },
      { email: 'e@eastbrook.nhs.uk', outcome: 'stopped', raw_status: 'Stopped', nhsmail_email: null },
      { email: 'f@eastbrook.nhs.uk', outcome: 'in-progress', raw_status: 'Syncing', nhsmail_email: null },
      { email: 'g@eastbrook.nhs.uk', outcome: 'failed', raw_status: 'Corrupted', nhsmail_email: null },
    ]);
  });

  it('reads a Get-MigrationUser export that names each user by Identifier and MailboxEmailAddress, with no Identity', async () => {
    // Get-MigrationUser | Select-Object Identifier,MailboxEmailAddress,BatchId,Status,StatusSummary,... | Export-Csv
    const file = write('migration-users.csv', [
      '#TYPE Selected.Microsoft.Exchange.Migration.MigrationUser',
      q(['Identifier', 'MailboxEmailAddress', 'BatchId', 'Status', 'StatusSummary', 'ErrorSummary', 'LastSuccessfulSyncTime']),
      q(['ann.lee@eastbrook.nhs.uk', 'ann.lee@eastbrook.nhs.uk', 'Wave 1', 'Completed', 'Completed', '', '21/03/2027 02:14:09']),
      q(['bob.hart@eastbrook.nhs.uk', 'bob.hart@eastbrook.nhs.uk', 'Wave 1', 'Failed', 'Failed', 'MigrationTransientException', '']),
    ]);
    const result = await importJson('auto', file);
    expect([result.code, result.kind, result.added, result.errors]).toEqual([0, 'migration-status', 2, 0]);
    expect(query('SELECT email, outcome FROM migration_results ORDER BY email')).toEqual([
      { email: 'ann.lee@eastbrook.nhs.uk', outcome: 'migrated' },
      { email: 'bob.hart@eastbrook.nhs.uk', outcome: 'failed' },
    ]);
  });

  it('takes an NHSmail address as the account it names when a file has no other', async () => {
    const file = write('nhsmail-side.csv', [MIGRATION_USER_HEADER, migrationUser('sam.jones@nhs.net', 'Completed', 'Completed')]);
    const result = await importJson('migration-status', file);
    expect(result.addressPairs).toBe(0);
    expect(query('SELECT email, nhsmail_email FROM migration_results')).toEqual([
      { email: 'sam.jones@nhs.net', nhsmail_email: 'sam.jones@nhs.net' },
    ]);
  });

  it('reads a MigrationWiz statistics export, keyed by the source address, with a completed pre-stage pass still waiting', async () => {
    const header =
      'Mailbox Id,Source Email Address,Destination Email Address,Total Success Count,Total Success Size (bytes),Migrations Performed,Last Migration Type,Last Status,Last Status Details';
    const file = write('mw.csv', [
      header,
      '4b8e2c1a-0d3f-4e55-a1b2-9c8d7e6f5a41,sam.jones@eastbrook.nhs.uk,sam.jones@nhs.net,10233,2147483648,2,Full/UserMigrationBundle,Completed,',
      '4b8e2c1a-0d3f-4e55-a1b2-9c8d7e6f5a42,zoe.brown@eastbrook.nhs.uk,zoe.brown2@nhs.net,8100,1073741824,1,PreStage/UserMigrationBundle,Completed,',
      '4b8e2c1a-0d3f-4e55-a1b2-9c8d7e6f5a43,chris.lee@eastbrook.nhs.uk,chris.lee@nhs.net,0,0,1,Full/UserMigrationBundle,Failed,"Your migration failed while checking source credentials."',
      '4b8e2c1a-0d3f-4e55-a1b2-9c8d7e6f5a44,pat.khan@eastbrook.nhs.uk,pat.khan@nhs.net,0,0,0,,NotMigrated,',
    ]);
    const result = await importJson('auto', file);
    expect([result.kind, result.added, result.addressPairs]).toEqual(['migration-status', 4, 4]);
    expect(query('SELECT email, outcome, nhsmail_email FROM migration_results ORDER BY email')).toEqual([
      { email: 'chris.lee@eastbrook.nhs.uk', outcome: 'failed', nhsmail_email: 'chris.lee@nhs.net' },
      { email: 'pat.khan@eastbrook.nhs.uk', outcome: 'in-progress', nhsmail_email: 'pat.khan@nhs.net' },
      { email: 'sam.jones@eastbrook.nhs.uk', outcome: 'migrated', nhsmail_email: 'sam.jones@nhs.net' },
      { email: 'zoe.brown@eastbrook.nhs.uk', outcome: 'waiting', nhsmail_email: 'zoe.brown2@nhs.net' },
    ]);
  });

  it('reads a partner list with Source Email, Destination Email and Migration Status, and says how many rows carried both', async () => {
    const file = write('partner.csv', [
      'Source Email,Destination Email,Migration Status,Wave',
      'sam.jones@eastbrook.nhs.uk,sam.jones@nhs.net,Completed (Successful),Wave 1',
      'zoe.brown@eastbrook.nhs.uk,,Stopped,Wave 1',
      'pat.khan@eastbrook.nhs.uk,pat.khan@eastbrook-mail.org.uk,Completed (Failed),Wave 2',
    ]);
    const result = await sandbox.run('import', 'auto', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported migration-status from partner.csv: 3 rows read; 3 added');
    expect(result.stdout).toContain('2 rows paired a local address with an NHSmail address.');
    expect(result.stdout).toContain('row 4, Destination Email "pat.khan@eastbrook-mail.org.uk" is not an @nhs.net address');
    expect(query('SELECT email, outcome FROM migration_results ORDER BY email')).toEqual([
      { email: 'pat.khan@eastbrook.nhs.uk', outcome: 'failed' },
      { email: 'sam.jones@eastbrook.nhs.uk', outcome: 'migrated' },
      { email: 'zoe.brown@eastbrook.nhs.uk', outcome: 'stopped' },
    ]);
  });

  it('refuses an unknown status, naming every status it knows in the report', async () => {
    const result = await sandbox.run(
      'import',
      'migration-status',
      write('odd.csv', ['EmailAddress,Status', 'a@eastbrook.nhs.uk,Teleported']),
    );
    expect(result.code).toBe(2);
    const report = readFileSync(join(sandbox.dir, 'odd.report.csv'), 'utf8');
    for (const status of [
      'CompletedWithWarnings',
      'IncrementalStopped',
      'Removing',
      'AutoSuspended',
      'FailedOther',
      'MaximumTransferReached',
      'Waiting for User',
    ])
      expect(report).toContain(status);
    expect(query('SELECT * FROM migration_results')).toEqual([]);
  });
});

describe('address maps', () => {
  it.each([
    ['Source Email', 'Target Email'],
    ['Local Address', 'NHSmail Address'],
    ['Old Email', 'New Email'],
    ['Primary SMTP', 'NHS.net Address'],
    ['Source Email Address', 'Destination Email Address'],
    ['ExportEmailAddress', 'ImportEmailAddress'],
  ])('recognises a map headed %s / %s and stores its pairs as address-map links', async (local, nhsmail) => {
    const file = write('map.csv', [
      `${local},${nhsmail}`,
      'Sam.Jones@eastbrook.nhs.uk,Sam.Jones@nhs.net',
      'zoe.brown@eastbrook.nhs.uk,zoe.brown2@nhs.net',
    ]);
    const result = await sandbox.run('import', 'auto', file);
    expect(result.stdout).toContain('Imported address-map from map.csv: 2 rows read; 2 added');
    expect(result.stdout).toContain('2 rows paired a local address with an NHSmail address.');
    expect(links()).toEqual([
      { local_email: 'sam.jones@eastbrook.nhs.uk', nhsmail_email: 'sam.jones@nhs.net', source: 'address-map' },
      { local_email: 'zoe.brown@eastbrook.nhs.uk', nhsmail_email: 'zoe.brown2@nhs.net', source: 'address-map' },
    ]);
  });

  it('refuses a repeated local or NHSmail address, naming the first row, and notes a target outside nhs.net', async () => {
    const file = write('map.csv', [
      'Local Address,NHSmail Address',
      'sam.jones@eastbrook.nhs.uk,sam.jones@nhs.net',
      'zoe.brown@eastbrook.nhs.uk,zoe.brown@eastbrook.nhs.uk.nhs',
      'SAM.JONES@eastbrook.nhs.uk,samuel.jones@nhs.net',
      'pat.khan@eastbrook.nhs.uk,Sam.Jones@nhs.net',
      'chris.lee@eastbrook.nhs.uk,chris lee@nhs.net',
      'ann.wu@eastbrook.nhs.uk,ann.wu@gmail.com',
    ]);
    const result = await sandbox.run('import', 'address-map', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('row 4, Local Address "SAM.JONES@eastbrook.nhs.uk" is paired more than once: also on row 2');
    expect(result.stdout).toContain('row 5, NHSmail Address "Sam.Jones@nhs.net" is paired more than once: also on row 2');
    expect(result.stdout).toContain('row 6, NHSmail Address "chris lee@nhs.net" is not a valid email address');
    expect(result.stdout).toContain('note: row 7, NHSmail Address "ann.wu@gmail.com" is not an @nhs.net address');
    expect(links()).toEqual([]);
    const kept = await importJson('address-map', file, '--skip-invalid');
    expect([kept.added, kept.rejected, kept.addressPairs]).toEqual([3, 3, 3]);
  });

  it('replaces only the address-map links with --replace', async () => {
    await sandbox.run(
      'import',
      'migration-status',
      write('moves.csv', ['Source Email,Destination Email,Migration Status', 'chris.lee@eastbrook.nhs.uk,chris.lee@nhs.net,Completed']),
    );
    await sandbox.run(
      'import',
      'address-map',
      write('first.csv', [
        'Old Email,New Email',
        'sam.jones@eastbrook.nhs.uk,sam.jones@nhs.net',
        'zoe.brown@eastbrook.nhs.uk,zoe.brown2@nhs.net',
      ]),
    );
    const result = await importJson(
      'address-map',
      write('second.csv', ['Old Email,New Email', 'zoe.brown@eastbrook.nhs.uk,zoe.brown@nhs.net']),
      '--replace',
    );
    expect([result.added, result.changed, result.removed]).toEqual([0, 1, 1]);
    expect(links()).toEqual([
      { local_email: 'chris.lee@eastbrook.nhs.uk', nhsmail_email: 'chris.lee@nhs.net', source: 'migration-status' },
      { local_email: 'zoe.brown@eastbrook.nhs.uk', nhsmail_email: 'zoe.brown@nhs.net', source: 'address-map' },
    ]);
  });

  it('overrules a weaker link that gave the same NHSmail address to someone else', async () => {
    addLink('sam.jones2@eastbrook.nhs.uk', 'sam.jones@nhs.net', 'name');
    addLink('sam.jones@eastbrook.nhs.uk', 'samuel.jones@nhs.net', 'people');
    const result = await importJson(
      'address-map',
      write('map.csv', ['Source Email,Target Email', 'sam.jones@eastbrook.nhs.uk,sam.jones@nhs.net']),
    );
    expect([result.code, result.changed]).toEqual([0, 1]);
    expect(links()).toEqual([{ local_email: 'sam.jones@eastbrook.nhs.uk', nhsmail_email: 'sam.jones@nhs.net', source: 'address-map' }]);
  });
});

describe('shared mailbox owners', () => {
  it('reads one owner per row or several joined with semicolons, noting mailboxes the mailbox list lacks', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', MAILBOXES));
    const file = write('owners.csv', [
      'Shared Mailbox,Owner',
      'pharmacy@eastbrook.nhs.uk,sam.jones@eastbrook.nhs.uk; Zoe.Brown@eastbrook.nhs.uk',
      'pharmacy@eastbrook.nhs.uk,sam.jones@eastbrook.nhs.uk',
      'estates@eastbrook.nhs.uk,chris.lee@eastbrook.nhs.uk',
      'sam.jones@eastbrook.nhs.uk,zoe.brown@eastbrook.nhs.uk',
    ]);
    const result = await sandbox.run('import', 'auto', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported shared-mailbox-owners from owners.csv: 4 rows read; 4 added');
    expect(result.stdout).toContain('note: row 4, Shared Mailbox "estates@eastbrook.nhs.uk" is not in the imported mailbox list');
    expect(result.stdout).toContain(
      'note: row 5, Shared Mailbox "sam.jones@eastbrook.nhs.uk" is a user mailbox in the mailbox list, not a shared one',
    );
    expect(query('SELECT mailbox_email, owner_email FROM shared_mailbox_owners ORDER BY mailbox_email, owner_email')).toEqual([
      { mailbox_email: 'estates@eastbrook.nhs.uk', owner_email: 'chris.lee@eastbrook.nhs.uk' },
      { mailbox_email: 'pharmacy@eastbrook.nhs.uk', owner_email: 'sam.jones@eastbrook.nhs.uk' },
      { mailbox_email: 'pharmacy@eastbrook.nhs.uk', owner_email: 'zoe.brown@eastbrook.nhs.uk' },
      { mailbox_email: 'sam.jones@eastbrook.nhs.uk', owner_email: 'zoe.brown@eastbrook.nhs.uk' },
    ]);
  });

  it('refuses an owner that is not an address, and says when there is no mailbox list to check against', async () => {
    const bad = await sandbox.run(
      'import',
      'shared-mailbox-owners',
      write('bad.csv', ['Mailbox,Owner Email', 'pharmacy@eastbrook.nhs.uk,Sam Jones']),
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('row 2, Owner Email "Sam Jones" holds "Sam Jones", which is not a valid email address');
    const good = await sandbox.run(
      'import',
      'shared-mailbox-owners',
      write('good.csv', ['Mailbox,Owner Email', 'pharmacy@eastbrook.nhs.uk,sam.jones@eastbrook.nhs.uk']),
    );
    expect(good.stdout).toContain('Warning: No mailbox list has been imported');
  });
});

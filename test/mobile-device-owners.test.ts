import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import { cliSandbox } from './support/cli-harness.js';

/**
 * Device files as an Exchange 2016 administrator makes them with Windows PowerShell 5.1:
 * `Get-MobileDevice -ResultSize Unlimited | Select-Object ... | Export-Csv devices.csv`, which writes
 * a #TYPE line, quotes every value, ends lines with CRLF and saves as ASCII, so `§` in a device's
 * identity and `Ł` in a name both arrive as `?`. A device's Identity is its mailbox's Identity path
 * (trust.local/OU/Name) with /ExchangeActiveSyncDevices/<device> after it.
 */
let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(async () => {
  sandbox = cliSandbox();
  await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
});
afterEach(() => sandbox.cleanup());

type Cell = string | null;

/** What PowerShell 5.1's Export-Csv writes by default, ASCII included. */
function exportCsv(typeName: string, columns: string[], rows: Cell[][]): Buffer {
  const quote = (value: Cell) => (value === null ? '' : `"${value.replace(/"/g, '""')}"`);
  const lines = [`#TYPE ${typeName}`, columns.map(quote).join(','), ...rows.map((row) => row.map(quote).join(','))];
  return Buffer.from(
    lines
      .map((line) => `${line}\r\n`)
      .join('')
      .replace(/[^ -~\r\n]/g, '?'),
    'latin1',
  );
}

function write(name: string, bytes: Buffer): string {
  writeFileSync(join(sandbox.dir, name), bytes);
  return name;
}

function query<T>(sqlText: string): T[] {
  const db = new Database(join(sandbox.dir, 'commsplan.db'), { readonly: true });
  try {
    return db.prepare(sqlText).all() as T[];
  } finally {
    db.close();
  }
}

const devicesStored = () => query<{ email: string; device_id: string }>('SELECT email, device_id FROM mobile_devices ORDER BY device_id');

/** Everything stored, to show that a refused import changed nothing. */
function everything(): string {
  const tables = query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return JSON.stringify(tables.map(({ name }) => [name, query(`SELECT * FROM "${name}"`)]));
}

const MAILBOX_TYPE = 'Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox';
const MAILBOX_COLUMNS = [
  'Name',
  'DisplayName',
  'Alias',
  'SamAccountName',
  'UserPrincipalName',
  'PrimarySmtpAddress',
  'RecipientTypeDetails',
  'Identity',
  'DistinguishedName',
];
/** Two Jane Smiths in different OUs (AD names need only differ within one), a CN in ESR's order, and Łukasz. */
const MAILBOXES: Cell[][] = [
  [
    'Jane Smith',
    'Jane Smith',
    'jane.smith',
    'jsmith',
    'jane.smith@eastbrook.nhs.uk',
    'jane.smith@eastbrook.nhs.uk',
    'UserMailbox',
    'eastbrook.local/Staff/Pharmacy/Jane Smith',
    'CN=Jane Smith,OU=Pharmacy,OU=Staff,DC=eastbrook,DC=local',
  ],
  [
    'Jane Smith',
    'Jane Smith',
    'jane.smith2',
    'jsmith2',
    'jane.smith2@eastbrook.nhs.uk',
    'jane.smith2@eastbrook.nhs.uk',
    'UserMailbox',
    'eastbrook.local/Staff/Estates/Jane Smith',
    'CN=Jane Smith,OU=Estates,OU=Staff,DC=eastbrook,DC=local',
  ],
  [
    'Jones, Sam',
    'Sam Jones',
    'sam.jones',
    'sjones',
    'sam.jones@eastbrook.nhs.uk',
    'sam.jones@eastbrook.nhs.uk',
    'UserMailbox',
    'eastbrook.local/Users/Jones, Sam',
    'CN=Jones\\, Sam,CN=Users,DC=eastbrook,DC=local',
  ],
  [
    'Łukasz Nowak',
    'Łukasz Nowak',
    'lukasz.nowak',
    'lnowak',
    'lukasz.nowak@eastbrook.nhs.uk',
    'lukasz.nowak@eastbrook.nhs.uk',
    'UserMailbox',
    'eastbrook.local/Users/Łukasz Nowak',
    'CN=Łukasz Nowak,CN=Users,DC=eastbrook,DC=local',
  ],
];
const mailboxList = (columns = MAILBOX_COLUMNS) =>
  exportCsv(
    MAILBOX_TYPE,
    columns,
    MAILBOXES.map((row) => columns.map((column) => row[MAILBOX_COLUMNS.indexOf(column)] ?? null)),
  );

/** Get-MobileDevice's own columns; UserDisplayName is the owner's Identity path. */
const DEVICE_TYPE = 'Selected.Microsoft.Exchange.Data.Directory.Management.MobileDevice';
const DEVICE_COLUMNS = [
  'FriendlyName',
  'DeviceId',
  'DeviceOS',
  'DeviceType',
  'DeviceModel',
  'FirstSyncTime',
  'UserDisplayName',
  'Identity',
];
const device = (owner: string, id: string, type = 'iPhone'): Cell[] => [
  null,
  id,
  'iOS 17.5.1 21F90',
  type,
  type,
  '15/09/2026 08:12:40',
  owner,
  `${owner}/ExchangeActiveSyncDevices/${type}§${id}`,
];

describe('mobile devices named by their mailbox, as Exchange 2016 names them', () => {
  it('finds each device’s mailbox by its Identity path or Name, lists one that fits no mailbox, and imports the rest', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', mailboxList()));
    const file = exportCsv(DEVICE_TYPE, DEVICE_COLUMNS, [
      device('eastbrook.local/Staff/Pharmacy/Jane Smith', 'APPLF17XK2'),
      device('eastbrook.local/Staff/Estates/Jane Smith', 'APPLC39QT7'),
      device('eastbrook.local/Users/Jones, Sam', 'SEC1A2B3C4', 'Android'),
      device('eastbrook.local/Users/Łukasz Nowak', 'APPLD77MN1'),
      device('eastbrook.local/Users/Priya Shah', 'APPLE55RS9'),
    ]);
    const result = await sandbox.run('import', 'auto', write('devices.csv', file));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('5 rows read; 4 added');
    expect(result.stdout).toContain('UserDisplayName "eastbrook.local/Users/Priya Shah" fits no mailbox');
    expect(devicesStored()).toEqual([
      { email: 'jane.smith2@eastbrook.nhs.uk', device_id: 'APPLC39QT7' },
      { email: 'lukasz.nowak@eastbrook.nhs.uk', device_id: 'APPLD77MN1' },
      { email: 'jane.smith@eastbrook.nhs.uk', device_id: 'APPLF17XK2' },
      { email: 'sam.jones@eastbrook.nhs.uk', device_id: 'SEC1A2B3C4' },
    ]);
    expect(readFileSync(join(sandbox.dir, 'devices.report.csv'), 'utf8')).toContain('Priya Shah');
  });

  it('reads Get-MobileDeviceStatistics, whose only owner column is the device Identity, written with backslashes or a path', async () => {
    await sandbox.run('import', 'mailboxes', write('mailboxes.csv', mailboxList()));
    const file = exportCsv(
      'Selected.Microsoft.Exchange.Data.Directory.Management.MobileDeviceConfiguration',
      ['Identity', 'DeviceID', 'DeviceType', 'DeviceModel', 'DeviceOS', 'LastSuccessSync'],
      [
        [
          'eastbrook.local/Staff/Estates/Jane Smith/ExchangeActiveSyncDevices/iPhone§APPLC39QT7',
          'APPLC39QT7',
          'iPhone',
          'iPhone14,2',
          'iOS 17.5.1',
          '20/11/2026 07:55:02',
        ],
        [
          'Jones, Sam\\ExchangeActiveSyncDevices\\Android§SEC1A2B3C4',
          'SEC1A2B3C4',
          'Android',
          'SM-G991B',
          'Android 14',
          '21/11/2026 18:20:11',
        ],
      ],
    );
    const result = await sandbox.run('import', 'mobile-devices', write('device-stats.csv', file));
    expect(result.code).toBe(0);
    expect(devicesStored()).toEqual([
      { email: 'jane.smith2@eastbrook.nhs.uk', device_id: 'APPLC39QT7' },
      { email: 'sam.jones@eastbrook.nhs.uk', device_id: 'SEC1A2B3C4' },
    ]);
  });

  it('lists a device whose mailbox part fits two mailboxes, naming both, and imports the others', async () => {
    // A narrower mailbox export, without Name and Identity: only display names, aliases and addresses to go by.
    await sandbox.run(
      'import',
      'mailboxes',
      write('mailboxes.csv', mailboxList(['DisplayName', 'Alias', 'PrimarySmtpAddress', 'RecipientTypeDetails'])),
    );
    const file = exportCsv(DEVICE_TYPE, DEVICE_COLUMNS, [
      device('eastbrook.local/Staff/Pharmacy/Jane Smith', 'APPLF17XK2'),
      device('eastbrook.local/Users/Sam Jones', 'SEC1A2B3C4', 'Android'),
    ]);
    const result = await sandbox.run('import', 'mobile-devices', write('devices.csv', file));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'fits 2 mailboxes (jane.smith2@eastbrook.nhs.uk, jane.smith@eastbrook.nhs.uk), so commsplan cannot tell whose device it is',
    );
    expect(devicesStored()).toEqual([{ email: 'sam.jones@eastbrook.nhs.uk', device_id: 'SEC1A2B3C4' }]);
  });

  it('refuses a file none of whose devices fits one mailbox, naming the file and the mailbox list to import first, and changes nothing', async () => {
    await sandbox.run(
      'import',
      'mailboxes',
      write('mailboxes.csv', mailboxList(['DisplayName', 'Alias', 'PrimarySmtpAddress', 'RecipientTypeDetails'])),
    );
    const before = everything();
    const file = exportCsv(DEVICE_TYPE, DEVICE_COLUMNS, [
      device('eastbrook.local/Staff/Pharmacy/Jane Smith', 'APPLF17XK2'),
      device('eastbrook.local/Staff/Estates/Jane Smith', 'APPLC39QT7'),
    ]);
    const result = await sandbox.run('import', 'mobile-devices', write('devices.csv', file));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'devices.csv: none of its 2 devices could be matched to exactly one mailbox (2 fit several mailboxes, 0 fit none)',
    );
    expect(result.stderr).toContain("Import a mailbox list that has each mailbox's Name and Identity");
    expect(everything()).toBe(before);
  });

  it('says to import the mailbox list first when there is none', async () => {
    const before = everything();
    const file = exportCsv(DEVICE_TYPE, DEVICE_COLUMNS, [device('eastbrook.local/Users/Jones, Sam', 'SEC1A2B3C4', 'Android')]);
    const result = await sandbox.run('import', 'auto', write('devices.csv', file));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('devices.csv: none of its 1 device could be matched to exactly one mailbox');
    expect(result.stderr).toContain('No mailbox list has been imported: import it first');
    expect(everything()).toBe(before);
  });
});

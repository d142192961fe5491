import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, cliSandbox } from './support/cli-harness.js';

const GB = 1024 ** 3;
const MAILBOX_HEADER = '"PrimarySmtpAddress","DisplayName","RecipientTypeDetails","AccountDisabled"';
const mailbox = (email: string, name: string, type = 'UserMailbox', disabled = 'False') => `"${email}","${name}","${type}","${disabled}"`;
const STATS_HEADER = '"DisplayName","TotalItemSize"';
const stats = (name: string, bytes: number) => `"${name}","${(bytes / GB).toFixed(3)} GB (${bytes.toLocaleString('en-US')} bytes)"`;
const PORTAL_HEADER = 'Email Address,Display Name,Mailbox Size (MB),Quota (MB)';
const portal = (email: string, name: string, sizeMb: number, quotaMb: number | '' = 4096) => `${email},"${name}",${sizeMb},${quotaMb}`;

describe('who a person is, across mailboxes, the staff list and NHSmail accounts', () => {
  let sandbox: ReturnType<typeof cliSandbox>;
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(sandbox.dir, name), `${lines.join('\r\n')}\r\n`);
    return name;
  };
  const importFile = async (kind: string, name: string, lines: string[]): Promise<CliResult> => {
    const result = await sandbox.run('import', kind, write(name, lines));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    return result;
  };
  const members = async (audience: string) =>
    (JSON.parse((await sandbox.run('audience', 'show', audience, '--json')).stdout).people as { email: string }[]).map((p) => p.email);
  const overview = async () => JSON.parse((await sandbox.run('audiences', '--json')).stdout);

  beforeEach(async () => {
    sandbox = cliSandbox();
    await sandbox.run('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07');
  });
  afterEach(() => sandbox.cleanup());

  async function threeColleagues(): Promise<void> {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('sam.jones@eastbrook.nhs.uk', 'Sam Jones'),
      mailbox('zoe.brown@eastbrook.nhs.uk', 'Brown, Zoë'),
      mailbox('ravi.patel@eastbrook.nhs.uk', 'Ravi Patel'),
      mailbox('rota@eastbrook.nhs.uk', 'Ward Rota', 'SharedMailbox'),
    ]);
    await importFile('mailbox-stats', 'stats.csv', [
      STATS_HEADER,
      stats('Sam Jones', 3 * GB),
      stats('Brown, Zoë', 3 * GB),
      stats('Ravi Patel', 1 * GB),
      stats('Ward Rota', 9 * GB),
    ]);
  }

  it('adds an NHSmail account listed under @nhs.net to its person only once something pairs them, and says so loudly until then', async () => {
    await threeColleagues();
    const alone = await importFile('nhsmail-accounts', 'portal.csv', [
      PORTAL_HEADER,
      portal('sam.jones2@nhs.net', 'JONES, Samuel (EASTBROOK HOSPITALS NHS TRUST)', 1536),
    ]);
    expect(alone.stdout).toContain('The one NHSmail account belongs to no one commsplan knows');
    expect(await members('over-quota')).toEqual([]);
    const unmatched = JSON.parse((await sandbox.run('nhsmail', 'unmatched', '--json')).stdout);
    expect(unmatched).toEqual([
      { email: 'sam.jones2@nhs.net', displayName: 'JONES, Samuel (EASTBROOK HOSPITALS NHS TRUST)', reason: 'no-match', candidates: [] },
    ]);

    const paired = await importFile('address-map', 'map.csv', [
      'Source Email,Target Email',
      'sam.jones@eastbrook.nhs.uk,sam.jones2@nhs.net',
    ]);
    expect(paired.stdout).toContain('1 of 1 NHSmail accounts belong to a known person');
    // 3 GB here and 1.5 GB there: over the 4 GB quota together.
    expect(await members('over-quota')).toEqual(['sam.jones@eastbrook.nhs.uk']);
    expect(await members('nhsmail-users')).toEqual(['sam.jones@eastbrook.nhs.uk']);
    expect(JSON.parse((await sandbox.run('nhsmail', 'unmatched', '--json')).stdout)).toEqual([]);
  });

  it('links by name only when exactly one person has it, and lists the rest for an administrator', async () => {
    await threeColleagues();
    await importFile('mailboxes', 'more.csv', [MAILBOX_HEADER, mailbox('ravi.patel2@eastbrook.nhs.uk', 'Patel, Ravi')]);
    const result = await importFile('nhsmail-accounts', 'portal.csv', [
      PORTAL_HEADER,
      portal('zoe.brown@nhs.net', 'BROWN, Zoe (EASTBROOK HOSPITALS NHS TRUST)', 1536),
      portal('ravi.patel@nhs.net', 'PATEL, Ravi (EASTBROOK HOSPITALS NHS TRUST)', 10),
      portal('kim.lee@nhs.net', 'LEE, Kim (ANOTHER TRUST)', 10),
    ]);
    expect(result.stdout).toContain(
      '1 of 3 NHSmail accounts belong to a known person (0 listed under the same address, 0 paired with a local address, 1 by name). 2 do not (1 whose name fits several people, 1 whose name fits no one current)',
    );
    expect(await members('over-quota')).toEqual(['zoe.brown@eastbrook.nhs.uk']);
    const unmatched = JSON.parse((await sandbox.run('nhsmail', 'unmatched', '--json')).stdout);
    expect(unmatched).toEqual([
      { email: 'kim.lee@nhs.net', displayName: 'LEE, Kim (ANOTHER TRUST)', reason: 'no-match', candidates: [] },
      {
        email: 'ravi.patel@nhs.net',
        displayName: 'PATEL, Ravi (EASTBROOK HOSPITALS NHS TRUST)',
        reason: 'ambiguous',
        candidates: ['ravi.patel2@eastbrook.nhs.uk', 'ravi.patel@eastbrook.nhs.uk'],
      },
    ]);
    const csv = await sandbox.run('nhsmail', 'unmatched', '--csv', 'unmatched.csv');
    expect(csv.stdout).toContain('Wrote 2 accounts');
  });

  it('never links an account by name to a leaver’s or a disabled mailbox, but lists it for an administrator', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('sarah.smith@eastbrook.nhs.uk', 'Sarah Smith', 'UserMailbox', 'True'),
    ]);
    await importFile('nhsmail-accounts', 'portal.csv', [
      PORTAL_HEADER,
      portal('sarah.smith7@nhs.net', 'SMITH, Sarah (EASTBROOK HOSPITALS NHS TRUST)', 10),
    ]);
    expect(await members('nhsmail-users')).toEqual(['sarah.smith7@nhs.net']);
    expect(JSON.parse((await sandbox.run('nhsmail', 'unmatched', '--json')).stdout)).toEqual([
      {
        email: 'sarah.smith7@nhs.net',
        displayName: 'SMITH, Sarah (EASTBROOK HOSPITALS NHS TRUST)',
        reason: 'not-current',
        candidates: ['sarah.smith@eastbrook.nhs.uk'],
      },
    ]);
  });

  it('never joins two people of the staff list into one by their name', async () => {
    await threeColleagues();
    await importFile('people', 'staff.csv', [
      'Email,First Name,Last Name',
      'sam.jones@eastbrook.nhs.uk,Sam,Jones',
      'zoe.brown@eastbrook.nhs.uk,Zoë,Brown',
      'ravi.patel@eastbrook.nhs.uk,Ravi,Patel',
      // A second Sam Jones, known to HR only by an NHSmail address.
      'sam.jones7@nhs.net,Sam,Jones',
    ]);
    await importFile('nhsmail-accounts', 'portal.csv', [
      PORTAL_HEADER,
      portal('sam.jones7@nhs.net', 'JONES, Sam (EASTBROOK HOSPITALS NHS TRUST)', 1536),
    ]);
    expect(await members('nhsmail-users')).toEqual(['sam.jones7@nhs.net']);
    expect(await members('over-quota')).toEqual([]);
  });

  it('takes the quota from the person’s own NHSmail account, such as a larger 25 GB one the organisation pays for', async () => {
    await threeColleagues();
    await importFile('nhsmail-accounts', 'portal.csv', [
      PORTAL_HEADER,
      portal('sam.jones@nhs.net', 'JONES, Sam (EASTBROOK HOSPITALS NHS TRUST)', 2048, 25600),
      portal('zoe.brown@nhs.net', 'BROWN, Zoë (EASTBROOK HOSPITALS NHS TRUST)', 700, ''),
    ]);
    // Sam: 5 GB of his own 25 GB. Zoë: 3.68 GB of the standard 4 GB (her account gives none), 92%: nearing.
    expect(await members('over-quota')).toEqual([]);
    expect(await members('nearing-quota')).toEqual(['zoe.brown@eastbrook.nhs.uk']);
    await sandbox.run('settings', 'set', 'nhsmail-quota-gb', '3');
    expect(await members('over-quota')).toEqual(['zoe.brown@eastbrook.nhs.uk']);
  });

  it('leaves disabled accounts and leavers out of every audience, keeps mailbox holders missing from the staff list in, and shows both apart', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('sam.jones@eastbrook.nhs.uk', 'Sam Jones'),
      mailbox('old.account@eastbrook.nhs.uk', 'Old Account', 'UserMailbox', 'True'),
      mailbox('gone.person@eastbrook.nhs.uk', 'Gone Person'),
      mailbox('rota@eastbrook.nhs.uk', 'Ward Rota', 'SharedMailbox'),
      mailbox('room1@eastbrook.nhs.uk', 'Room 1', 'RoomMailbox'),
    ]);
    expect(await members('all-staff')).toEqual(['gone.person@eastbrook.nhs.uk', 'sam.jones@eastbrook.nhs.uk']);
    await importFile('people', 'staff.csv', [
      'Email,First Name,Last Name',
      'sam.jones@eastbrook.nhs.uk,Sam,Jones',
      'old.account@eastbrook.nhs.uk,Old,Account',
      'sam.home@example.com,Sam,Home',
    ]);
    // A personal address outside the organisation's domains is shown apart and never emailed, unless allowed.
    // Gone Person has a working mailbox and is not on the staff list: a contractor, say, who still gets the emails.
    const everyone = ['gone.person@eastbrook.nhs.uk', 'sam.jones@eastbrook.nhs.uk'];
    expect(await members('all-staff')).toEqual(everyone);
    expect(await members('local-email-users')).toEqual(everyone);
    const { apart, audiences } = await overview();
    expect(apart).toMatchObject({
      notCurrent: { disabled: 1, left: 0, 'not-on-staff-list': 0 },
      notOnStaffList: 1,
      outsideDomains: 1,
      mailboxesNotPeople: { room: 1, shared: 1 },
    });
    expect(audiences.find((a: { name: string }) => a.name === 'all-staff').count).toBe(2);
    const text = (await sandbox.run('audiences')).stdout;
    expect(text).toContain('1 person with a disabled mailbox account: in no audience');
    expect(text).toContain('1 person with a mailbox not on the staff list: in every audience they fit');
    expect(text).toContain("1 address outside the organisation's domains: not emailed unless allow-outside-domains is yes");
    const listed = JSON.parse((await sandbox.run('people', '--not-on-staff-list', '--json')).stdout);
    expect(listed.people.map((person: { email: string }) => person.email)).toEqual(['gone.person@eastbrook.nhs.uk']);
    await sandbox.run('settings', 'set', 'allow-outside-domains', 'yes');
    expect(await members('all-staff')).toEqual(['gone.person@eastbrook.nhs.uk', 'sam.home@example.com', 'sam.jones@eastbrook.nhs.uk']);
    await sandbox.run('settings', 'set', 'organisation-domains', 'eastbrook.nhs.uk, example.com');
    await sandbox.run('settings', 'set', 'allow-outside-domains', 'no');
    expect(await members('all-staff')).toEqual(['gone.person@eastbrook.nhs.uk', 'sam.home@example.com', 'sam.jones@eastbrook.nhs.uk']);
    // An organisation whose staff list names everyone says so, and mailboxes missing from it are left out.
    await sandbox.run('settings', 'set', 'staff-list-is-complete', 'yes');
    expect(await members('all-staff')).toEqual(['sam.home@example.com', 'sam.jones@eastbrook.nhs.uk']);
    expect((await sandbox.run('audiences')).stdout).toContain('1 person not on the staff list: in no audience');
    const preview = await sandbox.run('preview', 'announcement', '--person', 'gone.person@eastbrook.nhs.uk');
    expect(preview.code).toBe(2);
    expect(preview.stderr).toContain(
      'gone.person@eastbrook.nhs.uk is not current (they are not on the staff list), so they are in no audience.',
    );
  });

  it('counts someone as a leaver only when every one of their assignments has ended', async () => {
    await importFile('people', 'esr.csv', [
      'Employee Number,Assignment Number,First Name,Last Name,Email,Leaving Date',
      // Sam's first post ended; the second goes on.
      '1001,1001,Sam,Jones,sam.jones@eastbrook.nhs.uk,31/03/2025',
      '1001,1001-2,Sam,Jones,sam.jones@eastbrook.nhs.uk,',
      // Both of Kim's posts have ended.
      '1002,1002,Kim,Lee,kim.lee@eastbrook.nhs.uk,31/03/2025',
      '1002,1002-2,Kim,Lee,kim.lee@eastbrook.nhs.uk,30/06/2026',
      // Two different people of the same name, with no address and no employee number.
      ',,John,Smith,,',
      ',,John,Smith,,',
    ]);
    expect(await members('all-staff')).toEqual(['sam.jones@eastbrook.nhs.uk']);
    const { apart } = await overview();
    expect(apart.notCurrent.left).toBe(1);
    expect(apart.staffWithoutAddress).toBe(2);
  });

  it('takes wave names written in different cases as one wave', async () => {
    await importFile('people', 'staff.csv', ['Email,First Name,Wave', 'a@eastbrook.nhs.uk,Ann,Wave 1', 'b@eastbrook.nhs.uk,Bob,wave 1']);
    const waves = (await overview()).audiences.filter((a: { name: string }) => a.name.startsWith('wave:'));
    expect(waves.map((a: { name: string; count: number }) => [a.name, a.count])).toEqual([['wave:Wave 1', 2]]);
  });

  it('counts a phone only if it synced within mobile-active-days', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('a@eastbrook.nhs.uk', 'A One'),
      mailbox('b@eastbrook.nhs.uk', 'B Two'),
      mailbox('c@eastbrook.nhs.uk', 'C Three'),
    ]);
    // Today in the tests is 24 November 2026.
    await importFile('mobile-devices', 'devices.csv', [
      '"PrimarySmtpAddress","DeviceId","DeviceType","LastSuccessSync"',
      '"a@eastbrook.nhs.uk","D1","iPhone","20/11/2026 08:00:00"',
      '"b@eastbrook.nhs.uk","D2","iPhone","02/09/2024 08:00:00"',
      '"b@eastbrook.nhs.uk","D3","Android","01/08/2026 08:00:00"',
      '"c@eastbrook.nhs.uk","D4","iPhone",""',
    ]);
    expect(await members('mobile-users')).toEqual(['a@eastbrook.nhs.uk']);
    await sandbox.run('settings', 'set', 'mobile-active-days', '120');
    expect(await members('mobile-users')).toEqual(['a@eastbrook.nhs.uk', 'b@eastbrook.nhs.uk']);
  });

  it('takes people already moved out of over-quota and their wave’s reminder, and gives each wave its own moved and failed people', async () => {
    await threeColleagues();
    await importFile('people', 'staff.csv', [
      'Email,First Name,Last Name,Wave',
      'sam.jones@eastbrook.nhs.uk,Sam,Jones,Wave 1',
      'zoe.brown@eastbrook.nhs.uk,Zoë,Brown,Wave 1',
      'ravi.patel@eastbrook.nhs.uk,Ravi,Patel,Wave 2',
    ]);
    await importFile('nhsmail-accounts', 'portal.csv', [
      PORTAL_HEADER,
      portal('sam.jones@nhs.net', 'JONES, Sam (EASTBROOK HOSPITALS NHS TRUST)', 2048),
      portal('zoe.brown@nhs.net', 'BROWN, Zoë (EASTBROOK HOSPITALS NHS TRUST)', 2048),
    ]);
    expect(await members('over-quota')).toEqual(['sam.jones@eastbrook.nhs.uk', 'zoe.brown@eastbrook.nhs.uk']);
    await importFile('migration-status', 'moves.csv', [
      'Source Email,Destination Email,Migration Status',
      'sam.jones@eastbrook.nhs.uk,sam.jones@nhs.net,Completed',
      'zoe.brown@eastbrook.nhs.uk,zoe.brown@nhs.net,Synced',
      'ravi.patel@eastbrook.nhs.uk,ravi.patel@nhs.net,Failed',
    ]);
    expect(await members('over-quota')).toEqual(['zoe.brown@eastbrook.nhs.uk']);
    expect(await members('wave:Wave 1')).toEqual(['zoe.brown@eastbrook.nhs.uk']);
    expect(await members('migrated:Wave 1')).toEqual(['sam.jones@eastbrook.nhs.uk']);
    expect(await members('failed:Wave 1')).toEqual([]);
    expect(await members('failed:Wave 2')).toEqual(['ravi.patel@eastbrook.nhs.uk']);
    // Synced is copied but not switched over: neither moved nor failed.
    expect(await members('migrated')).toEqual(['sam.jones@eastbrook.nhs.uk']);
  });
});

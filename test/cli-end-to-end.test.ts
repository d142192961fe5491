import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NHSMAIL_PLAN } from '../src/plan/builtin-plans.js';
import { SETTING_CATALOGUE } from '../src/settings/setting-catalogue.js';
import { cliSandbox } from './support/cli-harness.js';

const FILLED_SETTINGS: Record<string, string> = {
  'org-name': 'Eastbrook Hospitals NHS Trust',
  'sender-name': 'The Eastbrook NHSmail team',
  'sender-email': 'nhsmail@eastbrook.example',
  'project-team-email': 'nhsmail@eastbrook.example',
  'helpdesk-phone': '01632 960000',
  'helpdesk-email': 'helpdesk@eastbrook.example',
  'how-migrations-are-organised': 'your team, one weekend at a time',
  'migration-duration': 'four weeks',
  'quota-deadline': '2027-03-05',
  'deleted-items-migrated': 'yes',
  'local-guidance-url': 'https://intranet.eastbrook.example/nhsmail',
  'information-pack-url': 'https://intranet.eastbrook.example/nhsmail/pack',
  'security-policy-url': 'https://intranet.eastbrook.example/security',
  'mailbox-guidance-url': 'https://intranet.eastbrook.example/nhsmail/size',
  'mobile-guidance-url': 'https://intranet.eastbrook.example/nhsmail/mobile',
  'outlook-guidance-url': 'https://intranet.eastbrook.example/nhsmail/outlook',
  'application-settings-url': 'https://intranet.eastbrook.example/nhsmail/apps',
  'distribution-list-arrangements': 'The project team recreates every list on NHSmail',
  'shared-mailbox-arrangements': 'Shared mailboxes move with the people who use them',
  'failed-migration-arrangements': 'Your mailbox moves in the next wave',
  'send-time': '08:30',
  'all-staff-address': 'all.staff@eastbrook.example',
};

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(() => {
  sandbox = cliSandbox();
});
afterEach(() => sandbox.cleanup());

async function initWithWaves() {
  const { run } = sandbox;
  expect((await run('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07')).code).toBe(0);
  for (const start of ['2027-03-13', '2027-03-20', '2027-04-10']) expect((await run('waves', 'add', '--start', start)).code).toBe(0);
}

/**
 * Everything a command could change, to compare before and after a refused one. One command at a
 * time, as from a terminal: commands run at once in one thread would wait on each other's write
 * lock with the thread itself blocked.
 */
async function snapshot() {
  const { run } = sandbox;
  const outputs = [];
  for (const command of ['settings', 'waves', 'activity list', 'timeline', 'closures'])
    outputs.push(await run(...command.split(' '), '--json'));
  return outputs;
}

describe('the commsplan CLI, followed as the README tells a new user', () => {
  it('inits, adds waves, fills settings and owners, passes check and exports a complete plan', async () => {
    const { run, dir } = sandbox;
    await initWithWaves();
    const before = await run('check');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('Setting helpdesk-phone');
    expect(before.stdout).toContain('announcement (template announcement)');
    expect(before.stdout).toContain('has no owner');
    expect(before.stdout).toContain('no owners list has been imported');

    writeFileSync(
      join(dir, 'filled.yaml'),
      Object.entries(FILLED_SETTINGS)
        .map(([k, v]) => `${k}: "${v}"`)
        .join('\n'),
    );
    const imported = await run('settings', 'import', 'filled.yaml');
    expect(imported.stdout).toContain('changed');
    const settings = JSON.parse((await run('settings', '--json')).stdout) as { filled: boolean; optional?: boolean }[];
    expect(settings.every((s) => s.filled || s.optional)).toBe(true);
    expect(settings).toHaveLength(SETTING_CATALOGUE.length);

    for (const activity of NHSMAIL_PLAN.activities) {
      const owner = activity.id === 'announcement' ? 'Comms Lead <comms.lead@eastbrook.example>' : 'Pat Jones';
      expect((await run('activity', 'set', activity.id, '--owner', owner)).code).toBe(0);
    }
    expect((await run('activity', 'set', 'posters-and-banners', '--status', 'skipped')).code).toBe(0);
    // What an imported owners list (commsplan import shared-mailbox-owners) records.
    const { SqliteDriver } = await import('../src/store/sqlite-driver.js');
    const db = new SqliteDriver(join(dir, 'commsplan.db'));
    db.prepare(
      "INSERT INTO shared_mailbox_owners (org_id, mailbox_email, owner_email) SELECT id, 'wards@eastbrook.example', 'pat.jones@eastbrook.example' FROM organisations",
    ).run();
    db.close();

    const check = await run('check');
    expect(check.stdout).toContain('The plan is ready');
    expect(check.code).toBe(0);

    const timeline = JSON.parse((await run('timeline', '--json')).stdout) as { activityId: string; time: string; sendAt: string }[];
    expect(timeline.filter((o) => o.activityId === 'welcome')).toHaveLength(3);
    expect(timeline[0]).toMatchObject({ activityId: 'announcement', time: '08:30', sendAt: '2026-12-07T08:30:00.000Z' });

    for (const format of ['md', 'html']) {
      expect((await run('export', '--format', format, '--out', `plan.${format}`)).code).toBe(0);
      const document = readFileSync(join(dir, `plan.${format}`), 'utf8');
      expect(document).not.toMatch(/\(\(|\)\)|not set/);
      expect(document).toContain('Eastbrook Hospitals NHS Trust');
      expect(document).toContain('Friday 5 March 2027');
      expect(document).toContain('Welcome to NHSmail');
    }

    const ics = (await run('export', '--format', 'ics')).stdout;
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
    expect(events).toHaveLength(timeline.length);
    const announcement = events.find((event) => event.summary === 'Announce the move to NHSmail');
    expect(announcement?.startDate.toJSDate().toISOString()).toBe('2026-12-07T08:30:00.000Z');
    expect(announcement?.attendees[0]?.getFirstValue()).toBe('mailto:comms.lead@eastbrook.example');
    expect(new Set(events.map((event) => event.uid)).size).toBe(events.length);
  });

  it('re-dates the reminder and welcome when a wave moves, and drops them when it is removed', async () => {
    const { run } = sandbox;
    await initWithWaves();
    expect((await run('waves', 'move', 'wave 2', '--start', '2027-03-27')).code).toBe(0);
    const waves = JSON.parse((await run('waves', '--json')).stdout);
    expect(waves[1]).toMatchObject({ name: 'Wave 2', start: '2027-03-27', end: '2027-03-28' });
    const timeline = JSON.parse((await run('timeline', '--json')).stdout) as {
      activityId: string;
      date: string;
      wave?: { name: string };
    }[];
    const forWave2 = timeline.filter((o) => o.wave?.name === 'Wave 2').map((o) => [o.activityId, o.date]);
    expect(forWave2).toEqual([
      // 15 and 10 working days before Saturday 27 March 2027, Good Friday (26 March) not counted.
      ['move-date', '2027-03-05'],
      ['wave-notice', '2027-03-12'],
      ['wave-reminder', '2027-03-23'],
      ['welcome', '2027-03-30'],
      ['failed-migration', '2027-03-30'],
      ['move-not-finished', '2027-03-30'],
    ]);
    expect((await run('waves', 'remove', 'Wave 2')).code).toBe(0);
    const after = JSON.parse((await run('timeline', '--json')).stdout) as { wave?: { name: string } }[];
    expect(after.some((o) => o.wave?.name === 'Wave 2')).toBe(false);
  });

  it('blocks an activity aimed at an audience that does not exist, until it is added', async () => {
    const { run, dir } = sandbox;
    await initWithWaves();
    const { SqliteDriver } = await import('../src/store/sqlite-driver.js');
    const db = new SqliteDriver(join(dir, 'commsplan.db'));
    db.prepare("UPDATE activities SET audiences_json = '[\"theatre-staff\"]' WHERE id = 'helpdesk'").run();
    db.close();
    expect((await run('check')).stdout).toContain('Activity helpdesk is for the audience "theatre-staff", which does not exist');
    expect((await run('audiences', 'add', 'theatre-staff', '--filter', 'department contains "theatre"')).code).toBe(0);
    expect((await run('check')).stdout).not.toContain('theatre-staff');
  });

  it('previews a template for one person, filling their figures and wave, and marks what is missing', async () => {
    const { run, dir } = sandbox;
    await initWithWaves();
    writeFileSync(
      join(dir, 'staff.csv'),
      'Email,First Name,Last Name,Wave\nsam@eastbrook.example,"<b>Sam</b>",Jones,Wave 2\nkim@eastbrook.example,Kim,Lee,Wave 2\n',
    );
    writeFileSync(
      join(dir, 'mailboxes.csv'),
      'PrimarySmtpAddress,DisplayName,RecipientTypeDetails\nsam@eastbrook.example,"Jones, Sam",UserMailbox\nkim@eastbrook.example,"Lee, Kim",UserMailbox\n',
    );
    writeFileSync(join(dir, 'stats.csv'), 'DisplayName,TotalItemSize\n"Jones, Sam",3 GB\n"Lee, Kim",1 GB\n');
    writeFileSync(join(dir, 'nhsmail.csv'), 'Email,Current Size,Allocated Quota\nsam@eastbrook.example,1.5 GB,4 GB\n');
    for (const [kind, file] of [
      ['mailboxes', 'mailboxes.csv'],
      ['mailbox-stats', 'stats.csv'],
      ['people', 'staff.csv'],
      ['nhsmail-accounts', 'nhsmail.csv'],
    ])
      expect((await run('import', kind as string, file as string)).code).toBe(0);
    const reminder = await run('preview', 'wave-reminder', '--person', 'sam@eastbrook.example', '--html', 'reminder.html');
    expect(reminder.stdout).toContain('Dear <b>Sam</b>,');
    expect(reminder.stdout).toContain('this weekend, with Wave 2, starting Saturday 20 March 2027');
    expect(reminder.stdout).toContain('do it before Saturday 20 March 2027');
    expect(reminder.stdout).toContain('get in on Monday 22 March 2027');
    expect(reminder.stdout).toContain('Not filled yet (sending would refuse this): ((information pack url))');
    const html = readFileSync(join(dir, 'reminder.html'), 'utf8');
    expect(html).toContain('Dear &#60;b&#62;Sam&#60;/b&#62;,');
    expect(html).toContain('<mark>((information pack url))</mark>');
    const quota = await run('preview', 'over-quota', '--person', 'sam@eastbrook.example');
    expect(quota.stdout).toContain(
      'mailbox: 3 GB\n- your NHSmail account, including calendar, contacts and tasks: 1.5 GB\n- the two together: 4.5 GB\n- your quota: 4 GB',
    );
    // Down to the nearing line (90% of 4 GB, 3.6 GB), not just under the quota: 4.5 - 3.6 GB, in the same unit;
    // by 5 working days before Sam's wave (Wave 2) starts on Saturday 20 March.
    expect(quota.stdout).toContain(
      'remove at least 0.9 GB by the end of Monday 15 March 2027. You can remove it from your Eastbrook Hospitals NHS Trust mailbox, your NHSmail account or both. That takes you down to 3.6 GB or less (90% of your quota)',
    );
    // A preview for one person names their own wave, as the email sent to them does.
    expect(quota.stdout).toContain('You move with Wave 2, on Saturday 20 and Sunday 21 March 2027.');
    expect(quota.stdout).not.toContain('Note:');
    const notOver = await run('preview', 'over-quota', '--person', 'kim@eastbrook.example');
    expect(notOver.stdout).toContain(
      'Note: kim@eastbrook.example is not in the audience of this email (over-quota): they would not be sent it.',
    );
    expect((await run('preview', 'no-such-template')).stderr).toContain('There is no template "no-such-template"');
  });

  it('exports settings to YAML and reads them back', async () => {
    const { run, dir } = sandbox;
    await initWithWaves();
    await run('settings', 'set', 'helpdesk-phone', '01632 960000');
    expect((await run('settings', 'export', 'settings.yaml')).code).toBe(0);
    const yaml = readFileSync(join(dir, 'settings.yaml'), 'utf8');
    expect(yaml).toContain('helpdesk-phone: 01632 960000');
    expect(yaml).toContain('# Local IT helpdesk phone');
    writeFileSync(join(dir, 'settings.yaml'), yaml.replace('helpdesk-email: null', 'helpdesk-email: help@eastbrook.example'));
    const result = await run('settings', 'import', 'settings.yaml');
    expect(result.stdout).toMatch(/1 changed, 26 unchanged/);
    expect(JSON.parse((await run('settings', '--json')).stdout).find((s: { key: string }) => s.key === 'helpdesk-email').value).toBe(
      'help@eastbrook.example',
    );
  });

  it('shows a demo with a passing check', async () => {
    const { run, dir } = sandbox;
    const start = await run('start', '--dir', 'demo');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Northmoor Valley NHS Trust');
    expect(start.stdout).toContain('The plan is ready');
    expect(existsSync(join(dir, 'demo', 'commsplan.db'))).toBe(true);
    expect((await run('start', '--dir', 'demo')).stdout).toContain('Opened the demo workspace');
    expect((await run('--db', 'demo/commsplan.db', 'check')).code).toBe(0);
  });
});

describe('the commsplan CLI refuses bad input and leaves the store as it was', () => {
  it.each([
    ['an unknown setting', ['settings', 'set', 'favourite-colour', 'blue'], 2, 'no setting called "favourite-colour"'],
    ['a malformed date', ['settings', 'set', 'quota-deadline', '31/02/2027'], 2, 'quota-deadline'],
    ['a malformed URL', ['settings', 'set', 'local-guidance-url', 'www.example'], 2, 'https://'],
    ['a malformed email', ['settings', 'set', 'helpdesk-email', 'help@@example.org'], 2, 'helpdesk-email'],
    ['a wave before the programme start', ['waves', 'add', '--start', '2026-11-28'], 2, 'before the programme starts'],
    ['an overlapping wave', ['waves', 'add', '--start', '2027-03-14', '--end', '2027-03-15'], 2, 'overlap Wave 1'],
    ['a malformed wave date', ['waves', 'add', '--start', '2027-3-14'], 2, 'start "2027-3-14" is not a date'],
    ['a move onto another wave', ['waves', 'move', 'Wave 3', '--start', '2027-03-20'], 2, 'overlap Wave 2'],
    ['an unknown wave', ['waves', 'remove', 'Wave 9'], 2, 'no wave called "Wave 9"'],
    ['an unknown activity', ['activity', 'set', 'fax-everyone', '--owner', 'Sam'], 2, 'no activity "fax-everyone"'],
    ['an unknown status', ['activity', 'set', 'announcement', '--status', 'finished'], 2, 'planned, ready, done, skipped'],
    ['an unknown export format', ['export', '--format', 'pdf'], 2, 'pack or poster for staff'],
    ['a second init', ['init', '--org', 'Other', '--start', '2027-01-04'], 3, 'already holds the plan'],
    ['an unknown option', ['waves', 'add', '--start', '2027-03-14', '--begin', '2027-03-14'], 2, 'unknown option'],
  ])('refuses %s', async (_label, args, code, message) => {
    await initWithWaves();
    const before = await snapshot();
    const result = await sandbox.run(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['done', ['--status', 'planned']],
    ['done', ['--status', 'skipped']],
    ['done', ['--owner', 'Someone Else']],
    ['done', ['--owner', '']],
    ['skipped', ['--status', 'ready']],
    ['skipped', ['--owner', 'Someone Else', '--status', 'skipped']],
  ])('refuses to change a %s activity with %j', async (status, change) => {
    const { run } = sandbox;
    await initWithWaves();
    expect((await run('activity', 'set', 'announcement', '--owner', 'Pat Jones', '--status', status)).code).toBe(0);
    const before = await snapshot();
    const result = await run('activity', 'set', 'announcement', ...change);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Activity announcement is ${status}, which is final`);
    expect(await snapshot()).toEqual(before);
  });

  it('accepts restating what a done activity already says', async () => {
    const { run } = sandbox;
    await initWithWaves();
    await run('activity', 'set', 'announcement', '--owner', 'Pat Jones', '--status', 'done');
    const result = await run('activity', 'set', 'announcement', '--owner', 'Pat Jones', '--status', 'done');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('announcement: owner Pat Jones, status done\n');
  });

  it('imports no setting from a file with one bad value, naming its line and key', async () => {
    const { run, dir } = sandbox;
    await initWithWaves();
    const before = await snapshot();
    writeFileSync(join(dir, 'bad.yaml'), 'helpdesk-phone: 01632 960000\nquota-deadline: next Friday\nshoe-size: 9\n');
    const result = await run('settings', 'import', 'bad.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml, line 2, quota-deadline');
    expect(result.stderr).toContain('bad.yaml, line 3, shoe-size');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a text file', Buffer.from('name,email\nSam,sam@example.org\n'), 'not an SQLite database'],
    ['a damaged database', Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(4096, 7)]), 'damaged'],
  ])('refuses %s as a workspace without changing it', async (_label, content, message) => {
    const path = join(sandbox.dir, 'odd.db');
    writeFileSync(path, content);
    for (const args of [['timeline'], ['init', '--org', 'X', '--start', '2027-01-04']]) {
      const result = await sandbox.run('--db', 'odd.db', ...args);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(message);
      expect(readFileSync(path).equals(content)).toBe(true);
    }
  });

  it.each([
    ['audiences_json', '{"all-staff"'],
    ['timing_json', '{"kind":"wave","anchor":"start","days":"-7","count":"calendar"}'],
    ['timing_json', '{"kind":"fortnightly"}'],
    ['channels_json', '["carrier-pigeon"]'],
    ['actions_json', 'null'],
    ['template_ids_json', '[1, 2]'],
  ])('names the activity and column when %s holds %s', async (column, damaged) => {
    const { run, dir } = sandbox;
    await initWithWaves();
    const { SqliteDriver } = await import('../src/store/sqlite-driver.js');
    const db = new SqliteDriver(join(dir, 'commsplan.db'));
    db.prepare(`UPDATE activities SET ${column} = ? WHERE id = 'wave-reminder'`).run(damaged);
    db.close();
    for (const command of [['timeline'], ['activity', 'list', '--json'], ['activity', 'set', 'announcement', '--owner', 'Sam']]) {
      const result = await run(...command);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`activity wave-reminder has a ${column} value commsplan cannot read`);
      expect(result.stderr).not.toContain('Unexpected error');
    }
  });

  it("refuses another program's SQLite database without changing it", async () => {
    const { SqliteDriver } = await import('../src/store/sqlite-driver.js');
    const path = join(sandbox.dir, 'other.db');
    const other = new SqliteDriver(path);
    other.exec("create table patients (id integer primary key, name text); insert into patients (name) values ('A')");
    other.close();
    const content = readFileSync(path);
    const result = await sandbox.run('--db', 'other.db', 'init', '--org', 'X', '--start', '2027-01-04');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('belongs to another program');
    expect(readFileSync(path).equals(content)).toBe(true);
  });

  it('says how to start when there is no workspace, and creates none', async () => {
    const result = await sandbox.run('timeline');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('commsplan init');
    expect(existsSync(join(sandbox.dir, 'commsplan.db'))).toBe(false);
  });

  it.each([
    [['init', '--org', 'X', '--start', '2026-13-01'], '--start "2026-13-01" is not a date'],
    [['init', '--org', 'X', '--start', '2027-01-04', '--nation', 'wales'], 'england-and-wales, scotland, northern-ireland'],
    [['init', '--org', 'X', '--start', '2027-01-04', '--plan', 'exchange'], 'no built-in plan called "exchange"'],
  ])('refuses init %j', async (args, message) => {
    const result = await sandbox.run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('importing from a folder other than the working one', () => {
  /** Device statistics as `Export-Csv` writes them on a server set to US English: every field quoted, M/d/yyyy dates. */
  const DEVICES =
    '"PrimarySmtpAddress","DeviceID","DeviceType","LastSuccessSync"\r\n"sam@eastbrook.example","ApplC39XK2","iPhone","11/23/2026 10:00:00 AM"\r\n';

  async function initWithExports() {
    const { run, dir } = sandbox;
    await initWithWaves();
    mkdirSync(join(dir, 'exports'));
    writeFileSync(join(dir, 'exports', 'staff.csv'), 'Email,First Name,Last Name\nsam@eastbrook.example,Sam,Jones\n');
    writeFileSync(join(dir, 'exports', 'devices.csv'), DEVICES);
    expect((await run('import', 'people', 'exports/staff.csv')).code).toBe(0);
  }

  it('writes the problem report next to the file, not in the working folder', async () => {
    const { run, dir } = sandbox;
    await initWithExports();
    const result = await run('import', 'auto', 'exports/devices.csv');
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'exports', 'devices.report.csv'), 'utf8')).toContain('LastSuccessSync');
    expect(existsSync(join(dir, 'devices.report.csv'))).toBe(false);
  });

  it('writes the rejected rows next to the file too', async () => {
    const { run, dir } = sandbox;
    await initWithExports();
    expect((await run('import', 'auto', 'exports/devices.csv', '--skip-invalid')).code).toBe(0);
    expect(readFileSync(join(dir, 'exports', 'devices.rejected.csv'), 'utf8')).toContain('ApplC39XK2');
    expect(existsSync(join(dir, 'devices.rejected.csv'))).toBe(false);
  });

  it('writes the report where --report says', async () => {
    const { run, dir } = sandbox;
    await initWithExports();
    await run('import', 'auto', 'exports/devices.csv', '--report', 'problems.csv');
    expect(existsSync(join(dir, 'problems.csv'))).toBe(true);
    expect(existsSync(join(dir, 'exports', 'devices.report.csv'))).toBe(false);
  });

  it('reads dates in the order the date-format setting gives', async () => {
    const { run } = sandbox;
    await initWithExports();
    expect((await run('settings', 'set', 'date-format', 'en-US')).code).toBe(0);
    const result = await run('import', 'auto', 'exports/devices.csv');
    expect(result.stdout).toContain('1 added');
    expect(result.code).toBe(0);
  });
});

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSandbox } from './support/cli-harness.js';
import { sqlOnFile } from './support/sqlite-file.js';

/** What a terminal would act on: any control character but the line feeds that end lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(async () => {
  sandbox = cliSandbox();
  expect((await sandbox.run('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07')).code).toBe(0);
});
afterEach(() => sandbox.cleanup());

describe('the audit log and control characters', () => {
  it('stores what people type without control characters, and prints an old line that has them escaped', async () => {
    const { run, dir } = sandbox;
    expect((await run('sender', 'add', 'team', '--folder', 'mail', '--from', 'team@eastbrook.example')).code).toBe(0);
    const paused = await run('sender', 'pause', 'team', '--reason', 'disk\u001b[2J full\u0007', '--by', 'pat\r\n2027-01-01\u202e forged');
    expect(paused.code).toBe(0);
    const stored = sqlOnFile<{ actor: string; detail: string }>(
      join(dir, 'commsplan.db'),
      "SELECT actor, detail FROM audit_log WHERE action = 'sender-paused'",
    );
    expect(stored).toEqual([{ actor: 'pat 2027-01-01 forged', detail: 'disk[2J full' }]);

    // A line written before this rule, straight into the table.
    sqlOnFile(
      join(dir, 'commsplan.db'),
      "INSERT INTO audit_log (org_id, at, actor, action, subject, detail) SELECT id, '2026-11-24T10:00:00.000Z', ?, 'sign-in-refused', 'web', ? FROM organisations",
      'x\u001b]0;owned\u0007@example\u202e\u2066x',
      'from\u009b31m 1.2.3.4\nsecond line',
    );
    const log = await run('log');
    expect(log.code).toBe(0);
    expect(log.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(log.stdout).toContain('x\\u001b]0;owned\\u0007@example\\u202e\\u2066x');
    expect(log.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(log.stdout).toContain('from\\u009b31m 1.2.3.4\\nsecond line');
    const json = await run('log', '--json');
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(json.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    const entries = (JSON.parse(json.stdout) as { entries: { actor: string; detail: string }[] }).entries;
    expect(entries.at(-1)).toMatchObject({
      actor: 'x\u001b]0;owned\u0007@example\u202e\u2066x',
      detail: 'from\u009b31m 1.2.3.4\nsecond line',
    });
  });
});

describe('names people type', () => {
  it.each([
    [['waves', 'add', '--start', '2027-03-13', '--name', 'Wave\nOne'], 'The wave name "Wave\\nOne" has a line break'],
    [['waves', 'add', '--start', '2027-03-13', '--name', 'W'.repeat(101)], 'a name can be at most 100'],
    [['activity', 'set', 'announcement', '--owner', 'Pat\u001b[2J Jones'], 'The owner "Pat\\u001b[2J Jones" holds a control character'],
    [['activity', 'set', 'announcement', '--owner', 'P'.repeat(201)], 'a name can be at most 200'],
    [['closures', 'add', '2027-01-04', '--name', 'Staff\nconference'], 'The closure name (--name) "Staff\\nconference" has a line break'],
    [['waves', 'add', '--start', '2027-03-13', '--name', 'RTL\u202eevil'], 'The wave name "RTL\\u202eevil" holds a control character'],
    [
      ['settings', 'set', 'org-name', 'Trust\nBcc: x'],
      'The value given for org-name (Organisation name), "Trust\\nBcc: x", holds a line break',
    ],
    [['settings', 'set', 'org-name', 'Evil\u001b]0;owned\u0007\u001b[2J Trust'], 'The value given for org-name'],
    [['settings', 'set', 'local-guidance-url', 'https://x.example/\nfoo'], 'The value given for local-guidance-url'],
    [
      ['audiences', 'add', 'pharmacy', '--filter', 'department = "Pharmacy"\u001b[2J'],
      'The filter "department = "Pharmacy"\\u001b[2J" holds a control character',
    ],
  ])('refuses %j with exit 2, saying %s, and changes nothing', async (args, words) => {
    const { run } = sandbox;
    const before = await Promise.all(['waves', 'activity list', 'closures'].map((c) => run(...c.split(' '), '--json')));
    const refused = await run(...args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(words);
    expect(refused.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(await Promise.all(['waves', 'activity list', 'closures'].map((c) => run(...c.split(' '), '--json')))).toEqual(before);
  });

  it('refuses an organisation name with a line break at init', async () => {
    const other = cliSandbox();
    try {
      const refused = await other.run('init', '--org', 'Eastbrook\nHospitals', '--start', '2026-12-07');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('The organisation name (--org) "Eastbrook\\nHospitals" has a line break');
    } finally {
      other.cleanup();
    }
  });
});

describe('audience filters', () => {
  it.each([
    ['20,000 brackets deep', `${'('.repeat(20_000)}mobile${')'.repeat(20_000)}`, 'at most 10000 characters'],
    ['2,000 nots deep', `${'not '.repeat(2_000)}mobile`, 'nested more than 32 deep'],
    ['of 1,000 conditions', Array<string>(1_000).fill('mobile').join(' or '), 'at most 200 conditions'],
  ])('refuses a filter %s with exit 2 and a short message', async (_label, filter, words) => {
    const refused = await sandbox.run('audiences', 'add', 'deep', '--filter', filter);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(words);
    expect(refused.stderr.length).toBeLessThan(400);
  });

  it('counts a filter at the limits: 32 deep and 200 conditions', async () => {
    const { run } = sandbox;
    const filter = `${'not '.repeat(31)}(${Array<string>(200).fill('mobile').join(' or ')})`;
    expect((await run('audiences', 'add', 'wide', '--filter', filter)).code).toBe(0);
    const shown = await run('audience', 'show', 'wide');
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
  });
});

describe('files written into a folder that does not exist', () => {
  it.each([
    [['export', '--format', 'md', '--out', 'missing/plan.md']],
    [['export', '--format', 'ics', '--out', 'missing/plan.ics']],
    [['settings', 'export', 'missing/settings.yaml']],
    [['audience', 'show', 'all-staff', '--csv', 'missing/people.csv']],
    [['preview', 'announcement', '--html', 'missing/announcement.html']],
    [['import', 'people', 'staff.csv', '--report', 'missing/report.csv']],
  ])('%j ends with exit 2 and a message naming the folder', async (args) => {
    writeFileSync(join(sandbox.dir, 'staff.csv'), 'Email,First Name,Surname\r\nnot an address,Pat,Jones\r\n');
    const result = await sandbox.run(...args);
    expect(result.stderr).toContain(
      `Error: Cannot write ${join(sandbox.dir, args.at(-1) as string)}: the folder ${join(sandbox.dir, 'missing')} does not exist. Create it first, or write the file somewhere else.\n`,
    );
    expect(result.stderr).not.toContain('    at ');
    expect(result.code).toBe(2);
  });
});

describe('a file written into a folder that exists but takes no new files', () => {
  it('says it cannot be written there, not that the folder is missing (/proc)', async () => {
    const result = await sandbox.run('export', '--format', 'ics', '--out', '/proc/nope.ics');
    expect(result.stderr).toContain('Error: Cannot write /proc/nope.ics: files cannot be created in /proc. Write the file somewhere else.');
    expect(result.stderr).not.toContain('does not exist');
    expect(result.code).toBe(2);
  });
});

describe('a workspace path', () => {
  it.each([
    ['a device', () => '/dev/zero', 'it is a device or a pipe, not a file'],
    ['a pipe', () => pipeIn(sandbox.dir), 'it is a device or a pipe, not a file'],
    ['a folder', () => sandbox.dir, 'it is a folder, not a file'],
  ])(
    'that is %s is refused with exit 3 and says what it is',
    async (_what, path, why) => {
      const result = await sandbox.run('--db', path(), 'timeline');
      expect(result.stderr).toContain(why);
      expect(result.code).toBe(3);
    },
    5_000,
  );
});

function pipeIn(dir: string): string {
  const path = join(dir, 'fifo.db');
  execFileSync('mkfifo', [path]);
  return path;
}

describe('a folder sender', () => {
  it('is refused at once, with exit 2, when its folder cannot be made (/proc/nope)', async () => {
    const added = await sandbox.run('sender', 'add', 'team', '--folder', '/proc/nope', '--from', 'team@eastbrook.example');
    expect(added.stderr).toContain(
      'Sender team was not added: folder /proc/nope failed the check: the mail folder /proc/nope cannot be made',
    );
    expect(added.code).toBe(2);
  }, 5_000);

  it('is refused when its folder exists but takes no files (/sys/kernel)', async () => {
    const added = await sandbox.run('sender', 'add', 'team', '--folder', '/sys/kernel', '--from', 'team@eastbrook.example');
    expect(added.stderr).toContain(
      'Sender team was not added: folder /sys/kernel failed the check: the mail folder /sys/kernel cannot be made or written to',
    );
    expect(added.code).toBe(2);
    expect((await sandbox.run('sender', 'list')).stdout).not.toContain('/sys/kernel');
  }, 5_000);
});

describe('imports', () => {
  it('refuses a GB18030 file with exit 2 and a message naming it, importing nothing', async () => {
    const { run, dir } = sandbox;
    const gb18030 = Buffer.from(
      '7a68616e672e7765694074727573742e6e68732e756b2cceb02cd5c52cd2a9b7bf0d0a77616e672e66616e674074727573742e6e68732e756b2cb7bc2ccdf52cbba4c0edb2bf0d0a',
      'hex',
    );
    writeFileSync(join(dir, 'staff-gb.csv'), Buffer.concat([Buffer.from('Email,First Name,Surname,Department\r\n'), gb18030]));
    const refused = await run('import', 'people', 'staff-gb.csv');
    expect(refused.stderr).toContain('staff-gb.csv: is not in an encoding commsplan recognises (UTF-8, UTF-16 or Windows-1252)');
    expect(refused.code).toBe(2);
    expect(sqlOnFile(join(dir, 'commsplan.db'), 'SELECT email FROM people')).toEqual([]);
  });

  it.each([
    ['a plain file', 'Email,First Name,Surname,Department\r\nmary.o@trust.nhs.uk,Mary,ONeil,Pharmacy\r\njohn.s@trust.nhs.uk,John', []],
    [
      'a PowerShell file (with --skip-invalid)',
      '"Email","First Name","Surname","Department"\r\n"mary.o@trust.nhs.uk","Mary","ONeil","Pharmacy"\r\n"john.s@trust.nhs.uk","John"',
      ['--skip-invalid'],
    ],
  ])('refuses %s whose last row is cut short, naming the file and row, importing nothing', async (_label, text, options) => {
    const { run, dir } = sandbox;
    writeFileSync(join(dir, 'staff.csv'), text);
    const refused = await run('import', 'people', 'staff.csv', ...options);
    expect(refused.stderr).toContain(
      "staff.csv: row 3, the last, has 2 of the header's 4 columns and no line break after it: the file looks cut short. Nothing was imported.",
    );
    expect(refused.code).toBe(2);
    expect(sqlOnFile(join(dir, 'commsplan.db'), 'SELECT email FROM people')).toEqual([]);
  });

  it('imports a file whose whole last row has no line break after it', async () => {
    const { run, dir } = sandbox;
    writeFileSync(
      join(dir, 'staff.csv'),
      'Email,First Name,Surname,Department\r\nmary.o@trust.nhs.uk,Mary,ONeil,Pharmacy\r\njohn.s@trust.nhs.uk,John,Smith,Estates',
    );
    expect((await run('import', 'people', 'staff.csv')).code).toBe(0);
    expect(sqlOnFile(join(dir, 'commsplan.db'), 'SELECT email FROM people ORDER BY email')).toEqual([
      { email: 'john.s@trust.nhs.uk' },
      { email: 'mary.o@trust.nhs.uk' },
    ]);
  });
});

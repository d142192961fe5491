import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_NOW, runCliCapturing } from './support/cli-harness.js';
import { sqlOnFile } from './support/sqlite-file.js';

/**
 * Tasks: what people publish by hand. The programme starts on Monday 7 December 2026 in England,
 * so, worked out by hand from the plan's rules (3 working days' notice unless said otherwise):
 * - announcement (month 1): Monday 7 December 2026; notice Wednesday 2 December (Fri 4, Thu 3, Wed 2).
 * - posters-and-banners (month 1, week 2): Monday 14 December 2026; notice Wednesday 9 December.
 * - over-quota (month 2): Thursday 7 January 2027; notice Monday 4 January (Wed 6, Tue 5, Mon 4).
 *   With 5 days: Thu 31 December and Wed 30 December, past the weekend of 2 and 3 January and
 *   New Year's Day (Friday 1 January 2027, a bank holiday).
 * Send time 09:00 London, which is 09:00 UTC in winter.
 */
const PRIYA = 'Priya Shah <priya.shah@eastbrook.nhs.uk>';
const TOM = 'Tom Okafor <tom.okafor@eastbrook.nhs.uk>';
const GARETH = 'Gareth Lewis <gareth.lewis@eastbrook.nhs.uk>';

let dir: string;
let clock: Date;

function run(...args: string[]) {
  return runCliCapturing(['--db', join(dir, 'commsplan.db'), ...args], { cwd: dir, now: () => clock });
}

async function ok(...args: string[]) {
  const result = await run(...args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

const sql = <T>(query: string, ...parameters: unknown[]): T[] => sqlOnFile<T>(join(dir, 'commsplan.db'), query, ...parameters);

interface TaskJson {
  id: string;
  state: string;
  noticeDate: string;
  notice: { state: string; to: string; due: string; sentAt: string | null } | null;
  reminder: { state: string; to: string; due: string; sentAt: string | null; reason: string | null } | null;
  closedBy: string | null;
  closedAt: string | null;
  nobodyToTell: boolean;
  owner: string | null;
  ownerAddress: string | null;
}

async function tasks(now?: string): Promise<Record<string, TaskJson>> {
  const result = await ok('tasks', '--json', ...(now ? ['--now', now] : []));
  return Object.fromEntries((JSON.parse(result.stdout).tasks as TaskJson[]).map((task) => [task.id, task]));
}

/** Each email written to the folder, headers unfolded and quoted-printable decoded. */
function mails(): { to: string; subject: string; messageId: string; text: string }[] {
  const folder = join(dir, 'mail');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .map((file) => {
      const raw = readFileSync(join(folder, file), 'utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const headers = head.replace(/\r\n[ \t]+/g, ' ');
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1]?.trim() ?? '';
      const text = rest
        .join('\r\n\r\n')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      return { to: header('To'), subject: header('Subject'), messageId: header('Message-ID'), text };
    });
}

const auditActions = () => sql<{ action: string }>('SELECT action FROM audit_log ORDER BY id').map((row) => row.action);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-tasks-'));
  clock = FIXED_NOW;
  await ok('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07');
  await ok('waves', 'add', '--start', '2027-03-13');
  const settings: [string, string][] = [
    ['how-migrations-are-organised', 'your department, one weekend at a time'],
    ['migration-duration', 'five weeks'],
    ['security-policy-url', 'https://intranet.eastbrook.nhs.uk/policies/security'],
    ['quota-deadline', '2027-02-26'],
    ['local-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail'],
    ['information-pack-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/pack'],
    // The copy to publish in the notes (issue 18) tells staff where to get help.
    ['helpdesk-phone', '01632 960123'],
    ['helpdesk-email', 'it.helpdesk@eastbrook.nhs.uk'],
    ['project-team-email', 'nhsmail.project@eastbrook.nhs.uk'],
    // The phase-2 intranet page has a section for each targeted audience, with their guidance.
    ['deleted-items-migrated', 'no'],
    ['mailbox-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/size'],
    ['mobile-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/phones'],
    ['outlook-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/outlook'],
    ['application-settings-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/apps'],
    ['distribution-list-arrangements', 'The project team makes each list again on NHSmail'],
    ['shared-mailbox-arrangements', 'Each shared mailbox moves with the people who use it'],
  ];
  for (const [key, value] of settings) await ok('settings', 'set', key, value);
  await ok('sender', 'add', 'local', '--folder', 'mail', '--from', 'NHSmail project <nhsmail.project@eastbrook.nhs.uk>');
  await ok('activity', 'set', 'announcement', '--owner', PRIYA);
  await ok('activity', 'set', 'posters-and-banners', '--owner', TOM);
  await ok('activity', 'set', 'over-quota', '--owner', GARETH);
  await ok('activity', 'set', 'detailed-actions', '--owner', 'Communications team');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('task notices', () => {
  it('go to each owner 3 working days before, once, into the folder, with the words to publish filled in', async () => {
    const planned = await tasks();
    expect([planned.announcement?.noticeDate, planned['posters-and-banners']?.noticeDate, planned['over-quota']?.noticeDate]).toEqual([
      '2026-12-02',
      '2026-12-09',
      '2027-01-04',
    ]);
    expect((await ok('send', '--due', '--now', '2026-12-02T08:59:00Z')).stdout).toContain('0 sent.');
    expect(mails()).toEqual([]);

    const due = await ok('send', '--due', '--now', '2026-12-02T09:00:00Z');
    expect(due.stdout).toContain(`Task announcement: notice to ${PRIYA} queued, from sender local`);
    expect(due.stdout).toContain('1 sent.');
    const [notice, ...others] = mails();
    expect(others).toEqual([]);
    expect(notice?.to).toBe('priya.shah@eastbrook.nhs.uk');
    expect(notice?.subject).toBe('To publish on Monday 7 December 2026: Announce the move to NHSmail');
    expect(notice?.text).toContain(
      'Due on Monday 7 December 2026, through: Migration intranet page, Intranet front page, Staff newsletter.',
    );
    expect(notice?.text).toContain('- Explain what NHSmail is.');
    // A key message of the phase, filled in with the settings and the programme's dates.
    expect(notice?.text).toContain("Eastbrook Hospitals NHS Trust is moving everyone's email to NHSmail, starting Saturday 13 March 2027.");
    expect(notice?.text).toContain('You will move with your department, one weekend at a time');
    expect(notice?.text).toContain('commsplan task done announcement');
    expect(notice?.text).not.toContain('((');

    // The same moment again, and a later one: nothing goes twice.
    await ok('send', '--due', '--now', '2026-12-02T09:00:00Z');
    await ok('send', '--due', '--now', '2026-12-03T09:00:00Z');
    expect(mails()).toHaveLength(1);
    expect((await tasks()).announcement?.notice).toMatchObject({ state: 'sent', sentAt: '2026-12-02T09:00:00.000Z' });
    expect(auditActions()).toEqual(expect.arrayContaining(['task-notice-queued', 'message-sent']));
  });

  it('carry the copy to publish for their channels, filled in, and say where the HTML and the poster are', async () => {
    await ok('send', '--due', '--now', '2026-12-02T09:00:00Z');
    const [announcement] = mails();
    const text = announcement?.text.split('Content-Type: text/html')[0] ?? '';
    // The intranet page and the newsletter article of phase 1, with the wave and where to get help.
    expect(text).toContain('We are moving to NHSmail');
    expect(text).toContain('Our email is moving to NHSmail');
    expect(text).toContain('Wave 1, Saturday 13 March 2027 to Sunday 14 March 2027');
    expect(text).toContain('call the IT helpdesk on 01632 960123 or email it.helpdesk@eastbrook.nhs.uk');
    expect(text).toContain('information pack: https://intranet.eastbrook.nhs.uk/nhsmail/pack');
    expect(text).toContain('commsplan export --format intranet --out FOLDER');
    expect(text).not.toContain('((');
    // The intranet page carries the phase's key messages, so they are not listed a second time.
    expect(text.split('It helps teams work together').length - 1).toBe(1);

    await ok('send', '--due', '--now', '2026-12-09T09:00:00Z');
    const posters = mails().find((mail) => mail.to === 'tom.okafor@eastbrook.nhs.uk');
    expect(posters?.text).toContain('commsplan export --format poster --out FOLDER');
  });

  it('count working days back over a weekend and a bank holiday when task-notice-days is 5', async () => {
    await ok('settings', 'set', 'task-notice-days', '5');
    expect((await tasks())['over-quota']?.noticeDate).toBe('2026-12-30');
    await ok('send', '--due', '--now', '2026-12-29T09:00:00Z');
    expect(mails().filter((m) => m.to === 'gareth.lewis@eastbrook.nhs.uk')).toEqual([]);
    await ok('send', '--due', '--now', '2026-12-30T09:00:00Z');
    expect(mails().map((m) => [m.to, m.subject])).toEqual([
      ['gareth.lewis@eastbrook.nhs.uk', 'To publish on Thursday 7 January 2027: Warn people whose mail is over the quota'],
    ]);
    const refused = await run('settings', 'set', 'task-notice-days', 'three');
    expect(refused.code).toBe(2);
  });

  it('wait for settings the words to publish need, say which, and go once they are filled', async () => {
    sql("DELETE FROM settings WHERE key = 'security-policy-url'");
    const waiting = await ok('send', '--due', '--now', '2026-12-02T09:00:00Z');
    expect(waiting.stderr).toContain(`Task announcement: the notice to ${PRIYA} waits for ((security policy url))`);
    expect(mails()).toEqual([]);
    await ok('settings', 'set', 'security-policy-url', 'https://intranet.eastbrook.nhs.uk/policies/security');
    await ok('send', '--due', '--now', '2026-12-02T10:00:00Z');
    expect(mails().map((m) => m.to)).toEqual(['priya.shah@eastbrook.nhs.uk']);
  });

  it('are sent by the worker, once, and it stops cleanly on SIGTERM', async () => {
    const bin = resolve(import.meta.dirname, '..', 'bin', 'commsplan.js');
    const worker = spawn(
      process.execPath,
      [bin, '--db', join(dir, 'commsplan.db'), 'worker', '--now', '2026-12-02T09:00:00Z', '--poll', '0.2'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => worker.on('exit', (code) => done(code)));
    for (let i = 0; i < 300 && mails().length === 0; i++) await new Promise((done) => setTimeout(done, 50));
    // A few more polls: nothing more is due, so nothing more goes.
    await new Promise((done) => setTimeout(done, 600));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain(`Task announcement: notice to ${PRIYA} queued, from sender local`);
    expect(mails().map((m) => m.to)).toEqual(['priya.shah@eastbrook.nhs.uk']);
  });

  it('go through a real SMTP server, with the message key as Message-ID', async () => {
    const received: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      secure: false,
      hideSTARTTLS: true,
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback(null, 'Ok: queued as 4Fq2Lk1');
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.server.address() as AddressInfo).port;
      await ok('sender', 'add', 'relay', '--smtp', `127.0.0.1:${port}`, '--security', 'none', '--from', 'nhsmail.project@eastbrook.nhs.uk');
      await ok('activity', 'set', 'posters-and-banners', '--sender', 'relay');
      const sent = await ok('send', '--due', '--now', '2026-12-09T09:00:00Z');
      expect(sent.stdout).toContain(
        'Task posters-and-banners: notice to Tom Okafor <tom.okafor@eastbrook.nhs.uk> queued, from sender relay',
      );
      expect(received.map((m) => m.to)).toEqual([['tom.okafor@eastbrook.nhs.uk']]);
      const key = sql<{ message_key: string }>(
        "SELECT message_key FROM outbox WHERE occurrence_key = 'task-notes:2026-12-09:tom.okafor@eastbrook.nhs.uk'",
      )[0]?.message_key;
      expect(received[0]?.raw).toMatch(new RegExp(`^Message-ID:\\s+<${key}@commsplan>`, 'm'));
      expect(received[0]?.raw.replace(/\r\n\s+/g, ' ')).toContain(
        'Subject: To publish on Monday 14 December 2026: Posters and banner stands in busy areas',
      );
      expect(mails()).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('task reminders', () => {
  it('go on the day, only for a task not marked done, and never for a day that has passed', async () => {
    clock = new Date('2026-12-10T12:00:00Z');
    const done = await ok('task', 'done', 'posters-and-banners', '--by', 'Tom Okafor');
    expect(done.stdout).toBe(
      'posters-and-banners (Posters and banner stands in busy areas): done, by Tom Okafor at 2026-12-10T12:00:00.000Z\n',
    );

    expect((await ok('send', '--due', '--now', '2026-12-07T08:59:00Z')).stdout).toContain('0 sent.');
    await ok('send', '--due', '--now', '2026-12-07T09:00:00Z');
    await ok('send', '--due', '--now', '2026-12-08T09:00:00Z');
    await ok('send', '--due', '--now', '2026-12-14T09:00:00Z');
    expect(mails().map((m) => [m.to, m.subject])).toEqual([
      ['priya.shah@eastbrook.nhs.uk', 'Reminder: Announce the move to NHSmail is due on Monday 7 December 2026'],
    ]);
    expect(mails()[0]?.text).toContain('It is not marked done yet.');
    expect(mails()[0]?.text).toContain('Staff newsletter');
  });

  it('are cancelled, queued but unsent, when the task is marked done, and nothing goes', async () => {
    const queued = await ok('send', '--queue-only', '--now', '2026-12-14T09:00:00Z');
    expect(queued.stdout).toBe(`Task posters-and-banners: reminder to ${TOM} queued, from sender local\n`);
    clock = new Date('2026-12-14T09:00:30Z');
    const done = await ok('task', 'done', 'posters-and-banners', '--by', 'Tom Okafor');
    expect(done.stdout).toContain('; 1 unsent notice or reminder cancelled');
    const note = 'task-notes:2026-12-14:tom.okafor@eastbrook.nhs.uk';
    expect(sql('SELECT state FROM outbox WHERE occurrence_key = ?', note)).toEqual([{ state: 'cancelled' }]);
    expect(sql('SELECT state FROM occurrence_states WHERE occurrence_key = ?', note)).toEqual([{ state: 'cancelled' }]);
    expect((await ok('send', '--due', '--now', '2026-12-14T09:01:00Z')).stdout).toContain('0 sent.');
    expect(mails()).toEqual([]);
    const log = sql<{ actor: string; action: string; subject: string; detail: string }>(
      "SELECT actor, action, subject, detail FROM audit_log WHERE action = 'task-done'",
    );
    expect(log).toEqual([
      {
        actor: 'Tom Okafor',
        action: 'task-done',
        subject: 'posters-and-banners',
        detail: 'Posters and banner stands in busy areas: marked done by Tom Okafor; 1 unsent notice or reminder cancelled',
      },
    ]);
  });

  it('are cancelled when the activity is set done, which closes its task with who and when', async () => {
    await ok('send', '--queue-only', '--now', '2026-12-07T09:00:00Z');
    clock = new Date('2026-12-07T09:00:10Z');
    const set = await ok('activity', 'set', 'announcement', '--status', 'done', '--by', 'Priya Shah');
    expect(set.stdout).toBe(
      'announcement: owner Priya Shah <priya.shah@eastbrook.nhs.uk>, status done\nannouncement: done (was planned)\nTask announcement: done; 1 unsent notice or reminder cancelled\n',
    );
    await ok('send', '--due', '--now', '2026-12-07T09:01:00Z');
    expect(mails()).toEqual([]);
    expect((await tasks()).announcement).toMatchObject({
      state: 'done',
      closedBy: 'Priya Shah',
      closedAt: '2026-12-07T09:00:10.000Z',
      reminder: { state: 'cancelled', reason: 'the task is done: activity announcement was marked done by Priya Shah' },
    });
  });
});

describe('one note a day to each owner', () => {
  const GARETH_ADDRESS = 'gareth.lewis@eastbrook.nhs.uk';
  const toGareth = () => mails().filter((m) => m.to === GARETH_ADDRESS);
  /** The plain-text part alone: the HTML part repeats every word. */
  const plainText = (text: string) => text.split('Content-Type: text/html')[0] ?? '';
  const timesIn = (text: string, words: string) => plainText(text).split(words).length - 1;

  beforeEach(async () => {
    await ok('activity', 'set', 'nearing-quota', '--owner', GARETH);
    await ok('activity', 'set', 'mobile-users', '--owner', GARETH);
  });

  it('lists every task whose notice is due that day in one email, with the key messages once, and sends it once', async () => {
    const sent = await ok('send', '--due', '--now', '2027-01-04T09:00:00Z');
    expect(sent.stdout).toContain(`Task mobile-users: notice to ${GARETH} queued, from sender local (one email listing 3 tasks)`);
    const [note, ...others] = toGareth();
    expect(others).toEqual([]);
    expect(note?.subject).toBe('To get ready: 3 parts of the move to NHSmail, the first due on Thursday 7 January 2027');
    for (const [id, title] of [
      ['over-quota', 'Warn people whose mail is over the quota'],
      ['nearing-quota', 'Warn people whose mail is close to the quota'],
      ['mobile-users', 'Prepare mobile users'],
    ] as const) {
      expect(timesIn(note?.text ?? '', title), title).toBe(1);
      expect(timesIn(note?.text ?? '', `commsplan task done ${id}`), id).toBe(1);
    }
    // The phase's key messages, which every single notice used to repeat, come once.
    expect(timesIn(note?.text ?? '', 'What happens and when')).toBe(1);
    expect(note?.text).not.toContain('((');

    await ok('send', '--due', '--now', '2027-01-04T09:00:00Z');
    await ok('send', '--due', '--now', '2027-01-05T09:00:00Z');
    expect(toGareth()).toHaveLength(1);
    const told = await tasks();
    for (const id of ['over-quota', 'nearing-quota', 'mobile-users'])
      expect(told[id]?.notice, id).toMatchObject({ state: 'sent', to: GARETH_ADDRESS, sentAt: '2027-01-04T09:00:00.000Z' });
  });

  it('tells a task given to the owner later that day in a second note of its own, and none twice', async () => {
    await ok('send', '--due', '--now', '2027-01-04T09:00:00Z');
    clock = new Date('2027-01-04T12:00:00Z');
    await ok('activity', 'set', 'outlook-users', '--owner', GARETH);
    const later = await ok('send', '--due', '--now', '2027-01-04T12:00:00Z');
    expect(later.stdout).toContain(`Task outlook-users: notice to ${GARETH} queued, from sender local\n`);
    expect(later.stdout).not.toContain('Task over-quota');
    await ok('send', '--due', '--now', '2027-01-04T13:00:00Z');
    // The folder's files are named by message key, so each email is found by its subject.
    const bySubject = new Map(toGareth().map((m) => [m.subject, m.text]));
    const firstSubject = 'To get ready: 3 parts of the move to NHSmail, the first due on Thursday 7 January 2027';
    const secondSubject = 'To publish on Thursday 7 January 2027: Prepare Outlook and other email programme users';
    expect([...bySubject.keys()].sort()).toEqual([firstSubject, secondSubject]);
    expect(timesIn(bySubject.get(firstSubject) ?? '', 'Prepare Outlook')).toBe(0);
    expect(timesIn(bySubject.get(secondSubject) ?? '', 'commsplan task done outlook-users')).toBe(1);
    expect(timesIn(bySubject.get(secondSubject) ?? '', 'commsplan task done over-quota')).toBe(0);
    expect(sql('SELECT occurrence_key FROM outbox WHERE recipient = ? ORDER BY created_at', GARETH_ADDRESS)).toEqual([
      { occurrence_key: `task-notes:2027-01-04:${GARETH_ADDRESS}` },
      { occurrence_key: `task-notes:2027-01-04:${GARETH_ADDRESS}:2` },
    ]);
    expect((await tasks())['outlook-users']?.notice).toMatchObject({ state: 'sent', sentAt: '2027-01-04T12:00:00.000Z' });

    // On the day, one reminder lists all four.
    await ok('send', '--due', '--now', '2027-01-07T09:00:00Z');
    expect(toGareth()).toHaveLength(3);
    const reminder = toGareth().find((m) => m.subject === 'Reminder: 4 parts of the move to NHSmail are due today');
    expect(timesIn(reminder?.text ?? '', 'These are not marked done yet')).toBe(1);
    for (const id of ['over-quota', 'nearing-quota', 'mobile-users', 'outlook-users'])
      expect(timesIn(reminder?.text ?? '', `commsplan task done ${id}`), id).toBe(1);
  });

  it('cancels an unsent note only once every task it lists is closed', async () => {
    await ok('send', '--queue-only', '--now', '2027-01-04T09:00:00Z');
    const state = () => sql('SELECT state FROM outbox WHERE occurrence_key = ?', `task-notes:2027-01-04:${GARETH_ADDRESS}`);
    clock = new Date('2027-01-04T09:00:30Z');
    expect((await ok('task', 'done', 'over-quota', '--by', 'Gareth Lewis')).stdout).not.toContain('cancelled');
    await ok('task', 'done', 'nearing-quota', '--by', 'Gareth Lewis');
    expect(state()).toEqual([{ state: 'queued' }]);
    expect((await ok('task', 'done', 'mobile-users', '--by', 'Gareth Lewis')).stdout).toContain('; 1 unsent notice or reminder cancelled');
    expect(state()).toEqual([{ state: 'cancelled' }]);
    await ok('send', '--due', '--now', '2027-01-04T09:01:00Z');
    expect(toGareth()).toEqual([]);
  });
});

describe('commsplan tasks', () => {
  it('lists every task with its dates, owner, state and what the owner was sent, as JSON', async () => {
    await ok('send', '--due', '--now', '2026-12-09T09:00:00Z');
    const listed = JSON.parse((await ok('tasks', '--json', '--now', '2026-12-10T10:00:00Z')).stdout).tasks as TaskJson[];
    expect(listed.map((t) => t.id)).toEqual([
      'announcement',
      'posters-and-banners',
      'detailed-actions',
      'over-quota',
      'nearing-quota',
      'mobile-users',
      'outlook-users',
      'helpdesk',
      'application-owners',
      'dl-owners',
      'shared-mailbox-users',
      'shared-mailbox-owners',
      'month-3-all-staff',
    ]);
    expect(listed[1]).toEqual({
      id: 'posters-and-banners',
      activityId: 'posters-and-banners',
      title: 'Posters and banner stands in busy areas',
      wave: null,
      channels: ['Posters', 'Banner stands'],
      date: '2026-12-14',
      noticeDate: '2026-12-09',
      state: 'open',
      owner: TOM,
      ownerAddress: 'tom.okafor@eastbrook.nhs.uk',
      nobodyToTell: false,
      notice: {
        state: 'sent',
        to: 'tom.okafor@eastbrook.nhs.uk',
        due: '2026-12-09T09:00:00.000Z',
        sentAt: '2026-12-09T09:00:00.000Z',
        reason: null,
      },
      reminder: null,
      closedBy: null,
      closedAt: null,
    });
    // The announcement's notice day (2 December) had passed when sending began: it is late and was never sent.
    expect(listed[0]).toMatchObject({ id: 'announcement', state: 'late', notice: null, reminder: null });
  });

  it('shows late tasks, and done ones with who and when, in a table', async () => {
    clock = new Date('2026-12-11T16:00:00Z');
    await ok('task', 'done', 'posters-and-banners', '--by', 'Tom Okafor');
    const late = await tasks('2026-12-15T10:00:00Z');
    expect([late.announcement?.state, late['posters-and-banners']?.state, late['over-quota']?.state]).toEqual(['late', 'done', 'open']);
    const text = (await ok('tasks', '--now', '2026-12-15T10:00:00Z')).stdout;
    expect(text).toMatch(/^announcement +2026-12-07 +Migration intranet page, Intranet front page, Staff newsletter +Priya Shah +late /m);
    expect(text).toMatch(/^posters-and-banners +2026-12-14 +Posters, Banner stands +Tom Okafor +done by Tom Okafor, 2026-12-11/m);
    expect(text).toMatch(/^over-quota +2027-01-07 .* open +notice due 2027-01-04$/m);
    expect(text).toContain('13 tasks: 11 open, 1 late, 1 done.');
  });

  it('lists an owner without an address, and a task with no owner, as having nobody to tell, and sends them nothing', async () => {
    const listed = await tasks();
    expect(listed['detailed-actions']).toMatchObject({ owner: 'Communications team', ownerAddress: null, nobodyToTell: true });
    expect(listed['nearing-quota']).toMatchObject({ owner: null, ownerAddress: null, nobodyToTell: true });
    await ok('send', '--due', '--now', '2027-01-04T09:00:00Z');
    await ok('send', '--due', '--now', '2027-01-07T09:00:00Z');
    expect(sql('SELECT DISTINCT recipient FROM outbox')).toEqual([{ recipient: 'gareth.lewis@eastbrook.nhs.uk' }]);
    const text = (await ok('tasks')).stdout;
    expect(text).toMatch(/^detailed-actions .* Communications team +open +nobody to tell: the owner has no address$/m);
    expect(text).toMatch(/^nearing-quota .* - +open +nobody to tell: no owner$/m);
    const findings = JSON.parse((await run('check', '--json')).stdout).findings as {
      code: string;
      activityId?: string;
      severity: string;
    }[];
    expect(findings.filter((f) => f.code === 'task-owner-unreachable')).toEqual([
      expect.objectContaining({ activityId: 'detailed-actions', severity: 'warning' }),
    ]);
    expect(findings).toContainEqual(expect.objectContaining({ code: 'owner-missing', activityId: 'nearing-quota' }));
  });
});

describe('bad input', () => {
  const unchanged = () => [sql('SELECT * FROM tasks'), sql('SELECT * FROM audit_log'), sql('SELECT * FROM outbox')];

  it('refuses an unknown task with a clear message, exit code 2 and nothing changed', async () => {
    const before = unchanged();
    const result = await run('task', 'done', 'no-such-task');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no task "no-such-task". Tasks: announcement, posters-and-banners,');
    expect(result.stderr).toContain('See them with: commsplan tasks');
    expect(unchanged()).toEqual(before);
  });

  it('refuses to mark a task done twice, saying who did it and when, and changes nothing', async () => {
    clock = new Date('2026-12-10T12:00:00Z');
    await ok('task', 'done', 'posters-and-banners', '--by', 'Tom Okafor');
    const before = unchanged();
    clock = new Date('2026-12-11T12:00:00Z');
    const again = await run('task', 'done', 'Posters-And-Banners', '--by', 'Priya Shah');
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      'Error: Task posters-and-banners is already done (by Tom Okafor at 2026-12-10T12:00:00.000Z). Nothing was changed.\n',
    );
    expect(unchanged()).toEqual(before);
  });

  it('refuses a task whose activity is skipped, and a --now that is not a time', async () => {
    await ok('activity', 'set', 'posters-and-banners', '--status', 'skipped');
    const before = unchanged();
    const skipped = await run('task', 'done', 'posters-and-banners');
    expect([skipped.code, skipped.stderr]).toEqual([2, expect.stringContaining('Task posters-and-banners is already skipped')]);
    expect((await tasks())['posters-and-banners']).toMatchObject({ state: 'skipped', closedBy: 'cli' });
    const badTime = await run('tasks', '--now', 'tomorrow');
    expect([badTime.code, badTime.stderr]).toEqual([2, expect.stringContaining('--now "tomorrow" is not a time')]);
    expect(unchanged()).toEqual(before);
  });
});

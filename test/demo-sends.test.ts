import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoExportFiles } from '../src/demo/demo-exports.js';
import { demoPeople } from '../src/demo/demo-people.js';
import { type CliResult, cliSandbox } from './support/cli-harness.js';
import { expectedAudiences, readEmlFolder } from './support/demo-expectations.js';
import { openTestStore } from './support/test-database.js';

const EARLY_EMAILS: Record<string, string> = {
  announcement: 'all-staff',
  'detailed-actions': 'all-staff',
  'over-quota': 'over-quota',
  'nearing-quota': 'nearing-quota',
  'mobile-users': 'mobile-users',
  'outlook-users': 'email-programme-users',
  helpdesk: 'helpdesk',
  'application-owners': 'application-owners',
  'dl-owners': 'dl-owners',
  'shared-mailbox-users': 'shared-mailbox-users',
  'shared-mailbox-owners': 'shared-mailbox-owners',
};

/** Every early email's activity is also a task (an intranet page at least), told to its owner. */
const TASK_OWNERS: Record<string, string> = {
  announcement: 'priya.shah@northmoor-valley.example',
  'detailed-actions': 'priya.shah@northmoor-valley.example',
  'over-quota': 'gareth.lewis@northmoor-valley.example',
  'nearing-quota': 'gareth.lewis@northmoor-valley.example',
  'mobile-users': 'gareth.lewis@northmoor-valley.example',
  'outlook-users': 'gareth.lewis@northmoor-valley.example',
  helpdesk: 'aisha.begum@northmoor-valley.example',
  'application-owners': 'aisha.begum@northmoor-valley.example',
  'dl-owners': 'aisha.begum@northmoor-valley.example',
  'shared-mailbox-users': 'aisha.begum@northmoor-valley.example',
  'shared-mailbox-owners': 'aisha.begum@northmoor-valley.example',
};

let sandbox: ReturnType<typeof cliSandbox>;
let first: CliResult;
const demo = (...parts: string[]) => join(sandbox.dir, 'demo', ...parts);

async function outboxRows(): Promise<{ message_key: string; occurrence_key: string; recipient: string; state: string }[]> {
  const store = await openTestStore(demo('commsplan.db'), { create: false });
  try {
    return await store.db.selectFrom('outbox').select(['message_key', 'occurrence_key', 'recipient', 'state']).execute();
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  sandbox = cliSandbox();
  first = await sandbox.run('start', '--dir', 'demo');
});
afterAll(() => sandbox.cleanup());

describe('the demo workspace', () => {
  it('brings its made-up people in through the real import, into the audiences their files say', async () => {
    expect(first.code, first.stderr).toBe(0);
    const expected = expectedAudiences(demo('exports'), new Date('2026-11-24T10:00:00Z'));
    const result = await sandbox.run('--db', 'demo/commsplan.db', 'audiences', '--json');
    const counts = Object.fromEntries(
      (JSON.parse(result.stdout).audiences as { name: string; count: number }[]).map((a) => [a.name, a.count]),
    );
    for (const [name, people] of Object.entries(expected.audiences))
      expect({ name, count: counts[name] }).toEqual({ name, count: people.size });
    expect(expected.current.size).toBeGreaterThan(300);
    for (const name of ['over-quota', 'nearing-quota', 'helpdesk', 'application-owners', 'shared-mailbox-users'])
      expect(expected.audiences[name]?.size, name).toBeGreaterThan(2);
    expect({ leavers: expected.leavers, disabled: expected.disabled, noAddress: expected.noAddress }).toEqual({
      leavers: 3,
      disabled: 2,
      noAddress: 2,
    });
    const waves = (await sandbox.run('--db', 'demo/commsplan.db', 'audiences')).stdout;
    for (const wave of ['Wave 1', 'Wave 2', 'Wave 3', 'Wave 4']) expect(waves).toMatch(new RegExp(`wave:${wave} +[1-9]\\d+ `));
    expect(waves).toContain('3 people who have left');
  });

  it('is made of obviously fictional addresses, the same every time for the same moment', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const once = demoPeople(now);
    expect(demoPeople(now)).toEqual(once);
    expect(demoExportFiles(once.people, once.sharedMailboxes, now)).toEqual(demoExportFiles(once.people, once.sharedMailboxes, now));
    expect(once.people.every((p) => p.email.endsWith('@northmoor-valley.example'))).toBe(true);
    expect(new Set(once.people.map((p) => p.email)).size).toBe(once.people.length);
  });

  it('records who approved its early emails and added its sender in the audit log', async () => {
    const log = JSON.parse((await sandbox.run('--db', 'demo/commsplan.db', 'log', '--json')).stdout).entries as {
      actor: string;
      action: string;
      subject: string;
    }[];
    const approved = log.filter((e) => e.action === 'approved');
    expect(approved.map((e) => e.subject).sort()).toEqual(Object.keys(EARLY_EMAILS).sort());
    expect(new Set(approved.map((e) => e.actor))).toEqual(new Set(['Priya Shah']));
    expect(log.some((e) => e.action === 'sender-added' && e.subject === 'demo-folder')).toBe(true);
  });
});

describe('commsplan start', () => {
  it('writes one real .eml file to each person in the audience of each approved email, as of when it is due', async () => {
    const rows = await outboxRows();
    const messages = readEmlFolder(demo('mail'));
    expect(messages.length).toBe(rows.length);
    const byKey = new Map(rows.map((row) => [`<${row.message_key}@commsplan>`, row]));
    const report = JSON.parse((await sandbox.run('--db', 'demo/commsplan.db', 'report', '--json')).stdout).occurrences as {
      occurrence: string;
      sendAt: string;
      state: string;
    }[];
    const sentAt = new Date(report.find((r) => r.occurrence === 'over-quota')?.sendAt as string);
    const expected = expectedAudiences(demo('exports'), sentAt);
    const received = new Map<string, string[]>();
    for (const message of messages.filter((m) => !byKey.get(m.messageId)?.occurrence_key.startsWith('task-'))) {
      const row = byKey.get(message.messageId);
      expect(row, message.file).toBeDefined();
      expect(message.to).toBe(row?.recipient);
      received.set(row?.occurrence_key as string, [...(received.get(row?.occurrence_key as string) ?? []), message.to]);
    }
    for (const [activity, audience] of Object.entries(EARLY_EMAILS)) {
      const want = audience === 'all-staff' ? ['all.staff@northmoor-valley.example'] : [...(expected.audiences[audience] ?? [])].sort();
      expect({ activity, to: (received.get(activity) ?? []).sort() }).toEqual({ activity, to: want });
    }
    expect([...received.keys()].sort()).toEqual(Object.keys(EARLY_EMAILS).sort());
    expect(report.filter((r) => r.occurrence in EARLY_EMAILS).every((r) => r.state === 'sent')).toBe(true);
    const overQuota = messages.find((m) => byKey.get(m.messageId)?.occurrence_key === 'over-quota');
    expect(overQuota?.date).toMatch(/^Thu, 07 Jan 2027 09:[0-5]\d:00 \+0000$/);
    expect(overQuota?.body).toMatch(/Content-Type: text\/plain[\s\S]*Content-Type: text\/html/);
  });

  it("reminds each email's owners on the day of their tasks, one note each listing them all, once, into the same folder", async () => {
    const rows = (await outboxRows()).filter((row) => row.occurrence_key.startsWith('task-'));
    const owners = [...new Set(Object.values(TASK_OWNERS))].sort();
    // The announcement's day, then the day every phase 2 email goes: one note to each owner.
    expect(rows.map((row) => [row.occurrence_key, row.recipient, row.state]).sort()).toEqual(
      [
        ['task-notes:2026-12-07:priya.shah@northmoor-valley.example', 'priya.shah@northmoor-valley.example', 'sent'],
        ...owners.map((owner) => [`task-notes:2027-01-07:${owner}`, owner, 'sent']),
      ].sort(),
    );
    const files = new Set(readEmlFolder(demo('mail')).map((message) => message.messageId));
    for (const row of rows) expect(files.has(`<${row.message_key}@commsplan>`), row.occurrence_key).toBe(true);
    expect(first.stdout).toContain(
      '  Task announcement: reminder to Priya Shah <priya.shah@northmoor-valley.example> queued, from sender demo-folder\n',
    );
    expect(first.stdout).toContain(
      '  Task helpdesk: reminder to Aisha Begum <aisha.begum@northmoor-valley.example> queued, from sender demo-folder (one email listing 5 tasks)\n',
    );
    expect(first.stdout).toContain('4 notes to the owners of tasks, one per owner a day');
  });

  it('sends the helpdesk briefing first, then owners’ briefings and task notes, then staff emails, at 30 a minute', async () => {
    const store = await openTestStore(demo('commsplan.db'), { create: false });
    try {
      const sent = await store.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'message-sent')
        .where('at', '>=', '2027-01-07')
        .orderBy('id')
        .execute();
      const order = sent.map((row) => (JSON.parse(row.detail) as { occurrence: string }).occurrence);
      const level = (occurrence: string) =>
        occurrence === 'helpdesk'
          ? 1
          : ['application-owners', 'dl-owners', 'shared-mailbox-owners'].includes(occurrence) || occurrence.startsWith('task-notes:')
            ? 2
            : 3;
      expect(order.length).toBeGreaterThan(300);
      expect(order.slice(0, 11)).toEqual(Array(11).fill('helpdesk'));
      expect(order.map(level)).toEqual(order.map(level).sort());
    } finally {
      await store.close();
    }
  });

  it('shows the send going out, with count, rate and time left, then says what went to whom and where', () => {
    expect(first.stdout).toContain('What would be sent');
    expect(first.stdout).toMatch(/^ {2}09:01 {2}60 sent, \d+ to go, 30 a minute, about \d+ minutes left$/m);
    expect(first.stdout).toMatch(/^over-quota +Thursday 7 January 2027 at 09:00 +Over-quota users \(local and NHSmail\) +\d+$/m);
    expect(first.stdout).toMatch(/^announcement +.* +All staff, as one message to the all-staff list +1$/m);
    expect(first.stdout).toContain(`emails written, one .eml file each (any mail program opens them), to ${demo('mail')}.`);
    expect(first.stdout).toContain('commsplan --db demo/commsplan.db report');
  });

  it('sends nothing twice when run again, and says nothing new was due', async () => {
    const files = readdirSync(demo('mail')).sort();
    const before = await outboxRows();
    const again = await sandbox.run('start', '--dir', 'demo');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Opened the demo workspace');
    expect(again.stdout).toContain(`Nothing new was due: the demo's approved emails have been sent already (${before.length} emails`);
    expect(readdirSync(demo('mail')).sort()).toEqual(files);
    expect(await outboxRows()).toEqual(before);
  });

  it('makes no second message when an approved email is queued again: the outbox key collides', async () => {
    const files = readdirSync(demo('mail')).sort();
    const before = await outboxRows();
    const store = await openTestStore(demo('commsplan.db'), { create: false });
    // As if the state change to `sent` had been lost: the occurrence is approved again.
    await store.db.updateTable('occurrence_states').set({ state: 'approved' }).where('occurrence_key', '=', 'over-quota').execute();
    await store.close();
    const again = await sandbox.run('start', '--dir', 'demo');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/over-quota: \d+ recipients, 0 new messages queued/);
    expect(readdirSync(demo('mail')).sort()).toEqual(files);
    expect((await outboxRows()).sort((a, b) => a.message_key.localeCompare(b.message_key))).toEqual(
      before.sort((a, b) => a.message_key.localeCompare(b.message_key)),
    );
  });
});

describe('commsplan demo', () => {
  it('creates the same workspace, sender and approvals, and sends nothing; with --plan-only, the plan alone', async () => {
    const other = cliSandbox();
    try {
      const result = await other.run('demo', '--dir', 'quiet');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Nothing has been sent');
      expect(existsSync(join(other.dir, 'quiet', 'mail'))).toBe(false);
      expect(readFileSync(join(other.dir, 'quiet', 'exports', 'StaffList.csv'), 'utf8')).toContain('Employee Number,First Name');
      const outbox = JSON.parse((await other.run('--db', 'quiet/commsplan.db', 'outbox', '--json')).stdout);
      expect(outbox.total).toBe(0);
      const senders = (await other.run('--db', 'quiet/commsplan.db', 'sender', 'list')).stdout;
      expect(senders).toContain('demo-folder');
      const bare = await other.run('demo', '--dir', 'bare', '--plan-only');
      expect(bare.code, bare.stderr).toBe(0);
      expect(JSON.parse((await other.run('--db', 'bare/commsplan.db', 'audiences', '--json')).stdout).audiences[0].count).toBe(0);
      const start = await other.run('start', '--dir', 'bare');
      expect(start.code, start.stderr).toBe(0);
      expect(start.stdout).toContain('This demo workspace has no people and no sender');
      expect(existsSync(join(other.dir, 'bare', 'mail'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});

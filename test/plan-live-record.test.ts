import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFingerprint, runHash, wordRuns } from '../bench/seed-fingerprint.js';
import { cliSandbox } from './support/cli-harness.js';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * The exported plan is a record of the programme as it stands: a comms lead sends the demo's
 * emails wave by wave and exports the plan on the way and at the end.
 */

const DOMAIN = 'northmoor-valley.example';
const at = (local: string) => `${local}@${DOMAIN}`;
/** The demo made on 24 November 2026 has four waves, from 20 February to 21 March 2027. */
const WAVES = [
  { name: 'Wave 1', people: ['w1.ann', 'w1.bob'].map(at), reminderDue: '2027-02-17T09:00:00Z', welcomeDue: '2027-02-22T09:00:00Z' },
  { name: 'Wave 2', people: ['w2.cat', 'w2.dev'].map(at), reminderDue: '2027-02-24T09:00:00Z', welcomeDue: '2027-03-01T09:00:00Z' },
  { name: 'Wave 3', people: ['w3.eve', 'w3.fay'].map(at), reminderDue: '2027-03-10T09:00:00Z', welcomeDue: '2027-03-15T09:00:00Z' },
  { name: 'Wave 4', people: ['w4.gus', 'w4.hal'].map(at), reminderDue: '2027-03-17T09:00:00Z', welcomeDue: '2027-03-22T09:00:00Z' },
] as const;
const APPROVER = 'Priya Shah';

const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { ok, sql, file } = demoCli(place);

async function exportPlan(format: 'md' | 'html' | 'ics'): Promise<string> {
  await ok('export', '--format', format, '--out', `plan.${format}`);
  return readFileSync(join(place.dir, `plan.${format}`), 'utf8');
}

async function sendAt(iso: string): Promise<void> {
  place.clock = new Date(iso);
  await ok('send', '--due', '--now', iso);
}

/** The cells of the Markdown table row that starts with `first`, in the section that starts at `heading`. */
function rowOf(markdown: string, heading: string, first: string): string[] {
  const section = markdown.slice(markdown.indexOf(`\n${heading}\n`));
  const line = section.split('\n').find((l) => l.startsWith(`| ${first} |`));
  expect(line, `${heading}: ${first}`).toBeDefined();
  return (line as string)
    .slice(2, -2)
    .split(' | ')
    .map((cell) => cell.replace(/\\(.)/g, '$1'));
}

/** What the outbox holds for an occurrence: messages made, and how many are in each state. */
function outboxCounts(key: string): { recipients: number; sent: number; waiting: number; failed: number; bounced: number } {
  const rows = sql<{ state: string; n: number }>('SELECT state, COUNT(*) AS n FROM outbox WHERE occurrence_key = ? GROUP BY state', key);
  const n = (...states: string[]) => rows.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + Number(r.n), 0);
  return {
    recipients: rows.reduce((sum, r) => sum + Number(r.n), 0),
    sent: n('sent'),
    waiting: n('queued', 'sending', 'retrying'),
    failed: n('failed'),
    bounced: n('bounced'),
  };
}

const stateOf = (key: string) => sql<{ state: string }>('SELECT state FROM occurrence_states WHERE occurrence_key = ?', key)[0]?.state;

beforeAll(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-live-record-'));
  await ok('demo', '--dir', 'demo', '--plan-only');
  const everyone = WAVES.flatMap((wave) => wave.people.map((person) => [person, wave.name] as const));
  await ok(
    'import',
    'people',
    file(
      'Staff.csv',
      `Email,First Name,Last Name,Wave\r\n${everyone.map(([email, wave]) => `${email},${email.slice(3, 6)},Tester,${wave}`).join('\r\n')}\r\n`,
    ),
  );
  await ok('sender', 'add', 'project', '--folder', 'sent-mail', '--from', at('nhsmail.project'), '--per-minute', '1000');
  await ok('settings', 'set', 'data-max-age-days', '365');
  await ok('settings', 'set', 'all-staff-address', at('all.staff'));
});
afterAll(() => rmSync(place.dir, { recursive: true, force: true }));

describe('the exported plan, as a record of the programme', () => {
  it('shows each email as the database has it: sent with its counts, paused, cancelled, and planned or approved when still to come', async () => {
    for (const activity of ['announcement', 'detailed-actions', 'month-3-all-staff'])
      await ok('approve', activity, '--by', APPROVER, '--anyway');
    for (const wave of ['Wave 1', 'Wave 3']) await ok('approve', 'wave-reminder', '--wave', wave, '--by', APPROVER, '--anyway');
    await sendAt('2026-12-07T09:00:00Z');
    await sendAt('2027-01-07T09:00:00Z');
    place.clock = new Date('2027-01-08T10:00:00Z');
    await ok('occurrence', 'pause', 'month-3-all-staff', '--by', APPROVER);
    await ok('occurrence', 'cancel', 'wave-reminder@3', '--by', APPROVER);
    await sendAt('2027-02-17T09:00:00Z');
    place.clock = new Date('2027-02-18T10:00:00Z');
    // One of the Wave 1 reminders came back as undeliverable.
    sql("UPDATE outbox SET state = 'bounced' WHERE rowid = (SELECT MIN(rowid) FROM outbox WHERE occurrence_key = 'wave-reminder@1')");
    await ok('approve', 'wave-reminder', '--wave', 'Wave 2', '--by', APPROVER, '--anyway');
    const markdown = await exportPlan('md');

    expect(markdown).toContain('Where each activity stood on Thursday 18 February 2027 at 10:00 (UK time)');
    for (const [title, key] of [
      ['Announce the move to NHSmail', 'announcement'],
      ['Tell all staff what they need to do', 'detailed-actions'],
      ['Remind each wave in the week it moves (Wave 1)', 'wave-reminder@1'],
    ] as const) {
      expect(stateOf(key)).toBe('sent');
      const counts = outboxCounts(key);
      const [, , state, recipients, sent, waiting, failed, bounced] = rowOf(markdown, '### Emails', title);
      expect(state, key).toBe('sent');
      expect([recipients, sent, waiting, failed, bounced].map(Number), key).toEqual([
        counts.recipients,
        counts.sent,
        counts.waiting,
        counts.failed,
        counts.bounced,
      ]);
    }
    expect(outboxCounts('wave-reminder@1')).toEqual({ recipients: 2, sent: 1, waiting: 0, failed: 0, bounced: 1 });
    expect(rowOf(markdown, '## Timeline', '17 February 2027').at(-1)).toBe('sent');
    expect(rowOf(markdown, '### Emails', 'All-staff update with every wave and the information pack')[2]).toMatch(/^paused/);
    expect(rowOf(markdown, '### Emails', 'Remind each wave in the week it moves (Wave 3)')[2]).toMatch(/^cancelled/);
    expect(rowOf(markdown, '### Emails', 'Remind each wave in the week it moves (Wave 2)')[2]).toBe(`approved by ${APPROVER}`);
    expect(rowOf(markdown, '### Emails', 'Remind each wave in the week it moves (Wave 4)')[2]).toBe('planned, not approved yet');
    // An activity's own fields say the same, wave by wave.
    expect(markdown).toContain(
      '**State:** Wave 1: sent (2 people: 1 sent, 0 failed, 1 bounced); Wave 2: approved by Priya Shah; Wave 3: cancelled',
    );
    expect(markdown).not.toContain('**Status:**');
    // Audience sizes as counted from the staff list, wave by wave for the wave audiences.
    expect(rowOf(markdown, '## Target audiences', 'All staff')[2]).toBe('not known: not imported yet: mailboxes');
    expect(rowOf(markdown, '## Target audiences', 'Users moving in each wave')[2]).toBe('Wave 1: 2; Wave 2: 2; Wave 3: 2; Wave 4: 2');

    // Tasks for other channels show their owner and whether they are done.
    await ok('task', 'done', 'posters-and-banners', '--by', 'Tom Okafor');
    const withTask = await exportPlan('md');
    expect(rowOf(withTask, '### Tasks for other channels', 'Posters and banner stands in busy areas').slice(3)).toEqual([
      'Tom Okafor',
      'done by Tom Okafor on Thursday 18 February 2027',
    ]);
    expect(rowOf(withTask, '### Tasks for other channels', 'Tell all staff what they need to do')[4]).toBe(
      'open and late: its day has passed',
    );
  });

  it('says sent, not planned, for every email that went once the last wave is over, in Markdown, HTML and the calendar', async () => {
    const approvePlanned = async (activity: string, index: number) => {
      if ((stateOf(`${activity}@${index + 1}`) ?? 'planned') === 'planned')
        await ok('approve', activity, '--wave', WAVES[index]?.name as string, '--by', APPROVER, '--anyway');
    };
    for (const [index, wave] of WAVES.entries()) {
      if (Date.parse(wave.reminderDue) > place.clock.getTime()) {
        place.clock = new Date(Date.parse(wave.reminderDue) - 2 * 86_400_000);
        await approvePlanned('wave-reminder', index);
      }
      for (const activity of ['welcome', 'failed-migration']) await approvePlanned(activity, index);
      if (Date.parse(wave.reminderDue) > place.clock.getTime()) await sendAt(wave.reminderDue);
      place.clock = new Date(wave.welcomeDue);
      await ok(
        'import',
        'migration-status',
        file(`results-${index + 1}.csv`, `Email,Status\r\n${wave.people.map((p) => `${p},Completed`).join('\r\n')}\r\n`),
      );
      await sendAt(wave.welcomeDue);
    }
    place.clock = new Date('2027-03-29T10:00:00Z');
    await ok('approve', 'completion', '--by', APPROVER, '--anyway');
    await sendAt('2027-03-30T09:00:00Z');
    place.clock = new Date('2027-04-01T10:00:00Z');

    const sent = sql<{ occurrence_key: string }>("SELECT occurrence_key FROM occurrence_states WHERE state = 'sent'").map(
      (row) => row.occurrence_key,
    );
    for (const key of ['announcement', 'welcome@1', 'welcome@4', 'wave-reminder@4', 'completion']) expect(sent).toContain(key);
    const markdown = await exportPlan('md');
    const emails = markdown.slice(markdown.indexOf('\n### Emails\n'), markdown.indexOf('\n### Tasks for other channels\n'));
    expect(emails).not.toContain('planned');
    expect(rowOf(markdown, '### Emails', 'Welcome each wave to NHSmail (Wave 4)').slice(2, 5)).toEqual(['sent', '2', '2']);
    expect(rowOf(markdown, '## Target audiences', 'Users moved in each wave')[2]).toBe('Wave 1: 2; Wave 2: 2; Wave 3: 2; Wave 4: 2');
    const timeline = markdown.slice(markdown.indexOf('\n## Timeline\n'), markdown.indexOf('\n## Progress\n'));
    expect(timeline).not.toMatch(/\bplanned\b/);

    const html = await exportPlan('html');
    expect(html).not.toContain('((');
    expect(html).toContain('<td>sent</td>');
    expect(html).not.toMatch(/<td>planned/);
    const ics = (await exportPlan('ics')).replace(/\r\n /g, '');
    const cancelledEvent = ics.slice(ics.indexOf('UID:northmoor-valley-nhs-trust.wave-reminder.wave-3@'));
    expect(cancelledEvent.slice(0, cancelledEvent.indexOf('END:VEVENT'))).toContain('STATUS:CANCELLED');
    expect(ics).toContain('State: sent (2 people: 2 sent\\, 0 failed\\, 0 bounced)');
  });

  it('adds no sentence of the source plan in its own words: the details, the progress and the draft notice', async () => {
    const seed = new Set(readFingerprint().hashes);
    const markdown = await exportPlan('md');
    const between = (from: string, to: string) => markdown.slice(markdown.indexOf(`\n${from}\n`), markdown.indexOf(`\n${to}\n`));
    const ours = [between('## Details used in this plan', '## Purpose'), between('## Progress', '## Communications plan')].join('\n');
    expect(ours).toContain('Tasks for other channels');
    expect([...wordRuns(ours)].filter((run) => seed.has(runHash(run)))).toEqual([]);
  });

  it('names each empty setting of a draft plan and how to set it, and its HTML shows no raw placeholder', async () => {
    const sandbox = cliSandbox();
    try {
      expect((await sandbox.run('init', '--org', 'Fenwick Community NHS Trust', '--start', '2027-01-04')).code).toBe(0);
      await sandbox.run('settings', 'set', 'helpdesk-phone', '0113 496 0000');
      const markdown = (await sandbox.run('export', '--format', 'md')).stdout;
      const details = markdown.slice(markdown.indexOf('\n## Details used in this plan\n'), markdown.indexOf('\n## Purpose\n'));
      expect(details).toContain('**Local IT helpdesk phone:** 0113 496 0000');
      expect(details).toContain('**Local IT helpdesk email:** Not set yet: set it with commsplan settings set helpdesk-email VALUE');
      expect(details).toContain(
        '**Deleted items are moved:** Not set yet: set it with commsplan settings set deleted-items-migrated VALUE',
      );
      expect(details).toContain('**First wave:** No waves yet: add them with commsplan waves add');
      expect(details).not.toMatch(/:\*\* *-? *$/m);
      expect(markdown).toMatch(/^Draft: \d+ of the settings it uses are empty, and no waves are planned yet/m);
      const seed = new Set(readFingerprint().hashes);
      const draft = markdown.split('\n').find((line) => line.startsWith('Draft: ')) as string;
      expect([...wordRuns(`${draft}\n${details}`)].filter((run) => seed.has(runHash(run)))).toEqual([]);
      const html = (await sandbox.run('export', '--format', 'html')).stdout;
      expect(html).toContain(
        '<dt>Local IT helpdesk email</dt><dd>Not set yet: set it with commsplan settings set helpdesk-email VALUE</dd>',
      );
      expect(html).not.toContain('((');
    } finally {
      sandbox.cleanup();
    }
  });
});

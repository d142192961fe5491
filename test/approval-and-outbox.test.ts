import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageIdOf } from '../src/outbox/message-key.js';
import { cliSandbox } from './support/cli-harness.js';
import { sqlOnFile } from './support/sqlite-file.js';

const ORG = 'northmoor-valley-nhs-trust';
const DB = ['--db', 'demo/commsplan.db'];
/** The demo's wave reminders go out on these days, 3 working days before each wave. */
const WAVE_1_REMINDER_DUE = '2027-02-17T09:00:00Z';
const WAVE_2_REMINDER_DUE = '2027-02-24T09:00:00Z';

/**
 * A staff list as ESR's staff-in-post report writes it (employee and assignment numbers,
 * Organisation and Position Title, Oracle's DD-MON-YYYY dates), with the trust's own Wave column.
 */
const ESR_HEADER =
  'Employee Number,Assignment Number,Last Name,First Name,Organisation,Position Title,Primary Assignment,Email Address,Projected Leaving Date,Wave';
const SAM = (wave: string, leaving = '') =>
  `20412345,20412345,Jones,Sam,153 Pharmacy,Pharmacist,Yes,sam.jones@northmoor-valley.example,${leaving},${wave}`;
const ALI = (wave: string, leaving = '') =>
  `20498765,20498765,Khan,Ali,153 Estates,Estates Officer,Yes,ali.khan@northmoor-valley.example,${leaving},${wave}`;
const KIM = (wave: string) =>
  `20455555,20455555,Lee,Kim,153 Ward 7 Acute Medicine,Staff Nurse,Yes,kim.lee@northmoor-valley.example,,${wave}`;

let sandbox: ReturnType<typeof cliSandbox>;
const run = (...args: string[]) => sandbox.run(...DB, ...args);
const json = async (...args: string[]) => JSON.parse((await run(...args, '--json')).stdout);
const sql = <T>(query: string, ...parameters: unknown[]): T[] => sqlOnFile<T>(join(sandbox.dir, 'demo/commsplan.db'), query, ...parameters);
async function importStaff(...rows: string[]): Promise<void> {
  writeFileSync(join(sandbox.dir, 'staff.csv'), `${[ESR_HEADER, ...rows].join('\r\n')}\r\n`);
  const result = await run('import', 'people', 'staff.csv', '--replace');
  expect(result.code, result.stdout + result.stderr).toBe(0);
}
const addFolderSender = () =>
  sql(
    `INSERT INTO senders (org_id, name, kind, folder, from_address, per_minute, per_day, per_message, is_default, created_at)
     VALUES (?, 'project-mailbox', 'folder', 'outbox-folder', 'nhsmail.project@northmoor-valley.example', 30, 10000, 500, 1, '2026-11-24T10:00:00Z')`,
    ORG,
  );
const stateOf = async (key: string) =>
  ((await json('timeline')) as { activityId: string; wave?: { id: number }; state: string }[]).find(
    (o) => (o.wave ? `${o.activityId}@${o.wave.id}` : o.activityId) === key,
  )?.state;
const outbox = (key: string) =>
  sql<{ recipient: string; state: string; message_key: string; template_version: string; fields_json: string; last_error: string | null }>(
    'SELECT * FROM outbox WHERE occurrence_key = ? ORDER BY recipient',
    key,
  );

beforeEach(async () => {
  sandbox = cliSandbox();
  expect((await sandbox.run('demo', '--dir', 'demo', '--plan-only')).code).toBe(0);
  await importStaff(SAM('Wave 1'), ALI('Wave 1'), KIM('Wave 2'));
  // These tests send months after the one import; the guard against old data has tests of its own.
  sql("INSERT INTO settings (org_id, key, value, updated_at) VALUES (?, 'data-max-age-days', '365', '2026-11-24T10:00:00Z')", ORG);
});
afterEach(() => sandbox.cleanup());

describe('approving an occurrence', () => {
  it('moves through every state the commands allow, and refuses a move out of a final state', async () => {
    const steps: [string[], string, number][] = [
      [['approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'approved', 0],
      [['occurrence', 'pause', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'paused', 0],
      [['approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'approved', 0],
      [['unapprove', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'planned', 0],
      [['occurrence', 'pause', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'planned', 2],
      [['occurrence', 'cancel', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'cancelled', 0],
      [['approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'cancelled', 2],
      [['occurrence', 'cancel', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah'], 'cancelled', 2],
    ];
    for (const [args, state, code] of steps) {
      const result = await run(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
      expect(await stateOf('wave-reminder@1'), args.join(' ')).toBe(state);
    }
    expect((await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah')).stderr).toContain('cancelled, which is final');
    expect(await stateOf('wave-reminder@2')).toBe('planned');
  });

  it('approves every wave of an activity tied to waves when no wave is named, and logs who did it', async () => {
    const result = await run('approve', 'wave-reminder', '--by', 'Priya Shah', '--anyway');
    expect(result.stdout).toContain('wave-reminder@1, wave-reminder@2, wave-reminder@3, wave-reminder@4');
    // The demo's own set-up (its settings and waves, by `demo`) is logged first; this reads what came after.
    const log = ((await json('log')).entries as { actor: string; action: string; subject: string }[]).filter((e) => e.actor !== 'demo');
    // Before the approvals, the staff list's import (by the CLI) is the only line.
    expect(log.map((e) => [e.actor, e.action, e.subject]).filter(([, action]) => action !== 'imported')).toEqual(
      [1, 2, 3, 4].map((wave) => ['Priya Shah', 'approved', `wave-reminder@${wave}`]),
    );
  });

  it.each([
    ['an activity that does not exist', ['approve', 'no-such-activity', '--by', 'Priya'], 'There is no activity "no-such-activity"'],
    ['a wave that does not exist', ['approve', 'wave-reminder', '--wave', 'Wave 9', '--by', 'Priya'], 'There is no wave called "Wave 9"'],
    ['--wave for an activity not tied to waves', ['approve', 'over-quota', '--wave', 'Wave 1', '--by', 'Priya'], 'not tied to waves'],
    ['an activity that sends no email', ['approve', 'posters-and-banners', '--by', 'Priya'], 'it sends no email'],
    ['an empty --by', ['approve', 'over-quota', '--by', ' '], 'Say who is doing this with --by NAME'],
  ])('refuses %s with exit code 2 and changes nothing', async (_what, args, message) => {
    const auditBefore = sql('SELECT * FROM audit_log');
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(sql('SELECT * FROM occurrence_states')).toEqual([]);
    expect(sql('SELECT * FROM audit_log')).toEqual(auditBefore);
  });

  it('refuses a skipped activity, saying it is final', async () => {
    expect((await run('activity', 'set', 'over-quota', '--status', 'skipped')).code).toBe(0);
    const result = await run('approve', 'over-quota', '--by', 'Priya Shah');
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('it is skipped, which is final')]);
  });

  it('refuses while check finds blockers about the activity or the settings its template uses, naming them', async () => {
    sql("UPDATE activities SET owner = NULL WHERE id = 'over-quota'");
    sql("DELETE FROM settings WHERE key = 'helpdesk-phone'");
    const result = await run('approve', 'over-quota', '--by', 'Priya Shah');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('over-quota cannot be approved: check finds blockers');
    expect(result.stderr).toContain('Activity over-quota (');
    expect(result.stderr).toContain('has no owner');
    expect(result.stderr).toContain('Setting helpdesk-phone');
    expect(await stateOf('over-quota')).toBe('planned');
    // A blocker about another activity does not stand in the way.
    expect((await run('approve', 'nearing-quota', '--by', 'Priya Shah')).stderr).not.toContain('has no owner');
  });

  it('refuses an all-staff email until the all-staff distribution list is set', async () => {
    const refused = await run('approve', 'announcement', '--by', 'Priya Shah');
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('commsplan settings set all-staff-address')]);
    expect((await run('settings', 'set', 'all-staff-address', 'all.staff@northmoor-valley.example')).code).toBe(0);
    expect((await run('approve', 'announcement', '--by', 'Priya Shah')).code).toBe(0);
  });
});

describe('withdrawing an approval', () => {
  it('happens when the template is edited after approval, and every read says so', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    sql("UPDATE templates SET body = body || ' Bring your smartcard.' WHERE id = 'wave-reminder'");
    const timeline = await run('timeline');
    expect(timeline.stderr).toContain('The approval of wave-reminder for Wave 1 (by Priya Shah) was withdrawn');
    expect(await stateOf('wave-reminder@1')).toBe('planned');
    const log = (await json('log')).entries as { action: string; subject: string }[];
    expect(log.at(-1)).toMatchObject({ action: 'approval-withdrawn', subject: 'wave-reminder@1' });
    addFolderSender();
    expect((await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE)).stdout).toBe('Nothing is due to be queued.\n');
    expect(sql('SELECT * FROM outbox')).toEqual([]);
  });

  it('happens when the rule of the audience is changed after approval', async () => {
    await run('audiences', 'add', 'pharmacy', '--filter', 'department = "153 Pharmacy"');
    sql(`UPDATE activities SET audiences_json = '["pharmacy"]' WHERE id = 'mobile-users'`);
    expect((await run('approve', 'mobile-users', '--by', 'Priya Shah')).code).toBe(0);
    const changed = await run('audiences', 'add', 'pharmacy', '--filter', 'department = "153 Estates"', '--by', 'Tom Okafor');
    expect(changed.stdout).toContain('The approval of mobile-users (by Priya Shah) was withdrawn: audience pharmacy changed.');
    expect(await stateOf('mobile-users')).toBe('planned');
    const log = (await json('log')).entries as { actor: string; action: string; subject: string }[];
    expect(log.at(-1)).toMatchObject({ actor: 'Tom Okafor', action: 'approval-withdrawn', subject: 'mobile-users' });
  });

  it('does not happen when only the people change: the audience is read when the email is due', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await importStaff(SAM('Wave 1'), KIM('Wave 1'));
    expect(await stateOf('wave-reminder@1')).toBe('approved');
  });
});

describe('queueing due messages', () => {
  beforeEach(() => addFolderSender());

  it('writes one personalised message per recipient with a deterministic key that is also the Message-ID, and collides when run twice', async () => {
    await run('approve', 'wave-reminder', '--by', 'Priya Shah', '--anyway');
    const first = await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    expect([first.code, first.stdout]).toEqual([0, 'wave-reminder for Wave 1: 2 recipients, 2 new messages queued\n']);
    const rows = outbox('wave-reminder@1');
    expect(rows.map((r) => [r.recipient, r.state])).toEqual([
      ['ali.khan@northmoor-valley.example', 'queued'],
      ['sam.jones@northmoor-valley.example', 'queued'],
    ]);
    const sam = rows[1] as (typeof rows)[number];
    const expectedKey = createHash('sha256')
      .update(JSON.stringify(['wave-reminder@1', 'sam.jones@northmoor-valley.example', sam.template_version]))
      .digest('hex');
    expect(sam.message_key).toBe(expectedKey);
    expect(messageIdOf(sam.message_key)).toBe(`<${expectedKey}@commsplan>`);
    expect(JSON.parse(sam.fields_json)).toMatchObject({ 'first name': 'Sam', 'wave name': 'Wave 1' });
    expect(await stateOf('wave-reminder@1')).toBe('sending');
    expect(await stateOf('wave-reminder@2')).toBe('approved');

    // The same moment again, and a re-approval of the same state: nothing new, nothing doubled.
    expect((await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE)).stdout).toBe('Nothing is due to be queued.\n');
    await importStaff(SAM('Wave 1'), ALI('Wave 1'), KIM('Wave 2'));
    const again = await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    expect(again.stdout).toBe('wave-reminder for Wave 1: 2 recipients, 0 new messages queued\n');
    expect(sql('SELECT count(*) AS n FROM outbox')).toEqual([{ n: 2 }]);
  });

  it('queues nothing before the occurrence is due, and nothing that is not approved', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect((await run('send', '--queue-only', '--now', '2027-02-17T08:59:59Z')).stdout).toBe('Nothing is due to be queued.\n');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    expect((await run('send', '--queue-only', '--now', WAVE_2_REMINDER_DUE)).stdout).not.toContain('Wave 2');
    expect(sql('SELECT DISTINCT occurrence_key FROM outbox')).toEqual([{ occurrence_key: 'wave-reminder@1' }]);
  });

  it("cancels the unsent messages of a person who leaves or changes wave, and the new wave's reminder has them", async () => {
    await run('approve', 'wave-reminder', '--by', 'Priya Shah', '--anyway');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    // Sam moves to Wave 2; Ali's last working day passes before Wave 2's reminder.
    await importStaff(SAM('Wave 2'), ALI('Wave 1', '19-FEB-2027'), KIM('Wave 2'));
    const result = await run('send', '--queue-only', '--now', WAVE_2_REMINDER_DUE);
    expect(result.stdout).toContain(
      'wave-reminder for Wave 1: 0 recipients, 0 new messages queued, 2 cancelled (no longer in the audience)',
    );
    expect(result.stdout).toContain('wave-reminder for Wave 2: 2 recipients, 2 new messages queued');
    expect(outbox('wave-reminder@1').map((r) => [r.recipient, r.state, r.last_error?.startsWith('no longer in the audience')])).toEqual([
      ['ali.khan@northmoor-valley.example', 'cancelled', true],
      ['sam.jones@northmoor-valley.example', 'cancelled', true],
    ]);
    expect(outbox('wave-reminder@2').map((r) => [r.recipient, r.state, JSON.parse(r.fields_json)['wave name']])).toEqual([
      ['kim.lee@northmoor-valley.example', 'queued', 'Wave 2'],
      ['sam.jones@northmoor-valley.example', 'queued', 'Wave 2'],
    ]);
  });

  it('sends an all-staff email as one message to the all-staff list', async () => {
    await run('settings', 'set', 'all-staff-address', 'All.Staff@northmoor-valley.example');
    await run('approve', 'announcement', '--by', 'Priya Shah');
    const result = await run('send', '--queue-only', '--now', '2026-12-07T09:00:00Z');
    // The announcement is also a task (intranet and newsletter) due that day: its owner is reminded.
    expect(result.stdout).toBe(
      'announcement: 1 recipients, 1 new messages queued\nTask announcement: reminder to Priya Shah <priya.shah@northmoor-valley.example> queued, from sender project-mailbox\n',
    );
    expect(outbox('announcement').map((r) => [r.recipient, r.state])).toEqual([['all.staff@northmoor-valley.example', 'queued']]);
  });

  it('cancels the unsent messages of a cancelled occurrence', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    const result = await run(
      'occurrence',
      'cancel',
      'wave-reminder',
      '--wave',
      'Wave 1',
      '--by',
      'Priya Shah',
      '--reason',
      'wave postponed',
    );
    expect(result.stdout).toBe('wave-reminder@1: cancelled (was sending); 2 unsent messages cancelled\n');
    expect(outbox('wave-reminder@1').map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
  });

  it.each([['yesterday'], ['2027-02-17'], ['2027-02-17T09:00:00'], ['2027-02-31T09:00:00Z']])(
    'refuses --now %s with exit code 2 and queues nothing',
    async (now) => {
      await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
      const result = await run('send', '--queue-only', '--now', now);
      expect([result.code, result.stderr]).toEqual([2, expect.stringContaining(`--now "${now}" is not a time`)]);
      expect(sql('SELECT * FROM outbox')).toEqual([]);
    },
  );

  it('refuses to queue without a sender, naming the command that adds one', async () => {
    sql('DELETE FROM senders');
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    const result = await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('commsplan sender add')]);
    expect(await stateOf('wave-reminder@1')).toBe('approved');
  });

  it('uses the sender the activity names over the default one', async () => {
    sql(
      `INSERT INTO senders (org_id, name, kind, folder, from_address, per_minute, per_day, per_message, created_at)
       VALUES (?, 'it-service-desk', 'folder', 'desk', 'it.servicedesk@northmoor-valley.example', 30, 10000, 500, '2026-11-24T10:00:00Z')`,
      ORG,
    );
    sql("UPDATE activities SET sender_name = 'it-service-desk' WHERE id = 'wave-reminder'");
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    expect(sql('SELECT DISTINCT sender_name FROM outbox')).toEqual([{ sender_name: 'it-service-desk' }]);
  });
});

describe('reports', () => {
  beforeEach(() => addFolderSender());

  it('counts recipients, sent, failed with reasons, pending and cancelled per occurrence, and lists the outbox by state', async () => {
    await run('approve', 'wave-reminder', '--by', 'Priya Shah', '--anyway');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    await run('send', '--queue-only', '--now', WAVE_2_REMINDER_DUE);
    // What the sending loop records: one sent, one refused by the server.
    sql("UPDATE outbox SET state = 'sent', sent_at = ? WHERE recipient = 'ali.khan@northmoor-valley.example'", WAVE_1_REMINDER_DUE);
    sql(
      "UPDATE outbox SET state = 'failed', last_error = '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found' WHERE recipient = 'sam.jones@northmoor-valley.example'",
    );
    const report = (await json('report')).occurrences as Record<string, unknown>[];
    expect(report.find((r) => r.occurrence === 'wave-reminder@1')).toMatchObject({
      state: 'sending',
      approvedBy: 'Priya Shah',
      recipients: 2,
      sent: 1,
      failed: 1,
      failures: [{ reason: '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', count: 1 }],
      pending: 0,
      cancelled: 0,
    });
    expect(report.find((r) => r.occurrence === 'wave-reminder@2')).toMatchObject({ recipients: 1, pending: 1, sent: 0 });
    expect((await run('report')).stdout).toContain('1 x 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found');

    const failed = await json('outbox', '--status', 'failed');
    expect([failed.total, failed.messages[0].recipient]).toEqual([1, 'sam.jones@northmoor-valley.example']);
    expect((await run('outbox', '--status', 'lost')).code).toBe(2);
  });

  it('logs every approval, queue and change with who and when', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    await run('occurrence', 'pause', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Tom Okafor', '--reason', 'helpdesk asked to wait');
    // The demo's own set-up (its settings and waves, by `demo`) is logged first; this reads what came after.
    const log = ((await json('log')).entries as { at: string; actor: string; action: string; detail: string }[]).filter(
      (e) => e.actor !== 'demo',
    );
    expect(log.map((e) => [e.actor, e.action])).toEqual([
      ['cli', 'imported'],
      ['Priya Shah', 'approved'],
      ['commsplan', 'queued'],
      ['Tom Okafor', 'paused'],
    ]);
    expect(log[2]?.at).toBe('2027-02-17T09:00:00.000Z');
    expect(log[3]?.detail).toContain('helpdesk asked to wait');
  });
});

describe('approval covers what people will read (issue 16, item 7)', () => {
  beforeEach(() => addFolderSender());
  const log = async () => (await json('log')).entries as { actor: string; action: string; subject: string; detail: string }[];

  it('withdraws the approval of every approved email whose template uses a changed setting, names them, and logs who changed what', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await run('settings', 'set', 'all-staff-address', 'all.staff@northmoor-valley.example');
    await run('approve', 'announcement', '--by', 'Priya Shah');
    const result = await run('settings', 'set', 'mobile-guidance-url', 'https://intranet.example/phones', '--by', 'Tom Okafor');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'The approval of wave-reminder for Wave 1 (by Priya Shah) was withdrawn: setting mobile-guidance-url changed. Approve it again with: commsplan approve wave-reminder --wave "Wave 1" --by NAME',
    );
    expect(await stateOf('wave-reminder@1')).toBe('planned');
    // The announcement does not point to the phone guidance: its approval stands.
    expect(result.stdout).not.toContain('announcement');
    expect(await stateOf('announcement')).toBe('approved');
    expect((await log()).slice(-2)).toMatchObject([
      { actor: 'Tom Okafor', action: 'setting-changed', subject: 'mobile-guidance-url' },
      {
        actor: 'Tom Okafor',
        action: 'approval-withdrawn',
        subject: 'wave-reminder@1',
        detail: 'wave-reminder for Wave 1: setting mobile-guidance-url changed',
      },
    ]);
    // The all-staff list an all-staff email goes to is a setting it uses.
    expect((await run('settings', 'set', 'all-staff-address', 'everyone@northmoor-valley.example')).stdout).toContain(
      'The approval of announcement (by Priya Shah) was withdrawn: setting all-staff-address changed.',
    );
  });

  it('withdraws the approval of exactly the emails whose recipients or quota figures a setting decides, naming them', async () => {
    await run('settings', 'set', 'all-staff-address', 'all.staff@northmoor-valley.example');
    for (const activity of ['nearing-quota', 'over-quota', 'mobile-users', 'announcement'])
      expect((await run('approve', activity, '--by', 'Priya Shah', '--anyway')).code).toBe(0);
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah', '--anyway');
    const withdrawnBy = async (key: string, value: string) => {
      const result = await run('settings', 'set', key, value, '--by', 'Tom Okafor');
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };

    const nearing = await withdrawnBy('nearing-quota-percent', '50');
    expect(nearing).toContain('The approval of nearing-quota (by Priya Shah) was withdrawn: setting nearing-quota-percent changed.');
    // The over-quota email tells each person ((amount to remove)) to get below the nearing line.
    expect(nearing).toContain('The approval of over-quota (by Priya Shah) was withdrawn: setting nearing-quota-percent changed.');
    expect(nearing).not.toMatch(/approval of (mobile-users|announcement|wave-reminder)/);
    expect([await stateOf('nearing-quota'), await stateOf('mobile-users')]).toEqual(['planned', 'approved']);
    await run('approve', 'over-quota', '--by', 'Priya Shah', '--anyway');

    const mobile = await withdrawnBy('mobile-active-days', '30');
    expect(mobile).toContain('The approval of mobile-users (by Priya Shah) was withdrawn: setting mobile-active-days changed.');
    expect(mobile).not.toMatch(/approval of (over-quota|announcement|wave-reminder)/);

    // The quota decides who is over it, and the ((quota)) the email gives each of them.
    const quota = await withdrawnBy('nhsmail-quota-gb', '2');
    expect(quota).toContain('The approval of over-quota (by Priya Shah) was withdrawn: setting nhsmail-quota-gb changed.');
    // The wave reminder tells each person their ((quota)) too; mobile users and the all-staff announcement are not told it.
    expect(quota).toContain('The approval of wave-reminder for Wave 1 (by Priya Shah) was withdrawn: setting nhsmail-quota-gb changed.');
    expect(quota).not.toMatch(/approval of (mobile-users|announcement)/);
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah', '--anyway');

    // The organisation's domains decide who any email to people may reach; not the one message to the all-staff list.
    await run('approve', 'over-quota', '--by', 'Priya Shah', '--anyway');
    await run('approve', 'mobile-users', '--by', 'Priya Shah', '--anyway');
    const domains = await withdrawnBy('organisation-domains', 'northmoor-valley.example, nhs.net');
    expect(domains).toContain('The approval of over-quota (by Priya Shah) was withdrawn: setting organisation-domains changed.');
    expect(domains).toContain(
      'The approval of wave-reminder for Wave 1 (by Priya Shah) was withdrawn: setting organisation-domains changed.',
    );
    expect(domains).toContain('The approval of mobile-users (by Priya Shah) was withdrawn: setting organisation-domains changed.');
    expect(domains).not.toContain('announcement');
    expect(await stateOf('announcement')).toBe('approved');
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah', '--anyway');
    expect(await withdrawnBy('allow-outside-domains', 'yes')).toContain(
      'The approval of wave-reminder for Wave 1 (by Priya Shah) was withdrawn: setting allow-outside-domains changed.',
    );
    expect((await log()).at(-1)).toMatchObject({
      actor: 'Tom Okafor',
      action: 'approval-withdrawn',
      subject: 'wave-reminder@1',
      detail: 'wave-reminder for Wave 1: setting allow-outside-domains changed',
    });
  });

  it('gives an approval stored before who it reaches was covered the present scope, instead of withdrawing it', async () => {
    await run('approve', 'nearing-quota', '--by', 'Priya Shah', '--anyway');
    const [row] = sql<{ approved_fingerprint: string }>(
      "SELECT approved_fingerprint FROM occurrence_states WHERE occurrence_key = 'nearing-quota'",
    );
    const { parts } = JSON.parse(row?.approved_fingerprint ?? '{}') as { parts: Record<string, string> };
    const earlier = Object.fromEntries(
      Object.entries(parts).filter(([name]) => !/^setting (nearing|nhsmail|organisation|allow)/.test(name)),
    );
    sql(
      "UPDATE occurrence_states SET approved_fingerprint = ? WHERE occurrence_key = 'nearing-quota'",
      JSON.stringify({ v: 2, parts: earlier }),
    );
    expect((await run('timeline')).stderr).not.toContain('withdrawn');
    expect(await stateOf('nearing-quota')).toBe('approved');
    expect((await run('settings', 'set', 'nearing-quota-percent', '50', '--by', 'Tom Okafor')).stdout).toContain(
      'The approval of nearing-quota (by Priya Shah) was withdrawn: setting nearing-quota-percent changed.',
    );
  });

  it('keeps the approval when an approver confirms the change with --keep-approval, and logs who kept it', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    const refused = await run('settings', 'set', 'helpdesk-phone', '0113 496 0999', '--keep-approval');
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--by NAME')]);
    expect(sql("SELECT value FROM settings WHERE key = 'helpdesk-phone'")).not.toEqual([{ value: '0113 496 0999' }]);
    const kept = await run('settings', 'set', 'helpdesk-phone', '0113 496 0999', '--keep-approval', '--by', 'Priya Shah');
    expect(kept.stdout).toContain(
      'The approval of wave-reminder for Wave 1: setting helpdesk-phone changed; Priya Shah confirmed the approval',
    );
    expect(await stateOf('wave-reminder@1')).toBe('approved');
    expect((await log()).at(-1)).toMatchObject({ actor: 'Priya Shah', action: 'approval-kept', subject: 'wave-reminder@1' });
    // Kept means it now vouches for the new number: a read withdraws nothing.
    expect((await run('timeline')).stderr).not.toContain('withdrawn');
    expect(await stateOf('wave-reminder@1')).toBe('approved');
  });

  it('withdraws the approval when the activity is given another sender, or a settings file changes a setting it uses', async () => {
    sql(
      `INSERT INTO senders (org_id, name, kind, folder, from_address, per_minute, per_day, per_message, created_at)
       VALUES (?, 'it-service-desk', 'folder', 'desk', 'it.servicedesk@northmoor-valley.example', 30, 10000, 500, '2026-11-24T10:00:00Z')`,
      ORG,
    );
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    const moved = await run('activity', 'set', 'wave-reminder', '--sender', 'it-service-desk', '--by', 'Tom Okafor');
    expect(moved.stdout).toContain('The approval of wave-reminder for Wave 1 (by Priya Shah) was withdrawn: sender changed.');
    expect(await stateOf('wave-reminder@1')).toBe('planned');

    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    writeFileSync(join(sandbox.dir, 'settings.yaml'), 'information-pack-url: https://intranet.example/new-pack\n');
    const imported = await run('settings', 'import', 'settings.yaml', '--by', 'Tom Okafor');
    expect(imported.stdout).toContain('was withdrawn: setting information-pack-url changed.');
    expect(await stateOf('wave-reminder@1')).toBe('planned');
  });

  it('pauses the unsent rest of an email part-way through sending until it is approved again', async () => {
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await run('send', '--queue-only', '--now', WAVE_1_REMINDER_DUE);
    sql("UPDATE outbox SET state = 'sent', sent_at = ? WHERE recipient = 'ali.khan@northmoor-valley.example'", WAVE_1_REMINDER_DUE);
    const result = await run('settings', 'set', 'helpdesk-phone', '0113 496 0999', '--by', 'Tom Okafor');
    expect(result.stdout).toContain('its unsent messages wait until it is approved again');
    expect(await stateOf('wave-reminder@1')).toBe('paused');
    const report = (await json('report')).occurrences as Record<string, unknown>[];
    const row = report.find((r) => r.occurrence === 'wave-reminder@1');
    expect(row).toMatchObject({ state: 'paused', sent: 1, pending: 1 });
    expect(row?.approvedBy).toBeUndefined();
    // Nothing more goes until someone approves it again; then the rest goes with the new number.
    const paused = await run('send', '--due', '--now', WAVE_1_REMINDER_DUE);
    expect(paused.code, paused.stderr).toBe(0);
    expect(outbox('wave-reminder@1').map((r) => r.state)).toEqual(['sent', 'queued']);
    expect((await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah')).code).toBe(0);
    await run('send', '--due', '--now', WAVE_1_REMINDER_DUE);
    expect(outbox('wave-reminder@1').map((r) => r.state)).toEqual(['sent', 'sent']);
  });

  it('refuses to approve an all-staff email whose template asks for a personal field, naming the field and the fix', async () => {
    await run('settings', 'set', 'all-staff-address', 'all.staff@northmoor-valley.example');
    sql("UPDATE templates SET body = replace(body, 'Dear colleague,', 'Dear ((first name)),') WHERE id = 'announcement'");
    const refused = await run('approve', 'announcement', '--by', 'Priya Shah');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'announcement cannot be approved: it goes to all staff as one message to all.staff@northmoor-valley.example',
    );
    expect(refused.stderr).toContain('its template asks for ((first name)). Take that field out of template announcement');
    expect(await stateOf('announcement')).toBe('planned');
    sql("UPDATE templates SET body = replace(body, 'Dear ((first name)),', 'Dear colleague,') WHERE id = 'announcement'");
    expect((await run('approve', 'announcement', '--by', 'Priya Shah')).code).toBe(0);
  });

  it('leaves an email whose messages could not be made approvable again, and sends them once it is fixed', async () => {
    // Ali has no first name on the staff list, and the reminder begins "Dear ((first name))".
    await importStaff(SAM('Wave 1'), ALI('Wave 1').replace(',Khan,Ali,', ',Khan,,'), KIM('Wave 2'));
    await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    await run('send', '--due', '--now', WAVE_1_REMINDER_DUE);
    expect(outbox('wave-reminder@1').map((r) => [r.state, r.last_error?.startsWith('it cannot be made:') ?? false])).toEqual([
      ['failed', true],
      ['sent', false],
    ]);
    const report = await run('report');
    expect(report.stderr).toContain('wave-reminder for Wave 1 is not sent: 1 message could not be made');
    expect(await stateOf('wave-reminder@1')).toBe('paused');
    // Fixed in the data: approving it again makes Ali's message again, and Sam's is not sent twice.
    await importStaff(SAM('Wave 1'), ALI('Wave 1'), KIM('Wave 2'));
    expect((await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah')).code).toBe(0);
    await run('send', '--due', '--now', WAVE_1_REMINDER_DUE);
    expect(outbox('wave-reminder@1').map((r) => [r.recipient, r.state])).toEqual([
      ['ali.khan@northmoor-valley.example', 'sent'],
      ['sam.jones@northmoor-valley.example', 'sent'],
    ]);
    expect(await stateOf('wave-reminder@1')).toBe('sent');
  });
});

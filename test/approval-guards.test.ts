import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn, cliSandbox } from './support/cli-harness.js';
import { sqlOnFile } from './support/sqlite-file.js';

const ORG = 'northmoor-valley-nhs-trust';
const DB = ['--db', 'demo/commsplan.db'];
/** The demo's phase 2 emails (mobile-users, helpdesk and the rest) go out on this day. */
const PHASE_2_DUE = '2027-01-07T09:00:00Z';
const ALL_STAFF = 'all.staff@northmoor-valley.example';

const ESR_HEADER =
  'Employee Number,Assignment Number,Last Name,First Name,Organisation,Position Title,Primary Assignment,Email Address,Projected Leaving Date,Wave';
const STAFF = [
  '20412345,20412345,Jones,Sam,153 Pharmacy,Pharmacist,Yes,sam.jones@northmoor-valley.example,,Wave 1',
  '20498765,20498765,Khan,Ali,153 Estates,Estates Officer,Yes,ali.khan@northmoor-valley.example,,Wave 1',
];

let sandbox: ReturnType<typeof cliSandbox>;
const run = (...args: string[]) => sandbox.run(...DB, ...args);
const sql = <T>(query: string, ...parameters: unknown[]): T[] => sqlOnFile<T>(join(sandbox.dir, 'demo/commsplan.db'), query, ...parameters);
const stateOf = (key: string) =>
  sql<{ state: string }>('SELECT state FROM occurrence_states WHERE occurrence_key = ?', key)[0]?.state ?? 'planned';
const actions = () => sql<{ action: string; detail: string }>('SELECT action, detail FROM audit_log ORDER BY id');
const addFolderSender = () =>
  sql(
    `INSERT INTO senders (org_id, name, kind, folder, from_address, per_minute, per_day, per_message, is_default, created_at)
     VALUES (?, 'project-mailbox', 'folder', 'outbox-folder', 'nhsmail.project@northmoor-valley.example', 30, 10000, 500, 1, '2026-11-24T10:00:00Z')`,
    ORG,
  );

beforeEach(async () => {
  sandbox = cliSandbox();
  expect((await sandbox.run('demo', '--dir', 'demo', '--plan-only')).code).toBe(0);
  writeFileSync(join(sandbox.dir, 'staff.csv'), `${[ESR_HEADER, ...STAFF].join('\r\n')}\r\n`);
  expect((await run('import', 'people', 'staff.csv')).code).toBe(0);
});
afterEach(() => sandbox.cleanup());

describe('approving an email whose audience data would spoil it', () => {
  it('refuses mobile-users while no mobile device export was imported: exit code 4, the reason, and nothing approved', async () => {
    const before = actions();
    const result = await run('approve', 'mobile-users', '--by', 'Priya Shah');
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Nothing was approved: the data behind this email would spoil it.');
    expect(result.stderr).toContain(
      '- mobile-users is worked out from mobile-devices data, which has never been imported (commsplan import mobile-devices FILE)',
    );
    expect(result.stderr).toContain('- nobody is in its audience (mobile-users) now, so it would go to no one and count as sent');
    expect(result.stderr).toContain('go on with: commsplan approve mobile-users --by "Priya Shah" --anyway');
    expect(stateOf('mobile-users')).toBe('planned');
    expect(actions()).toEqual(before);
  });

  it('approves it with --anyway, says what it was warned of, and logs that it was approved anyway', async () => {
    const result = await run('approve', 'mobile-users', '--by', 'Priya Shah', '--anyway');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Approved anyway, although:\nmobile-users:\n- nobody is in its audience (mobile-users) now');
    expect(stateOf('mobile-users')).toBe('approved');
    expect(actions().at(-1)?.detail).toMatch(/^mobile-users, due 2027-01-07T09:00:00.000Z; approved anyway: nobody is in its audience/);
  });

  it('refuses a wave reminder whose staff list was imported 58 days ago, until the data or data-max-age-days allows it', async () => {
    sql("UPDATE import_runs SET finished_at = '2026-09-27T10:00:00.000Z' WHERE kind = 'people'");
    const stale = await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect(stale.code).toBe(4);
    expect(stale.stderr).toContain(
      '- wave:Wave 1 is worked out from people data last imported on 27 September 2026, 58 days ago, more than data-max-age-days (14): import it again (commsplan import people FILE)',
    );
    expect(stale.stderr).not.toContain('nobody is in its audience');
    expect(stateOf('wave-reminder@1')).toBe('planned');
    expect((await run('settings', 'set', 'data-max-age-days', '60')).code).toBe(0);
    expect((await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah')).code).toBe(0);
    expect(stateOf('wave-reminder@1')).toBe('approved');
  });

  it('still refuses a cancelled occurrence as final, whatever its data, with exit code 2', async () => {
    expect((await run('occurrence', 'cancel', 'mobile-users', '--by', 'Priya Shah')).code).toBe(0);
    const result = await run('approve', 'mobile-users', '--by', 'Priya Shah', '--anyway');
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('cancelled, which is final')]);
  });
});

describe('sending an approved email whose audience is still empty', () => {
  it('leaves it approved and unsent with exit code 4, then with --anyway sends it to no one and says so', async () => {
    addFolderSender();
    expect((await run('approve', 'mobile-users', '--by', 'Priya Shah', '--anyway')).code).toBe(0);
    const warned = await run('send', '--due', '--now', PHASE_2_DUE);
    expect(warned.code).toBe(4);
    expect(warned.stderr).toContain('mobile-users was not sent and stays approved: the data behind its audience would spoil it:');
    expect(warned.stderr).toContain('send it anyway with: commsplan send --due --anyway');
    expect(stateOf('mobile-users')).toBe('approved');
    expect((await run('send', '--queue-only', '--now', PHASE_2_DUE)).code).toBe(4);
    expect(stateOf('mobile-users')).toBe('approved');

    const anyway = await run('send', '--due', '--now', PHASE_2_DUE, '--anyway');
    expect(anyway.code, anyway.stderr).toBe(0);
    expect(anyway.stdout).toContain('mobile-users: 0 recipients, 0 new messages queued');
    expect(anyway.stderr).toContain('mobile-users went to no one: nobody is in its audience now.');
    expect(stateOf('mobile-users')).toBe('sent');
  });
});

describe('check', () => {
  const checkOn = (day: string) => cliIn(sandbox.dir, new Date(`${day}T10:00:00Z`))({}, ...DB, 'check');

  it('names the emails of the next weeks that missing or old data would spoil, as warnings', async () => {
    const result = await checkOn('2027-01-01');
    expect(result.stdout).toContain(
      'warning  mobile-users (due 7 January 2027) would go on data that is missing or old: mobile-users is worked out from mobile-devices data, which has never been imported (commsplan import mobile-devices FILE).',
    );
    expect(result.stdout).toContain(
      'warning  helpdesk (due 7 January 2027) would go on data that is missing or old: helpdesk is worked out from people data last imported on 24 November 2026, 43 days old by 7 January 2027, more than data-max-age-days (14)',
    );
    // Wave 1's reminder is more than four weeks away: not yet named.
    expect(result.stdout).not.toContain('wave-reminder for Wave 1 (due');
    expect((await checkOn('2026-11-24')).stdout).not.toContain('would go on data that is missing or old');
  });

  it('blocks while emails to all staff have no all-staff list to go to, and not once it is set', async () => {
    const blocked = await checkOn('2026-11-24');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain(
      'BLOCKER  Activity detailed-actions (Tell all staff what they need to do) goes to all staff as one message to the all-staff distribution list, which is not set, so it cannot be approved. Set it with: commsplan settings set all-staff-address ADDRESS',
    );
    expect(blocked.stdout).not.toContain('Activity over-quota (');
    expect((await run('settings', 'set', 'all-staff-address', ALL_STAFF)).code).toBe(0);
    expect((await checkOn('2026-11-24')).stdout).not.toContain('all-staff distribution list, which is not set');
  });
});

describe('clearing a setting', () => {
  it('takes an optional setting away, and withdraws the approvals of the emails that used it', async () => {
    expect((await run('settings', 'set', 'all-staff-address', ALL_STAFF)).code).toBe(0);
    expect((await run('approve', 'announcement', '--by', 'Priya Shah')).code).toBe(0);
    const cleared = await run('settings', 'clear', 'all-staff-address', '--by', 'Tom Okafor');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toContain('all-staff-address cleared: it is not set.');
    expect(cleared.stdout).toContain('The approval of announcement (by Priya Shah) was withdrawn: setting all-staff-address changed.');
    expect(sql("SELECT * FROM settings WHERE key = 'all-staff-address'")).toEqual([]);
    expect(stateOf('announcement')).toBe('planned');
    expect(actions().find((a) => a.action === 'setting-cleared')?.detail).toBe(`cleared (was "${ALL_STAFF}")`);
    const settings = JSON.parse((await run('settings', '--json')).stdout) as { key: string; filled: boolean }[];
    expect(settings.find((s) => s.key === 'all-staff-address')?.filled).toBe(false);
  });

  it('does the same for settings set KEY "", and puts a setting with a default back to it', async () => {
    expect((await run('settings', 'set', 'all-staff-address', ALL_STAFF)).code).toBe(0);
    expect((await run('settings', 'set', 'all-staff-address', '')).stdout).toContain('all-staff-address cleared: it is not set.');
    expect(sql("SELECT * FROM settings WHERE key = 'all-staff-address'")).toEqual([]);
    expect((await run('settings', 'set', 'data-max-age-days', '30')).code).toBe(0);
    expect((await run('settings', 'clear', 'data-max-age-days')).stdout).toBe(
      'data-max-age-days cleared: it is back to its default, 14.\n',
    );
    expect((await run('settings', 'clear', 'data-max-age-days')).stdout).toContain('had no value of its own, so nothing changed');
  });

  it('refuses a setting the emails need that has no default, and changes nothing', async () => {
    const before = sql('SELECT * FROM settings ORDER BY key');
    const result = await run('settings', 'clear', 'helpdesk-phone');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('helpdesk-phone (Local IT helpdesk phone) cannot be cleared');
    expect(sql('SELECT * FROM settings ORDER BY key')).toEqual(before);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * An email whose date has passed can still be approved, to go late, while the wave it prepares
 * for has not started; approving every wave's at once approves those that can be and names the
 * rest, rather than refusing them all for one past wave.
 */
const DOMAIN = 'northmoor-valley.example';
const at = (local: string) => `${local}@${DOMAIN}`;
/** The demo made on 24 November 2026: Wave 1 starts on 20 February 2027, its reminder is dated 17 February. */
const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { run, ok, sql } = demoCli(place);

beforeEach(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-approving-late-'));
  place.clock = new Date('2026-11-24T10:00:00Z');
  await ok('demo', '--dir', 'demo', '--plan-only');
  const staff = ['Email,First Name,Last Name,Wave', ...['1', '2', '3', '4'].map((n) => `${at(`w${n}.ann`)},Ann,Tester,Wave ${n}`)];
  writeFileSync(join(place.dir, 'Staff.csv'), `${staff.join('\r\n')}\r\n`);
  await ok('import', 'people', 'Staff.csv');
  await ok('settings', 'set', 'data-max-age-days', '365');
});
afterEach(() => rmSync(place.dir, { recursive: true, force: true }));

describe('approving an email whose date has passed', () => {
  it('is warned of by check in the two weeks before, until someone approves it', async () => {
    place.clock = new Date('2027-02-08T10:00:00Z');
    const warning = 'wave-reminder for Wave 1 is due on 17 February 2027 and nobody has approved it, so it will not go.';
    const before = await run('check');
    expect(before.stdout).toContain(warning);
    expect(before.stdout).toContain('approve it with: commsplan approve wave-reminder --wave "Wave 1" --by NAME');
    expect(before.stdout).not.toContain('wave-reminder for Wave 2 is due');
    // The welcome waits for Wave 1's results, which come only after the wave: no data is missing for it yet.
    expect(before.stdout).not.toMatch(/welcome for Wave 1 \(due [^)]*\) would go on data/);
    await ok('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect((await run('check')).stdout).not.toContain(warning);
  });

  it('approves a reminder dated yesterday while its wave has not started', async () => {
    place.clock = new Date('2027-02-18T10:00:00Z');
    expect((await run('check')).stdout).toContain(
      'Wave 1 starts on 20 February 2027: to send it late, approve it with: commsplan approve wave-reminder --wave "Wave 1" --by NAME.',
    );
    const result = await ok('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect(result.stdout).toContain('Approved by Priya Shah: wave-reminder@');
  });

  it('is named by check when it was approved but has not gone, with the command that says why', async () => {
    place.clock = new Date('2027-02-15T10:00:00Z');
    await ok('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    place.clock = new Date('2027-02-18T10:00:00Z');
    expect((await run('check')).stdout).toContain(
      'wave-reminder for Wave 1 was approved and due on 17 February 2027, but has not gone. Run: commsplan send --due',
    );
    const skipped = await ok('occurrence', 'skip', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect(skipped.stderr).toMatch(/was approved but had not gone: nobody has been sent it, and nobody will be\./);
  });

  it('refuses a reminder for a wave that has started, and approves the other waves when asked for them all', async () => {
    place.clock = new Date('2027-02-21T10:00:00Z');
    const one = await run('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect(one.code).not.toBe(0);
    expect(one.stderr).toContain('which has passed');
    const all = await ok('approve', 'wave-reminder', '--by', 'Priya Shah');
    expect(all.stdout.match(/^Approved by Priya Shah: (.*)$/m)?.[1]?.split(', ')).toHaveLength(3);
    expect(all.stdout).toMatch(/^Not approved: wave-reminder for Wave 1: check finds blockers:/m);
  });

  it("never sends a wave's reminder once the wave has started: send holds it, and check says to skip it", async () => {
    await ok('sender', 'add', 'team', '--folder', 'mail', '--from', at('nhsmail.project'));
    place.clock = new Date('2027-02-15T10:00:00Z');
    await ok('approve', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    // Nobody sent anything in the week of the move; the next send is on the Monday after it.
    place.clock = new Date('2027-02-22T10:00:00Z');
    const sent = await run('send', '--due', '--now', place.clock.toISOString());
    const why = 'wave-reminder for Wave 1 was not sent before Wave 1 started on Saturday 20 February 2027, and is not sent now';
    expect(sent.stdout + sent.stderr).toContain(why);
    expect(sql<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template_id = 'wave-reminder'")[0]?.n).toBe(0);
    const check = await run('check');
    expect(check.stdout).toContain(why);
    expect(check.stdout).toContain('skip it with: commsplan occurrence skip wave-reminder --wave "Wave 1" --by NAME');
    await ok('occurrence', 'skip', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect((await run('check')).stdout).not.toContain(why);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * An occurrence's life is per wave: a comms lead steps through three waves, runs `check` after
 * each and does what it says (and, after Wave 1, marks the reminder and welcome activities done,
 * as `check` used to tell them to), and every wave's reminder and welcome still go.
 */

const DOMAIN = 'northmoor-valley.example';
const at = (local: string) => `${local}@${DOMAIN}`;
/** The demo made on 24 November 2026 has Wave 1 on 20 February 2027, Wave 2 on 27 February and Wave 3 on 13 March. */
const WAVES = [
  { name: 'Wave 1', people: ['w1.ann', 'w1.bob'].map(at), reminderDue: '2027-02-17T09:00:00Z', welcomeDue: '2027-02-22T09:00:00Z' },
  { name: 'Wave 2', people: ['w2.cat', 'w2.dev'].map(at), reminderDue: '2027-02-24T09:00:00Z', welcomeDue: '2027-03-01T09:00:00Z' },
  { name: 'Wave 3', people: ['w3.eve', 'w3.fay'].map(at), reminderDue: '2027-03-10T09:00:00Z', welcomeDue: '2027-03-15T09:00:00Z' },
] as const;

const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { run, ok, sql, file } = demoCli(place);

const sentTo = (occurrenceKey: string) =>
  sql<{ person_email: string }>(
    "SELECT person_email FROM outbox WHERE occurrence_key = ? AND state = 'sent' ORDER BY person_email",
    occurrenceKey,
  ).map((row) => row.person_email);

interface Finding {
  severity: string;
  code: string;
  message: string;
}
async function check(): Promise<Finding[]> {
  const result = await run('check', '--json');
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

/** Does what each of `check`'s passed-date findings says, as a comms lead would: marks the occurrence it names done. */
async function followCheck(): Promise<void> {
  for (const finding of (await check()).filter((f) => f.code === 'date-passed')) {
    const advice = /mark it done with: commsplan ((?:occurrence|task) done .+?) --by NAME/.exec(finding.message)?.[1];
    expect(advice, finding.message).toBeDefined();
    const args = (advice as string).match(/"[^"]+"|\S+/g)?.map((part) => part.replace(/^"|"$/g, '')) ?? [];
    await ok(...args, '--by', 'Priya Shah');
  }
}

beforeAll(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-occurrence-life-'));
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
  // These tests are about each occurrence's life, not how fresh the staff list is: it is imported once, months before.
  await ok('settings', 'set', 'data-max-age-days', '365');
});
afterAll(() => rmSync(place.dir, { recursive: true, force: true }));

describe("an occurrence's life, per wave", () => {
  it("follows check's advice through three waves, and every wave's reminder and welcome go", async () => {
    for (const [index, wave] of WAVES.entries()) {
      // The lead approves each wave's emails as the wave comes near.
      place.clock = new Date(Date.parse(wave.reminderDue) - 2 * 86_400_000);
      await ok('approve', 'wave-reminder', '--wave', wave.name, '--by', 'Priya Shah');
      await ok('approve', 'welcome', '--wave', wave.name, '--by', 'Priya Shah');

      place.clock = new Date(wave.reminderDue);
      await ok('send', '--due', '--now', wave.reminderDue);
      // The wave is over: its results come in, and its welcome goes.
      place.clock = new Date(wave.welcomeDue);
      await ok(
        'import',
        'migration-status',
        file(`results-${index + 1}.csv`, `Email,Status\r\n${wave.people.map((p) => `${p},Completed`).join('\r\n')}\r\n`),
      );
      await ok('send', '--due', '--now', wave.welcomeDue);

      // A sent email is done by itself: check never asks to close it, and what it asks closes one occurrence.
      const findings = await check();
      expect(findings.filter((f) => /wave-reminder|welcome/.test(f.message) && f.code === 'date-passed')).toEqual([]);
      await followCheck();
      expect((await check()).filter((f) => f.code === 'date-passed')).toEqual([]);

      if (index === 0) {
        // What the old advice said, "Mark it done": it closes what has come and never a later wave's.
        const reminder = await ok('activity', 'set', 'wave-reminder', '--status', 'done', '--by', 'Priya Shah');
        expect(reminder.stdout).toContain('wave-reminder: owner');
        expect(reminder.stdout).toContain('status planned');
        expect(reminder.stdout).toContain('wave-reminder@1: left sent, which is done by itself');
        expect(reminder.stdout).toMatch(/wave-reminder stays open: wave-reminder@2 \(Wave 2, 2027-02-24\), wave-reminder@3/);
        await ok('activity', 'set', 'welcome', '--status', 'done', '--by', 'Priya Shah');
      }
    }
    for (const [index, wave] of WAVES.entries()) {
      expect(sentTo(`wave-reminder@${index + 1}`), wave.name).toEqual([...wave.people]);
      expect(sentTo(`welcome@${index + 1}`), wave.name).toEqual([...wave.people]);
    }
    // Wave 4 is still to come: check still watches it, and skipping it is its own act.
    const skipped = await ok('occurrence', 'skip', 'wave-reminder@4', '--by', 'Priya Shah');
    expect(skipped.stdout).toContain('wave-reminder@4: skipped (was planned)');
    const timeline = JSON.parse((await ok('timeline', '--json')).stdout) as { activityId: string; wave?: { id: number }; state: string }[];
    const states = timeline.filter((o) => o.activityId === 'wave-reminder').map((o) => o.state);
    expect(states).toEqual(['sent', 'sent', 'sent', 'skipped']);
  });

  it('refuses to skip a sent occurrence, and marking an activity done whose every occurrence has come closes it for good', async () => {
    const refused = await run('occurrence', 'skip', 'wave-reminder', '--wave', 'Wave 1', '--by', 'Priya Shah');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('wave-reminder@1 is sent, so it cannot become skipped.');
    place.clock = new Date('2027-03-20T10:00:00Z');
    const result = await ok('activity', 'set', 'posters-and-banners', '--status', 'done', '--by', 'Priya Shah');
    expect(result.stdout).toContain('posters-and-banners: owner');
    expect(result.stdout).toContain('status done');
  });
});

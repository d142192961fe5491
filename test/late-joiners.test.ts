import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliResult } from './support/cli-harness.js';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * Late joiners get what they missed, once, while it still makes sense: people who enter an
 * audience after its email went (a new starter in a later staff list, someone moved into a wave)
 * are sent it on the next send; pre-migration emails until their own wave starts, a wave's email
 * for their current wave only, never a list message, and never when the activity's catch-up is off.
 */

const DOMAIN = 'northmoor-valley.example';
const at = (local: string) => `${local}@${DOMAIN}`;
/** The demo made on 24 November 2026: the helpdesk email goes on 7 January 2027; Wave 1 starts on 20 February, Wave 2 on 27 February. */
const HELPDESK_DUE = '2027-01-07T09:00:00Z';
const WAVE_1_REMINDER_DUE = '2027-02-17T09:00:00Z';
const WAVE_2_REMINDER_DUE = '2027-02-24T09:00:00Z';
const DURING_WAVE_1 = '2027-02-20T12:00:00Z';

const place: DemoPlace = { dir: '', clock: new Date(0) };
const { ok, sql } = demoCli(place);
const staff = new Map<string, { wave: string; helpdesk: boolean }>();

/** Each message of an occurrence: who, its state, and whether it was a catch-up. */
const messagesOf = (occurrenceKey: string) =>
  sql<{ person_email: string; state: string; catch_up: number }>(
    'SELECT person_email, state, catch_up FROM outbox WHERE occurrence_key = ? ORDER BY person_email',
    occurrenceKey,
  ).map((row) => `${row.person_email.split('@')[0]} ${row.state}${row.catch_up ? ' (caught up)' : ''}`);

/** Imports the staff list as it stands, as a trust exports it again after a change. */
async function importStaff(): Promise<void> {
  const rows = [...staff].map(([local, p]) => `${at(local)},${local},Tester,${p.wave},${p.helpdesk ? 'Yes' : 'No'}`);
  writeFileSync(join(place.dir, 'Staff.csv'), `Email,First Name,Last Name,Wave,Helpdesk\r\n${rows.join('\r\n')}\r\n`);
  await ok('import', 'people', 'Staff.csv', '--replace');
}
async function sendAt(time: string): Promise<CliResult> {
  place.clock = new Date(time);
  return ok('send', '--due', '--now', time);
}
async function report(occurrence: string) {
  const rows = JSON.parse((await ok('report', '--json')).stdout).occurrences as {
    occurrence: string;
    sent: number;
    caughtUp: { sent: number; pending: number };
    tooLate: number;
  }[];
  return rows.find((row) => row.occurrence === occurrence);
}

beforeEach(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-late-joiners-'));
  place.clock = new Date('2026-11-24T10:00:00Z');
  staff.clear();
  staff.set('ann', { wave: 'Wave 1', helpdesk: true });
  staff.set('bob', { wave: 'Wave 2', helpdesk: true });
  staff.set('cat', { wave: 'Wave 2', helpdesk: false });
  await ok('demo', '--dir', 'demo', '--plan-only');
  await importStaff();
  await ok('sender', 'add', 'project', '--folder', 'sent-mail', '--from', at('nhsmail.project'), '--per-minute', '1000');
  // These tests are about each occurrence's life, not how fresh the staff list is: it is imported once, months before.
  await ok('settings', 'set', 'data-max-age-days', '365');
});
afterEach(() => rmSync(place.dir, { recursive: true, force: true }));

describe('late joiners', () => {
  it('are written in the same pass as someone whose message was cancelled, each row saying whether it catches up', async () => {
    await ok('approve', 'helpdesk', '--by', 'Priya Shah');
    await sendAt(HELPDESK_DUE);
    // Bob's message was cancelled (he was carried over, say), so he is known but not sent; Dan is new.
    sql("UPDATE outbox SET state = 'cancelled' WHERE occurrence_key = 'helpdesk' AND person_email = ?", at('bob'));
    staff.set('dan', { wave: 'Wave 2', helpdesk: true });
    await importStaff();
    const again = await sendAt('2027-01-20T09:00:00Z');
    expect(again.stdout).toContain('1 of them catching up late joiners');
    expect(messagesOf('helpdesk')).toEqual(['ann sent', 'bob cancelled', 'dan sent (caught up)']);
  });

  it('get a pre-migration email on the next send, once, until their own wave starts; after that they are reported, not sent it', async () => {
    await ok('approve', 'helpdesk', '--by', 'Priya Shah');
    await sendAt(HELPDESK_DUE);
    expect(messagesOf('helpdesk')).toEqual(['ann sent', 'bob sent']);

    // A new starter on the helpdesk, in a later staff list.
    staff.set('dan', { wave: 'Wave 2', helpdesk: true });
    await importStaff();
    const caughtUp = await sendAt('2027-01-20T09:00:00Z');
    expect(caughtUp.stdout).toContain('helpdesk: 3 recipients, 1 new messages queued, 1 of them catching up late joiners');
    expect(messagesOf('helpdesk')).toEqual(['ann sent', 'bob sent', 'dan sent (caught up)']);

    // Read again after another import, and queued again: the keys collide, so nobody gets it twice.
    await importStaff();
    await sendAt('2027-01-21T09:00:00Z');
    await ok('send', '--queue-only', '--now', '2027-01-21T09:00:00Z');
    expect(messagesOf('helpdesk')).toEqual(['ann sent', 'bob sent', 'dan sent (caught up)']);

    // The template changes after it went: a late joiner gets the new words; who had the old never gets a second.
    sql(
      "UPDATE templates SET body = body || ' Updated.' WHERE id IN (SELECT value FROM activities, json_each(activities.template_ids_json) WHERE activities.id = 'helpdesk')",
    );
    staff.set('jo', { wave: 'Wave 2', helpdesk: true });
    await importStaff();
    await sendAt('2027-01-22T09:00:00Z');
    expect(messagesOf('helpdesk')).toEqual(['ann sent', 'bob sent', 'dan sent (caught up)', 'jo sent (caught up)']);
    expect(
      new Set(sql<{ v: string }>("SELECT template_version AS v FROM outbox WHERE occurrence_key = 'helpdesk'").map((r) => r.v)).size,
    ).toBe(2);

    // Once Wave 1 has started, a Wave 1 newcomer is too late; a Wave 2 newcomer still gets it.
    staff.set('eve', { wave: 'Wave 1', helpdesk: true });
    staff.set('fay', { wave: 'Wave 2', helpdesk: true });
    place.clock = new Date(DURING_WAVE_1);
    await importStaff();
    const during = await sendAt(DURING_WAVE_1);
    expect(during.stdout).toContain(
      '1 late joiner is not sent it, as it is too late: their wave, Wave 1, started on Saturday 20 February 2027',
    );
    expect(messagesOf('helpdesk')).toEqual(['ann sent', 'bob sent', 'dan sent (caught up)', 'fay sent (caught up)', 'jo sent (caught up)']);
    expect(await report('helpdesk')).toMatchObject({ sent: 5, caughtUp: { sent: 3, pending: 0 }, tooLate: 1 });
    const table = (await ok('report')).stdout;
    expect(table).toContain('Caught up');
    expect(table).toContain('helpdesk: 1 late joiner was not sent it: their wave had started.');
  });

  it("get their current wave's email only, never a past wave's, and nothing once the activity's catch-up is off", async () => {
    // Waves 3 and 4 have nobody in them: approving them too needs --anyway.
    await ok('approve', 'wave-reminder', '--by', 'Priya Shah', '--anyway');
    await sendAt(WAVE_1_REMINDER_DUE);
    await sendAt(WAVE_2_REMINDER_DUE);
    expect(messagesOf('wave-reminder@1')).toEqual(['ann sent']);
    expect(messagesOf('wave-reminder@2')).toEqual(['bob sent', 'cat sent']);

    // Moved into Wave 2 after its reminder went, before it starts: that reminder, not Wave 1's.
    staff.set('ann', { wave: 'Wave 2', helpdesk: true });
    staff.set('gus', { wave: 'Wave 2', helpdesk: false });
    await importStaff();
    await sendAt('2027-02-25T09:00:00Z');
    expect(messagesOf('wave-reminder@2')).toEqual(['ann sent (caught up)', 'bob sent', 'cat sent', 'gus sent (caught up)']);
    expect(messagesOf('wave-reminder@1')).toEqual(['ann sent']);

    // With catch-up off, a newcomer is sent nothing.
    const off = await ok('activity', 'set', 'wave-reminder', '--catch-up', 'no', '--by', 'Priya Shah');
    expect(off.stdout).toContain('catch-up no');
    staff.set('hal', { wave: 'Wave 2', helpdesk: false });
    await importStaff();
    await sendAt('2027-02-26T09:00:00Z');
    expect(messagesOf('wave-reminder@2')).toEqual(['ann sent (caught up)', 'bob sent', 'cat sent', 'gus sent (caught up)']);
  });

  it('never catches up a list message: the all-staff list had it already', async () => {
    await ok('settings', 'set', 'all-staff-address', at('all.staff'));
    await ok('approve', 'announcement', '--by', 'Priya Shah');
    await sendAt('2026-12-07T09:00:00Z');
    staff.set('ivy', { wave: 'Wave 1', helpdesk: false });
    await importStaff();
    await sendAt('2026-12-08T09:00:00Z');
    expect(messagesOf('announcement')).toEqual(['all.staff sent']);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-database.js';
import { setSetting } from '../approvals/change-settings.js';
import { setActivity } from '../approvals/set-activity.js';
import { writeClosureDay } from '../calendar/closure-days.store.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { addWave } from '../waves/manage-waves.js';
import { checkPlan } from './check-plan.js';
import { loadWorkspace } from './workspace.js';

const NOW = new Date('2026-11-02T10:00:00Z');
const TODAY = '2026-11-02';

let dir: string;
let store: Store;
let organisation: Organisation;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-check-'));
  store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  organisation = await createDemoWorkspace(store, NOW, TODAY);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const findings = async () => checkPlan(await loadWorkspace(store.db, store.location), TODAY);
const codes = async () => (await findings()).map((finding) => finding.code);

describe('check, on the demo plan', () => {
  it('finds nothing that blocks the demo once its all-staff list is set', async () => {
    await setSetting(store, organisation, 'all-staff-address', 'all.staff@northmoor-valley.example', { actor: 'test' }, NOW);
    expect((await findings()).filter((finding) => finding.severity === 'blocker')).toEqual([]);
  });

  it('reports who owns the shared mailboxes as an open decision until an owners list is imported, or the activity is skipped', async () => {
    await store.db.deleteFrom('shared_mailbox_owners').execute();
    const open = (await findings()).filter((finding) => finding.code === 'shared-mailbox-owners-undecided');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'blocker', activityId: 'shared-mailbox-owners' });
    expect(open[0]?.message).toContain('commsplan import shared-mailbox-owners FILE');
    await setActivity(store, organisation, 'shared-mailbox-owners', { status: 'skipped' }, NOW);
    expect(await codes()).not.toContain('shared-mailbox-owners-undecided');
  });

  it('blocks a placeholder nothing can fill, and a wave field in an email not sent once per wave', async () => {
    const workspace = await loadWorkspace(store.db, store.location);
    const mine = ['announcement', 'wave-reminder'].map((id) => workspace.activities.find((a) => a.id === id)?.templateIds[0]);
    const templates = workspace.templates.map((t) =>
      mine.includes(t.id) ? { ...t, body: `${t.body}\n((First_Name)) ((wave start)) ((no such thing))` } : t,
    );
    const unknown = checkPlan({ ...workspace, templates }, TODAY).filter((finding) => finding.code === 'placeholder-unknown');
    expect(unknown.map((finding) => [finding.activityId, finding.message.replace(/.* uses /, '')])).toEqual([
      ['announcement', '((wave start)), ((no such thing)), which nothing can fill.'],
      ['wave-reminder', '((no such thing)), which nothing can fill.'],
    ]);
  });

  it('blocks a reminder that closure days push out of the working week ending with its wave', async () => {
    const wave = (await loadWorkspace(store.db, store.location)).waves[1];
    if (!wave) throw new Error('the demo has waves');
    const closures = [-1, -2, -3].map((days) =>
      new Date(Date.parse(`${wave.start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10),
    );
    await store.db.transaction().execute(async (trx) => {
      for (const date of closures) await writeClosureDay(trx, organisation.id, { date, name: 'Site move' });
    });
    const late = (await findings()).filter((finding) => finding.code === 'reminder-outside-wave-week');
    expect(late.map((finding) => [finding.activityId, finding.wave])).toEqual([['wave-reminder', wave.name]]);
    expect(late[0]?.message).toContain('"this weekend" would be wrong');
  });

  it('blocks a wave that starts on a weekday, whose reminder would say "this weekend"', async () => {
    const workspace = await loadWorkspace(store.db, store.location);
    const lastEnd = workspace.waves.map((wave) => wave.end).sort()[workspace.waves.length - 1] as string;
    const wednesday = new Date(Date.parse(`${lastEnd}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    await addWave(store, organisation, { start: wednesday, name: 'Midweek wave' }, { actor: 'test', now: NOW });
    const weekday = (await findings()).filter((finding) => finding.code === 'wave-not-at-weekend');
    expect(weekday.map((finding) => finding.wave)).toEqual(['Midweek wave']);
  });

  it("warns of a wave on a bank-holiday weekend, naming the holiday, and not of the demo's own waves", async () => {
    expect(await codes()).not.toContain('wave-on-holiday');
    await addWave(store, organisation, { start: '2027-03-27', name: 'Easter' }, { actor: 'test', now: NOW });
    const found = (await findings()).filter((finding) => finding.code === 'wave-on-holiday');
    expect(found.map((finding) => finding.wave)).toEqual(['Easter']);
    expect(found[0]?.message).toContain('Good Friday on 26 March 2027, Easter Monday on 29 March 2027');
  });

  it('warns when the nearing-quota email would go out on or after the clean-up deadline', async () => {
    const warning = (await loadWorkspace(store.db, store.location)).timeline.find((o) => o.activityId === 'nearing-quota');
    await setSetting(store, organisation, 'quota-deadline', warning?.date as string, { actor: 'test' }, NOW);
    const late = (await findings()).filter((finding) => finding.code === 'quota-warning-late').map((finding) => finding.activityId);
    expect(late).toEqual(['over-quota', 'nearing-quota']);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-database.js';
import { setSetting } from '../approvals/change-settings.js';
import { addDays, formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { checkPlan } from './check-plan.js';
import { loadWorkspace, type Workspace } from './workspace.js';

const NOW = new Date('2026-11-02T10:00:00Z');
const TODAY = '2026-11-02';

let dir: string;
let store: Store;
let organisation: Organisation;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-check-dates-'));
  store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  organisation = await createDemoWorkspace(store, NOW, TODAY);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const workspace = () => loadWorkspace(store.db, store.location);
const pastDates = (w: Workspace) => checkPlan(w, TODAY).filter((finding) => finding.code === 'email-date-past');
const dateOf = (w: Workspace, activityId: string) => w.timeline.find((o) => o.activityId === activityId)?.date as LocalDate;

describe('check reads the dates an email states', () => {
  it('finds no past date in the demo plan, whose deadlines are each wave’s own', async () => {
    expect(pastDates(await workspace())).toEqual([]);
  });

  it('warns, once per email, when a fixed clean-up deadline is past on the day the quota emails go, naming the date and what to change', async () => {
    const before = await workspace();
    const sent = dateOf(before, 'over-quota');
    await setSetting(store, organisation, 'quota-deadline', addDays(sent, -1), { actor: 'test' }, NOW);
    const found = pastDates(await workspace());
    expect(found.map((finding) => finding.activityId)).toEqual([
      'detailed-actions',
      'over-quota',
      'nearing-quota',
      'month-3-all-staff',
      // Each wave's notice states the deadline too.
      ...before.waves.map(() => 'wave-notice'),
    ]);
    const overQuota = found.find((finding) => finding.activityId === 'over-quota');
    expect(overQuota).toMatchObject({ severity: 'warning' });
    expect(overQuota?.message).toContain(
      `over-quota goes on ${formatLongDate(sent)} and would ask people to act by ${formatLongDate(addDays(sent, -1))}`,
    );
    expect(overQuota?.message).toContain('(Wave 1, Wave 2, Wave 3, Wave 4)');
    expect(overQuota?.message).toContain('commsplan settings clear quota-deadline');
  });

  it('warns about a wave whose own deadline is past when the month-2 emails go, for that wave only', async () => {
    // Wave 1 starts 30 working days after the month-2 emails; Wave 2 a week later.
    await setSetting(store, organisation, 'quota-deadline-days-before-wave', '31', { actor: 'test' }, NOW);
    const w = await workspace();
    const overQuota = pastDates(w).filter((finding) => finding.activityId === 'over-quota');
    expect(overQuota).toHaveLength(1);
    expect(overQuota[0]?.message).toMatch(/\(Wave 1\), which is past by then\. Count fewer working days before each wave/);
  });

  it('warns for every wave when a wave email names its clean-up deadline after the deadline has passed', async () => {
    const w = await workspace();
    const templates = w.templates.map((t) =>
      t.id === 'wave-reminder' ? { ...t, body: `${t.body}\nBe under your quota by ((quota deadline)).` } : t,
    );
    const found = pastDates({ ...w, templates });
    expect(found.map((finding) => finding.wave)).toEqual(['Wave 1', 'Wave 2', 'Wave 3', 'Wave 4']);
    expect(found.every((finding) => finding.activityId === 'wave-reminder')).toBe(true);
  });
});

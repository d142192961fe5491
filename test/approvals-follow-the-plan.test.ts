import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { readOccurrenceStates } from '../src/plan/occurrence-states.store.js';
import { listWaves } from '../src/waves/waves.store.js';
import { refreshCountsInBackground } from '../src/web/audience-count-refresher.js';
import { cliIn, FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { importStaff } from './support/web-plan-fixtures.js';

let site: TestSite;
let cli: ReturnType<typeof cliIn>;
beforeAll(async () => {
  site = await startTestSite();
  await importStaff(site, [
    { number: '20412345', first: 'Sam', last: 'Jones', email: 'sam.jones@northmoor-valley.example', wave: 'Wave 1' },
    { number: '20498765', first: 'Ali', last: 'Khan', email: 'ali.khan@northmoor-valley.example', wave: 'Wave 1' },
  ]);
  await refreshCountsInBackground({ ...site, now: () => FIXED_NOW });
  cli = cliIn(site.dir);
});
afterAll(async () => {
  await site?.close();
});

const stateOf = async (key: string) => (await readOccurrenceStates(site.store.db, site.organisation.id)).get(key)?.state ?? 'planned';
const lastAudit = async () => (await listAuditEntries(site.store.db, site.organisation.id)).at(-1);
const approveOnWeb = async (activity: string, wave?: string) => {
  const approver = await site.client('approver');
  await approver.get(`/activities/${activity}`);
  const response = await approver.post(`/activities/${activity}/approve`, { ...(wave ? { wave } : {}), anyway: 'yes' });
  expect(response.status).toBe(303);
  expect(await stateOf(wave ? `${activity}@${wave.slice(-1)}` : activity)).toBe('approved');
};
const waveStart = async (id: number) => (await listWaves(site.store.db, site.organisation.id)).find((w) => w.id === id)?.start;

describe('moving a wave (issue 20, item 6)', () => {
  it('previews on the web which approvals the move withdraws, which it leaves, and the blockers it brings, changing nothing', async () => {
    await approveOnWeb('wave-reminder', 'Wave 1');
    const editor = await site.client('editor');
    await editor.get('/waves/1/move');
    const before = await site.snapshot();
    const early = await editor.post('/waves/1/move/preview', { 'start-day': '12', 'start-month': '12', 'start-year': '2026' });
    expect(early.status).toBe(200);
    const withdrawn = /data-testid="approvals-withdrawn">([\s\S]*?)<\/div>/.exec(early.html)?.[1] ?? '';
    expect(withdrawn).toContain('wave-reminder for Wave 1, approved by approver@test.example: the day it goes');
    expect(/data-testid="new-blockers">([\s\S]*?)<\/div>/.exec(early.html)?.[1]).toContain('Wave 1');
    const elsewhere = await editor.post('/waves/3/move/preview', { 'start-day': '5', 'start-month': '6', 'start-year': '2027' });
    expect(elsewhere.html).not.toContain('data-testid="approvals-withdrawn"');
    expect(/data-testid="approvals-untouched">([\s\S]*?)<\/ul>/.exec(elsewhere.html)?.[1]).toContain('wave-reminder for Wave 1');
    expect(await site.snapshot()).toBe(before);
  });

  it('keeps the approval when another wave moves, and withdraws it, audited, when its own wave moves (web)', async () => {
    const editor = await site.client('editor');
    await editor.post('/waves/3/move/preview', { 'start-day': '5', 'start-month': '6', 'start-year': '2027' });
    expect((await editor.post('/waves/3/move', { start: '2027-06-05', end: '' })).status).toBe(303);
    expect(await stateOf('wave-reminder@1')).toBe('approved');
    const start = await waveStart(1);
    const moved = await editor.post('/waves/1/move', { start: '2027-04-17', end: '' });
    expect(moved.status).toBe(303);
    expect(moved.location).toContain('withdrawn=wave-reminder%401');
    expect(await stateOf('wave-reminder@1')).toBe('planned');
    // The waves page the move lands on names the email that is no longer approved.
    const landed = await editor.get(moved.location ?? '');
    expect(/id="approvals-withdrawn">([\s\S]*?)<\/div>/.exec(landed.html)?.[1]).toMatch(/no longer approved[\s\S]*Wave 1/);
    const entries = await listAuditEntries(site.store.db, site.organisation.id);
    expect(entries.filter((e) => e.action === 'approval-withdrawn' && e.subject === 'wave-reminder@1').at(-1)).toMatchObject({
      actor: 'editor@test.example',
      detail: expect.stringContaining('wave-reminder for Wave 1: the day it goes'),
    });
    expect(start).not.toBe('2027-04-17');
  });

  it('withdraws it from the CLI too, after saying so in a dry run that changes nothing', async () => {
    await approveOnWeb('wave-reminder', 'Wave 1');
    const dry = await cli({}, 'waves', 'move', 'Wave 1', '--start', '2027-05-01', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Nothing was changed.');
    expect(dry.stdout).toMatch(
      /Approvals it would withdraw:\n(.*\n)* {2}- wave-reminder for Wave 1 \(approved by approver@test\.example\): the day it goes/,
    );
    expect(await stateOf('wave-reminder@1')).toBe('approved');
    const moved = await cli({}, 'waves', 'move', 'Wave 1', '--start', '2027-05-01', '--by', 'Tom Okafor');
    expect(moved.stdout).toContain('The approval of wave-reminder for Wave 1 (by approver@test.example) was withdrawn: the day it goes');
    expect(await stateOf('wave-reminder@1')).toBe('planned');
    expect(await waveStart(1)).toBe('2027-05-01');
    expect((await listAuditEntries(site.store.db, site.organisation.id)).filter((e) => e.actor === 'Tom Okafor')).toContainEqual(
      expect.objectContaining({ action: 'approval-withdrawn', subject: 'wave-reminder@1' }),
    );
  });
});

describe('editing a template or an audience rule (issue 20, item 6)', () => {
  it('keeps the approval for an edit that changes nothing, and withdraws it for one that changes the words', async () => {
    await approveOnWeb('wave-reminder', 'Wave 1');
    const editor = await site.client('editor');
    const form = await editor.get('/activities/wave-reminder/templates/wave-reminder');
    const subject = /name="subject"[^>]*value="([^"]*)"/.exec(form.html)?.[1] ?? '';
    const body = /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.html)?.[1] ?? '';
    const unescapeHtml = (text: string) =>
      text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    expect(subject).not.toBe('');
    await editor.post('/activities/wave-reminder/templates/wave-reminder', { subject: unescapeHtml(subject), body: unescapeHtml(body) });
    expect(await stateOf('wave-reminder@1')).toBe('approved');
    const saved = await editor.post('/activities/wave-reminder/templates/wave-reminder', {
      subject: unescapeHtml(subject),
      body: `${unescapeHtml(body)}\nBring your smartcard.`,
    });
    expect(saved.location).toContain('withdrawn=wave-reminder%401');
    expect(await stateOf('wave-reminder@1')).toBe('planned');
    expect(await lastAudit()).toMatchObject({ action: 'approval-withdrawn', subject: 'wave-reminder@1', actor: 'editor@test.example' });
  });

  it('keeps the approval when a rule is rewritten to pick the same people, and withdraws it when the people change', async () => {
    const editor = await site.client('editor');
    await editor.get('/audiences/new');
    const save = (filter: string) => editor.post('/audiences/new', { name: 'pharmacy', filter, action: 'save' });
    expect((await save('department = "153 Pharmacy"')).status).toBe(303);
    await site.store.db
      .updateTable('activities')
      .set({ audiences_json: '["pharmacy"]' })
      .where('org_id', '=', site.organisation.id)
      .where('id', '=', 'mobile-users')
      .execute();
    await approveOnWeb('mobile-users');
    const same = await save('department starts_with "153 pharm"');
    expect(same.location).not.toContain('withdrawn=');
    expect(await stateOf('mobile-users')).toBe('approved');
    expect(await lastAudit()).toMatchObject({
      action: 'approval-kept',
      subject: 'mobile-users',
      detail: expect.stringContaining('audience pharmacy changed, but it picks the same people'),
    });
    const other = await save('department = "153 Estates"');
    expect(other.location).toContain('withdrawn=mobile-users');
    expect(await stateOf('mobile-users')).toBe('planned');
    expect(await lastAudit()).toMatchObject({
      action: 'approval-withdrawn',
      subject: 'mobile-users',
      detail: 'mobile-users: audience pharmacy changed',
    });
  });
});

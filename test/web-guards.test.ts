import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOccurrenceStates } from '../src/plan/occurrence-states.store.js';
import { readSettingValues } from '../src/settings/settings.store.js';
import { ROUTES } from '../src/web/routes.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';
import { addFolderSender, importStaff } from './support/web-plan-fixtures.js';

/** The demo's phase 2 emails, mobile-users among them, are due at 09:00 on this day. */
const PHASE_2_SENDING = new Date('2027-01-07T09:30:00Z');

let site: TestSite;
let clock = FIXED_NOW;
beforeAll(async () => {
  site = await startTestSite({ clock: () => clock });
  await importStaff(site, [
    { number: '20412345', first: 'Sam', last: 'Jones', email: 'sam.jones@northmoor-valley.example', wave: 'Wave 1' },
  ]);
  await addFolderSender(site, join(site.dir, 'mail'));
});
afterAll(async () => {
  await site?.close();
});

const stateOf = async (key: string) => (await readOccurrenceStates(site.store.db, site.organisation.id)).get(key)?.state ?? 'planned';

/** What approving changes: occurrences' states and the audit log (the people table is a cache rebuilt when read). */
const decisions = async () => ({
  states: await site.store.db.selectFrom('occurrence_states').selectAll().execute(),
  log: await site.store.db.selectFrom('audit_log').selectAll().execute(),
});

/** Reads the send's progress as the page's script does (its JSON address), then the page once it has finished. */
async function finishedSending(client: WebClient): Promise<string> {
  for (let tries = 0; tries < 60; tries++) {
    const progress = JSON.parse((await client.get('/progress/sending')).html) as { running: boolean; finishedText?: string };
    if (!progress.running) {
      expect(progress.finishedText).toBe('Sending has finished: what happened is below.');
      const page = await client.get('/sending');
      expect(page.html).toMatch(/data-testid="send-state">[\s\S]*?Finished\./);
      expect(page.html).not.toContain('http-equiv="refresh"');
      return page.html;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('The send started from the web did not finish');
}

describe('approving and sending from the web on data that would spoil the email', () => {
  it('shows why, approves nothing, and approves only when the approver confirms with Approve anyway', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/mobile-users');
    const before = await decisions();
    const warned = await approver.post('/activities/mobile-users/approve', { wave: '' });
    expect(warned.status).toBe(409);
    expect(warned.html).toContain('data-testid="data-warning"');
    expect(warned.html).toContain('Nothing was approved: the data behind this email would spoil it.');
    expect(warned.html).toContain('mobile-users is worked out from mobile-devices data, which has never been imported');
    expect(warned.html).toMatch(/<input type="hidden" name="anyway" value="yes">[\s\S]*?Approve anyway/);
    expect(await decisions()).toEqual(before);

    const confirmed = await approver.post('/activities/mobile-users/approve', { wave: '', anyway: 'yes' });
    expect(confirmed.status).toBe(303);
    expect(await stateOf('mobile-users')).toBe('approved');
  });

  it('leaves a due email approved and unsent, shows why, and sends it to no one only with Send them anyway', async () => {
    clock = PHASE_2_SENDING;
    const approver = await site.client('approver');
    await approver.get('/sending');
    expect((await approver.post('/sending')).status).toBe(303);
    const warned = await finishedSending(approver);
    expect(warned).toContain('data-testid="data-warning"');
    expect(warned).toContain('These approved emails were not sent and stay approved');
    expect(warned).toContain('Prepare mobile users');
    expect(warned).toContain('nobody is in its audience (mobile-users) now');
    expect(warned).toMatch(/<input type="hidden" name="anyway" value="yes">[\s\S]*?Send them anyway/);
    expect(await stateOf('mobile-users')).toBe('approved');

    expect((await approver.post('/sending', { anyway: 'yes' })).status).toBe(303);
    const sent = await finishedSending(approver);
    expect(sent).toContain('Prepare mobile users: 0 recipients, 0 new messages queued (it went to no one: nobody is in its audience now)');
    expect(sent).not.toContain('data-testid="data-warning"');
    expect(await stateOf('mobile-users')).toBe('sent');
  });
});

describe('clearing a setting from the web', () => {
  it('offers Clear for an optional setting with a value, and clearing leaves it unset', async () => {
    const editor = await site.client('editor');
    await editor.get('/settings/all-staff-address');
    expect((await editor.post('/settings/all-staff-address', { value: 'all.staff@northmoor-valley.example' })).status).toBe(303);
    const form = await editor.get('/settings/all-staff-address');
    expect(form.html).toMatch(/<button[^>]*name="clear"[^>]*value="yes"/);
    expect(form.html).toContain('Needed by the emails sent to all staff');
    const cleared = await editor.post('/settings/all-staff-address', { value: 'all.staff@northmoor-valley.example', clear: 'yes' });
    expect(cleared.location).toBe('/settings?changed=all-staff-address');
    expect((await readSettingValues(site.store.db, site.organisation.id))['all-staff-address']).toBeUndefined();
    expect((await editor.get(cleared.location as string)).html).toContain('All-staff distribution list is cleared: it is not set.');
    // A setting the emails need and nothing stands in for offers no Clear.
    expect((await editor.get('/settings/helpdesk-phone')).html).not.toContain('name="clear"');
  });
});

/** The forms on a page that change something, besides the header's sign-out. */
const changingForms = (html: string) =>
  [...html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]*)"/g)].map((m) => m[1]).filter((action) => action !== '/sign-out');

describe('what a viewer may read (issue 20)', () => {
  it('keeps above a viewer only the forms and the pages whose reading exposes something', () => {
    const aboveViewer = ROUTES.filter((rule) => rule.method === 'GET' && rule.access !== 'viewer' && rule.access !== 'public').map(
      (rule) => `${rule.access} ${rule.path}`,
    );
    expect(aboveViewer).toEqual([
      // Forms: nothing to read on them but the form.
      'editor /settings/:key',
      'editor /audiences/new',
      // Uploads on their way in: rows of export files nobody has checked or imported yet.
      'editor /imports',
      'editor /imports/:id',
      'editor /activities/:id/templates/:templateId',
      'editor /waves/:id/move',
      'editor /waves/plan',
      'editor /waves/assign',
      'editor /imports/:id/progress',
      // Who has an account, their role and when they last signed in.
      'admin /users',
      'admin /users/:id',
      'admin /senders/new',
    ]);
  });

  it('lets a viewer read the senders, a sender, the closure days and who is left unmoved, with no form and who can act in words', async () => {
    const viewer = await site.client('viewer');
    const pages: [string, string][] = [
      ['/senders', 'Only an administrator can add a sender, send a test email from one, or pause and resume one.'],
      ['/senders/project-mailbox', 'Only an administrator can send a test email from this sender, or pause and resume it.'],
      ['/closures', 'Only an administrator can add or remove a closure day.'],
      ['/waves/accept-remainder', 'Still to move'],
    ];
    for (const [path, words] of pages) {
      const page = await viewer.get(path);
      expect(page.status, path).toBe(200);
      expect(changingForms(page.html), path).toEqual([]);
      expect(page.html, path).toContain(words);
    }
    expect((await viewer.get('/senders')).html).not.toContain('href="/senders/new"');
    // What they can read, the header menu offers; what they cannot, it does not.
    const admin = (await viewer.get('/menu/admin')).html;
    expect(admin).toContain('href="/senders"');
    expect(admin).toContain('href="/closures"');
    expect(admin).not.toContain('href="/users"');
    expect((await viewer.get('/menu/people')).html).toContain('href="/waves/accept-remainder"');
    // The information pack names the settings it lacks without linking a viewer to forms they cannot open.
    const pack = await viewer.get('/information-pack');
    expect(pack.html).not.toContain('href="/settings/');
    expect(pack.html).toContain('an editor, an approver or an administrator can change it');
    expect((await (await site.client('editor')).get('/information-pack')).html).toContain('href="/settings/information-pack-url"');
  });

  it('still shows an administrator the forms on the same pages', async () => {
    const admin = await site.client('admin');
    expect(changingForms((await admin.get('/senders/project-mailbox')).html)).toEqual(
      expect.arrayContaining(['/senders/project-mailbox/test']),
    );
    expect(changingForms((await admin.get('/closures')).html)).toContain('/closures');
    expect((await admin.get('/senders')).html).toContain('href="/senders/new"');
  });
});

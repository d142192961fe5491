import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOccurrenceStates } from '../src/plan/occurrence-states.store.js';
import { listWaves } from '../src/waves/waves.store.js';
import { collectPageProblems, launchBrowser, scriptsReady, signedInPage, tabTo } from './support/browser.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { addFolderSender, importStaff } from './support/web-plan-fixtures.js';

/** The demo's Wave 1 reminder is due at 09:00 on Wednesday 17 February 2027. */
const AFTER_WAVE_1_REMINDER_DUE = new Date('2027-02-17T09:05:00Z');

let site: TestSite;
let browser: Browser;
let clock = FIXED_NOW;
const mailFolder = () => join(site.dir, 'mail');
beforeAll(async () => {
  [site, browser] = await Promise.all([startTestSite({ clock: () => clock }), launchBrowser()]);
  await importStaff(site, [
    { number: '20412345', first: 'Sam', last: 'Jones', email: 'sam.jones@northmoor-valley.example', wave: 'Wave 1' },
    { number: '20455555', first: 'Kim', last: 'Lee', email: 'kim.lee@northmoor-valley.example', wave: 'Wave 2' },
  ]);
  await addFolderSender(site, mailFolder());
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const stateOf = async (key: string) => (await readOccurrenceStates(site.store.db, site.organisation.id)).get(key)?.state ?? 'planned';
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('the plan pages in a real browser', { timeout: 60_000 }, () => {
  it('reaches an activity from the timeline, edits its template and previews it as a person, missing values marked', async () => {
    const page = await signedInPage(browser, site.url, 'editor');
    const problems = collectPageProblems(page);
    await page.getByRole('link', { name: 'Plan', exact: true }).first().click();
    await page.getByRole('link', { name: 'Timeline', exact: true }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Timeline');
    await page.getByTestId('timeline-table').getByRole('link', { name: 'Remind each wave in the week it moves' }).first().click();
    await page.waitForURL(`${site.url}/activities/wave-reminder`);
    await page.getByRole('link', { name: 'Edit the subject and body of template wave-reminder' }).click();
    await page.getByLabel('Subject').fill('Your move to NHSmail is this weekend');
    await page.getByLabel('Body').fill('Dear ((first name)),\n\nYou move with ((wave name)). Questions: ((helpdesk phone)).');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('The template is saved.');
    expect(await page.getByTestId('preview').textContent()).toContain('missing: first name');
    expect(await page.locator('[data-testid="preview"] mark.cp-missing').first().textContent()).toBe('missing: first name');
    await page.getByLabel('Preview as this person (email address)').fill('sam.jones@northmoor-valley.example');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = (await page.getByTestId('preview').textContent()) ?? '';
    expect(preview).toContain('Subject: Your move to NHSmail is this weekend');
    expect(preview).toContain('Dear Sam,');
    expect(preview).toContain('You move with Wave 1. Questions: 0113 496 0123.');
    expect(preview).not.toContain('missing:');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows an unknown placeholder and saves nothing until it is fixed', async () => {
    const page = await signedInPage(browser, site.url, 'editor');
    await page.goto('/activities/wave-reminder/templates/wave-reminder');
    const before = await site.snapshot();
    await page.getByLabel('Body').fill('Dear ((first nme)), see you soon.');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('((first nme))');
    expect(await page.getByLabel('Body').inputValue()).toBe('Dear ((first nme)), see you soon.');
    expect(await site.snapshot()).toBe(before);
    await page.getByLabel('Body').fill('Dear ((first name)), see you soon with ((wave name)).');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('The template is saved.');
    await page.context().close();
  });

  it('refuses a viewer an approval (403) with nothing changed', async () => {
    const page = await signedInPage(browser, site.url, 'viewer');
    await page.goto('/activities/wave-reminder');
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    const token = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const before = await site.snapshot();
    const response = await page.request.post('/activities/wave-reminder/approve', { form: { _csrf: token ?? '', wave: 'Wave 1' } });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('Your role does not allow this. Nothing was changed.');
    expect(await site.snapshot()).toBe(before);
    expect(await stateOf('wave-reminder@1')).toBe('planned');
    await page.context().close();
  });

  it('approves an occurrence, sends it to the local mail folder when due, and the .eml holds the message', async () => {
    const page = await signedInPage(browser, site.url, 'approver');
    await page.goto('/activities/wave-reminder');
    await page.getByRole('button', { name: 'Approve Remind each wave in the week it moves for Wave 1' }).click();
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Approved.');
    expect(await page.getByTestId('occurrence-Wave 1').textContent()).toContain('Approved by approver@test.example');
    expect(await stateOf('wave-reminder@1')).toBe('approved');

    clock = AFTER_WAVE_1_REMINDER_DUE; // months later: the session has expired, so sign in again
    const later = await signedInPage(browser, site.url, 'approver');
    await later.goto('/activities/wave-reminder');
    await later.getByRole('button', { name: 'Send the due occurrences now' }).click();
    await later.waitForURL(`${site.url}/sending`);
    // The page shows the send's progress in place; read again until the send has finished.
    for (let tries = 0; tries < 40 && !(await later.getByTestId('send-state').textContent())?.includes('Finished'); tries++) {
      await new Promise((done) => setTimeout(done, 500));
      await later.goto('/sending');
    }
    expect(await later.getByTestId('send-state').textContent()).toContain('Finished');
    // The staff list was imported months before: the send asks first, and goes once the approver confirms.
    expect(await later.getByTestId('data-warning').textContent()).toContain('people data last imported on 24 November 2026');
    expect(await stateOf('wave-reminder@1')).toBe('approved');
    await later.getByRole('button', { name: 'Send them anyway' }).click();
    await later.waitForURL(`${site.url}/sending`);
    for (let tries = 0; tries < 40 && !(await later.getByTestId('send-state').textContent())?.includes('Finished'); tries++) {
      await new Promise((done) => setTimeout(done, 500));
      await later.goto('/sending');
    }
    const outcome = await later.getByTestId('send-outcome').textContent();
    expect(outcome).toContain('Remind each wave in the week it moves — Wave 1: every message has gone.');
    expect(outcome).not.toContain('wave-reminder@1');
    const files = existsSync(mailFolder()) ? readdirSync(mailFolder()).filter((name) => name.endsWith('.eml')) : [];
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(mailFolder(), files[0] as string), 'utf8');
    expect(eml).toMatch(/^To: .*sam\.jones@northmoor-valley\.example/m);
    expect(eml).toContain('Subject: Your move to NHSmail is this weekend');
    expect(eml).toContain('Dear Sam, see you soon with Wave 1.');
    await later.goto('/activities/wave-reminder');
    expect(await later.getByTestId('occurrence-Wave 1').textContent()).toContain('Sent');
    expect(await later.getByTestId('figures-Wave 1').textContent()).toMatch(/Wave 1\s*1\s*1\s*0\s*0\s*0/);
    await page.context().close();
    await later.context().close();
    clock = FIXED_NOW;
  });

  it('moves a wave by keyboard after showing what re-dates', async () => {
    const page = await signedInPage(browser, site.url, 'editor');
    await scriptsReady(page);
    await tabTo(page, 'Plan');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/menu/plan`);
    await tabTo(page, 'Waves');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/waves`);
    await tabTo(page, 'Move Wave 3');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/waves\/3\/move$/);
    await tabTo(page, 'start-day');
    await page.keyboard.type('10');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2027');
    await tabTo(page, 'See what re-dates');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="redated"]');
    const redated = (await page.getByTestId('redated').textContent()) ?? '';
    expect(redated).toContain('Remind each wave in the week it moves (Wave 3)');
    expect(await mainText(page)).toContain('Wave 3 would move to Saturday 10 April 2027 to Sunday 11 April 2027.');
    expect((await listWaves(site.store.db, site.organisation.id)).find((w) => w.id === 3)?.start).toBe('2027-03-13');
    await tabTo(page, 'Confirm the move');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/waves\?done=moved/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Wave 3 is moved');
    expect(await page.getByTestId('waves').textContent()).toContain('Saturday 10 April 2027 to Sunday 11 April 2027');
    await page.context().close();
  });

  it('reaches the timeline, an activity on its axis, the preview and an approval by keyboard alone', async () => {
    const page = await signedInPage(browser, site.url, 'approver');
    await scriptsReady(page);
    await tabTo(page, 'Plan');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/menu/plan`);
    await tabTo(page, 'Timeline');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/timeline`);
    await tabTo(page, ': Remind each wave in the week it moves (Wave 2)');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/activities/wave-reminder`);
    await tabTo(page, 'See the email as it would be sent');
    await page.keyboard.press('Enter');
    await tabTo(page, 'person');
    await page.keyboard.type('kim.lee@northmoor-valley.example');
    await page.keyboard.press('Enter');
    await page.waitForURL(/person=kim\.lee/);
    expect(await page.getByTestId('preview').textContent()).toContain('Dear Kim,');
    await tabTo(page, 'Approve Remind each wave in the week it moves for Wave 2');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=approved/);
    expect(await stateOf('wave-reminder@2')).toBe('approved');
    await page.context().close();
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/accounts/role.js';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { axeViolations, collectPageProblems, launchBrowser, signedInPage } from './support/browser.js';
import { FIXED_NOW, runCliCapturing } from './support/cli-harness.js';
import { emailOf, startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

let site: TestSite;
let admin: WebClient;
const ADMIN = emailOf('admin');
const cli = (...args: string[]) =>
  runCliCapturing(['--db', join(site.dir, 'commsplan.db'), ...args], { cwd: site.dir, now: () => FIXED_NOW, env: {} });
/** The audit lines with this action, as `actor action subject: detail`. */
const auditLines = async (action: string) =>
  (await listAuditEntries(site.store.db, site.organisation.id))
    .filter((entry) => entry.action === action)
    .map((entry) => `${entry.actor} ${entry.action} ${entry.subject}: ${entry.detail}`);
/** The text of the page's error summary, or '' when it has none. */
const errorSummary = (html: string) =>
  (/class="nhsuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  site = await startTestSite();
  admin = await site.client('admin');
});
afterAll(async () => site?.close());

describe('who may reach the administration pages', () => {
  // Issue 20: everyone reads the senders and closure days (without their forms); the accounts and the forms stay an administrator's.
  it.each<Role>(['viewer', 'editor', 'approver'])('refuses a %s the accounts and every form, and changes nothing', async (role) => {
    const client = await site.client(role);
    for (const path of ['/users', '/users/1', '/senders/new']) expect((await client.get(path)).status, path).toBe(403);
    expect((await client.get('/settings')).html).not.toContain('href="/users"');
    const before = await site.snapshot();
    await client.get('/settings');
    for (const [path, fields] of [
      ['/users', { email: 'sneaky@test.example', role: 'admin' }],
      ['/closures', { day: '1', month: '3', year: '2027' }],
      ['/closures/add', { day: '1', month: '3', year: '2027' }],
      ['/senders/new', { name: 'sneaky', destination: 'folder', folder: site.dir, from: 'a@test.example' }],
    ] as const)
      expect((await client.post(path, fields)).status, path).toBe(403);
    expect(await site.snapshot()).toBe(before);
  });

  it('shows an administrator the three pages, linked from the settings page', async () => {
    const settings = await admin.get('/settings');
    for (const path of ['/users', '/senders', '/closures']) {
      expect(settings.html).toContain(`href="${path}"`);
      expect((await admin.get(path)).status, path).toBe(200);
    }
  });
});

describe('the users page', () => {
  it('lists each user with their role and when they last signed in, as people write it', async () => {
    const { html } = await admin.get('/users');
    expect(html).toMatch(/admin@test\.example[\s\S]*?Administrator[\s\S]*?10am on 24 November 2026/);
  });

  it.each([
    [{ email: '', role: 'viewer' }, 'Enter their email address'],
    [{ email: 'not an address', role: 'viewer' }, '"not an address" is not an email address.'],
    [{ email: 'new.person@test.example', role: '' }, 'Choose what they may do'],
    [{ email: 'viewer@test.example', role: 'viewer' }, 'viewer@test.example already has an account.'],
  ])('refuses %j with the error on the form', async (fields, message) => {
    await admin.get('/users');
    const refused = await admin.post('/users', fields);
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toContain(message);
    expect(refused.html).toContain('<title>Error: ');
  });

  it('adds a user with a password shown once, changes their role and removes them, each audited by the administrator', async () => {
    await admin.get('/users');
    const added = await admin.post('/users', { email: 'Comms.Lead@test.example', role: 'editor' });
    // Post/Redirect/Get: the password is never in the address, only in a note the users page reads once.
    expect(added.status).toBe(303);
    const landed = await admin.get(added.location ?? '');
    const password = /data-testid="one-time-password">([^<]+)</.exec(landed.html)?.[1] ?? '';
    expect(password).toHaveLength(20);
    expect(added.location).not.toContain(password);
    expect(landed.html).toContain('comms.lead@test.example can now sign in as editor.');
    // A refresh adds nobody again and no longer shows the password; another session given the address sees none either.
    const usersBefore = (await auditLines('user-added')).length;
    const refreshed = await admin.get(added.location ?? '');
    expect(refreshed.html).not.toContain(password);
    expect(refreshed.html).toContain('is not shown again');
    expect((await auditLines('user-added')).length).toBe(usersBefore);
    expect(((await admin.get('/users')).html.match(/>comms\.lead@test\.example</g) ?? []).length).toBe(1);
    await expect((await site.client()).signIn('comms.lead@test.example', password)).resolves.toMatchObject({ status: 303 });

    const id = /href="\/users\/(\d+)">comms\.lead@test\.example/.exec((await admin.get('/users')).html)?.[1];
    await admin.get(`/users/${id}`);
    expect((await admin.post(`/users/${id}/role`, { role: 'approver' })).location).toContain('/users?done=role');
    expect((await cli('users', 'list', '--json')).stdout).toContain('"email": "comms.lead@test.example",\n    "role": "approver"');
    expect((await admin.post(`/users/${id}/remove`)).location).toContain('/users?done=removed');
    expect((await admin.get('/users')).html).not.toContain('comms.lead@test.example');
    expect([...(await auditLines('user-added')), ...(await auditLines('role-changed')), ...(await auditLines('user-removed'))]).toEqual(
      expect.arrayContaining([
        `${ADMIN} user-added comms.lead@test.example: role editor`,
        `${ADMIN} role-changed comms.lead@test.example: from editor to approver`,
        `${ADMIN} user-removed comms.lead@test.example: was approver`,
      ]),
    );
  });

  it('shows a new user’s password only to the session that added them, once', async () => {
    await admin.get('/users');
    const added = await admin.post('/users', { email: 'once.only@test.example', role: 'viewer' });
    expect(added.status).toBe(303);
    const stranger = await site.client('admin');
    const elsewhere = await stranger.get(added.location ?? '');
    expect(elsewhere.html).not.toContain('data-testid="one-time-password"');
    expect(elsewhere.html).toContain('is not shown again');
    const mine = await admin.get(added.location ?? '');
    expect(/data-testid="one-time-password">([^<]+)</.exec(mine.html)?.[1]).toHaveLength(20);
    const id = /href="\/users\/(\d+)">once\.only@test\.example/.exec(mine.html)?.[1];
    await admin.post(`/users/${id}/remove`);
  });

  it('never demotes or removes the only administrator, from the page or the CLI', async () => {
    const id = /href="\/users\/(\d+)">admin@test\.example/.exec((await admin.get('/users')).html)?.[1];
    await admin.get(`/users/${id}`);
    const demoted = await admin.post(`/users/${id}/role`, { role: 'editor' });
    expect(demoted.status).toBe(400);
    expect(errorSummary(demoted.html)).toContain('admin@test.example is the only administrator, so they cannot be given another role');
    expect(errorSummary((await admin.post(`/users/${id}/remove`)).html)).toContain('cannot be removed');
    const fromCli = await cli('users', 'remove', ADMIN);
    expect(fromCli).toMatchObject({ code: 2, stderr: expect.stringContaining('is the only administrator') });
    expect((await admin.get('/users')).status).toBe(200);
  });
});

describe('the senders pages', () => {
  const folder = () => join(site.dir, 'outbox');

  it('checks a new sender as the CLI does, in the page’s own words, and never asks for a secret', async () => {
    const form = await admin.get('/senders/new');
    expect(form.html).not.toMatch(/type="password"/);
    const refused = await admin.post('/senders/new', {
      name: 'team',
      destination: 'smtp',
      smtp: 'smtp.office365.com',
      user: 'team@test.example',
      passwordEnv: 'Summer2026!',
      from: '',
      perMinute: '0',
    });
    expect(refused.status).toBe(400);
    const summary = errorSummary(refused.html);
    expect(summary).toContain('Enter the From address');
    expect(summary).toContain('Messages a minute "0" must be a whole number above zero');
    expect(summary).toContain('never the secret itself');
    expect(summary).not.toMatch(/--[a-z]/);
    expect(refused.html).toMatch(/id="passwordEnv"[^>]*aria-describedby="[^"]*passwordEnv-error"/);
    // From the browser a secret comes only from a variable named for it, and a folder only inside the workspace's.
    const outside = await admin.post('/senders/new', {
      name: 'team',
      destination: 'smtp',
      smtp: 'smtp.example.org',
      user: 'team@test.example',
      passwordEnv: 'COMMSPLAN_SESSION_SECRET',
      from: 'team@test.example',
    });
    expect(errorSummary(outside.html)).toContain('can only come from a variable whose name starts COMMSPLAN_SMTP_');
    const elsewhere = await admin.post('/senders/new', {
      name: 'team',
      destination: 'folder',
      folder: '../../etc',
      from: 'a@test.example',
    });
    expect(errorSummary(elsewhere.html)).toContain('Give a folder inside the workspace’s folder');
    expect((await admin.get('/senders')).html).not.toContain('/senders/team');
    expect(errorSummary((await admin.post('/senders/new', { name: 'team', from: 'a@test.example' })).html)).toContain(
      'Say where mail goes: choose a mail folder (a folder of .eml files) or an SMTP server',
    );
  });

  it('adds a sender, tests it, pauses it with a reason and resumes it, each audited by the administrator', async () => {
    await admin.get('/senders/new');
    const added = await admin.post('/senders/new', {
      name: 'local',
      destination: 'folder',
      folder: 'outbox',
      from: 'NHSmail team <team@test.example>',
    });
    expect(added.location).toBe('/senders?added=local');
    expect((await admin.get('/senders')).html).toMatch(/Mail folder [^<]*outbox[\s\S]*?Sending[\s\S]*?30 a minute/);

    await admin.get('/senders/local');
    for (const [to, message] of [
      ['', 'Enter the email address the test email goes to.'],
      ['zoe.brown', '"zoe.brown" is not an email address'],
    ] as const) {
      const refused = await admin.post('/senders/local/test', { to });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toContain(message);
    }
    const tested = await admin.post('/senders/local/test', { to: 'zoe.brown@test.example' });
    // Post/Redirect/Get: the answer is on the sender's page, and refreshing that page sends nothing more.
    expect(tested.status).toBe(303);
    expect(tested.location).toMatch(/^\/senders\/local\?done=tested&to=zoe\.brown%40test\.example&ok=yes/);
    for (let refresh = 0; refresh < 2; refresh++)
      expect((await admin.get(tested.location ?? '')).html).toContain('The test email to zoe.brown@test.example went.');
    expect(readdirSync(folder()).filter((file) => file.endsWith('.eml'))).toHaveLength(1);
    expect(await auditLines('sender-tested')).toHaveLength(1);

    expect(errorSummary((await admin.post('/senders/local/pause', { reason: '  ' })).html)).toContain('why the sender is paused');
    expect((await admin.post('/senders/local/pause', { reason: 'Quota reached' })).location).toBe('/senders/local?done=paused');
    expect((await admin.get('/senders/local')).html).toContain('Paused since 10am on 24 November 2026: Quota reached');
    expect((await cli('sender', 'list', '--json')).stdout).toContain('"pausedReason": "Quota reached"');
    expect((await admin.post('/senders/local/resume')).location).toBe('/senders/local?done=resumed');
    const lines = await Promise.all(['sender-added', 'sender-tested', 'sender-paused', 'sender-resumed'].map(auditLines));
    expect(lines.map((list) => list[0]?.split(' ').slice(0, 3).join(' '))).toEqual([
      `${ADMIN} sender-added local:`,
      `${ADMIN} sender-tested local:`,
      `${ADMIN} sender-paused local:`,
      `${ADMIN} sender-resumed local:`,
    ]);
  });
});

describe('the closure days page', () => {
  it.each([
    [{ day: '30', month: '2', year: '2027' }, '30 February 2027 is not a real date: check the day and the month', 'date-day'],
    [{ day: '', month: '', year: '' }, 'Enter the date the organisation is closed', 'date-day'],
    [{ day: '15', month: '3', year: '' }, 'The date the organisation is closed must include a year', 'date-year'],
    [{ day: '15', month: '13', year: '2027' }, 'must have a month from 1 to 12', 'date-month'],
  ])('refuses %j with a field error in plain words', async (fields, message, field) => {
    await admin.get('/closures');
    const refused = await admin.post('/closures', { ...fields, name: 'Staff conference' });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toContain(message);
    expect(refused.html).toContain(`href="#${field}"`);
    expect(refused.html).toContain('nhsuk-date-input');
  });

  it('adds and removes a closure day, the same day the CLI lists, each audited by the administrator', async () => {
    const closuresFromCli = async () => JSON.parse((await cli('closures', 'list', '--json')).stdout) as { date: string }[];
    const before = await closuresFromCli();
    await admin.get('/closures');
    const shown = await admin.post('/closures', { day: '15', month: '3', year: '2027', name: 'Staff conference' });
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('Add the closure day');
    expect(await closuresFromCli()).toEqual(before);
    const added = await admin.post('/closures/add', { day: '15', month: '3', year: '2027', name: 'Staff conference' });
    expect(added.location).toBe('/closures?done=added&date=2027-03-15');
    expect((await admin.get('/closures')).html).toContain('<strong>Monday 15 March 2027</strong>: Staff conference');
    expect(await closuresFromCli()).toEqual([...before, { date: '2027-03-15', name: 'Staff conference' }]);
    expect((await admin.post('/closures/remove', { date: '2027-03-15' })).location).toBe('/closures?done=removed&date=2027-03-15');
    expect(await closuresFromCli()).toEqual(before);
    expect((await cli('closures', 'add', '2027-04-05', '--name', 'Away day', '--by', 'Jane Smith')).code).toBe(0);
    expect((await admin.get('/closures')).html).toContain('<strong>Monday 5 April 2027</strong>: Away day');
    expect([...(await auditLines('closure-added')), ...(await auditLines('closure-removed'))]).toEqual([
      `${ADMIN} closure-added 2027-03-15: Monday 15 March 2027: Staff conference`,
      'Jane Smith closure-added 2027-04-05: Monday 5 April 2027: Away day',
      `${ADMIN} closure-removed 2027-03-15: Monday 15 March 2027: Staff conference`,
    ]);
  });
});

describe('adding a closure day, seeing first what it re-dates', () => {
  const closureText = (html: string) =>
    (/data-testid="closure-preview">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('shows which emails and tasks would move and to when, saving and auditing nothing until confirmed', async () => {
    await admin.get('/closures');
    const before = await site.snapshot();
    const preview = await admin.post('/closures', { day: '8', month: '2', year: '2027', name: 'Training day' });
    expect(preview.status).toBe(200);
    const said = closureText(preview.html);
    expect(said).toContain('Closing on Monday 8 February 2027 (Training day) would move');
    expect(said).toMatch(/Tell each wave its dates and clean-up deadline \(Wave 1\) Monday 8 February 2027 \w+ \d+ February 2027/);
    expect(preview.html).toMatch(
      /<form method="post" action="\/closures\/add"[\s\S]*?name="day" value="8"[\s\S]*?Add the closure day[\s\S]*?href="\/closures"[^>]*>\s*Cancel/,
    );
    expect(await site.snapshot()).toBe(before);
    // The CLI's dry run gives the same.
    const dry = await cli('closures', 'add', '2027-02-08', '--name', 'Training day', '--dry-run');
    expect(dry.stdout).toContain('Would add closure day Monday 8 February 2027 (Training day). Nothing was changed.');
    expect(dry.stdout).toMatch(
      / {2}- Tell each wave its dates and clean-up deadline \(Wave 1\): Monday 8 February 2027 would move to \w+ \d+ February 2027/,
    );
    expect(await site.snapshot()).toBe(before);
  });

  it('adds the day on confirming, once, and a refresh of the page it lands on adds nothing more', async () => {
    await admin.get('/closures');
    const entries = async () => (await auditLines('closure-added')).filter((line) => line.includes('2027-02-08'));
    const added = await admin.post('/closures/add', { day: '8', month: '2', year: '2027', name: 'Training day' });
    expect(added.location).toBe('/closures?done=added&date=2027-02-08');
    for (let refresh = 0; refresh < 2; refresh++) {
      const landed = await admin.get(added.location ?? '');
      expect(landed.html).toContain('Monday 8 February 2027 is a closure day');
    }
    expect(await entries()).toEqual([`${ADMIN} closure-added 2027-02-08: Monday 8 February 2027: Training day`]);
    const preview = await admin.post('/closures', { day: '8', month: '2', year: '2027', name: 'Training day' });
    expect(closureText(preview.html)).toContain('moves no email or task');
    await admin.post('/closures/remove', { date: '2027-02-08' });
  });
});

describe('the administration pages in a browser, 390 px wide', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('have no axe violations and no sideways scrolling, with their errors showing', async () => {
    const page = await signedInPage(browser, site.url, 'admin', { bypassCSP: true });
    const problems = collectPageProblems(page);
    await page.setViewportSize({ width: 390, height: 844 });
    const check = async (what: string) => {
      expect(await axeViolations(page), what).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth'), what).toBeLessThanOrEqual(390);
    };
    for (const path of ['/users', '/senders', '/senders/local', '/closures']) {
      await page.goto(path);
      await check(path);
    }
    await page.goto('/users');
    await page.getByRole('link', { name: /admin@test\.example/ }).click();
    await check('a user');
    await page.goto('/senders/new');
    await page.getByRole('button', { name: 'Add sender' }).click();
    await check('a new sender, refused');
    await page.goto('/closures');
    await page.getByLabel('Day', { exact: true }).fill('30');
    await page.getByLabel('Month', { exact: true }).fill('2');
    await page.getByLabel('Year', { exact: true }).fill('2027');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('30 February 2027 is not a real date');
    await check('a closure refused');
    await page.getByLabel('Day', { exact: true }).fill('15');
    await page.getByLabel('Month', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('[data-testid="closure-preview"]');
    await check('a closure day before it is added');
    // A refused form answers 400, which the browser reports; anything else is a problem.
    expect(problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW, runCliCapturing } from './support/cli-harness.js';
import { expectPlainWords } from './support/page-words.js';
import { openTestStore } from './support/test-database.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

describe('commsplan users', () => {
  const dir = mkdtempSync(join(tmpdir(), 'commsplan-users-'));
  const run = (env: Record<string, string>, ...args: string[]) =>
    runCliCapturing(['--db', join(dir, 'w.db'), ...args], { cwd: dir, now: () => FIXED_NOW, env });
  beforeAll(async () => {
    expect((await run({}, 'init', '--org', 'Test Trust', '--start', '2027-01-04')).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a person with a password shown once, stored only as an Argon2id hash', async () => {
    const added = await run({}, 'users', 'add', 'Lead@Test.example', '--role', 'admin');
    expect(added.code).toBe(0);
    const password = /Password \(shown only this once\): (\S+)/.exec(added.stdout)?.[1] ?? '';
    expect(password).toHaveLength(20);
    const store = await openTestStore(join(dir, 'w.db'), { create: false });
    const row = await store.db.selectFrom('users').selectAll().where('email', '=', 'lead@test.example').executeTakeFirstOrThrow();
    await store.close();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
  });

  it('takes the password from an environment variable for automation, and never prints it', async () => {
    const added = await run(
      { FIRST_PASSWORD: 'a long enough password' },
      'users',
      'add',
      'viewer@test.example',
      '--role',
      'viewer',
      '--password-env',
      'FIRST_PASSWORD',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'Added viewer@test.example as viewer.\n' });
  });

  it('keys an account by its address as people are keyed: invisible characters pasted with it are dropped', async () => {
    const added = await run({}, 'users', 'add', '\u200bPasted@Test.example', '--role', 'viewer');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added pasted@test\.example as viewer\.\n/);
  });

  it.each([
    [['users', 'add', 'someone@test.example', '--role', 'owner'], /not a role: use viewer, editor, approver, admin/],
    [['users', 'add', 'not-an-address', '--role', 'viewer'], /not an email address/],
    [['users', 'add', 'two..dots@test.example', '--role', 'viewer'], /not an email address/],
    [['users', 'add', 'no-real-domain@test.e', '--role', 'viewer'], /not an email address/],
    [['users', 'add', 'lead@test.example', '--role', 'viewer'], /already has an account/],
    [['users', 'add', 'short@test.example', '--role', 'viewer', '--password-env', 'SHORT'], /at least 12 characters/],
    [['users', 'add', 'unset@test.example', '--role', 'viewer', '--password-env', 'UNSET'], /UNSET is not set/],
  ])('refuses %j with exit code 2 and adds no one', async (args, message) => {
    const result = await run({ SHORT: 'short' }, ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect((await run({}, 'users', 'list', '--json')).stdout).not.toMatch(
      /someone|not-an-address|two\.\.dots|no-real-domain|short@|unset@/,
    );
  });

  it('lists the people with their roles', async () => {
    const listed = await run({}, 'users', 'list');
    expect(listed.stdout).toMatch(/lead@test\.example\s+admin\s+2026-11-24/);
    expect(listed.stdout).toMatch(/viewer@test\.example\s+viewer/);
  });

  it('refuses a port that is not one', async () => {
    const result = await run({}, 'serve', '--port', '99999');
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toMatch(/not a port number/);
  });
});

describe('the dashboard', () => {
  let site: TestSite;
  beforeAll(async () => {
    // The demo starts its programme on Monday 7 December 2026; look at it in that week.
    site = await startTestSite({ clock: () => new Date('2026-12-08T10:00:00Z') });
    await site.store.db.deleteFrom('settings').where('org_id', '=', site.organisation.id).where('key', '=', 'helpdesk-phone').execute();
  });
  afterAll(async () => site?.close());

  it('lists what is due this week and next, linking to each activity', async () => {
    const { html } = await (await site.client('viewer')).get('/');
    expect(html).toContain('This week: 7 December 2026 to 13 December 2026');
    expect(html).toContain('Next week: 14 December 2026 to 20 December 2026');
    expect(html).toMatch(/<a href="\/activities\/announcement">/);
  });

  it('shows each blocker of check in plain words with a link to the page that fixes it, never a command line', async () => {
    const { html } = await (await site.client('viewer')).get('/');
    expect(html).toContain('The setting “Local IT helpdesk phone” is not filled.');
    expect(html).toContain('<a href="/settings/helpdesk-phone">Fill in Local IT helpdesk phone</a>');
    expect(html).not.toContain('helpdesk-phone)');
    expectPlainWords(html);
  });

  it('sends a late task to its own page', async () => {
    const late = await startTestSite({ clock: () => new Date('2027-03-20T10:00:00Z') });
    try {
      const { html } = await (await late.client('viewer')).get('/');
      const taskLinks = [...html.matchAll(/<a href="(\/tasks\/[^"]+)">Open the task<\/a>/g)].map((m) => m[1]);
      expect(taskLinks.length).toBeGreaterThan(0);
      for (const href of taskLinks) expect((await (await late.client('viewer')).get(href as string)).status).toBe(200);
      expectPlainWords(html);
    } finally {
      await late.close();
    }
  });

  it('shows the progress of every wave', async () => {
    const { html } = await (await site.client('viewer')).get('/');
    const table = /<table[^>]*data-testid="wave-progress"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table.match(/<span class="nhsuk-table__heading" aria-hidden="true">Wave <\/span>Wave \d<\/td>/g)?.length).toBe(4);
    expect(table).toContain('nhsuk-table--responsive');
    expect(html).toMatch(/0 of \d+/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTasks } from '../src/tasks/list-tasks.js';
import { axeViolations, launchBrowser, signedInPage } from './support/browser.js';
import { cliIn } from './support/cli-harness.js';
import { type DovecotServer, startDovecot } from './support/dovecot-server.js';
import { messageKeyFor, queueMessages } from './support/outbox-rows.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { addFolderSender } from './support/web-plan-fixtures.js';

/**
 * Tasks, the helpdesk list and bounces from the web app, through the use-cases the CLI calls:
 * one demo site, one Dovecot mailbox for the one fetch.
 */
const MAILBOX = { user: 'nhsmail.project@northmoor-valley.example', password: 'correct horse battery staple' };
const RECIPIENT = 'staff.member0001@eastbrook.nhs.uk';

let site: TestSite;
let dovecot: DovecotServer;
const cli = () => cliIn(site.dir);
const auditLines = (action: string) =>
  site.store.db
    .selectFrom('audit_log')
    .select(['actor', 'subject', 'detail'])
    .where('org_id', '=', site.organisation.id)
    .where('action', '=', action)
    .execute();
const tasksNow = () => listTasks(site.store.db, site.store.location, site.organisation.id, new Date('2026-11-24T10:00:00Z'));
const plainText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

beforeAll(async () => {
  dovecot = await startDovecot([MAILBOX]);
  site = await startTestSite({ env: { PROJECT_IMAP_PASSWORD: MAILBOX.password } });
  await addFolderSender(site, join(site.dir, 'mail'));
}, 30_000);
afterAll(async () => {
  await site?.close();
  await dovecot?.stop();
});

describe('the tasks pages', () => {
  beforeAll(async () => {
    // An owner with no address: the demo's tasks all have one.
    const open = (await tasksNow()).filter((t) => t.state === 'open');
    const activity = open.at(-1)?.activityId as string;
    expect((await cli()({}, 'activity', 'set', activity, '--owner', 'The comms team')).code).toBe(0);
  });

  it('list every task as `commsplan tasks` does, those to do first, flagging a task with nobody to tell', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/tasks');
    expect(page.status).toBe(200);
    const cli = JSON.parse((await cliIn(site.dir)({}, 'tasks', '--json')).stdout).tasks as {
      id: string;
      state: string;
      nobodyToTell: boolean;
    }[];
    const rows = [...page.html.matchAll(/data-task="([^"]+)"/g)].map((m) => m[1]);
    expect([...rows].sort()).toEqual(cli.map((t) => t.id).sort());
    const toDo = cli.filter((t) => t.state === 'open' || t.state === 'late');
    expect(rows.slice(0, toDo.length).sort()).toEqual(toDo.map((t) => t.id).sort());
    const nobody = toDo.filter((t) => t.nobodyToTell);
    expect(nobody.length).toBeGreaterThan(0);
    expect(page.html.match(/>\s*Nobody to tell\s*</g)?.length).toBe(nobody.length);
    expect(page.html).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const dashboard = await viewer.get('/');
    expect(dashboard.html).toContain(`${toDo.length} tasks to do`);
    expect(dashboard.html).toMatch(/href="\/tasks"/);
  });

  it('show a task with the copy its owner is sent, and link it from its activity', async () => {
    const tasks = await tasksNow();
    const intranet = tasks.find((t) => t.channels.some((c) => /intranet/i.test(c)) && t.state === 'open') as (typeof tasks)[number];
    const viewer = await site.client('viewer');
    const page = await viewer.get(`/tasks/${encodeURIComponent(intranet.id)}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="intranet-copy"');
    expect(page.html).not.toContain('Mark as done');
    const activity = await viewer.get(`/activities/${intranet.activityId}`);
    expect(activity.html).toContain(`href="/tasks/${encodeURIComponent(intranet.id)}"`);
    expect((await viewer.get('/tasks/no-such-task')).status).toBe(404);
  });

  it('refuse a viewer who tries to change a task, and change nothing', async () => {
    const [task] = await tasksNow();
    const viewer = await site.client('viewer');
    await viewer.get('/tasks');
    const before = await site.snapshot();
    expect((await viewer.post(`/tasks/${task?.id}/done`)).status).toBe(403);
    expect((await viewer.post(`/tasks/${task?.id}/owner`, { owner: 'Tom Okafor <tom@nhs.net>' })).status).toBe(403);
    expect(await site.snapshot()).toBe(before);
  });

  it('refuse an owner without a real email address with the field’s own message, and change nothing', async () => {
    const [task] = await tasksNow();
    const editor = await site.client('editor');
    await editor.get(`/tasks/${task?.id}`);
    const before = await site.snapshot();
    for (const [owner, says] of [
      ['Tom <not an email>', '"not an email" is not an email address'],
      ['tom.okafor@nhs.net', "Enter the owner's name, then their email address in angle brackets"],
      ['', "Enter the new owner's name and email address"],
    ] as const) {
      const refused = await editor.post(`/tasks/${task?.id}/owner`, { owner });
      expect(refused.status).toBe(400);
      expect(plainText(refused.html)).toContain(says);
      expect(refused.html).toContain('href="#owner"');
      expect(refused.html).toContain('nhsuk-error-message');
    }
    expect(await site.snapshot()).toBe(before);
    const cliRefused = await cli()({}, 'task', 'reassign', task?.id as string, 'Tom <not an email>');
    expect(cliRefused.code).toBe(2);
    expect(cliRefused.stderr).toContain('"not an email" is not an email address');
  });

  it('give a task to someone else and mark it done, each audited by who did it; the CLI sees the same', async () => {
    const task = (await tasksNow()).find((t) => t.nobodyToTell && t.state === 'open') as Awaited<ReturnType<typeof tasksNow>>[number];
    const editor = await site.client('editor');
    await editor.get(`/tasks/${encodeURIComponent(task.id)}`);
    const given = await editor.post(`/tasks/${encodeURIComponent(task.id)}/owner`, {
      owner: 'Tom Okafor <Tom.Okafor@northmoor-valley.example>',
    });
    expect(given.status).toBe(303);
    const shown = await editor.get(given.location as string);
    expect(shown.html).toContain('is now Tom Okafor');
    const listed = JSON.parse((await cli()({}, 'tasks', '--json')).stdout).tasks.find((t: { id: string }) => t.id === task.id);
    expect(listed).toMatchObject({ owner: 'Tom Okafor <tom.okafor@northmoor-valley.example>', nobodyToTell: false });
    expect(await auditLines('task-reassigned')).toEqual([
      expect.objectContaining({ actor: 'editor@test.example', subject: task.id, detail: expect.stringContaining('given to Tom Okafor') }),
    ]);

    const done = await editor.post(`/tasks/${encodeURIComponent(task.id)}/done`);
    expect(done.status).toBe(303);
    expect((await editor.get(done.location as string)).html).toContain('The task is done.');
    expect(await auditLines('task-done')).toEqual([expect.objectContaining({ actor: 'editor@test.example', subject: task.id })]);
    const again = await editor.post(`/tasks/${encodeURIComponent(task.id)}/done`);
    expect(again.status).toBe(400);
    expect(plainText(again.html)).toContain('is already done');
    const cliDone = await cli()({}, 'task', 'done', task.id);
    expect(cliDone.code).toBe(2);
    expect(cliDone.stderr).toContain('is already done');
  });
});

describe('the helpdesk list', () => {
  it('shows wave by wave whom `waves helpdesk` lists, with a CSV whose formulas cannot run', async () => {
    const person = 'jo.bloggs@northmoor-valley.example';
    await site.store.db
      .insertInto('migration_attempts')
      .values(
        ['Wave 1', '=HYPERLINK("http://evil.example")'].map((wave, i) => ({
          org_id: site.organisation.id,
          person_email: person,
          wave_name: wave,
          outcome: 'failed',
          raw_status: 'Failed',
          recorded_at: `2026-11-2${i}T10:00:00Z`,
        })),
      )
      .execute();
    const cliList = JSON.parse((await cli()({}, 'waves', 'helpdesk', '--json')).stdout).people as { person: string }[];
    expect(cliList.map((p) => p.person)).toEqual([person]);
    const viewer = await site.client('viewer');
    const page = await viewer.get('/helpdesk');
    expect(page.status).toBe(200);
    expect(page.html).toContain(person);
    expect(page.html).toContain('Their move failed twice');
    const csv = await viewer.get('/helpdesk/csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.html).toBe(`Person,Failed in,Why\r\n${person},"Wave 1, =HYPERLINK(""http://evil.example"")",failed twice\r\n`);
    const [, evil] =
      (await viewer.get('/helpdesk')).html.match(/<h2 class="nhsuk-heading-m commsplan-break-anywhere">([^<]*HYPERLINK[^<]*)<\/h2>/) ?? [];
    expect(evil).toContain('=HYPERLINK');
  });
});

describe('the bounces pages', () => {
  it('read a sender’s mailbox for an approver only, say what went wrong in words, and list what it recorded', async () => {
    const [key] = await queueMessages(site.store, site.organisation.id, {
      occurrenceKey: 'test-note',
      senderName: 'project-mailbox',
      count: 1,
    });
    await site.store.db
      .updateTable('outbox')
      .set({ state: 'sent', sent_at: '2026-11-24T09:30:00Z' })
      .where('message_key', '=', key as string)
      .execute();
    const set = await cli()(
      {},
      'sender',
      'set',
      'project-mailbox',
      '--imap',
      `127.0.0.1:${dovecot.port}`,
      '--imap-security',
      'none',
      '--imap-user',
      MAILBOX.user,
      '--imap-password-env',
      'WRONG_IMAP_PASSWORD',
    );
    expect(set.code).toBe(0);
    const report = readFileSync(join(import.meta.dirname, 'fixtures/bounces/exchange-online-5.1.1.eml'), 'utf8')
      .replaceAll('{{RECIPIENT}}', RECIPIENT)
      .replaceAll('{{MESSAGE_ID}}', `${messageKeyFor('test-note', RECIPIENT)}@commsplan`)
      .replace(/\r?\n/g, '\r\n');
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: MAILBOX.user, pass: MAILBOX.password },
      logger: false,
    });
    await imap.connect();
    await imap.append('INBOX', report);
    await imap.logout();

    const editor = await site.client('editor');
    await editor.get('/bounces');
    expect((await editor.post('/bounces/fetch', { sender: 'project-mailbox' })).status).toBe(403);
    const approver = await site.client('approver');
    const page = await approver.get('/bounces');
    expect(page.html).toContain('Read the mailbox of project-mailbox');
    const before = await site.snapshot();
    const unnamed = await approver.post('/bounces/fetch', { sender: '' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.html).toContain('Choose the sender whose mailbox to read.');
    const failed = await approver.post('/bounces/fetch', { sender: 'project-mailbox' });
    expect(failed.status).toBe(502);
    expect(plainText(failed.html)).toContain(
      'The mailbox of project-mailbox could not be read: the environment variable WRONG_IMAP_PASSWORD',
    );
    expect(await site.snapshot()).toBe(before);

    expect(
      (
        await cli()(
          {},
          'sender',
          'set',
          'project-mailbox',
          '--imap',
          `127.0.0.1:${dovecot.port}`,
          '--imap-security',
          'none',
          '--imap-user',
          MAILBOX.user,
          '--imap-password-env',
          'PROJECT_IMAP_PASSWORD',
        )
      ).code,
    ).toBe(0);
    const fetched = await approver.post('/bounces/fetch', { sender: 'project-mailbox' });
    expect(fetched.status).toBe(303);
    const list = await approver.get(fetched.location as string);
    expect(plainText(list.html)).toContain('Read 1 new message in the mailbox of project-mailbox: 1 bounce recorded.');
    expect(list.html).toContain(`href="/bounces/${encodeURIComponent(RECIPIENT)}"`);
    expect(await auditLines('bounces-fetched')).toEqual([
      expect.objectContaining({ actor: 'approver@test.example', subject: 'project-mailbox' }),
    ]);
    const cliList = JSON.parse((await cli()({}, 'bounces', '--json')).stdout) as { total: number; bounces: { address: string }[] };
    expect(cliList.bounces.map((b) => b.address)).toEqual([RECIPIENT]);

    const person = await (await site.client('viewer')).get(`/bounces/${encodeURIComponent(RECIPIENT)}`);
    expect(person.status).toBe(200);
    expect(plainText(person.html)).toContain('5.1.1');
    expect(person.html).toMatch(/href="\/mail\/project-mailbox\/[0-9a-f]+\.eml"/);
    expect(person.html).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect((await approver.get('/bounces/nobody%40example.org')).status).toBe(404);
  }, 30_000);
});

describe('the new pages in a browser', () => {
  it('have no axe violations and no sideways scrolling at 390 px, a refused owner included', async () => {
    const browser = await launchBrowser();
    try {
      const page = await signedInPage(browser, site.url, 'approver', { bypassCSP: true });
      await page.setViewportSize({ width: 390, height: 844 });
      const task = (await tasksNow()).find((t) => t.state === 'open') as Awaited<ReturnType<typeof tasksNow>>[number];
      const problems: string[] = [];
      const look = async (what: string) => {
        const wide = await page.evaluate('document.documentElement.scrollWidth');
        if (Number(wide) > 390) problems.push(`${what} is ${wide} px wide`);
        problems.push(...(await axeViolations(page)).map((v) => `${what}: ${v}`));
      };
      for (const path of ['/tasks', '/helpdesk', '/bounces', `/bounces/${encodeURIComponent(RECIPIENT)}`]) {
        await page.goto(path);
        await look(path);
      }
      await page.goto(`/tasks/${encodeURIComponent(task.id)}`);
      await page.getByLabel('New owner').fill('Tom <not an email>');
      await page.getByRole('button', { name: 'Give the task to them' }).click();
      await page.getByText('There is a problem').waitFor();
      await look(`${task.id}, with a refused owner`);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

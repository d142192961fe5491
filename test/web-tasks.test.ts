import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueTaskNotices } from '../src/tasks/queue-task-notices.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { expectPlainWords } from './support/page-words.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';
import { addFolderSender } from './support/web-plan-fixtures.js';

/**
 * Tasks from the web app, as from the CLI (ADR 0009). The demo's programme starts on Monday
 * 7 December 2026, so the announcement is due that day, its notice on Wednesday 2 December at
 * 09:00; posters-and-banners is due on Monday 14 December, its notice on Wednesday 9 December.
 */
const TOM = 'Tom Okafor <tom.okafor@northmoor-valley.example>';

let site: TestSite;
let clock = FIXED_NOW;
const mailFolder = () => join(site.dir, 'mail');
beforeAll(async () => {
  site = await startTestSite({ clock: () => clock });
  await addFolderSender(site, mailFolder());
});
afterAll(async () => {
  await site?.close();
});

const outboxOf = (occurrenceKey: string) =>
  site.store.db
    .selectFrom('outbox')
    .select(['recipient', 'state'])
    .where('org_id', '=', site.organisation.id)
    .where('occurrence_key', '=', occurrenceKey)
    .execute();

/** Waits for the send started from the web to finish, reading /sending as the page does. */
async function finishedSending(client: WebClient): Promise<string> {
  for (let tries = 0; tries < 60; tries++) {
    const page = await client.get('/sending');
    if (/data-testid="send-state">[\s\S]*?Finished\./.test(page.html)) return page.html;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('The send started from the web did not finish');
}

describe('Send now', () => {
  it('queues and sends the task notices that have come due, as send --due does, and says so', async () => {
    clock = new Date('2026-12-09T09:05:00Z');
    const approver = await site.client('approver');
    await approver.get('/sending');
    const started = await approver.post('/sending');
    expect(started.status).toBe(303);
    const page = await finishedSending(approver);
    expect(page).toContain(
      `The task “Posters and banner stands in busy areas”: notice to ${TOM.replace('<', '&lt;').replace('>', '&gt;')} queued, from sender project-mailbox`,
    );
    expectPlainWords(page);
    expect(await outboxOf('task-notes:2026-12-09:tom.okafor@northmoor-valley.example')).toEqual([
      { recipient: 'tom.okafor@northmoor-valley.example', state: 'sent' },
    ]);
    const files = existsSync(mailFolder()) ? readdirSync(mailFolder()).filter((name) => name.endsWith('.eml')) : [];
    expect(files).toHaveLength(1);
    expect(readFileSync(join(mailFolder(), files[0] as string), 'utf8')).toMatch(/^To: tom\.okafor@northmoor-valley\.example/m);
  });
});

describe('the activity page', () => {
  it('closes the tasks of an activity marked done, cancels their unsent reminders and says how many it closed', async () => {
    clock = new Date('2026-12-07T08:00:00Z');
    await queueTaskNotices(site.store, site.organisation, new Date('2026-12-07T09:00:00Z'));
    expect(await outboxOf('task-notes:2026-12-07:priya.shah@northmoor-valley.example')).toEqual([
      { recipient: 'priya.shah@northmoor-valley.example', state: 'queued' },
    ]);

    const editor = await site.client('editor');
    await editor.get('/activities/announcement');
    const saved = await editor.post('/activities/announcement', {
      ownerName: 'Priya Shah',
      ownerEmail: 'priya.shah@northmoor-valley.example',
      status: 'done',
      sender: '',
    });
    expect(saved.status).toBe(303);
    const closed = await site.store.db
      .selectFrom('tasks')
      .select(['task_key', 'state', 'closed_by', 'closed_at'])
      .where('org_id', '=', site.organisation.id)
      .execute();
    expect(closed).toEqual([
      { task_key: 'announcement', state: 'done', closed_by: 'editor@test.example', closed_at: '2026-12-07T08:00:00.000Z' },
    ]);
    expect(await outboxOf('task-notes:2026-12-07:priya.shah@northmoor-valley.example')).toEqual([
      { recipient: 'priya.shah@northmoor-valley.example', state: 'cancelled' },
    ]);
    expect(saved.location).toBe('/activities/announcement?done=saved&tasksClosed=1');
    const page = await editor.get(saved.location as string);
    expect(page.html).toContain(
      'The owner, sender, catch-up, priority and status are saved. 1 task was closed with it: no more notices or reminders go for it.',
    );
  });

  it('says nothing about tasks when an activity is saved without closing any, and shows the priority it was given', async () => {
    const editor = await site.client('editor');
    expect((await editor.get('/activities/over-quota')).html).toContain('data-testid="priority">normal<');
    const saved = await editor.post('/activities/over-quota', { ownerName: 'Gareth Lewis', status: 'ready', sender: '', priority: 'high' });
    expect(saved.location).toBe('/activities/over-quota?done=saved');
    const page = await editor.get(saved.location as string);
    expect(page.html).toContain('The owner, sender, catch-up, priority and status are saved.');
    expect(page.html).not.toContain('was closed with it');
    expect(page.html).toContain('data-testid="priority">high<');
    expect(page.html).toMatch(/<option value="high" selected>high<\/option>/);
  });
});

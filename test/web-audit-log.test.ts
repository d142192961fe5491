import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEntry } from '../src/audit/audit-log.store.js';
import { listActivities } from '../src/plan/plan.store.js';
import { listWaves } from '../src/waves/waves.store.js';
import { AUDIT_LOG_PAGE_SIZE } from '../src/web/pages/audit-log.js';
import { expectPlainWords } from './support/page-words.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
let occurrence: string;
let occurrenceName: string;
const FILLERS = AUDIT_LOG_PAGE_SIZE + 10;
const rowsOf = (html: string) => (html.match(/<tr class="nhsuk-table__row">/g)?.length ?? 1) - 1;

beforeAll(async () => {
  site = await startTestSite();
  const { db } = site.store;
  const orgId = site.organisation.id;
  const [wave] = await listWaves(db, orgId);
  const announcement = (await listActivities(db, orgId)).find((a) => a.id === 'announcement');
  occurrence = `announcement@${wave?.id}`;
  occurrenceName = `${announcement?.title} — ${wave?.name}`;
  for (let i = 0; i < FILLERS; i++)
    await appendAuditEntry(db, orgId, { at: '2026-11-20T09:00:00.000Z', actor: 'bulk', action: 'filler', subject: `n${i}`, detail: '' });
  for (const [i, minute] of ['00', '20', '40'].entries()) {
    const key = `message-${i}`;
    await db
      .insertInto('outbox')
      .values({
        org_id: orgId,
        message_key: key,
        occurrence_key: occurrence,
        recipient: `p${i}@example.nhs.uk`,
        person_email: `p${i}@example.nhs.uk`,
        template_id: 't',
        template_version: 'v',
        sender_name: 's',
        fields_json: '{}',
        state: 'sent',
        not_before: '2027-03-06T09:00:00.000Z',
        lease_owner: null,
        lease_until: null,
        last_error: null,
        sent_at: `2027-03-06T09:${minute}:00.000Z`,
        created_at: '2027-03-06T08:00:00.000Z',
      })
      .execute();
    await appendAuditEntry(db, orgId, {
      at: `2027-03-06T09:${minute}:00.000Z`,
      actor: 'worker',
      action: 'message-sent',
      subject: key,
      detail: JSON.stringify({ occurrence, recipient: `p${i}@example.nhs.uk`, attempt: 1 }),
    });
  }
  await appendAuditEntry(db, orgId, {
    at: '2027-03-07T10:00:00.000Z',
    actor: 'worker',
    action: 'message-failed',
    subject: 'message-0',
    detail: JSON.stringify({ occurrence, reason: 'mailbox full', change: { before: 'queued', after: 'failed' } }),
  });
  await appendAuditEntry(db, orgId, {
    at: '2027-01-10T10:00:00.000Z',
    actor: 'cli',
    action: 'task-reassigned',
    subject: occurrence,
    detail: JSON.stringify({ occurrence, due: '2027-02-08T09:00:00.000Z' }),
  });
  await appendAuditEntry(db, orgId, {
    at: '2027-01-10T10:05:00.000Z',
    actor: 'commsplan',
    action: 'task-note-written',
    subject: 'task-notes:2027-01-10:owner@example.nhs.uk',
    detail: 'task-notes:2027-01-10:owner@example.nhs.uk queued at 2027-01-10T10:05:00.000Z',
  });
  await appendAuditEntry(db, orgId, {
    at: '2027-03-07T11:00:00.000Z',
    actor: 'mallory',
    action: 'test',
    subject: '=HYPERLINK("http://evil.example")',
    detail: '@SUM(1+1)',
  });
});
afterAll(async () => site?.close());

describe('the audit log page', () => {
  it('shows who did what and when in UK time, newest first, including sign-ins and setting changes', async () => {
    const editor = await site.client('editor');
    await editor.get('/settings/helpdesk-phone');
    await editor.post('/settings/helpdesk-phone', { value: '0113 496 0555' });
    const { html } = await editor.get('/log?actor=editor%40test.example');
    const change = html.indexOf('>setting changed<');
    expect(change).toBeGreaterThan(0);
    expect(html.indexOf('>signed in<')).toBeGreaterThan(change);
    expect(html).toContain('10am on 24 November 2026');
  });

  it('names who made a change as people read it, while the filter keeps the stored name', async () => {
    const viewer = await site.client('viewer');
    const all = await viewer.get('/log');
    expect(all.html).toContain('<option value="cli">From the command line</option>');
    expect(all.html).toContain('<option value="commsplan">Commsplan, by itself</option>');
    expect(all.html).toContain('<option value="worker">The sending worker</option>');
    const { html } = await viewer.get('/log?actor=cli');
    expect(rowsOf(html)).toBe(1);
    expect(html).toContain('From the command line');
    expect(html).toContain('<option value="cli" selected>From the command line</option>');
  });

  it('reads old details written as JSON with ISO times and keys in words', async () => {
    const { html } = await (await site.client('viewer')).get(
      '/log?from-day=10&from-month=1&from-year=2027&to-day=10&to-month=1&to-year=2027',
    );
    expect(rowsOf(html)).toBe(2);
    expect(html).toContain(`occurrence: ${occurrenceName}; due: 9am on 8 February 2027`);
    expect(html).toContain('the note to owner@example.nhs.uk about their tasks on 10 January 2027');
    expectPlainWords(html);
  });

  it('escapes whatever was logged', async () => {
    const { html } = await (await site.client('viewer')).get('/log?actor=mallory');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;)');
    expect(html).not.toContain('<b>');
  });

  it('folds the messages sent for one email into one line with a link, and reads old JSON details as text', async () => {
    const { html } = await (await site.client('viewer')).get('/log?kind=sending');
    expect(rowsOf(html)).toBe(2);
    expect(html).toContain(`3 messages sent for ${occurrenceName}, 9am to 9:40am on 6 March 2027`);
    expect(html).toContain('href="/activities/announcement"');
    expect(html).toContain('reason: mailbox full; change: queued → failed');
    expect(html).not.toContain('{&quot;');
  });

  it('pages the log, newest first, keeping the filter in the page links', async () => {
    const viewer = await site.client('viewer');
    const first = await viewer.get('/log?actor=bulk');
    expect(rowsOf(first.html)).toBe(AUDIT_LOG_PAGE_SIZE);
    expect(first.html).toContain(`Showing 1 to ${AUDIT_LOG_PAGE_SIZE} of ${FILLERS}`);
    expect(first.html.indexOf(`>n${FILLERS - 1}<`)).toBeLessThan(first.html.indexOf(`>n${FILLERS - 2}<`));
    expect(first.html).not.toContain('>n0<');
    expect(first.html).toContain('href="/log?actor=bulk&amp;page=2#entries"');
    const second = await viewer.get('/log?actor=bulk&page=2');
    expect(rowsOf(second.html)).toBe(FILLERS - AUDIT_LOG_PAGE_SIZE);
    expect(second.html).toContain('>n0<');
  });

  it('filters by activity, by kind and by dates, and says when a date is not real', async () => {
    const viewer = await site.client('viewer');
    const byActivity = await viewer.get('/log?activity=announcement');
    expect(byActivity.html).toContain('3 messages sent');
    expect(byActivity.html).toContain('>message failed<');
    expect(byActivity.html).not.toContain('filler');
    const byDay = await viewer.get('/log?from-day=6&from-month=3&from-year=2027&to-day=6&to-month=3&to-year=2027');
    expect(rowsOf(byDay.html)).toBe(1);
    const others = await viewer.get('/log?kind=other');
    expect(others.html).toContain('filler');
    expect(others.html).not.toContain('setting changed');
    const wrong = await viewer.get('/log?from-day=30&from-month=2&from-year=2027');
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('There is a problem');
    expect(wrong.html).toContain('href="#from-from-day"');
    expect(wrong.html).toContain('30 February 2027 is not a real date');
    expect((await viewer.get('/log/csv?from-day=30&from-month=2&from-year=2027')).status).toBe(400);
  });

  it('downloads every matching entry as CSV, sends unfolded and formulas neutralised', async () => {
    const viewer = await site.client('viewer');
    const sends = await viewer.get('/log/csv?kind=sending');
    expect(sends.headers.get('content-type')).toContain('text/csv');
    expect(sends.html.split('\r\n').filter((line) => line.includes('message-sent'))).toHaveLength(3);
    expect(sends.html).toContain('recipient: p0@example.nhs.uk');
    const mallory = await viewer.get('/log/csv?actor=mallory');
    expect(mallory.html).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(mallory.html).toContain("'@SUM(1+1)");
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW } from './support/cli-harness.js';
import { expectPlainWords } from './support/page-words.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

async function addMessages(occurrenceKey: string): Promise<void> {
  const row = (n: number, state: string, lastError: string | null) => ({
    org_id: site.organisation.id,
    message_key: `${occurrenceKey}-${n}`.padEnd(64, '0'),
    occurrence_key: occurrenceKey,
    recipient: `person${n}@northmoor-valley.example`,
    person_email: `person${n}@northmoor-valley.example`,
    template_id: 'announcement',
    template_version: 'v1',
    sender_name: 'local',
    fields_json: '{}',
    state,
    not_before: FIXED_NOW.toISOString(),
    lease_owner: null,
    lease_until: null,
    last_error: lastError,
    sent_at: state === 'sent' ? FIXED_NOW.toISOString() : null,
    created_at: FIXED_NOW.toISOString(),
  });
  const reason = '550 <script>alert(1)</script> mailbox unknown';
  await site.store.db
    .insertInto('outbox')
    .values([row(1, 'sent', null), row(2, 'failed', reason), row(3, 'failed', reason), row(4, 'queued', null), row(5, 'cancelled', null)])
    .execute();
}

describe('the reports page', () => {
  it('shows per occurrence the recipients, sent, failed with reasons, pending and cancelled, as commsplan report does', async () => {
    const client = await site.client('viewer');
    const csv = await client.get('/reports/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const [header, first] = csv.html.split('\r\n');
    expect(header).toBe(
      'occurrence,activity,wave,due,state,approved by,approved at,recipients,sent,failed,why failed,pending,cancelled,caught up sent,caught up pending,late joiners too late',
    );
    const occurrenceKey = first?.split(',')[0] ?? '';
    expect(occurrenceKey).not.toBe('');
    await addMessages(occurrenceKey);

    const { html } = await client.get('/reports');
    expect(html).toContain('2 failed: 550 &lt;script&gt;alert(1)&lt;/script&gt; mailbox unknown');
    expect(html).not.toContain('<script>alert(1)</script>');
    expectPlainWords(html);
    expect(html).toContain('Remind each wave in the week it moves — Wave 1');
    const messages = await client.get(`/reports/messages?occurrence=${encodeURIComponent(occurrenceKey)}&count=failed`);
    expect(messages.status).toBe(200);
    expectPlainWords(messages.html);
    const after = (await client.get('/reports/csv')).html.split('\r\n')[1] ?? '';
    expect(after).toMatch(/,5,1,2,2 × 550 <script>alert\(1\)<\/script> mailbox unknown,1,1,0,0,0$/);
  });
});

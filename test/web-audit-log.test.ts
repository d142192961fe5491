import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEntry } from '../src/delivery/audit-log.store.js';
import { AUDIT_LOG_PAGE_SIZE } from '../src/web/pages/audit-log.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

describe('the audit log page', () => {
  it('shows who did what and when in UK time, newest first, including sign-ins and setting changes', async () => {
    const editor = await site.client('editor');
    await editor.get('/settings/helpdesk-phone');
    await editor.post('/settings/helpdesk-phone', { value: '0113 496 0555' });
    const { html } = await editor.get('/log');
    const change = html.indexOf('setting-changed');
    const signIn = html.indexOf('signed-in');
    expect(change).toBeGreaterThan(0);
    expect(signIn).toBeGreaterThan(change);
    expect(html).toContain('editor@test.example');
    expect(html).toContain('24 November 2026 at 10:00:00');
  });

  it('escapes whatever was logged', async () => {
    await appendAuditEntry(site.store.db, site.organisation.id, {
      at: '2026-11-24T10:00:00.000Z',
      actor: '<script>alert(1)</script>',
      action: 'test',
      subject: '=HYPERLINK("http://evil.example")',
      detail: '<b>bold</b>',
    });
    const { html } = await (await site.client('viewer')).get('/log');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('shows the most recent entries only, and says so, when there are many', async () => {
    for (let i = 0; i < AUDIT_LOG_PAGE_SIZE; i++) {
      await appendAuditEntry(site.store.db, site.organisation.id, {
        at: '2026-11-24T11:00:00.000Z',
        actor: 'bulk',
        action: 'filler',
        subject: `n${i}`,
        detail: '',
      });
    }
    const { html } = await (await site.client('viewer')).get('/log');
    expect(html.match(/<tr class="nhsuk-table__row">/g)?.length).toBe(AUDIT_LOG_PAGE_SIZE + 1);
    expect(html).toContain(`the most recent ${AUDIT_LOG_PAGE_SIZE}`);
    expect(html.indexOf('>n199<')).toBeLessThan(html.indexOf('>n198<'));
    expect(html).not.toContain('>n0<');
  });
});

import { describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { readSettingValues } from '../src/settings/settings.store.js';
import { signedInPage, siteAndBrowser } from './support/browser.js';

const web = siteAndBrowser();

const unset = (key: string) =>
  web.site.store.db.deleteFrom('settings').where('org_id', '=', web.site.organisation.id).where('key', '=', key).execute();
const storedValue = async (key: string) => (await readSettingValues(web.site.store.db, web.site.organisation.id))[key];

describe('the settings page', () => {
  it('lists every setting with its value and the templates that use it', async () => {
    const { html } = await (await web.site.client('viewer')).get('/settings');
    expect(html).toContain('id="setting-helpdesk-phone"');
    expect(html).toContain('0113 496 0123');
    expect(html).toMatch(/id="setting-helpdesk-phone"[\s\S]*?Used by templates: [a-z-]+/);
    expect(html).not.toContain('href="/settings/helpdesk-phone"');
  });

  it('offers editors a change link for each setting', async () => {
    const { html } = await (await web.site.client('editor')).get('/settings');
    expect(html).toContain('href="/settings/helpdesk-phone"');
  });

  it('saves a good value with a line in the audit log naming who changed it', async () => {
    const client = await web.site.client('editor');
    await client.get('/settings/helpdesk-phone');
    const saved = await client.post('/settings/helpdesk-phone', { value: '0113 496 0999' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/settings?changed=helpdesk-phone');
    expect(await storedValue('helpdesk-phone')).toBe('0113 496 0999');
    const entry = (await listAuditEntries(web.site.store.db, web.site.organisation.id)).at(-1);
    expect(entry).toMatchObject({
      actor: 'editor@test.example',
      action: 'setting-changed',
      subject: 'helpdesk-phone',
      detail: 'from "0113 496 0123" to "0113 496 0999"',
    });
    expect((await client.get(saved.location ?? '')).html).toContain('Local IT helpdesk phone is now 0113 496 0999.');
  });

  it('refuses a value of the wrong type in words naming the setting by its label, keeping what was typed, and saves nothing', async () => {
    const client = await web.site.client('editor');
    await client.get('/settings/helpdesk-email');
    const before = await web.site.snapshot();
    const refused = await client.post('/settings/helpdesk-email', { value: 'not an <address>' });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(
      /<a href="#value">\s*Local IT helpdesk email must be an email address such as it\.helpdesk@example\.nhs\.uk\s*<\/a>/,
    );
    expect(refused.html).not.toMatch(/[^/#-]helpdesk-email/);
    expect(refused.html).toContain('value="not an &lt;address&gt;"');
    expect(await web.site.snapshot()).toBe(before);
  });

  it('answers an unknown setting with a page that lists the known ones', async () => {
    const response = await (await web.site.client('editor')).get('/settings/no-such-setting');
    expect(response.status).toBe(404);
    expect(response.html).toContain('There is no setting called');
  });

  it('refuses a viewer who posts a change, and changes nothing', async () => {
    const client = await web.site.client('viewer');
    await client.get('/settings');
    const before = await web.site.snapshot();
    expect((await client.post('/settings/helpdesk-phone', { value: '0113 496 0000' })).status).toBe(403);
    expect(await web.site.snapshot()).toBe(before);
  });
});

describe('in a browser', () => {
  it('fixes a setting from its blocker on the dashboard and watches the blocker go', async () => {
    await unset('information-pack-url');
    const page = await signedInPage(web.browser, web.site.url, 'editor');
    const blockers = page.locator('[data-testid="blockers"] li');
    expect(await blockers.filter({ hasText: 'The setting “Information pack” is not filled.' }).count()).toBe(1);
    expect(await blockers.filter({ hasText: 'information-pack-url' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Fill in Information pack' }).click();
    expect(new URL(page.url()).pathname).toBe('/settings/information-pack-url');
    await page.getByLabel('Information pack', { exact: true }).fill('not a web address');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(
      'Information pack must be a web address starting with https:// or http://',
    );
    await page.getByLabel('Information pack', { exact: true }).fill('https://intranet.example/nhsmail/pack');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('https://intranet.example/nhsmail/pack');
    await page
      .getByRole('link', { name: /homepage/ })
      .first()
      .click();
    expect(
      await page.locator('[data-testid="blockers"] li').filter({ hasText: 'The setting “Information pack” is not filled.' }).count(),
    ).toBe(0);
    await page.context().close();
  });
});

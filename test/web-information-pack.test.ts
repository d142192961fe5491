import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, signedInPage, siteAndBrowser } from './support/browser.js';

const web = siteAndBrowser();

const PACK_ADDRESSES = [
  '/information-pack',
  '/information-pack/information-pack.pdf',
  '/information-pack/information-pack.html',
  '/information-pack/poster.pdf',
];

/** The downloaded HTML pack, opened as a page of its own (no app around it, its own styles only). */
async function standalonePack(page: Page): Promise<void> {
  const response = await page.request.get('/information-pack/information-pack.html');
  expect(response.status()).toBe(200);
  await page.setContent(await response.text());
}

const sidewaysScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth');

describe('the information pack on the web', () => {
  it.each(PACK_ADDRESSES)('sends someone not signed in to sign in first for %s', async (path) => {
    const client = await web.site.client();
    const response = await client.get(path);
    expect(response.status).toBe(303);
    expect(response.location).toMatch(/^\/sign-in\?/);
    expect(response.html).not.toMatch(/%PDF|information pack/);
  });

  it('shows the pack to a viewer, with its waves, and offers the PDF, the web page and the poster', async () => {
    const client = await web.site.client('viewer');
    const page = await client.get('/information-pack');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1 class="nhsuk-heading-l">Information pack</h1>');
    expect(page.html).toContain('Moving to NHSmail: information pack for Northmoor Valley NHS Trust staff');
    expect(page.html).toContain('Wave 4');
    for (const path of PACK_ADDRESSES.slice(1)) expect(page.html).toContain(`href="${path}"`);
    const dashboard = await client.get('/');
    expect(dashboard.html).toContain('href="/information-pack"');
  });

  it.each([
    ['/information-pack/information-pack.pdf', 'application/pdf', '%PDF-', 'information-pack.pdf'],
    ['/information-pack/poster.pdf', 'application/pdf', '%PDF-', 'poster.pdf'],
    ['/information-pack/information-pack.html', 'text/html; charset=utf-8', '<!doctype html>', 'information-pack.html'],
  ])('downloads %s for a viewer', async (path, type, start, name) => {
    const client = await web.site.client('viewer');
    const response = await client.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    expect(response.html.startsWith(start)).toBe(true);
  });
});

/** Runs `work` with some of the demo's settings taken away, and puts them back after. */
async function withoutSettings(keys: string[], work: () => Promise<void>): Promise<void> {
  const { db } = web.site.store;
  const saved = await db.selectFrom('settings').selectAll().where('key', 'in', keys).execute();
  await db.deleteFrom('settings').where('key', 'in', keys).execute();
  try {
    await work();
  } finally {
    await db.insertInto('settings').values(saved).execute();
  }
}

describe('a draft pack', () => {
  it('names the settings it lacks on its page, and the dashboard warns and links to it', async () => {
    await withoutSettings(['helpdesk-phone', 'information-pack-url'], async () => {
      const client = await web.site.client('viewer');
      const page = await client.get('/information-pack');
      expect(page.html).toContain('Not ready to publish');
      // Issue 20: a viewer reads the setting's name; an editor, who can change it, gets the link to its form.
      expect(page.html).toContain('<li>Local IT helpdesk phone</li>');
      expect((await (await web.site.client('editor')).get('/information-pack')).html).toContain(
        '<a href="/settings/helpdesk-phone">Local IT helpdesk phone</a>',
      );
      expect(page.html).toContain('[to be added: local it helpdesk phone]');
      const dashboard = await client.get('/');
      expect(dashboard.html).toContain('send staff to the information pack, but its address is not set');
      expect(dashboard.html).toContain('The information pack is a draft');
      expect(dashboard.html).toContain('<a href="/information-pack">Open the information pack</a>');
    });
  });
});

describe('the information pack in a browser (axe-core, WCAG 2.2 AA; 390 px wide)', () => {
  it('has no violations on the app page or on the downloaded HTML pack', async () => {
    const page = await signedInPage(web.browser, web.site.url, 'viewer', { bypassCSP: true });
    await page.goto('/information-pack');
    expect(await axeViolations(page)).toEqual([]);
    await standalonePack(page);
    expect(await page.title()).toBe('Moving to NHSmail: information pack for Northmoor Valley NHS Trust staff');
    expect(await axeViolations(page)).toEqual([]);
    await withoutSettings(['helpdesk-phone'], async () => {
      await page.goto('/information-pack');
      await page.waitForSelector('[data-testid="pack-draft"]');
      expect(await axeViolations(page)).toEqual([]);
    });
    await page.context().close();
  });

  it('fits a 390 px screen without scrolling sideways, its tables shown row by row', async () => {
    const page = await signedInPage(web.browser, web.site.url, 'viewer', { bypassCSP: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/information-pack');
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(390);
    await standalonePack(page);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(390);
    expect(await page.evaluate("getComputedStyle(document.querySelector('.commsplan-stacked-table tbody td')).display")).toBe('block');
    await page.context().close();
  });
});

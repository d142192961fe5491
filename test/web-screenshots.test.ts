import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/web/routes.js';
import { launchBrowser, signedInPage } from './support/browser.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

/**
 * The README's screenshots: `npm run screenshots` writes them to docs/screenshots; a plain test
 * run takes the same pictures into a temporary folder, so a page that stops rendering fails here.
 * Every page of the header menu is taken (from the route table, so a new page is taken when its
 * row has `nav`), at 1,280 px wide and at 390 px (a phone, `-390` in the file's name).
 */
const MENU_PAGES = ROUTES.filter((rule) => rule.nav && rule.method === 'GET').map((rule) => ({
  file: `${rule.path.slice(1).replaceAll('/', '-')}.png`,
  path: rule.path,
  signedIn: true,
}));
const PAGES: { file: string; path: string; signedIn: boolean }[] = [
  { file: 'sign-in.png', path: '/sign-in', signedIn: false },
  { file: 'dashboard.png', path: '/', signedIn: true },
  { file: 'setting-form.png', path: '/settings/helpdesk-phone', signedIn: true },
  { file: 'menu-plan.png', path: '/menu/plan', signedIn: true },
  ...MENU_PAGES,
];
const VIEWPORTS = [
  { width: 1280, height: 900, suffix: '' },
  { width: 390, height: 844, suffix: '-390' },
];
const SCREENSHOTS = VIEWPORTS.flatMap(({ suffix, ...viewport }) =>
  PAGES.map((shot) => ({ ...shot, file: shot.file.replace(/\.png$/, `${suffix}.png`), viewport })),
);

const wanted = process.env.COMMSPLAN_SCREENSHOTS_DIR;
const dir = wanted ? resolve(wanted) : mkdtempSync(join(tmpdir(), 'commsplan-screenshots-'));

let site: TestSite;
let browser: Browser;
let signedIn: Page;
let anonymous: Page;
beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  // Sign-in with Microsoft configured, so the sign-in page shows both ways in (nothing is asked of the issuer until it is used).
  const oidc = {
    issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
    clientId: 'commsplan',
    clientSecret: 'unused',
  };
  [site, browser] = await Promise.all([startTestSite({ config: { oidc } }), launchBrowser()]);
  signedIn = await signedInPage(browser, site.url, 'admin');
  anonymous = await (await browser.newContext({ baseURL: site.url })).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (!wanted) rmSync(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (file: string) => {
  const bytes = readFileSync(file);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

describe('screenshots of the main pages for the README', () => {
  it.each(SCREENSHOTS)('takes $file of $path at its viewport (left out if the page is not there)', async (shot) => {
    const page = shot.signedIn ? signedIn : anonymous;
    await page.setViewportSize(shot.viewport);
    const response = await page.goto(shot.path);
    if (response?.status() === 404) return;
    expect(response?.status()).toBe(200);
    await page.waitForFunction("document.body.classList.contains('nhsuk-frontend-supported')");
    const file = join(dir, shot.file);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    expect(pngSize(file)).toEqual(shot.viewport);
  });
});

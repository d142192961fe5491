import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from './support/browser.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

/**
 * The README's screenshots: `npm run screenshots` writes them to docs/screenshots; a plain test
 * run takes the same pictures into a temporary folder, so a page that stops rendering fails here.
 * Add a page when it lands; one that answers 404 on this branch is left out.
 */
const SCREENSHOTS: { file: string; path: string; signedIn: boolean }[] = [
  { file: 'sign-in.png', path: '/sign-in', signedIn: false },
  { file: 'dashboard.png', path: '/', signedIn: true },
  { file: 'settings.png', path: '/settings', signedIn: true },
  { file: 'setting-form.png', path: '/settings/helpdesk-phone', signedIn: true },
  { file: 'timeline.png', path: '/timeline', signedIn: true },
  { file: 'audiences.png', path: '/audiences', signedIn: true },
  { file: 'waves.png', path: '/waves', signedIn: true },
  { file: 'imports.png', path: '/imports', signedIn: true },
  { file: 'mail.png', path: '/mail', signedIn: true },
  { file: 'reports.png', path: '/reports', signedIn: true },
  { file: 'log.png', path: '/log', signedIn: true },
];
const VIEWPORT = { width: 1280, height: 900 };

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
  signedIn = await signedInPage(browser, site.url, 'editor');
  await signedIn.setViewportSize(VIEWPORT);
  anonymous = await (await browser.newContext({ baseURL: site.url, viewport: VIEWPORT })).newPage();
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
  it.each(SCREENSHOTS)('takes $file of $path at a fixed viewport (left out if the page is not there)', async (shot) => {
    const page = shot.signedIn ? signedIn : anonymous;
    const response = await page.goto(shot.path);
    if (response?.status() === 404) return;
    expect(response?.status()).toBe(200);
    await page.waitForFunction("document.body.classList.contains('nhsuk-frontend-supported')");
    const file = join(dir, shot.file);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    expect(pngSize(file)).toEqual(VIEWPORT);
  });
});

import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../src/accounts/role.js';
import { emailOf, startTestSite, TEST_PASSWORD, type TestSite } from './web-harness.js';

/**
 * Debian's chromium, headless. Never a downloaded browser: `.ci/run` installs the package.
 * Launch one per test file (beforeAll) and close it in afterAll.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A test site and a browser, started before the file's tests and closed after them. */
export function siteAndBrowser(): { site: TestSite; browser: Browser } {
  const started = {} as { site: TestSite; browser: Browser };
  beforeAll(async () => {
    [started.site, started.browser] = await Promise.all([startTestSite(), launchBrowser()]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.site?.close();
  });
  return started;
}

/** Problems the page reported: Content-Security-Policy refusals, script errors, failed loads. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    // The browser cancelling a request itself (the favicon, when the page moves on) is not a failure.
    if (error !== 'net::ERR_ABORTED') problems.push(`${request.url()}: ${error}`);
  });
  return problems;
}

/** A new page in a fresh context, signed in through the form with the given role. */
export async function signedInPage(browser: Browser, baseUrl: string, role: Role, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(emailOf(role));
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

/** The WCAG 2.2 AA rules of axe-core (and the A and AA rules of the earlier versions it builds on). */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's violations on the page, as `rule: target` lines. The page's context must be made with
 * `bypassCSP: true`: axe is injected as an inline script, which our CSP would otherwise refuse.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_22_AA)} } })`)) as {
    violations: { id: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.help}): ${node.target.join(' ')}`));
}

/** What has the keyboard focus: its tag, text or label, and whether a focus indicator shows. */
export async function focused(page: Page): Promise<{ tag: string; text: string; indicated: boolean }> {
  return (await page.evaluate(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body', text: '', indicated: false };
    const style = getComputedStyle(element);
    const indicated = (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
    const text = (element.getAttribute('aria-label') || element.textContent || element.getAttribute('name') || '').replace(/\\s+/g, ' ').trim();
    return { tag: element.tagName.toLowerCase(), text, indicated };
  })()`)) as { tag: string; text: string; indicated: boolean };
}

/** Presses Tab until the focused element's text contains `text`; fails after `limit` presses. Each stop must show focus. */
export async function tabTo(page: Page, text: string, limit = 200): Promise<void> {
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.tag === 'body') continue; // past the last element: the next Tab starts again at the top
    if (!now.indicated) throw new Error(`${now.tag} "${now.text}" has the focus but shows no focus indicator`);
    if (now.text.includes(text)) return;
  }
  throw new Error(`Tab never reached "${text}" in ${limit} presses`);
}

/** Waits until app.js has run, so nhsuk-frontend's scripts (skip link, header menu) are working. */
export async function scriptsReady(page: Page): Promise<void> {
  await page.waitForFunction("document.body.classList.contains('nhsuk-frontend-supported')");
}

/** Waits until every job the page shows in progress (an import, a recount, a send) has finished and the page has updated in place. */
export async function progressFinished(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction('!document.querySelector(\'[data-progress-url]:not([data-live-state="finished"])\')', undefined, { timeout });
}

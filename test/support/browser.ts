import { type Browser, chromium, type Page } from 'playwright-core';
import type { Role } from '../../src/accounts/role.js';
import { emailOf, TEST_PASSWORD } from './web-harness.js';

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

/** Problems the page reported: Content-Security-Policy refusals, script errors, failed loads. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
  return problems;
}

/** A new page in a fresh context, signed in through the form with the given role. */
export async function signedInPage(browser: Browser, baseUrl: string, role: Role): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(emailOf(role));
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

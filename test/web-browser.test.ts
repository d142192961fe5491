import { describe, expect, it } from 'vitest';
import { collectPageProblems, signedInPage, siteAndBrowser } from './support/browser.js';

const web = siteAndBrowser();

describe('the web app in a real browser', () => {
  it('signs a person in through the form and shows the dashboard, styled, with no refused script or style', async () => {
    const page = await signedInPage(web.browser, web.site.url, 'viewer');
    const problems = collectPageProblems(page);
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await page.title()).toBe('Dashboard – commsplan – Northmoor Valley NHS Trust');
    expect(await page.getByRole('banner').textContent()).toContain('Northmoor Valley NHS Trust');
    expect(await page.getByRole('heading', { name: /^This week/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Progress per wave' }).count()).toBe(1);
    // Runs in the page, where the DOM exists; written as a string because the tests compile without DOM types.
    const headerColour = await page.evaluate("getComputedStyle(document.querySelector('header.nhsuk-header')).backgroundColor");
    expect(headerColour).toBe('rgb(0, 94, 184)');
    expect(await page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('names a wrong password and keeps the person on the sign-in page', async () => {
    const context = await web.browser.newContext({ baseURL: web.site.url });
    const page = await context.newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Email address').fill('viewer@test.example');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The email address or password is not right');
    expect(await page.title()).toMatch(/^Error: Sign in/);
    await context.close();
  });

  it('signs out with one click, after which the dashboard asks to sign in again', async () => {
    const page = await signedInPage(web.browser, web.site.url, 'editor');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${web.site.url}/sign-in`);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.context().close();
  });
});

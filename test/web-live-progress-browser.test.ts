import { describe, expect, it } from 'vitest';
import { axeViolations, collectPageProblems, progressFinished, signedInPage, siteAndBrowser } from './support/browser.js';
import { importRows } from './support/people-fixtures.js';
import { importStaff } from './support/web-plan-fixtures.js';

const web = siteAndBrowser();

describe('progress shown in place', () => {
  it('counts the waves again while someone types a new wave, keeping every letter, then signs out with one click', async () => {
    const page = await signedInPage(web.browser, web.site.url, 'editor', { bypassCSP: true });
    const problems = collectPageProblems(page);
    // A new person with a mailbox: the stored counts are out of date, so the waves page starts a recount and shows its progress.
    await importStaff(web.site, [
      { number: '20411111', first: 'Late', last: 'Joiner', email: 'late@northmoor-valley.example', wave: 'Wave 2' },
    ]);
    await importRows(
      web.site,
      'mailboxes.csv',
      [
        ['PrimarySmtpAddress', 'DisplayName', 'RecipientTypeDetails', 'AccountDisabled'],
        ['late@northmoor-valley.example', 'Late Joiner', 'UserMailbox', 'False'],
      ],
      'powershell',
    );
    await page.goto('/waves');
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await page.waitForFunction("document.querySelector('[data-live-announce]')?.textContent.includes('being counted again')");
    expect(await page.getByRole('link', { name: 'Refresh to see progress' }).isVisible()).toBe(false);
    // A mark on this very document: a reload would lose it.
    await page.evaluate('window.notReloaded = true');
    await page.getByLabel('Name (optional)').fill('Summer wave');
    await page.getByRole('group', { name: 'First day' }).getByLabel('Day').fill('3');
    await page.getByRole('group', { name: 'First day' }).getByLabel('Month').fill('7');

    await progressFinished(page);
    expect(await page.getByTestId('live-status').textContent()).toContain('The waves are counted');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.getByLabel('Name (optional)').inputValue()).toBe('Summer wave');
    expect(await page.getByRole('group', { name: 'First day' }).getByLabel('Month').inputValue()).toBe('7');
    // The part that changed has: the new person's mailbox is counted in Wave 2.
    expect(await page.locator('#wave-2 a[href="/waves/2/people"]').textContent()).toMatch(/^1 /);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${web.site.url}/sign-in`);
    await page.context().close();
  });
});

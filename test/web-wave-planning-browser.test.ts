import { describe, expect, it } from 'vitest';
import { collectPageProblems, signedInPage, siteAndBrowser } from './support/browser.js';
import { at } from './support/people-fixtures.js';
import { importWavePeople } from './support/web-wave-fixtures.js';

const web = siteAndBrowser();

describe('planning the waves in a real browser', { timeout: 90_000 }, () => {
  it('plans with a pins file, shows the plan, accepts it, then moves a person after seeing what it breaks', async () => {
    await importWavePeople(web.site);
    const page = await signedInPage(web.browser, web.site.url, 'editor');
    const problems = collectPageProblems(page);
    await page.goto('/waves');
    await page.getByRole('link', { name: 'Plan the waves' }).click();
    await page.getByLabel('Mailboxes a wave can move (optional)').fill('3');
    await page.getByLabel('Pins file (optional)').setInputFiles({
      name: 'pins.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`EmailAddress,Wave\r\n${at('ray.rad')},Wave 4\r\n`),
    });
    await page.getByRole('button', { name: 'See the plan' }).click();
    await page.waitForSelector('[data-testid="planned-waves"]');
    expect(await page.getByTestId('plan-summary').textContent()).toContain('8 mailboxes planned into 4 waves');
    expect(await page.getByTestId('planned-broken-links').textContent()).toContain('Finance Team');

    await page.getByRole('button', { name: 'Accept this plan' }).click();
    await page.waitForURL(/\/waves\?done=planned/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('The plan is saved');
    const assigned = await web.site.store.db.selectFrom('wave_assignments').select(['mailbox_email', 'wave_id']).execute();
    expect(assigned).toHaveLength(8);
    expect(assigned.find((row) => row.mailbox_email === at('ray.rad'))?.wave_id).toBe(4);

    // The plan's capacity stays on its waves; Wave 1 is given room for one more by hand.
    const capacities = await web.site.store.db.selectFrom('waves').select(['name', 'capacity']).orderBy('start_date').execute();
    expect(capacities.map((wave) => wave.capacity)).toEqual([3, 3, 3, 3]);
    await web.site.store.db.updateTable('waves').set({ capacity: 4 }).where('name', '=', 'Wave 1').execute();

    await page.getByRole('link', { name: 'Move a person or a department to a wave' }).click();
    await page.getByLabel('Email address of a person or shared mailbox').fill(at('sue.rad'));
    await page.getByLabel('Wave', { exact: true }).selectOption('Wave 1');
    await page.getByRole('button', { name: 'See what it breaks' }).click();
    // Ray, pinned to Wave 4, has full access to Sue's mailbox: moving her splits them.
    expect(await page.getByTestId('assign-breaks').textContent()).toContain('Ray Rad');
    await page.getByRole('button', { name: 'Confirm the move' }).click();
    await page.waitForURL(/\/waves\?done=assigned/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('1 moved to Wave 1');
    expect(problems).toEqual([]);
  });
});

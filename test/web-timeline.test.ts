import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOccurrences } from '../src/approvals/approve-occurrence.js';
import { setActivity } from '../src/approvals/set-activity.js';
import { axeViolations, collectPageProblems, launchBrowser, signedInPage } from './support/browser.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
  await setActivity(site.store, site.organisation, 'completion', { owner: '<script>alert(1)</script> =HYPERLINK("http://x")' }, FIXED_NOW);
  await approveOccurrences(
    site.store,
    site.organisation,
    { activityId: 'wave-reminder', wave: 'Wave 2', by: 'Priya Shah', anyway: true },
    FIXED_NOW,
  );
});
afterAll(async () => {
  await site?.close();
});

const rowsOf = (html: string) =>
  [
    ...(/<table class="[^"]*" data-testid="timeline-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').matchAll(
      /<tr class="nhsuk-table__row">([\s\S]*?)<\/tr>/g,
    ),
  ]
    .map((row) => [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, '').trim()))
    .filter((cells) => cells.length);

/** The week-by-week table's row for the week starting `monday`, its tags and white space squeezed out. */
const weekRow = (html: string, monday: string) => {
  const start = html.indexOf(`id="week-${monday}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start)).replace(/\s+/g, ' ');
};

describe('the timeline page', () => {
  it('lists every occurrence with date, time, phase, activity, audience, channels, owner and state in words, each linked to its activity', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/timeline');
    expect(page.status).toBe(200);
    const rows = rowsOf(page.html);
    const occurrences = (await site.store.db.selectFrom('waves').select('id').execute()).length;
    expect(rows.length).toBeGreaterThan(occurrences);
    const reminder2 = rows.find((cells) => cells[3] === 'Remind each wave in the week it moves (Wave 2)');
    expect(reminder2).toEqual([
      '24 February 2027',
      '09:00',
      '3',
      'Remind each wave in the week it moves (Wave 2)',
      'Users moving in Wave 2',
      'Targeted email',
      'Gareth Lewis',
      'Approved, not sent yet',
    ]);
    expect(rows.find((cells) => cells[3] === 'Remind each wave in the week it moves (Wave 1)')?.[7]).toBe('Waiting for approval');
    expect(rows.find((cells) => cells[3] === 'Posters and banner stands in busy areas')?.[7]).toBe('To do');
    expect(page.html).toContain('<a href="/activities/wave-reminder">Remind each wave in the week it moves</a> (Wave 2)');
  });

  it('shows the programme a week to a row: its waves, bank holidays and closures, and each phase’s occurrences linked to their activity', async () => {
    const viewer = await site.client('viewer');
    const { html } = await viewer.get('/timeline');
    expect(html).toMatch(/<div class="cp-weeks" role="region" aria-label="The programme week by week" tabindex="0"/);
    expect(html).toContain('<th scope="col" class="nhsuk-table__header">Phase 1: Raising awareness</th>');
    const waveWeek = weekRow(html, '2027-02-22');
    expect(waveWeek).toContain('<th scope="row" class="nhsuk-table__header cp-weeks__week">w/c 22 February 2027</th>');
    expect(waveWeek).toContain('<a href="/waves#wave-2">Wave 2</a> moves: Sat 27 Feb to Sun 28 Feb');
    expect(waveWeek).toContain(
      '<a href="/activities/wave-reminder">Wed 24 Feb: Remind each wave in the week it moves (Wave 2)</a> <span class="cp-weeks__state">Approved, not sent yet</span>',
    );
    expect(weekRow(html, '2026-12-21')).toContain('Fri 25 Dec: Christmas Day');
    expect(weekRow(html, '2027-03-29')).toContain('Mon 29 Mar: Easter Monday');
    expect(weekRow(html, '2027-01-25')).toContain('Wed 27 Jan: Trust staff conference');
    // Every week from the first to the last has its row, none skipped.
    const weeks = [...html.matchAll(/id="week-(\d{4}-\d\d-\d\d)"/g)].map((m) => Date.parse(m[1] as string));
    expect(weeks.slice(1).every((week, i) => week - (weeks[i] as number) === 7 * 86_400_000)).toBe(true);
    expect(html).not.toMatch(/style=/);
  });

  it('escapes an owner named like a script or a formula', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/timeline');
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the timeline in a real browser', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signedInPage(browser, site.url, 'viewer', { bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const pageWidth = async () => (await page.evaluate('document.documentElement.scrollWidth')) as number;

  it('fits the whole programme in 1,280 px with links to the activities, scrolls no page sideways at 390 px, prints on A4 landscape and has no axe violation', async () => {
    const problems = collectPageProblems(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/timeline');
    expect(await pageWidth()).toBeLessThanOrEqual(1280);
    const weeks = page.getByTestId('timeline-weeks');
    expect(await weeks.evaluate((region: { scrollWidth: number; clientWidth: number }) => region.scrollWidth <= region.clientWidth)).toBe(
      true,
    );
    expect(await axeViolations(page)).toEqual([]);
    const link = weeks.getByRole('link', { name: 'Wed 24 Feb: Remind each wave in the week it moves (Wave 2)' });
    expect(await link.getAttribute('href')).toBe('/activities/wave-reminder');

    await page.setViewportSize({ width: 390, height: 800 });
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    // The table scrolls inside its region, the week labels staying in view.
    await weeks.evaluate((region: { scrollBy(x: number, y: number): void }) => region.scrollBy(400, 0));
    const label = await page.locator('#week-2027-02-22 th').boundingBox();
    expect(label?.x).toBeLessThan(40);

    // A4 landscape less 10 mm margins: 277 mm, 1,047 CSS pixels.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 1047, height: 740 });
    expect(await pageWidth()).toBeLessThanOrEqual(1047);
    expect(await weeks.evaluate((region: { scrollWidth: number; clientWidth: number }) => region.scrollWidth <= region.clientWidth)).toBe(
      true,
    );
    expect(await page.locator('header.nhsuk-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(problems).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, collectPageProblems, signedInPage, siteAndBrowser } from './support/browser.js';

/**
 * The channel copy page (issue 18): each intranet page as HTML to copy and as a preview, each
 * newsletter article, and the managers' briefing with the staff who have no email address. The
 * demo's staff list has two bank staff with no address; a third is added with a name that must be
 * escaped, and one that a spreadsheet would run as a formula.
 */
const web = siteAndBrowser();
beforeAll(async () => {
  await web.site.store.db
    .insertInto('staff_without_address')
    .values([
      { org_id: web.site.organisation.id, staff_key: 'x1', display_name: '<img src=x onerror=alert(1)> Lee', department: 'Estates' },
      { org_id: web.site.organisation.id, staff_key: 'x2', display_name: '=HYPERLINK("http://x","y")', department: 'Estates' },
    ])
    .execute();
});

describe('the channel copy page', () => {
  it('shows each intranet page as HTML to copy and as a preview, filled in, with every wave', async () => {
    const viewer = await web.site.client('viewer');
    const page = await viewer.get('/copy');
    expect(page.status).toBe(200);
    // The HTML to copy, escaped inside its text box: it starts at <h2>, as it goes into a page of its own.
    expect(page.html).toMatch(/<textarea[^>]*id="intranet-pre-migration-html"[^>]*readonly[^>]*>&lt;h2&gt;Moving to NHSmail: your wave/);
    expect(page.html).toContain('&lt;li&gt;Wave 1: Saturday 20 February 2027 to Sunday 21 February 2027&lt;/li&gt;');
    // The preview, under the page's own headings.
    expect(page.html).toMatch(/data-testid="intranet-pre-migration-preview"><h4>Moving to NHSmail: your wave/);
    expect(page.html).toContain('<li>Wave 4: Saturday 20 March 2027 to Sunday 21 March 2027</li>');
    expect(page.html).toMatch(/id="newsletter-raising-awareness-text"[^>]*>## Our email is moving to NHSmail/);
    expect(page.html).not.toMatch(/\(\(|\[not set/);
  });

  it("shows the managers' briefing with the staff who have no email address by department, names escaped", async () => {
    const page = await (await web.site.client('viewer')).get('/copy');
    const briefing = /data-testid="briefing-preview">([\s\S]*?)<\/div>/.exec(page.html)?.[1] ?? '';
    expect(briefing).toContain('2 members of staff on the staff list have no email address');
    expect(briefing).toContain('<h6>Estates (2)</h6>');
    expect(briefing).toContain('&#60;img src=x onerror=alert(1)&#62; Lee');
    expect(page.html).not.toContain('<img src=x');
  });

  it('downloads the list of staff with no email address as a CSV that cannot run formulas, and the briefing to print', async () => {
    const viewer = await web.site.client('viewer');
    const csv = await viewer.get('/copy/briefing/csv');
    expect(csv.status).toBe(200);
    expect(csv.html.split('\r\n')[0]).toBe('Department,Name');
    expect(csv.html).toContain('Estates,"\'=HYPERLINK(""http://x"",""y"")"\r\n');
    const printable = await viewer.get('/copy/briefing');
    expect(printable.html).toMatch(/^<!doctype html>/);
    expect(printable.html).toContain('<h2>Briefing for managers: our move to NHSmail</h2>');
  });

  it('has no WCAG 2.2 AA problem axe-core can find, and fits 390 px', async () => {
    const page = await signedInPage(web.browser, web.site.url, 'viewer', { bypassCSP: true });
    const problems = collectPageProblems(page);
    await page.goto('/copy');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/copy');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAudienceRule } from '../src/approvals/change-audiences.js';
import { refreshCountsInBackground } from '../src/web/audience-count-refresher.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

const countsStored = async () => (await site.store.db.selectFrom('audience_counts').selectAll().execute()).length;

describe('the audiences page', () => {
  it('counts in the background at first, then shows the stored counts with when they were worked out', async () => {
    const viewer = await site.client('viewer');
    const first = await viewer.get('/audiences');
    expect(first.status).toBe(200);
    expect(first.html).not.toContain('http-equiv="refresh"');
    expect(first.html).toContain('data-progress-url="/progress/audience-counts"');
    expect(first.html).toContain('<a href="/audiences">Refresh to see progress</a>');
    await refreshCountsInBackground({ ...site, now: () => FIXED_NOW });
    expect(await countsStored()).toBe(1);
    const progress = await viewer.get('/progress/audience-counts');
    expect(progress.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(progress.html)).toEqual({ running: false, finishedText: expect.stringContaining('The audiences are counted') });
    const second = await viewer.get('/audiences');
    expect(second.html).not.toContain('data-progress-url');
    expect(second.html).toContain('Counts worked out on');
    expect(second.html).toMatch(/href="\/audiences\/all-staff"/);
  });

  it('shows an audience with no one in it, with its rule and a download', async () => {
    const { html, status } = await (await site.client('viewer')).get('/audiences/all-staff');
    expect(status).toBe(200);
    expect(html).toContain('No one is in this audience');
    expect(html).toContain('Download everyone in all-staff as CSV');
  });

  it('answers an unknown audience with a clear page', async () => {
    const { status, html } = await (await site.client('viewer')).get('/audiences/no-such');
    expect(status).toBe(404);
    expect(html).toContain('There is no audience called');
  });
});

describe('defining a custom audience', () => {
  it('counts a filter before saving it, and saves nothing until asked', async () => {
    const editor = await site.client('editor');
    await editor.get('/audiences/new');
    const before = await site.snapshot();
    const counted = await editor.post('/audiences/new', { name: 'pharmacy', filter: 'department = "Pharmacy"', action: 'count' });
    expect(counted.status).toBe(200);
    expect(counted.html).toMatch(/This filter picks \d+ people now\./);
    expect(await site.snapshot()).toBe(before);

    const saved = await editor.post('/audiences/new', { name: 'pharmacy', filter: 'department = "Pharmacy"', action: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/audiences?saved=pharmacy');
    const stored = await site.store.db.selectFrom('custom_audiences').select(['name', 'filter']).execute();
    expect(stored).toEqual([{ name: 'pharmacy', filter: 'department = "Pharmacy"' }]);
    await refreshCountsInBackground({ ...site, now: () => FIXED_NOW }); // the recount the save started
    expect((await editor.get('/audiences')).html).toContain('href="/audiences/pharmacy"');
  });

  it('shows what is wrong with a filter, keeping what was typed, and saves nothing', async () => {
    const editor = await site.client('editor');
    await editor.get('/audiences/new');
    const before = await site.snapshot();
    const refused = await editor.post('/audiences/new', { name: 'broken', filter: 'department = <b>', action: 'save' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('There is a problem');
    expect(refused.html).toContain('department = &lt;b&gt;');
    const noName = await editor.post('/audiences/new', { name: ' ', filter: 'mobile', action: 'save' });
    expect(noName.status).toBe(400);
    expect(noName.html).toMatch(/<a href="#name">\s*Enter a name for the audience, such as pharmacy-mobile\s*<\/a>/);
    expect(noName.html).toContain('>mobile</textarea>');
    const noRule = await editor.post('/audiences/new', { name: 'pharmacy', filter: '', action: 'count' });
    expect(noRule.html).toMatch(/<a href="#filter">\s*Enter who is in the audience/);
    expect(noRule.html).toContain('value="pharmacy"');
    expect(await site.snapshot()).toBe(before);
  });

  it('marks the stored counts out of date when an audience is added elsewhere (the CLI), and counts again', async () => {
    await saveAudienceRule(
      site.store,
      site.organisation,
      { name: 'estates', filter: 'department = "Estates"' },
      { actor: 'cli' },
      FIXED_NOW,
    );
    const viewer = await site.client('viewer');
    const page = await viewer.get('/audiences');
    expect(page.html).toContain('being counted again');
    await refreshCountsInBackground({ ...site, now: () => FIXED_NOW });
    const after = await viewer.get('/audiences');
    expect(after.html).not.toContain('being counted again');
    expect(after.html).toContain('href="/audiences/estates"');
  });

  it('refuses the name "new", whose address is the form', async () => {
    const editor = await site.client('editor');
    await editor.get('/audiences/new');
    const refused = await editor.post('/audiences/new', { name: 'New', filter: 'mobile', action: 'save' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(
      '&quot;new&quot; cannot name an audience: its web page would be the form that defines one. Choose another name.',
    );
  });

  it('refuses a viewer the editor', async () => {
    expect((await (await site.client('viewer')).get('/audiences/new')).status).toBe(403);
  });
});

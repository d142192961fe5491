import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(first.html).toContain('http-equiv="refresh"');
    await refreshCountsInBackground({ ...site, now: () => FIXED_NOW });
    expect(await countsStored()).toBe(1);
    const second = await viewer.get('/audiences');
    expect(second.html).not.toContain('http-equiv="refresh"');
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
    expect(status).toBe(400);
    expect(html).toContain('There is no audience called');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWaves } from '../src/waves/waves.store.js';
import { refreshCountsInBackground } from '../src/web/audience-count-refresher.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { importStaff } from './support/web-plan-fixtures.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
  const wave1 = Array.from({ length: 55 }, (_, i) => ({
    number: String(20400000 + i),
    first: `Person${String(i).padStart(2, '0')}`,
    last: 'Wave-One',
    email: `person${String(i).padStart(2, '0')}@northmoor-valley.example`,
    wave: 'Wave 1',
  }));
  await importStaff(site, [
    ...wave1,
    {
      number: '20499999',
      first: '<script>alert(1)</script>',
      last: '=HYPERLINK("http://x")',
      email: 'odd.name@northmoor-valley.example',
      wave: 'Wave 2',
    },
  ]);
  await refreshCountsInBackground({ ...site, now: () => FIXED_NOW });
});
afterAll(async () => {
  await site?.close();
});

const wavesNow = () => listWaves(site.store.db, site.organisation.id);

describe('the waves pages', () => {
  it('lists each wave with its dates and how many people move in it', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/waves');
    expect(page.status).toBe(200);
    // Only a staff list is imported: a wave's size counts mailboxes to move, so none yet, and the page says why.
    expect(page.html).toMatch(
      /Wave 1<\/td>\s*<td[^>]*>Saturday 20 February 2027 to Sunday 21 February 2027<\/td>\s*<td[^>]*><a href="\/waves\/1\/people">0</,
    );
    expect(page.html).toContain('data-testid="no-mailbox-list"');
    expect(page.html).toContain('No mailbox list has been imported yet');
    expect(page.html).not.toContain('Add a wave');
    expect(page.html).not.toContain('being counted');
  });

  it('pages through a roster, escaping every value', async () => {
    const viewer = await site.client('viewer');
    const first = await viewer.get('/waves/1/people');
    expect(first.html.match(/@northmoor-valley\.example<\/td>/g)).toHaveLength(50);
    const next = /href="(\/waves\/1\/people\?after=[^"]+)"/.exec(first.html)?.[1];
    expect(next).toBeDefined();
    const second = await viewer.get((next as string).replaceAll('&amp;', '&'));
    expect(second.html.match(/@northmoor-valley\.example<\/td>/g)).toHaveLength(5);
    // In address order: the second page holds the last five.
    expect(second.html).toContain('person54@northmoor-valley.example');
    expect(second.html).not.toContain('person00@northmoor-valley.example');
    const odd = await viewer.get('/waves/2/people');
    expect(odd.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; =HYPERLINK(&quot;http://x&quot;)');
  });

  it('shows what a move re-dates before anything changes, then moves the wave on confirming', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/1/move');
    const before = await site.snapshot();
    const preview = await editor.post('/waves/1/move/preview', { 'start-day': '3', 'start-month': '4', 'start-year': '2027' });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('Wave 1 would move to Saturday 3 April 2027 to Sunday 4 April 2027.');
    expect(preview.html).toMatch(
      /Remind each wave in the week it moves<\/a> \(Wave 1\)<\/td>\s*<td[^>]*>Wednesday 17 February 2027<\/td>\s*<td[^>]*>Wednesday 31 March 2027</,
    );
    expect(await site.snapshot()).toBe(before);
    const moved = await editor.post('/waves/1/move', { start: '2027-04-03', end: '2027-04-04' });
    expect(moved.status).toBe(303);
    expect((await wavesNow()).find((w) => w.id === 1)).toMatchObject({ start: '2027-04-03', end: '2027-04-04' });
  });

  it('refuses a move onto another wave, naming it, with nothing changed', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/2/move');
    const preview = await editor.post('/waves/2/move/preview', { 'start-day': '20', 'start-month': '3', 'start-year': '2027' });
    expect(preview.status).toBe(400);
    expect(preview.html).toContain('nhsuk-error-summary');
    expect(preview.html).not.toContain('Confirm the move');
    await editor.get('/waves');
    const before = await site.snapshot();
    const refused = await editor.post('/waves/2/move', { start: '2027-03-20', end: '' });
    expect(refused.status).toBe(400);
    expect(await site.snapshot()).toBe(before);
  });

  it('adds a wave for an editor, refuses a bad date with nothing changed, and refuses a viewer', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves');
    const before = await site.snapshot();
    const bad = await editor.post('/waves', {
      'start-day': '30',
      'start-month': '2',
      'start-year': '2027',
      'end-month': '3',
      name: 'Late wave',
      capacity: 'lots',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('<title>Error: Waves');
    // Each field says what is wrong with it, in words, and keeps what was typed; the summary links to each.
    expect(bad.html).toMatch(/<a href="#start-day">\s*30 February 2027 is not a real date: check the day and the month\s*<\/a>/);
    expect(bad.html).toMatch(/<a href="#end-day">\s*Last day must include a day and a year\s*<\/a>/);
    expect(bad.html).toMatch(/<a href="#capacity">\s*Mailboxes it can move must be a whole number, such as 250\s*<\/a>/);
    expect(bad.html).toMatch(/id="start-day"[^>]*value="30"/);
    expect(bad.html).toContain('value="Late wave"');
    expect(bad.html).toContain('value="lots"');
    expect(bad.html).not.toMatch(/is not a date|YYYY-MM-DD/);
    const missing = await editor.post('/waves', {});
    expect(missing.html).toMatch(/<a href="#start-day">\s*Enter the first day of the wave\s*<\/a>/);
    expect(await site.snapshot()).toBe(before);
    const added = await editor.post('/waves', {
      'start-day': '1',
      'start-month': '5',
      'start-year': '2027',
      name: 'Late wave',
      capacity: '120',
    });
    expect(added.status).toBe(303);
    expect((await wavesNow()).find((w) => w.name === 'Late wave')).toMatchObject({ start: '2027-05-01', end: '2027-05-02', capacity: 120 });
    const viewer = await site.client('viewer');
    await viewer.get('/waves');
    const now = await site.snapshot();
    expect((await viewer.post('/waves', { start: '2027-06-05' })).status).toBe(403);
    expect((await viewer.post('/waves/1/move', { start: '2027-06-05' })).status).toBe(403);
    expect(await site.snapshot()).toBe(now);
  });
});

describe('the waves page after the data changes', () => {
  it('shows the stored counts, never counting on a request: a change starts a recount and the page says so', async () => {
    await importStaff(site, [
      { number: '20411111', first: 'Late', last: 'Joiner', email: 'late@northmoor-valley.example', wave: 'Wave 2' },
    ]);
    const viewer = await site.client('viewer');
    const stale = await viewer.get('/waves');
    expect(stale.html).toContain('being counted again');
    expect(stale.html).not.toContain('http-equiv="refresh"');
    expect(stale.html).toContain('data-progress-url="/progress/wave-counts"');
    // The recount the page started runs in the server; the page's script reads its progress until it is done.
    const running = JSON.parse((await viewer.get('/progress/wave-counts')).html);
    let progress = running;
    for (let tries = 0; tries < 100 && progress.running; tries++) {
      await new Promise((done) => setTimeout(done, 100));
      progress = JSON.parse((await viewer.get('/progress/wave-counts')).html);
    }
    expect(progress).toEqual({ running: false, finishedText: expect.stringContaining('The waves are counted') });
    const fresh = await viewer.get('/waves');
    expect(fresh.html).not.toContain('being counted');
    expect(fresh.html).toMatch(/Wave 2<\/td>[\s\S]*?<a href="\/waves\/2\/people">0</);
    expect((await viewer.get('/waves/2/people')).html).toContain('late@northmoor-valley.example');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOccurrences } from '../src/delivery/approve-occurrence.js';
import { setActivity } from '../src/plan/set-activity.js';
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
    ...(/<table class="nhsuk-table" data-testid="timeline-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').matchAll(
      /<tr class="nhsuk-table__row">([\s\S]*?)<\/tr>/g,
    ),
  ]
    .map((row) => [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, '').trim()))
    .filter((cells) => cells.length);

describe('the timeline page', () => {
  it('lists every occurrence with date, time, phase, activity, audience, channels, owner and state, each linked to its activity', async () => {
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
      'approved',
    ]);
    expect(rows.find((cells) => cells[3] === 'Remind each wave in the week it moves (Wave 1)')?.[7]).toBe('planned');
    expect(page.html).toContain('<a href="/activities/wave-reminder">Remind each wave in the week it moves</a> (Wave 2)');
  });

  it('puts phases, waves and occurrences on a week axis, each occurrence a link to its activity', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/timeline');
    const axis = /data-testid="timeline-axis">([\s\S]*?)<h2/.exec(page.html)?.[1] ?? '';
    expect(axis).toContain('Phase 1: ');
    expect(axis).toMatch(/cp-axis__item--wave cp-axis__item--week-\d+ cp-axis__item--span-1"><a href="\/waves#wave-1">Wave 1<\/a>/);
    expect(axis).toMatch(
      /<a href="\/activities\/wave-reminder">24 February: Remind each wave in the week it moves \(Wave 2\)<\/a> <span class="nhsuk-body-s">approved/,
    );
    expect(axis).not.toMatch(/style=/);
  });

  it('escapes an owner named like a script or a formula', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/timeline');
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

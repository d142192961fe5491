import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setWaveCapacity } from '../src/waves/manage-waves.js';
import { waveOverview } from '../src/waves/wave-overview.js';
import { insertWave } from '../src/waves/waves.store.js';
import { cliIn, FIXED_NOW } from './support/cli-harness.js';
import { at } from './support/people-fixtures.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { importWavePeople, WAVE_MAILBOXES } from './support/web-wave-fixtures.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
  await importWavePeople(site);
});
afterAll(async () => {
  await site?.close();
});

const unescapeHtml = (text: string) =>
  text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The hidden fields of the page's form that posts to `action`, as the browser would send them. */
function hiddenFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form method="post" action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const [, name = '', value = ''] of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    if (name !== '_csrf') fields[name] = unescapeHtml(value);
  return fields;
}

/** `commsplan waves show --json` against the site's workspace, as someone at the command line would check it. */
async function wavesShown(): Promise<{ name: string; people: number; sharedMailboxes: number; brokenLinks: number }[]> {
  const result = await cliIn(site.dir)({}, '--db', join(site.dir, 'commsplan.db'), 'waves', 'show', '--json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

async function assignedWaves(): Promise<Record<string, string>> {
  const rows = await site.store.db
    .selectFrom('wave_assignments as a')
    .innerJoin('waves as w', 'w.id', 'a.wave_id')
    .select(['a.mailbox_email as email', 'w.name as wave'])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.email, row.wave]));
}

/**
 * Every table, once the people table is rebuilt after the last import: any read of the waves
 * (a preview among them) rebuilds it, so only then does a snapshot show a plan's own changes.
 */
async function snapshotAfterImports(): Promise<string> {
  await waveOverview(site.store, site.organisation, FIXED_NOW);
  return site.snapshot();
}

const auditLines = (action: string) => site.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('who may plan and move people', () => {
  it('shows a viewer the waves and their files, and refuses them planning and moving with nothing changed', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/waves');
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/waves/1/roster.csv"');
    expect(page.html).not.toContain('href="/waves/plan"');
    const before = await site.snapshot();
    expect((await viewer.get('/waves/plan')).status).toBe(403);
    expect((await viewer.get(`/waves/assign?email=${at('pat.assist')}&wave=Wave+4`)).status).toBe(403);
    expect((await viewer.post('/waves/plan', { capacity: '3' })).status).toBe(403);
    expect((await viewer.post('/waves/plan/accept', { capacity: '3', fingerprint: 'x' })).status).toBe(403);
    expect((await viewer.post('/waves/assign', { email: at('pat.assist'), wave: 'Wave 4' })).status).toBe(403);
    expect(await site.snapshot()).toBe(before);
  });
});

describe('moving a person or a department', () => {
  it('shows the links a move would break before it happens, then moves them on confirming, audited as the editor', async () => {
    const editor = await site.client('editor');
    const before = await site.snapshot();
    const preview = await editor.get(`/waves/assign?email=${encodeURIComponent(at('sue.rad'))}&wave=Wave+4`);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('1 mailbox would move to Wave 4');
    expect(preview.html).toContain('data-testid="assign-breaks-none"');
    expect(await site.snapshot()).toBe(before);
    expect((await editor.post('/waves/assign', hiddenFields(preview.html, '/waves/assign'))).status).toBe(303);

    // Ray has full access to Sue's mailbox: moving him elsewhere would split them.
    const split = await editor.get(`/waves/assign?email=${encodeURIComponent(at('ray.rad'))}&wave=Wave+3`);
    expect(split.html).toMatch(/data-testid="assign-breaks"[\s\S]*Ray Rad[\s\S]*Wave 3[\s\S]*full access[\s\S]*Sue Rad[\s\S]*Wave 4/);
    const mend = await editor.get(`/waves/assign?email=${encodeURIComponent(at('ray.rad'))}&wave=Wave+4`);
    expect(mend.html).toContain('data-testid="assign-breaks-none"');
    const moved = await editor.post('/waves/assign', hiddenFields(mend.html, '/waves/assign'));
    expect(moved.status).toBe(303);
    expect(moved.location).toBe('/waves?done=assigned&wave=Wave+4&count=1');
    expect(await assignedWaves()).toMatchObject({ [at('sue.rad')]: 'Wave 4', [at('ray.rad')]: 'Wave 4' });
    const lines = await auditLines('wave-assigned');
    expect(lines.map((line) => line.actor)).toEqual(['editor@test.example', 'editor@test.example']);
    expect(lines[1]?.detail).toContain(at('ray.rad'));
  });

  it('moves a whole department, and shows how full the wave would be', async () => {
    const editor = await site.client('editor');
    const preview = await editor.get('/waves/assign?department=Radiology&wave=Wave+3');
    expect(preview.html).toContain('2 mailboxes would move to Wave 3');
    expect(preview.html).toMatch(/It would hold 2/);
  });

  it.each([
    ['nobody@northmoor-valley.example', '', 'Wave 4', 'email', 'is not a user or shared mailbox'],
    ['', 'Catering', 'Wave 4', 'department', 'in a department called &quot;Catering&quot;'],
    [at('pat.assist'), '', 'Wave 9', 'wave', 'There is no wave called &quot;Wave 9&quot;'],
    [at('pat.assist'), 'Finance', 'Wave 4', 'email', 'not both'],
    [at('pat.assist'), '', '', 'wave', 'Choose the wave'],
  ])('refuses %s%s into "%s", naming the %s field, with nothing changed', async (email, department, wave, field, words) => {
    const editor = await site.client('editor');
    await editor.get('/waves/assign');
    const before = await site.snapshot();
    const preview = await editor.get(`/waves/assign?${new URLSearchParams({ email, department, wave })}`);
    expect(preview.status).toBe(400);
    expect(preview.html).toContain(`href="#${field}"`);
    expect(preview.html).toContain(words);
    expect(preview.html).not.toContain('Confirm the move');
    const refused = await editor.post('/waves/assign', { email, department, wave });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(`href="#${field}"`);
    expect(await site.snapshot()).toBe(before);
  });
});

describe('moves the wave cannot take', () => {
  it('refuses a move into a wave that has started or is full, naming the wave field, with nothing changed', async () => {
    await insertWave(site.store.db, site.organisation.id, { name: 'Pilot', start: '2026-11-21', end: '2026-11-22' });
    await setWaveCapacity(site.store, site.organisation, 'Wave 3', '1', undefined, { actor: 'test', now: FIXED_NOW });
    try {
      const editor = await site.client('editor');
      await editor.get('/waves/assign');
      const before = await snapshotAfterImports();
      for (const [query, words] of [
        [`email=${encodeURIComponent(at('pat.assist'))}&wave=Pilot`, 'Pilot started on Saturday 21 November 2026'],
        ['department=Finance&wave=Wave+3', 'Wave 3 can move 1; with 3 more mailboxes it would hold 3'],
      ] as const) {
        const refused = await editor.get(`/waves/assign?${query}`);
        expect(refused.status).toBe(400);
        expect(refused.html).toContain('href="#wave"');
        expect(refused.html).toContain(words);
        expect((await editor.post('/waves/assign', Object.fromEntries(new URLSearchParams(query)))).status).toBe(400);
      }
      expect(await site.snapshot()).toBe(before);
    } finally {
      await setWaveCapacity(site.store, site.organisation, 'Wave 3', 'none', undefined, { actor: 'test', now: FIXED_NOW });
      await site.store.db.deleteFrom('waves').where('name', '=', 'Pilot').execute();
    }
  });
});

describe('the waves page and its files', () => {
  it('shows per wave the people and shared mailboxes to move, those moved, GB and broken links, with the roster and broken links as CSV', async () => {
    const viewer = await site.client('viewer');
    let page = await viewer.get('/waves');
    for (let tries = 0; tries < 100 && !page.html.includes('GB to move'); tries++) {
      await new Promise((done) => setTimeout(done, 100));
      page = await viewer.get('/waves');
    }
    // People to move (linking to them), shared mailboxes to move, already moved.
    expect(page.html).toMatch(
      /Wave 4<\/td>[\s\S]*?>2<span class="nhsuk-u-visually-hidden"> people to move in Wave 4<\/span><\/a><\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>/,
    );
    const roster = await viewer.get('/waves/4/roster.csv');
    expect(roster.headers.get('content-type')).toContain('text/csv');
    expect(roster.html).toBe(`EmailAddress\r\n${at('ray.rad')}\r\n${at('sue.rad')}\r\n`);
    const wiz = await viewer.get('/waves/4/roster.csv?format=migrationwiz');
    expect(wiz.html.split('\r\n')[0]).toBe(
      'Source Email,Source Login Name,Source Password,Destination Email,Destination Login Name,Destination Password,Flags',
    );
    const links = await viewer.get('/waves/broken-links.csv');
    expect(links.html.split('\r\n')[0]).toBe('Person,Name,Their wave,Right,Mailbox,Mailbox name,Mailbox wave,Weight');
  });
});

describe('planning the waves', () => {
  it('refuses an accept when the plan has changed since it was shown, showing the new plan, with nothing changed', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/plan');
    const shown = await editor.post('/waves/plan', { capacity: '3' });
    expect(shown.status).toBe(200);
    const sent = hiddenFields(shown.html, '/waves/plan/accept');
    expect(sent.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // Someone imports a new mailbox list in between: one more mailbox to place.
    await importWavePeople(site, [[at('new.starter'), 'New Starter', 'UserMailbox', 'False']]);
    const before = await snapshotAfterImports();
    const refused = await editor.post('/waves/plan/accept', sent);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('The plan has changed since it was shown');
    expect(refused.html).toContain('href="#accept"');
    expect(refused.html).toMatch(/<button[^>]*id="accept"/);
    expect(hiddenFields(refused.html, '/waves/plan/accept').fingerprint).not.toBe(sent.fingerprint);
    expect(await site.snapshot()).toBe(before);
    await importWavePeople(site);
  });

  it('refuses options it cannot plan with, naming the field, with nothing changed', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/plan');
    const before = await site.snapshot();
    const zero = await editor.post('/waves/plan', { capacity: '0' });
    expect(zero.status).toBe(400);
    expect(zero.html).toContain('href="#capacity"');
    expect(zero.html).toContain('value="0"');
    const to = await editor.post('/waves/plan', { from: '2027-04-01', to: '2027-03-01' });
    expect(to.status).toBe(400);
    expect(to.html).toContain('href="#to"');
    expect(await site.snapshot()).toBe(before);
  });

  it('shows the plan before saving it, with its waves and the links it breaks, and saves it on accepting', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/plan');
    const before = await snapshotAfterImports();
    const pins = `EmailAddress,Wave\r\n${at('cara.chief')},Wave 2\r\n`;
    const shown = await editor.upload(
      `/waves/plan?_csrf=${encodeURIComponent(editor.lastCsrfToken)}`,
      { name: 'pins.csv', content: pins, field: 'pins' },
      {
        capacity: '3',
        keepDepartments: 'yes',
      },
    );
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('The plan, not saved yet');
    expect(shown.html).toMatch(/data-testid="planned-waves"[\s\S]*Wave 1[\s\S]*Wave 4/);
    // Four in the Finance group, three a wave: one link to the team mailbox breaks.
    expect(shown.html).toMatch(/data-testid="planned-broken-links"[\s\S]*full access[\s\S]*Finance Team/);
    expect(shown.html).toContain('Accept this plan');
    expect(await site.snapshot()).toBe(before);

    const sent = hiddenFields(shown.html, '/waves/plan/accept');
    expect(sent).toMatchObject({ capacity: '3', keepDepartments: 'yes', pinsFile: 'pins.csv' });
    const csv = await editor.post('/waves/plan/broken-links.csv', sent);
    expect(csv.html.split('\r\n')).toHaveLength(3);

    const accepted = await editor.post('/waves/plan/accept', sent);
    expect(accepted.status).toBe(303);
    expect(accepted.location).toMatch(/^\/waves\?done=planned/);
    const assigned = await assignedWaves();
    expect(Object.keys(assigned)).toHaveLength(WAVE_MAILBOXES.length - 1);
    expect(assigned[at('cara.chief')]).toBe('Wave 2');
    const shownNow = await wavesShown();
    expect(shownNow.every((wave) => wave.people + wave.sharedMailboxes <= 3)).toBe(true);
    expect(shownNow.reduce((sum, wave) => sum + wave.brokenLinks, 0)).toBe(2); // each broken link counts in both its waves
    const [line] = await auditLines('waves-planned');
    expect(line).toMatchObject({ actor: 'editor@test.example' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { loadWorkspace } from '../src/plan/workspace.js';
import { listWaves } from '../src/waves/waves.store.js';
import { cliIn } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { importStaff } from './support/web-plan-fixtures.js';

/**
 * Moving a wave after its people were sent its dates (issue 20, items 5 and 6): the move form takes
 * the NHS date input and previews only when asked; the preview and the result name the emails
 * already sent with the old dates, on the web and from the CLI.
 */
let site: TestSite;
let cli: ReturnType<typeof cliIn>;
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
const section = (html: string, id: string) => text(new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</div>`).exec(html)?.[1] ?? '');
const errorSummary = (html: string) => text(/class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '');
const wave1Start = async () => (await listWaves(site.store.db, site.organisation.id)).find((w) => w.name === 'Wave 1')?.start;
const auditCount = async () => (await listAuditEntries(site.store.db, site.organisation.id)).length;

beforeAll(async () => {
  site = await startTestSite();
  await importStaff(site, [
    { number: '20412345', first: 'Sam', last: 'Jones', email: 'sam.jones@northmoor-valley.example', wave: 'Wave 1' },
    { number: '20498765', first: 'Ali', last: 'Khan', email: 'ali.khan@northmoor-valley.example', wave: 'Wave 1' },
  ]);
  cli = cliIn(site.dir);
  const ok = async (...args: string[]) => {
    const result = await cli({}, ...args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  };
  await ok('sender', 'add', 'local', '--folder', 'mail', '--from', 'nhsmail.project@nhs.net');
  await ok('settings', 'set', 'data-max-age-days', '365');
  await ok('approve', 'wave-notice', '--wave', 'Wave 1', '--by', 'Priya Shah', '--anyway');
  // The wave notice goes the day it is due: Wave 1's people are told its dates.
  const { timeline } = await loadWorkspace(site.store.db, site.store.location, site.organisation.id);
  const day = timeline.find((o) => o.activityId === 'wave-notice' && o.wave?.name === 'Wave 1')?.date;
  await ok('send', '--due', '--now', `${day}T09:30:00Z`);
}, 60_000);
afterAll(async () => {
  await site?.close();
});

describe('the wave move form', () => {
  it('shows the NHS date input on a plain GET and works nothing out, so nothing is written or rolled back', async () => {
    const editor = await site.client('editor');
    const form = await editor.get('/waves/1/move?start=2027-04-17');
    expect(form.status).toBe(200);
    expect(form.html).toContain('id="start-day"');
    expect(form.html).toContain('name="start-year"');
    expect(form.html).not.toContain('What re-dates');
    expect(form.html).not.toContain('Confirm the move');
  });

  it('says in plain words what is wrong with the date, at its field, with the error summary', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/1/move');
    const before = await site.snapshot();
    const cases: [Record<string, string>, string, string][] = [
      [{}, 'Enter the new first day of the wave', '#start-day'],
      [{ 'start-day': '30', 'start-month': '2', 'start-year': '2027' }, '30 February 2027 is not a real date', '#start-day'],
      [{ 'start-day': '6', 'start-month': '13', 'start-year': '2027' }, 'must have a month from 1 to 12', '#start-month'],
      [{ 'start-day': '1', 'start-month': '11', 'start-year': '2026' }, '1 November 2026 has passed', '#start-day'],
      [
        { 'start-day': '17', 'start-month': '4', 'start-year': '2027', 'end-year': '2027' },
        'The new last day must include a day and a month',
        '#end-day',
      ],
    ];
    for (const [fields, message, href] of cases) {
      const page = await editor.post('/waves/1/move/preview', fields);
      expect(page.status, message).toBe(400);
      expect(errorSummary(page.html), message).toContain(message);
      expect(page.html, message).toContain(`href="${href}"`);
      expect(page.html, message).toMatch(/class="nhsuk-error-message"/);
      expect(page.html, message).not.toContain('Confirm the move');
    }
    // What was typed stays in the fields.
    const kept = await editor.post('/waves/1/move/preview', { 'start-day': '30', 'start-month': '2', 'start-year': '2027' });
    expect(kept.html).toMatch(/id="start-day" name="start-day" type="text" value="30"|id="start-day"[^>]*value="30"/);
    expect(await site.snapshot()).toBe(before);
  });
});

describe('moving a wave whose people were already sent its dates', () => {
  it('names in the preview the email sent with the old dates, to how many and when, changing nothing', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/1/move');
    const before = await site.snapshot();
    const preview = await editor.post('/waves/1/move/preview', { 'start-day': '17', 'start-month': '4', 'start-year': '2027' });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('Confirm the move');
    const told = section(preview.html, 'told-old-dates');
    expect(told).toMatch(
      /Tell each wave its dates and clean-up deadline \(Wave 1\), sent to 2 people at \d+(:\d\d)?(am|pm) on \d+ (January|February) 2027/,
    );
    expect(told).toContain('Those people were told the old dates');
    expect(await site.snapshot()).toBe(before);
    expect(await wave1Start()).toBe('2027-02-20');
  });

  it('says so from the CLI in a dry run, changing nothing', async () => {
    const dry = await cli({}, 'waves', 'move', 'Wave 1', '--start', '2027-05-01', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /Emails already sent with Wave 1's old dates \(Saturday 20 February 2027 to Sunday 21 February 2027\)[^\n]*telling again:\n {2}- Tell each wave its dates and clean-up deadline \(wave-notice for Wave 1\): sent to 2 people on \w+ \d+ (January|February) 2027/,
    );
    expect(await wave1Start()).toBe('2027-02-20');
  });

  it('names it on the waves page after the move, and a refresh of that page moves nothing again', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/1/move');
    const moved = await editor.post('/waves/1/move', { start: '2027-04-17', end: '' });
    expect(moved.status).toBe(303);
    expect(moved.location).toContain('told=wave-notice%401');
    expect(await wave1Start()).toBe('2027-04-17');
    const entries = await auditCount();
    const landed = await editor.get(moved.location ?? '');
    const told = section(landed.html, 'told-old-dates');
    expect(told).toContain("sent before the move with Wave 1's old dates (Saturday 20 February 2027 to Sunday 21 February 2027)");
    expect(told).toMatch(/Tell each wave its dates and clean-up deadline \(Wave 1\), sent to 2 people at/);
    expect(told).toContain('need telling the new ones again');
    await editor.get(moved.location ?? '');
    expect(await auditCount()).toBe(entries);
    expect(await wave1Start()).toBe('2027-04-17');
  });

  it('says so from the CLI after a move', async () => {
    const moved = await cli({}, 'waves', 'move', 'Wave 1', '--start', '2027-05-08');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(
      /Emails already sent with Wave 1's old dates \(Saturday 17 April 2027 to Sunday 18 April 2027\): the people they went to were told the old dates and need telling again:\n {2}- Tell each wave its dates and clean-up deadline \(wave-notice for Wave 1\): sent to 2 people/,
    );
    expect(await wave1Start()).toBe('2027-05-08');
  });

  it('says nothing was told when no email with the dates has gone', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves/2/move');
    const preview = await editor.post('/waves/2/move/preview', { 'start-day': '5', 'start-month': '6', 'start-year': '2027' });
    expect(preview.status).toBe(200);
    expect(preview.html).not.toContain('data-testid="told-old-dates"');
    expect(text(preview.html)).toContain('nobody has been told dates that the move would change');
  });

  it('names the messages still queued with the old dates too, and how to stop them', async () => {
    // One of the two messages made before a move and not sent yet: it still says the old dates.
    await site.store.db
      .updateTable('outbox')
      .set({ state: 'queued', sent_at: null })
      .where('occurrence_key', '=', 'wave-notice@1')
      .where('recipient', '=', 'ali.khan@northmoor-valley.example')
      .execute();
    const dryRun = await cli({}, 'waves', 'move', 'Wave 1', '--start', '2027-05-15', '--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain(
      '(wave-notice for Wave 1): sent to 1 person on Monday 8 February 2027; queued to 1 person more with the old dates (to stop them: commsplan occurrence pause wave-notice --wave "Wave 1")',
    );
    const editor = await site.client('editor');
    await editor.get('/waves/1/move');
    const preview = await editor.post('/waves/1/move/preview', { 'start-day': '15', 'start-month': '5', 'start-year': '2027' });
    expect(section(preview.html, 'told-old-dates')).toMatch(
      /\(Wave 1\), sent to 1 person at [^;]+; queued to 1 person more, whose messages still show the old dates \(pause it on its page to stop them\)/,
    );
  });
});

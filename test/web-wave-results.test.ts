import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, signedInPage } from './support/browser.js';
import { FIXED_NOW, runCliCapturing } from './support/cli-harness.js';
import { sqlOnFile } from './support/sqlite-file.js';
import { emailOf, startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

/**
 * The results side of a wave in the browser: the results of Wave 1 come in through the imports
 * page, the page shows each person's result and the email that followed, failed moves are
 * carried over after a preview that is what the carry-over then does (on the page and on the
 * command line alike), and the remainder is accepted with a reason, in the audit log.
 */

const DOMAIN = 'northmoor-valley.example';
const at = (local: string) => `${local}@${DOMAIN}`;
// Wave 1: Ann moves, Bob's move has not finished, Cat's and Dan's fail. Eve, in Wave 3, has full access to Cat's mailbox.
const PEOPLE: readonly [local: string, wave: string][] = [
  ['ann.moved', 'Wave 1'],
  ['bob.syncing', 'Wave 1'],
  ['cat.failed', 'Wave 1'],
  ['dan.failed', 'Wave 1'],
  ['eve.colleague', 'Wave 3'],
];

let clock = FIXED_NOW;
let site: TestSite;
let browser: Browser;
let editor: WebClient;
let wave1: number;
const db = () => join(site.dir, 'commsplan.db');
const cli = async (...args: string[]) => {
  const result = await runCliCapturing(['--db', db(), ...args], { cwd: site.dir, now: () => clock });
  expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
};
const csv = (rows: readonly string[][]) => `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;

/** Uploads a file on the imports page, waits for the check, imports it and waits until it is in. */
async function importOnPage(client: WebClient, name: string, content: string): Promise<string> {
  await client.get('/imports');
  const uploaded = await client.upload('/imports', { name, content });
  expect(uploaded.status, uploaded.html).toBe(303);
  const job = uploaded.location ?? '';
  const until = async (done: (html: string) => boolean) => {
    for (let tries = 0; tries < 200; tries++) {
      const page = await client.get(job);
      if (done(page.html)) return page.html;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${name} never got there`);
  };
  await until((html) => html.includes('data-testid="check-summary"'));
  expect((await client.post(`${job}/import`, { rows: 'all' })).status).toBe(303);
  return until((html) => html.includes('Imported '));
}

beforeAll(async () => {
  [site, browser] = await Promise.all([startTestSite({ clock: () => clock }), launchBrowser()]);
  const files = {
    'mailboxes.csv': csv([
      ['PrimarySmtpAddress', 'DisplayName', 'RecipientTypeDetails'],
      ...PEOPLE.map(([local]) => [at(local), local, 'UserMailbox']),
    ]),
    'staff.csv': csv([['Email', 'First Name', 'Last Name', 'Wave'], ...PEOPLE.map(([local, wave]) => [at(local), local, 'Tester', wave])]),
    'rights.csv': csv([
      ['Mailbox', 'User', 'AccessRights'],
      [at('cat.failed'), at('eve.colleague'), 'FullAccess'],
    ]),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(site.dir, name), content);
  await cli('import', 'mailboxes', 'mailboxes.csv');
  await cli('import', 'people', 'staff.csv');
  await cli('import', 'permissions', 'rights.csv');
  await cli('sender', 'add', 'local', '--folder', 'mail', '--from', 'nhsmail.project@nhs.net');
  await cli('settings', 'set', 'data-max-age-days', '365');
  for (const activity of ['welcome', 'failed-migration']) await cli('approve', activity, '--by', 'Priya Shah', '--anyway');
  wave1 = sqlOnFile<{ id: number }>(db(), "SELECT id FROM waves WHERE name = 'Wave 1'")[0]?.id as number;
  // The Monday after Wave 1: its results come in through the imports page.
  clock = new Date('2027-02-22T09:30:00Z');
  editor = await site.client('editor');
  const imported = await importOnPage(
    editor,
    'MigrationUsers.csv',
    csv([
      ['EmailAddress', 'Status', 'StatusSummary'],
      [at('ann.moved'), 'Completed', 'Completed'],
      [at('bob.syncing'), 'Syncing', 'Active'],
      [at('cat.failed'), 'Failed', 'Failed'],
      [at('dan.failed'), 'Failed', 'Failed'],
    ]),
  );
  expect(imported).toContain('1 moved, who get the welcome email; 2 failed');
  clock = new Date('2027-02-22T09:35:00Z');
  await cli('send', '--due', '--now', clock.toISOString());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const cellsOf = (html: string, person: string) => {
  const row = new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${person.replace('.', '\\.')}(?:(?!</tr>)[\\s\\S])*</tr>`).exec(html)?.[0] ?? '';
  return row
    .replace(/<span class="nhsuk-table__heading"[^>]*>[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
};

describe('the results of a wave', () => {
  it("shows each person's result and the email that followed, linked to the message itself", async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get(`/waves/${wave1}/results`);
    expect(page.status).toBe(200);
    expect(cellsOf(page.html, 'ann.moved')).toMatch(/Moved Completed Welcome[^:]*: sent at 9:35am on \d+ February 2027 ann\.moved@/);
    expect(cellsOf(page.html, 'bob.syncing')).toContain('Move not finished Syncing');
    expect(cellsOf(page.html, 'cat.failed')).toContain('Move failed Failed');
    // The welcome went from a folder sender: the page links to the message on the mail pages, which opens.
    const href = /href="(\/mail\/local\/[^"]+)"/.exec(page.html)?.[1] ?? '';
    expect(href).not.toBe('');
    const message = await viewer.get(href);
    expect([message.status, message.html.includes(at('ann.moved'))]).toEqual([200, true]);
    // Every count links to the list of the people it counts.
    expect(page.html).toContain(`<a href="/waves/${wave1}/results?result=failed">Move failed: 2</a>`);
    const failed = await viewer.get(`/waves/${wave1}/results?result=failed`);
    expect(failed.html).toContain('Move failed: 2 people');
    expect(cellsOf(failed.html, 'ann.moved')).toBe('');
    // The report's counts link to the people they count: here the one welcome sent.
    const sentHref = `/reports/messages?occurrence=welcome%40${wave1}&count=sent`;
    expect((await viewer.get('/reports')).html).toContain(sentHref.replace('&', '&amp;'));
    const sent = await viewer.get(sentHref);
    expect(sent.html).toContain('1 message.');
    // The occurrence by its activity and wave, and the message's state, in words.
    expect(sent.html).not.toContain(`welcome@${wave1}</h1>`);
    expect(sent.html).toMatch(/<h1[^>]*>Sent: [^<]+ — Wave 1<\/h1>/);
    expect(sent.html).toMatch(/>State <\/span>\s*Sent\s*</);
    expect(sent.html).toContain(`href="${href}">${at('ann.moved')}</a>`);
    // Viewers see results and may read the carry-over's preview (issue 20), without its button; the waves page links each wave's results.
    expect((await viewer.get('/waves')).html).toContain(`href="/waves/${wave1}/results"`);
    const carryOver = await viewer.get(`/waves/${wave1}/carry-over`);
    expect(carryOver.status).toBe(200);
    expect(carryOver.html).not.toMatch(/<form method="post" action="\/waves/);
    expect(carryOver.html).toContain('Only an editor, an approver or an administrator can carry these people over.');
    expect((await viewer.post(`/waves/${wave1}/carry-over`)).status).toBe(403);
  });

  it('previews the carry-over as the carry-over then does it, on the page and on the command line alike', async () => {
    const preview = await editor.get(`/waves/${wave1}/carry-over`);
    expect(preview.status).toBe(200);
    const said = preview.html.replace(/<[^>]+>/g, '');
    expect(said).toContain(`${at('cat.failed')} into Wave 3: people they share mail or a calendar with are in Wave 3`);
    expect(said).toContain(`${at('dan.failed')} into Wave 2: the first wave after this one with room`);
    expect(said).toMatch(
      /Wave 3\s*Saturday 13 March 2027 to Sunday 14 March 2027\s*Still to move now: 1 mailbox \(1 person, 0 shared mailboxes\)\. After the carry-over: 2 mailboxes\. Capacity: 120 mailboxes; room left after: 118\./,
    );
    // Nothing is kept by the preview.
    expect(sqlOnFile(db(), 'SELECT * FROM wave_carry_overs')).toEqual([]);

    await cli('backup', join(site.dir, 'copy.db'));
    const byCli = await runCliCapturing(['--db', join(site.dir, 'copy.db'), 'waves', 'carry-over', 'Wave 1', '--by', 'Priya Shah'], {
      cwd: site.dir,
      now: () => clock,
    });
    expect(byCli.code, byCli.stderr).toBe(0);

    const done = await editor.post(`/waves/${wave1}/carry-over`, { to: '' });
    expect([done.status, done.location]).toEqual([303, `/waves/${wave1}/results?done=carried&count=2%20people`]);
    const carried = (file: string) =>
      sqlOnFile<{ person_email: string; to_wave: string }>(
        file,
        'SELECT person_email, to_wave FROM wave_carry_overs ORDER BY person_email',
      );
    expect(carried(db())).toEqual([
      { person_email: at('cat.failed'), to_wave: 'Wave 3' },
      { person_email: at('dan.failed'), to_wave: 'Wave 2' },
    ]);
    expect(carried(join(site.dir, 'copy.db'))).toEqual(carried(db()));
    expect(sqlOnFile(db(), "SELECT actor, subject, detail FROM audit_log WHERE action = 'carried-over' ORDER BY detail")).toEqual([
      { actor: emailOf('editor'), subject: 'Wave 1', detail: `1 whose move failed carried over to Wave 2: ${at('dan.failed')}` },
      { actor: emailOf('editor'), subject: 'Wave 1', detail: `1 whose move failed carried over to Wave 3: ${at('cat.failed')}` },
    ]);

    // Carried over, their failed-migration email goes; the results page shows it and where they are now.
    await cli('send', '--due', '--now', clock.toISOString());
    const results = await editor.get(`/waves/${wave1}/results?result=carried-over`);
    expect(cellsOf(results.html, 'cat.failed')).toMatch(/Move failed Failed Wave 3 .*: sent /);
    expect(results.html).toContain('Carried over into a later wave: 2 people');
  });

  it('accepts the remainder only with a reason, for approvers, in the audit log with the reason', async () => {
    clock = new Date('2027-03-22T10:00:00Z');
    // A month on, the sessions of the morning after Wave 1 have ended: both sign in again.
    // An editor reads who is left (issue 20), and is told who can accept it, with no form.
    const editorPage = await (await site.client('editor')).get('/waves/accept-remainder');
    expect(editorPage.status).toBe(200);
    expect(editorPage.html).not.toMatch(/<form method="post" action="\/waves\/accept-remainder"/);
    expect(editorPage.html).toContain('Only an approver or an administrator can accept that these people will not move.');
    expect((await (await site.client('editor')).post('/waves/accept-remainder', { reason: 'No' })).status).toBe(403);
    const approver = await site.client('approver');
    const page = await approver.get('/waves/accept-remainder');
    expect(page.status).toBe(200);
    const still = /Still to move: (\d+) people/.exec(page.html)?.[1];
    expect(page.html).toContain(at('bob.syncing'));
    const empty = await approver.post('/waves/accept-remainder', { reason: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('nhsuk-error-summary');
    expect(empty.html).toMatch(/id="reason-error"[\s\S]*Enter why the people left will not move/);
    expect(sqlOnFile(db(), "SELECT * FROM audit_log WHERE action = 'remainder-accepted'")).toEqual([]);
    const accepted = await approver.post('/waves/accept-remainder', { reason: 'Long-term absence' });
    expect([accepted.status, accepted.location]).toEqual([303, '/waves/accept-remainder?done=accepted']);
    expect(sqlOnFile(db(), "SELECT actor, detail FROM audit_log WHERE action = 'remainder-accepted'")).toEqual([
      { actor: emailOf('approver'), detail: `${still} people left unmoved, accepted: Long-term absence` },
    ]);
  });

  it('has no accessibility problem and no sideways scrolling at 390 px', async () => {
    const page = await signedInPage(browser, site.url, 'approver', { bypassCSP: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const pages = [
      `/waves/${wave1}/results`,
      `/waves/${wave1}/carry-over`,
      '/waves/accept-remainder',
      `/reports/messages?occurrence=welcome%40${wave1}&count=sent`,
    ];
    for (const path of pages) {
      await page.goto(path);
      expect(await axeViolations(page), path).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth'), path).toBeLessThanOrEqual(390);
    }
  });
});

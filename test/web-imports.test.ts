import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, progressFinished, signedInPage } from './support/browser.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
let browser: Browser;
let page: Page;
/** Small, so that an over-limit upload is quick to make. */
const LIMIT_BYTES = 4096;
beforeAll(async () => {
  [site, browser] = await Promise.all([startTestSite({ config: { uploadLimitBytes: LIMIT_BYTES } }), launchBrowser()]);
  page = await signedInPage(browser, site.url, 'editor');
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const STAFF_WITH_ERRORS = [
  'Email,First Name,Last Name,Department,Job Role',
  'ann.lee@northmoor.nhs.uk,Ann,Lee,Pharmacy,Pharmacist',
  'not-an-address,Bob,Smith,Estates,Porter',
  'x.script@northmoor.nhs.uk,<script>alert(1)</script>,Jones,IT,Analyst',
  'y.formula@northmoor.nhs.uk,"=HYPERLINK(""http://x"",""y"")",Brown,IT,Analyst',
  '',
].join('\r\n');

/** Every table's rows, leaving out SQLite's own statistics (the import's connection refreshes them as it closes). */
const snapshot = async () => (await site.snapshot()).replace(/sqlite_stat\d\n[^\n]*(\n|$)/g, '');
/** Uploads are written to private folders like these, and removed once done with. */
const uploadFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('commsplan-upload-'));
const peopleStored = async () => (await site.store.db.selectFrom('people').select('email').orderBy('email').execute()).map((p) => p.email);

async function upload(name: string, content: Buffer | string, mimeType = 'text/csv'): Promise<void> {
  await page.goto('/imports');
  await page.getByLabel('File').setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
  await page.getByRole('button', { name: 'Upload and check' }).click();
}

describe('uploading an export', () => {
  it('names each problem by row, column and reason before anything is stored, then imports the good rows only', async () => {
    const before = await snapshot();
    const foldersBefore = uploadFolders();
    await upload('staff.csv', STAFF_WITH_ERRORS);
    await page.waitForSelector('[data-testid="problems"]');
    const problems = await page.locator('[data-testid="problems"] tbody tr').allTextContents();
    expect(problems.join('\n')).toMatch(/3\s*email\s*not-an-address\s*.*email/i);
    expect(await page.getByTestId('check-summary').textContent()).toContain('Nothing has been stored yet');
    expect(await snapshot()).toBe(before);

    await page.getByRole('button', { name: 'Import the 3 good rows only' }).click();
    await page.waitForSelector('.nhsuk-notification-banner', { timeout: 20_000 });
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('1 left out');
    expect(await peopleStored()).toEqual(['ann.lee@northmoor.nhs.uk', 'x.script@northmoor.nhs.uk', 'y.formula@northmoor.nhs.uk']);
    expect(uploadFolders()).toEqual(foldersBefore);
  });

  it.each([
    ['an empty file', 'empty.csv', '', 'is empty'],
    ['a file of the wrong kind', 'picture.png', '\x89PNG\r\n', 'is not a CSV or XLSX file'],
    ['a file that is not what its name says', 'fake.xlsx', 'Email\nx@y.uk\n', 'not a XLSX file'],
    ['a file over the limit', 'big.csv', `Email\n${'a@b.uk\n'.repeat(1000)}`, 'larger than the'],
  ])('answers %s with a clear page and changes nothing', async (_what, name, content, message) => {
    const before = await snapshot();
    const foldersBefore = uploadFolders();
    await upload(name, content);
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(message);
    expect(await snapshot()).toBe(before);
    expect(uploadFolders()).toEqual(foldersBefore);
  });
});

describe('the imported people on the audiences pages', () => {
  it('shows a person named <script> or =HYPERLINK as text, with the counts worked out after the import', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto('/audiences');
    await page.waitForSelector('[data-testid="audiences"]', { timeout: 20_000 });
    await progressFinished(page);
    await page.goto('/audiences');
    expect(await page.getByTestId('computed-at').textContent()).toContain('Counts worked out on');
    await page.getByRole('link', { name: 'all-staff', exact: true }).click();
    const cells = await page.locator('[data-testid="people"] td').allTextContents();
    expect(cells).toContain('<script>alert(1)</script>');
    expect(cells).toContain('=HYPERLINK("http://x","y")');
    expect(dialogs).toEqual([]);
  });

  it('has no accessibility violations on an audience with people (axe-core, WCAG 2.2 AA)', async () => {
    const axePage = await signedInPage(browser, site.url, 'viewer', { bypassCSP: true });
    await axePage.goto('/audiences/all-staff');
    expect(await axePage.locator('[data-testid="people"] tbody tr').count()).toBe(3);
    expect(await axeViolations(axePage)).toEqual([]);
    await axePage.context().close();
  });

  it('neutralises formulas in the CSV download', async () => {
    const client = await site.client('viewer');
    const response = await client.get('/audiences/all-staff/csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.html).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(response.html).toContain('<script>alert(1)</script>');
    expect(response.html).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

/** Posts a file as the upload form does (multipart, the CSRF token in the form's address), with the client's cookies. */
async function uploadFile(client: WebClient, name: string, content: string): Promise<Response> {
  const form = new FormData();
  form.set('kind', 'auto');
  form.set('file', new Blob([content], { type: 'text/csv' }), name);
  return fetch(new URL(`/imports?_csrf=${encodeURIComponent(client.lastCsrfToken)}`, site.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: client.cookieHeader() },
    body: form,
  });
}

async function until(client: WebClient, path: string, done: (html: string) => boolean): Promise<string> {
  for (let tries = 0; tries < 200; tries++) {
    const { html } = await client.get(path);
    if (done(html)) return html;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} never got there`);
}

const ROWS = 40_000;
const bigStaffList = () =>
  [
    'Email,First Name,Last Name,Department',
    ...Array.from({ length: ROWS }, (_, i) => `person${i}@northmoor-valley.example,Person,Number${i},Ward ${i % 40}`),
  ].join('\r\n');

describe('a big import', () => {
  it('shows its progress in place from a JSON address, can be left and come back to, then imports', async () => {
    const editor = await site.client('editor');
    await editor.get('/imports');
    const uploaded = await uploadFile(editor, 'big-staff.csv', bigStaffList());
    expect(uploaded.status).toBe(303);
    const address = uploaded.headers.get('location') ?? '';
    expect(address).toMatch(/^\/imports\/[0-9a-f-]{36}$/);

    const checking = await editor.get(address);
    expect(checking.html).not.toContain('http-equiv="refresh"');
    expect(checking.html).toContain(`data-progress-url="${address}/progress"`);
    expect(checking.html).toContain(`<a href="${address}">Refresh to see progress</a>`);
    expect(checking.html).toMatch(/Checking\. Uploaded by editor@test\.example/);
    expect(checking.html).toMatch(/[\d,]+ rows read \(\d+%\)/);
    const progress = await editor.get(`${address}/progress`);
    expect(progress.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(progress.html)).toMatchObject({ running: true, text: expect.stringMatching(/^[\d,]+ rows read \(\d+%\)$/) });

    // Left and come back to, from the list of uploads.
    expect((await editor.get('/imports')).html).toContain(`href="${address}"`);
    const checked = await until(editor, address, (html) => html.includes('data-testid="check-summary"'));
    expect(checked).toContain(`${ROWS.toLocaleString('en-GB')} rows read. No row has a problem.`);
    expect(checked).not.toContain('data-progress-url');
    expect(JSON.parse((await editor.get(`${address}/progress`)).html)).toMatchObject({
      running: false,
      finishedText: 'The check has finished: its result is below.',
    });
    expect(await site.store.db.selectFrom('people').select('email').execute()).toEqual([]);

    await editor.post(`${address}/import`, { rows: 'all' });
    const imported = await until(editor, address, (html) => html.includes('nhsuk-notification-banner'));
    expect(imported).toContain(`Imported ${ROWS.toLocaleString('en-GB')} rows: ${ROWS.toLocaleString('en-GB')} added`);
    expect(JSON.parse((await editor.get(`${address}/progress`)).html)).toMatchObject({
      running: false,
      finishedText: expect.stringContaining('import has finished'),
    });
    expect((await editor.get('/imports/no-such-import/progress')).status).toBe(404);
    const stored = await site.store.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(ROWS);
    const audit = await site.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'imported').execute();
    expect(audit).toMatchObject([{ actor: 'editor@test.example', subject: 'people from big-staff.csv' }]);
  });

  it('refuses a viewer the upload, and stores nothing', async () => {
    const viewer = await site.client('viewer');
    await viewer.get('/');
    const response = await uploadFile(viewer, 'staff.csv', 'Email,First Name\r\nx@northmoor-valley.example,X\r\n');
    expect(response.status).toBe(403);
  });

  it("refuses an upload without the form's CSRF token", async () => {
    const editor = await site.client('editor');
    await editor.get('/imports');
    editor.lastCsrfToken = 'made-up';
    const response = await uploadFile(editor, 'staff.csv', 'Email,First Name\r\nx@northmoor-valley.example,X\r\n');
    expect(response.status).toBe(403);
  });
});

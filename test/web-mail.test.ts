import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderTransport } from '../src/delivery/folder-transport.js';
import { emlFileNameOf } from '../src/delivery/mail-files.js';
import { insertSender } from '../src/senders/senders.store.js';
import { axeViolations, launchBrowser, signedInPage } from './support/browser.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { emailOf, startTestSite, TEST_PASSWORD, type TestSite } from './support/web-harness.js';

let site: TestSite;
let browser: Browser;
let folder: string;
const KEY = 'a'.repeat(64);
const fileName = emlFileNameOf(KEY);

beforeAll(async () => {
  [site, browser] = await Promise.all([startTestSite(), launchBrowser()]);
  folder = join(site.dir, 'mail');
  await insertSender(
    site.store.db,
    site.organisation.id,
    {
      name: 'local',
      kind: 'folder',
      folder,
      from: 'NHSmail project <project@northmoor-valley.example>',
      sendAs: false,
      limits: { perMinute: 60, perDay: 1000, perMessage: 1 },
    },
    true,
    FIXED_NOW,
  );
  const sent = await folderTransport(folder, () => FIXED_NOW).send({
    messageId: `<${KEY}@commsplan>`,
    from: 'NHSmail project <project@northmoor-valley.example>',
    to: ['ann.lee@northmoor-valley.example'],
    subject: 'Your mailbox moves this weekend',
    html: '<p>Dear Ann,</p><p>Your mailbox moves on <strong>Saturday</strong>.</p><script>alert("from the email")</script><img src="http://tracker.example/x.png" alt="">',
    text: 'Dear Ann,\n\nYour mailbox moves on Saturday.',
  });
  expect(sent.ok).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A request with its path sent exactly as written (fetch would tidy `..` away first). */
function rawGet(path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(site.url);
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers: { cookie } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the mail page', () => {
  it("opens a message from the folder as its recipient sees it, with the email's HTML in a sandbox where its script never runs", async () => {
    const page = await signedInPage(browser, site.url, 'viewer');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const outside: string[] = [];
    page.on('requestfailed', (request) => {
      if (!request.url().startsWith(site.url)) outside.push(`${request.url()} ${request.failure()?.errorText}`);
    });
    await page.getByRole('link', { name: 'Sending', exact: true }).first().click();
    await page.getByRole('link', { name: 'Mail', exact: true }).first().click();
    await page.getByRole('link', { name: 'Your mailbox moves this weekend' }).click();
    expect(await page.getByTestId('subject').textContent()).toBe('Your mailbox moves this weekend');
    expect(await page.getByTestId('text').textContent()).toContain('Your mailbox moves on Saturday.');
    const frame = page.frameLocator('iframe[title="The message as its recipient sees it"]');
    expect(await frame.locator('strong').textContent()).toBe('Saturday');
    expect(dialogs).toEqual([]);
    // The email's tracking image is refused by the frame's policy before it leaves the browser.
    expect(outside.filter((line) => !/ (csp|net::ERR_BLOCKED_BY_CSP)$/.test(line))).toEqual([]);
    await page.context().close();
  });

  it('has no accessibility violations on a message (axe-core, WCAG 2.2 AA)', async () => {
    const page = await signedInPage(browser, site.url, 'viewer', { bypassCSP: true });
    await page.goto(`/mail/local/${fileName}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  // Issue 20: the sandbox now lets the server's own script (by its nonce) say how tall the email is; the email's scripts stay refused.
  it('serves the HTML part with its own sandboxing Content-Security-Policy, running only its own nonced script', async () => {
    const client = await site.client('viewer');
    const response = await client.get(`/mail/local/${fileName}/html`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/^sandbox allow-scripts; default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; /);
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(response.html.match(/<script nonce="([^"]+)">/g)).toEqual([`<script nonce="${nonce}">`]);
    expect((await client.get(`/mail/local/${fileName}/html`)).headers.get('content-security-policy')).not.toContain(nonce);
  });

  it.each([
    ['a path with ..', '/mail/local/..%2Fcommsplan.db'],
    ['a path with .. left as it is', '/mail/local/../commsplan.db'],
    ['a name the folder does not list', '/mail/local/0123456789abcdef0123456789abcdef.eml'],
    ['a half-written file', `/mail/local/.${fileName}.partial`],
    ['an unknown sender', `/mail/nobody/${fileName}`],
  ])('refuses %s with not found', async (_what, path) => {
    const client = await site.client('viewer');
    // The signed-in client's cookies, sent with a request whose path no client library has tidied.
    const session = (client as unknown as { cookies: Map<string, string> }).cookies;
    const header = [...session].map(([name, value]) => `${name}=${value}`).join('; ');
    expect(await rawGet(path, header)).toBe(404);
    expect((await client.get(`${path}/html`)).status).toBe(404);
  });

  it('pages the mail folder 50 messages at a time, newest first, reading only the page asked for', async () => {
    const transport = folderTransport(folder, () => FIXED_NOW);
    for (let n = 1; n <= 60; n++) {
      const sent = await transport.send({
        messageId: `<paged-${n}@commsplan>`,
        from: 'NHSmail project <project@northmoor-valley.example>',
        to: [`person${n}@northmoor-valley.example`],
        subject: `Paged message ${n}`,
        html: '<p>Hello</p>',
        text: 'Hello',
      });
      expect(sent.ok).toBe(true);
    }
    const client = await site.client('viewer');
    const first = await client.get('/mail');
    const rowsOf = (html: string) => html.match(/>Paged message \d+<|>Your mailbox moves this weekend</g) ?? [];
    expect(rowsOf(first.html)).toHaveLength(50);
    expect(first.html).toContain('Showing 1 to 50 of 61.');
    const next = /href="(\/mail\?[^"]*page=2[^"]*)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await client.get(next ?? '');
    expect(rowsOf(second.html)).toHaveLength(11);
    expect(new Set([...rowsOf(first.html), ...rowsOf(second.html)]).size).toBe(61);
    expect((await client.get('/mail?page=3')).status).toBe(400);
  });
});

describe('a long message (issue 20)', () => {
  const LONG_KEY = 'b'.repeat(64);
  const paragraphs = Array.from(
    { length: 60 },
    (_, i) => `<p>Paragraph ${i + 1} of the email, with enough words in it to wrap on a phone.</p>`,
  );

  beforeAll(async () => {
    const sent = await folderTransport(folder, () => FIXED_NOW).send({
      messageId: `<${LONG_KEY}@commsplan>`,
      from: 'NHSmail project <project@northmoor-valley.example>',
      to: ['long.read@northmoor-valley.example'],
      subject: 'A long email',
      html: `${paragraphs.join('')}<p id="last">The last line.</p>`,
      text: 'A long email.',
    });
    expect(sent.ok).toBe(true);
  });

  it.each([1280, 390])('shows the whole email on its page at %i px wide, the frame as tall as the email', async (width) => {
    const page = await signedInPage(browser, site.url, 'viewer');
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`/mail/local/${emlFileNameOf(LONG_KEY)}`);
    const frame = page.locator('iframe[data-email-frame]');
    await expect.poll(() => frame.getAttribute('data-fitted')).toBe('true');
    const content = page.frameLocator('iframe[data-email-frame]');
    await expect.poll(() => content.locator('#last').textContent()).toBe('The last line.');
    // The email's own height, as the frame's document measures it, fits inside the frame: nothing is cut off or scrolls.
    const [emailHeight, frameHeight] = await Promise.all([
      content.locator('html').evaluate((html) => html.getBoundingClientRect().height),
      frame.evaluate((element) => element.getBoundingClientRect().height),
    ]);
    expect(emailHeight).toBeGreaterThan(800);
    expect(frameHeight).toBeGreaterThanOrEqual(emailHeight);
    expect(frameHeight).toBeLessThan(emailHeight + 10);
    expect(await content.locator('html').evaluate((html) => html.scrollHeight - html.clientHeight)).toBeLessThanOrEqual(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    // Labelled, and reachable with the Tab key.
    expect(await frame.getAttribute('title')).toBe('The message as its recipient sees it');
    expect(await frame.evaluate((element) => element.tabIndex)).toBe(0);
    await page.context().close();
  });

  it('sizes the frame when the page script starts after the email has loaded and said its height', async () => {
    const page = await signedInPage(browser, site.url, 'viewer');
    const frameLoaded = { at: 0 };
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/html')) frameLoaded.at = Date.now();
    });
    // The page's script arrives a second late, long after the frame has loaded and spoken once.
    await page.route('**/static/email-frame.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.goto(`/mail/local/${emlFileNameOf(LONG_KEY)}`);
    const frame = page.locator('iframe[data-email-frame]');
    await expect.poll(() => frame.getAttribute('data-fitted')).toBe('true');
    expect(frameLoaded.at).toBeGreaterThan(0);
    const frameHeight = await frame.evaluate((element) => element.getBoundingClientRect().height);
    expect(frameHeight).toBeGreaterThan(800);
    await page.context().close();
  });

  it('without the page script, keeps the email in a tall box that scrolls', async () => {
    const context = await browser.newContext({ baseURL: site.url, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(emailOf('viewer'));
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`/mail/local/${emlFileNameOf(LONG_KEY)}`);
    const height = await page.locator('iframe[data-email-frame]').evaluate((element) => element.getBoundingClientRect().height);
    expect(height).toBeGreaterThanOrEqual(0.75 * 800 - 1);
    await context.close();
  });
});

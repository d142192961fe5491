import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSandbox } from './support/cli-harness.js';

/** Markup, quotes and ampersands that would break out of an element or an attribute if not escaped. */
const HOSTILE = `Eastbrook "><img src=x onerror=alert('1')> & <script>alert("2")</script>`;

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(() => {
  sandbox = cliSandbox();
});
afterEach(() => sandbox.cleanup());

/** The tags of a document with attribute values blanked and text left out: what an unescaped value would change. */
const tagSkeleton = (html: string) => [...html.matchAll(/<[^>]*>/g)].map((tag) => tag[0].replace(/="[^"]*"/g, '=""'));

/** A workspace whose every free-text value is `value`, then its plan document and a previewed email as HTML. */
async function htmlOutputsWith(value: string) {
  const { run, dir } = sandbox;
  expect((await run('init', '--org', value, '--start', '2026-12-07')).code).toBe(0);
  expect((await run('waves', 'add', '--start', '2027-03-13', '--name', `Wave 1 ${value}`)).code).toBe(0);
  for (const key of ['org-name', 'sender-name', 'migration-duration', 'distribution-list-arrangements', 'shared-mailbox-arrangements']) {
    expect((await run('settings', 'set', key, value)).code).toBe(0);
  }
  expect((await run('activity', 'set', 'announcement', '--owner', `${value} <comms@eastbrook.example>`)).code).toBe(0);
  const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const staff = `Email,First Name,Last Name,Wave\r\nsam@eastbrook.example,${cell(value)},Jones,${cell(`Wave 1 ${value}`)}\r\n`;
  writeFileSync(join(dir, 'staff.csv'), staff);
  expect((await run('import', 'people', 'staff.csv')).code).toBe(0);
  expect((await run('export', '--format', 'html', '--out', 'plan.html')).code).toBe(0);
  expect((await run('preview', 'wave-reminder', '--person', 'sam@eastbrook.example', '--html', 'reminder.html')).code).toBe(0);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return { plan: read('plan.html'), reminder: read('reminder.html') };
}

describe('HTML written by commsplan', () => {
  it.each(['plan', 'reminder'] as const)(
    'keeps the tags of the %s HTML the same whatever the organisation, wave, owner, settings and people are called',
    async (which) => {
      const harmless = (await htmlOutputsWith('Eastbrook'))[which];
      sandbox.cleanup();
      sandbox = cliSandbox();
      const hostile = (await htmlOutputsWith(HOSTILE))[which];
      expect(hostile).toContain('&#60;script&#62;');
      expect(hostile).not.toContain('<img');
      expect(hostile).not.toContain('<script');
      expect(tagSkeleton(hostile)).toEqual(tagSkeleton(harmless));
    },
  );

  it('escapes the subject in the title of a previewed email', async () => {
    const { run, dir } = sandbox;
    await htmlOutputsWith(HOSTILE);
    expect((await run('preview', 'announcement', '--html', 'announcement.html')).code).toBe(0);
    const html = readFileSync(join(dir, 'announcement.html'), 'utf8');
    expect(html).toContain(
      '<title>Eastbrook &#34;&#62;&#60;img src=x onerror=alert(&#39;1&#39;)&#62; &#38; &#60;script&#62;alert(&#34;2&#34;)&#60;/script&#62; is moving to NHSmail</title>',
    );
  });
});

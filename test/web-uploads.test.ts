import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

// Uploads go to the system's temporary folder: this file's own, so other tests' uploads do not count.
const privateTmp = mkdtempSync(join(tmpdir(), 'commsplan-uploads-test-'));
process.env.TMPDIR = privateTmp;

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => {
  await site?.close();
  rmSync(privateTmp, { recursive: true, force: true });
});

const uploadFolders = () => readdirSync(privateTmp).filter((name) => name.startsWith('commsplan-upload-'));

/** The upload folder that appears once an upload reaches the disk. */
async function folderOfNewUpload(before: string[]): Promise<string> {
  let folder: string | undefined;
  await waitFor('the upload to reach the disk', () => {
    folder = uploadFolders().find((name) => !before.includes(name));
    return folder !== undefined;
  });
  return folder as string;
}

/** Asks until `ready` says yes; gives up after 20 seconds (a loaded machine is slow, so no tighter bound). */
async function waitFor(what: string, ready: () => boolean): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    if (ready()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

const BOUNDARY = 'commsplan-test-boundary';

/**
 * An upload of the imports form over a raw socket that sends only the start of its body and then
 * waits, as a slow or stalled browser would: the server has the headers and part of the file.
 */
function startUpload(path: string, cookie: string): { socket: Socket; answer: Promise<string> } {
  const start = [
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nauto\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="staff.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    `Email,First Name\r\n${'someone@trust.nhs.uk,Someone\r\n'.repeat(2000)}`,
  ].join('');
  const { port } = new URL(site.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n${start}`,
  );
  let received = '';
  const answer = new Promise<string>((done) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('</html>')) done(received);
    });
    socket.on('close', () => done(received));
    socket.on('error', () => done(received));
  });
  return { socket, answer };
}

/** The answer to a request whose body never finishes: the status line, or a failure when none comes. */
async function statusBeforeBodyEnds(upload: { socket: Socket; answer: Promise<string> }): Promise<string> {
  const timeout = new Promise<string>((done) => setTimeout(() => done('no answer while the body was still coming'), 20_000));
  const answer = await Promise.race([upload.answer, timeout]);
  upload.socket.destroy();
  return answer.split('\r\n')[0] ?? '';
}

async function editorWithToken(role: 'editor' | 'admin' | 'viewer' = 'editor'): Promise<WebClient> {
  const client = await site.client(role);
  await client.get('/');
  return client;
}

describe('an upload refused by the access checks', () => {
  it.each([
    ['without a session', async () => ({ cookie: '', query: '' }), '401'],
    ['without a CSRF token', async () => ({ cookie: (await editorWithToken()).cookieHeader(), query: '' }), '403'],
    [
      'with a token that is not its session’s',
      async () => ({ cookie: (await editorWithToken()).cookieHeader(), query: `?_csrf=${(await editorWithToken()).lastCsrfToken}` }),
      '403',
    ],
    [
      'from a role that may not import',
      async () => {
        const viewer = await editorWithToken('viewer');
        return { cookie: viewer.cookieHeader(), query: `?_csrf=${viewer.lastCsrfToken}` };
      },
      '403',
    ],
  ])('is answered %s before its body is read, and nothing reaches the disk', async (_how, who, status) => {
    const { cookie, query } = await who();
    const before = uploadFolders();
    const statusLine = await statusBeforeBodyEnds(startUpload(`/imports${query}`, cookie));
    expect(statusLine).toBe(`HTTP/1.1 ${status} ${status === '401' ? 'Unauthorized' : 'Forbidden'}`);
    expect(uploadFolders()).toEqual(before);
  });
});

describe('a file sent to a page that takes none', () => {
  it('is refused before its body is read, and nothing reaches the disk', async () => {
    const editor = await editorWithToken();
    const before = uploadFolders();
    const statusLine = await statusBeforeBodyEnds(
      startUpload(`/settings/helpdesk-phone?_csrf=${editor.lastCsrfToken}`, editor.cookieHeader()),
    );
    expect(statusLine).toBe('HTTP/1.1 415 Unsupported Media Type');
    expect(uploadFolders()).toEqual(before);
  });
});

describe('an upload cut off half-way', () => {
  it('leaves no temporary folder behind once the connection is gone', async () => {
    const editor = await editorWithToken();
    const before = uploadFolders();
    const upload = startUpload(`/imports?_csrf=${editor.lastCsrfToken}`, editor.cookieHeader());
    const folder = await folderOfNewUpload(before);
    upload.socket.destroy();
    await waitFor('the upload folder to be removed', () => !uploadFolders().includes(folder));
  });
});

describe('uploads running at once', () => {
  it('takes one at a time from a person, with a page saying to wait, and the next once the first is over', async () => {
    const editor = await editorWithToken();
    const before = uploadFolders();
    const first = startUpload(`/imports?_csrf=${editor.lastCsrfToken}`, editor.cookieHeader());
    const folder = await folderOfNewUpload(before);

    const second = await editor.upload('/imports', { name: 'more.csv', content: 'Email\r\nann@trust.nhs.uk\r\n' });
    expect(second.status).toBe(429);
    expect(second.html).toContain('Wait for it to finish');
    expect(uploadFolders()).toEqual([...before, folder].sort());

    const admin = await editorWithToken('admin');
    const someoneElse = await admin.upload('/imports', { name: 'theirs.csv', content: 'Email\r\nbob@trust.nhs.uk\r\n' });
    expect(someoneElse.status, someoneElse.html).toBe(303);

    first.socket.destroy();
    await waitFor('the first upload to be over', () => !uploadFolders().includes(folder));
    const again = await editor.upload('/imports', { name: 'more.csv', content: 'Email\r\nann@trust.nhs.uk\r\n' });
    expect(again.status, again.html).toBe(303);
  });
});

describe('uploads checked but never confirmed', () => {
  const csv = (n: number) => ({ name: `staff-${n}.csv`, content: `Email,First Name\r\nperson${n}@trust.nhs.uk,Person\r\n` });

  it('keeps one folder per person: each new upload replaces, and removes, that person’s earlier one, and says so', async () => {
    const editor = await editorWithToken();
    const before = uploadFolders();
    let last = '';
    for (let n = 1; n <= 4; n += 1) {
      const response = await editor.upload('/imports', csv(n));
      expect(response.status, response.html).toBe(303);
      last = response.location ?? '';
    }
    await waitFor('only the last upload to be left', () => uploadFolders().filter((name) => !before.includes(name)).length === 1);
    const page = await editor.get(last);
    expect(page.html).toContain('Your earlier upload staff-3.csv, which was not imported, was discarded');
    const imports = await editor.get('/imports');
    expect(imports.html.match(/a newer upload by the same person replaced it/g)?.length).toBe(3);

    // Someone else's upload does not replace this person's.
    const admin = await editorWithToken('admin');
    expect((await admin.upload('/imports', csv(5))).status).toBe(303);
    await waitFor('both people’s uploads to be kept', () => uploadFolders().filter((name) => !before.includes(name)).length === 2);
    await editor.post(`${last}/discard`);
    await admin.post(`${(await admin.get('/imports')).html.match(/\/imports\/[0-9a-f-]{36}/)?.[0]}/discard`);
  });

  it('is removed an hour after its check, by the server’s clock', async () => {
    let now = new Date('2025-03-03T09:00:00Z');
    const clockSite = await startTestSite({ clock: () => now });
    try {
      const editor = await clockSite.client('editor');
      await editor.get('/');
      const before = uploadFolders();
      const response = await editor.upload('/imports', csv(1));
      expect(response.status, response.html).toBe(303);
      const jobPage = response.location ?? '';
      const folder = await folderOfNewUpload(before);
      for (let tries = 0; !(await editor.get(jobPage)).html.includes('Checked, not imported'); tries += 1) {
        if (tries > 400) throw new Error('Gave up waiting for the check');
        await new Promise((done) => setTimeout(done, 50));
      }
      now = new Date(now.getTime() + 59 * 60_000);
      await editor.get('/imports');
      expect(uploadFolders()).toContain(folder);

      now = new Date(now.getTime() + 2 * 60_000);
      const someone = await clockSite.client('admin');
      await someone.get('/imports');
      await waitFor('the unconfirmed upload to be removed', () => !uploadFolders().includes(folder));
      const signedInAgain = await clockSite.client('editor');
      const page = await signedInAgain.get(jobPage);
      expect(page.html).toContain('not imported within an hour');
      expect(page.html).not.toContain('>Import<');
    } finally {
      await clockSite.close();
    }
  });
});

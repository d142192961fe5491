import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/accounts/manage-users.js';
import { londonDate } from '../src/calendar/london-time.js';
import { createDemoWorkspace } from '../src/demo/demo-workspace.js';
import type { Store } from '../src/store/store.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { ON_POSTGRES, openTestStore, testLocation } from './support/test-database.js';
import { emailOf, TEST_PASSWORD, WebClient } from './support/web-harness.js';

/**
 * Two `commsplan serve` processes on one workspace (one SQLite file, or one PostgreSQL schema when
 * COMMSPLAN_TEST_POSTGRES is set), as behind a load balancer: whatever one instance starts, the
 * other can show and carry on, because nothing a request needs is in one server's memory.
 */
const ROOT = resolve(import.meta.dirname, '..');
/** tsx, found from this repository rather than from the servers' working folder. */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const SECRET = 'shared-secret-of-both-instances-'.padEnd(48, 'z');
const dir = mkdtempSync(join(tmpdir(), 'commsplan-two-instances-'));
const path = join(dir, 'commsplan.db');
const servers: ChildProcess[] = [];
let a = '';
let b = '';
let store: Store;

/** The environment without a workspace of its own: the servers are given theirs with --db. */
function withoutWorkspace(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { COMMSPLAN_DB: _, ...rest } = env;
  return rest;
}

/** Starts `commsplan serve` on a free port and answers its address once it listens. */
function serve(): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, join(ROOT, 'test/fixtures/commsplan.ts'), '--db', testLocation(path), 'serve', '--port', '0'],
    {
      cwd: dir,
      env: { ...withoutWorkspace(process.env), COMMSPLAN_SESSION_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  servers.push(child);
  let said = '';
  return new Promise((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const url = / at (http:\/\/\S+)\n/.exec(said)?.[1];
      if (url) done(url);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${said}`)));
  });
}

beforeAll(async () => {
  store = await openTestStore(path, { create: true });
  const organisation = await createDemoWorkspace(store, FIXED_NOW, londonDate(FIXED_NOW));
  for (const role of ['editor', 'approver', 'admin'] as const)
    await addUser(store, organisation, { email: emailOf(role), role, password: TEST_PASSWORD }, { actor: 'test', now: FIXED_NOW });
  [a, b] = await Promise.all([serve(), serve()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(
    servers.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(role: 'editor' | 'approver' | 'admin', url: string): Promise<WebClient> {
  const client = new WebClient(url);
  const answer = await client.signIn(emailOf(role));
  expect(answer.status, answer.html).toBe(303);
  return client;
}

type Progress = { running: boolean; text?: string; finishedText?: string };
const progressOf = async (client: WebClient, progressUrl: string) => JSON.parse((await client.get(progressUrl)).html) as Progress;

/** Polls a job's progress address until it stops running; answers every answer read on the way. */
async function untilDone(client: WebClient, progressUrl: string): Promise<Progress[]> {
  const seen: Progress[] = [];
  for (let tries = 0; tries < 1200; tries++) {
    const progress = await progressOf(client, progressUrl);
    seen.push(progress);
    if (!progress.running) return seen;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${progressUrl} never finished`);
}

const ROWS = 20_000;
const staffList = () =>
  [
    'Email,First Name,Last Name,Department',
    ...Array.from({ length: ROWS }, (_, i) => `person${i}@northmoor-valley.example,Person,Number${i},Ward ${i % 40}`),
  ].join('\r\n');

describe(`two web instances on one ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'} workspace`, () => {
  it('keep a person signed in on both, and signing out on one signs them out of the other', async () => {
    const onA = await signedIn('editor', a);
    const onB = onA.pointedAt(b);
    const home = await onB.get('/');
    expect(home.status).toBe(200);
    expect(home.html).toContain('editor@test.example');
    // A form read on B carries a CSRF token that A accepts: both sign with the shared secret.
    await onB.get('/imports');
    const signedOut = await onA.post('/sign-out', {}, { csrf: onB.lastCsrfToken });
    expect(signedOut.status).toBe(303);
    expect((await onB.get('/')).status).toBe(303);
  });

  it('check an upload made on A, show its progress on B, import it when confirmed on B and show that on A', async () => {
    const onA = await signedIn('editor', a);
    await onA.get('/imports');
    const uploaded = await onA.upload('/imports', { name: 'staff.csv', content: staffList() }, { kind: 'auto' });
    expect(uploaded.status, uploaded.html).toBe(303);
    const address = uploaded.location ?? '';
    expect(address).toMatch(/^\/imports\/[0-9a-f-]{36}$/);

    const onB = onA.pointedAt(b);
    const checking = await untilDone(onB, `${address}/progress`);
    expect(checking[0]?.running).toBe(true);
    expect(checking.at(-1)).toMatchObject({ running: false, finishedText: 'The check has finished: its result is below.' });
    const checked = await onB.get(address);
    expect(checked.html).toContain(`${ROWS.toLocaleString('en-GB')} rows read. No row has a problem.`);
    expect((await onB.get('/imports')).html).toContain(`href="${address}"`);
    expect(await store.db.selectFrom('people').select('email').execute()).toEqual([]);

    const confirmed = await onB.post(`${address}/import`, { rows: 'all' });
    expect(confirmed.status, confirmed.html).toBe(303);
    const importing = await untilDone(onA, `${address}/progress`);
    expect(importing.at(-1)).toMatchObject({ running: false, finishedText: 'The import has finished: its result is below.' });
    expect((await onA.get(address)).html).toContain(`Imported ${ROWS.toLocaleString('en-GB')} rows: ${ROWS.toLocaleString('en-GB')} added`);
    const people = await store.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(ROWS);
    // The upload's bytes were kept in the database only until it was imported.
    expect(await store.db.selectFrom('web_upload_chunks').select('job_id').execute()).toEqual([]);
    // Confirmed twice, on the other instance: refused, nothing imported again.
    expect((await onA.post(`${address}/import`, { rows: 'all' }, { csrf: onB.lastCsrfToken })).status).toBe(409);
  });

  it('show a new user’s one-time password once, on whichever instance the redirect lands', async () => {
    const onA = await signedIn('admin', a);
    await onA.get('/users');
    const added = await onA.post('/users', { email: 'new.person@test.example', role: 'viewer', signIn: 'password' });
    expect(added.status, added.html).toBe(303);
    const onB = onA.pointedAt(b);
    const shown = await onB.get(added.location ?? '');
    const password = /data-testid="one-time-password"[^>]*>\s*([^<\s]+)/.exec(shown.html)?.[1];
    expect(password, shown.html).toMatch(/\S{8,}/);
    expect((await new WebClient(a).signIn('new.person@test.example', password)).status).toBe(303);
    const again = await onA.get(added.location ?? '');
    expect(again.html).not.toContain(password);
    expect(again.html).toContain('data-testid="password-shown-before"');
  });

  it('show a send started on A, and what it did, on B', async () => {
    const onA = await signedIn('approver', a);
    await onA.get('/sending');
    expect((await onA.post('/sending')).status).toBe(303);
    const onB = onA.pointedAt(b);
    const sending = await untilDone(onB, '/progress/sending');
    expect(sending.at(-1)).toMatchObject({ running: false, finishedText: 'Sending has finished: what happened is below.' });
    const page = await onB.get('/sending');
    expect(page.html).toContain('Started by approver@test.example');
    expect(page.html).toMatch(/data-testid="send-outcome">[\s\S]*?\d+ sent/);
  });
});

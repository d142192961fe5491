import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn, cliSandbox } from './support/cli-harness.js';
import { WebClient } from './support/web-harness.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'commsplan.js');
const ADMIN = 'admin@live.example';
const PASSWORD = 'correct horse battery staple';

let sandbox: ReturnType<typeof cliSandbox>;
let server: ChildProcessWithoutNullStreams | undefined;
beforeEach(() => {
  sandbox = cliSandbox();
});
afterEach(() => {
  server?.kill('SIGKILL');
  server = undefined;
  sandbox.cleanup();
});

/** `commsplan serve` as a real process on a free port; resolves with its address once it listens. */
async function serve(db: string): Promise<string> {
  expect(existsSync(join(ROOT, 'dist/main.js')), 'run "npm run build" first').toBe(true);
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0'], {
    cwd: sandbox.dir,
    env: { ...process.env, COMMSPLAN_SESSION_SECRET: 'live-workspace-test-'.padEnd(40, 'x') },
  });
  server = child;
  let output = '';
  return await new Promise<string>((done, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) done(url);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => fail(new Error(`commsplan serve exited (${code}) before listening:\n${output}`)));
  });
}

/** Asks until `ready` says yes; gives up after a minute, since a loaded machine is slow. */
async function waitFor(what: string, ready: () => Promise<boolean>): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 60_000; ) {
    if (await ready()) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

/** Debian's sqlite3: another program reading the workspace once, as an administrator's query would. */
function readWithSqliteProgram(db: string): string {
  const result = spawnSync('sqlite3', [db, 'SELECT count(*) FROM settings;'], { encoding: 'utf8' });
  if (result.error) throw new Error(`Install Debian's sqlite3 to run this test (.ci/run does): ${result.error.message}`);
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('a workspace served by the web app', () => {
  it('keeps every change made on the web after another SQLite program reads the file and the server is killed', async () => {
    await sandbox.run('demo', '--dir', '.');
    const db = join(sandbox.dir, 'commsplan.db');
    const added = await cliIn(sandbox.dir)({ PW: PASSWORD }, '--db', db, 'users', 'add', ADMIN, '--role', 'admin', '--password-env', 'PW');
    expect(added.code, added.stderr).toBe(0);

    const url = await serve(db);
    const client = new WebClient(url);
    expect((await client.signIn(ADMIN, PASSWORD)).status).toBe(303);

    // The audiences page starts the counting thread, which opens the workspace again.
    await waitFor('the audiences to be counted', async () => {
      const page = await client.get('/audiences');
      return page.status === 200 && !page.html.includes('data-progress-url');
    });
    // A web import checks the file on a connection of its own, too.
    await client.get('/imports');
    const uploaded = await client.upload('/imports', { name: 'staff.csv', content: 'Email,First Name\r\nann.lee@live.nhs.uk,Ann\r\n' });
    expect(uploaded.status, uploaded.html).toBe(303);
    const job = uploaded.location ?? '';
    await waitFor('the import check', async () => !(await client.get(job)).html.includes('Checking'));

    readWithSqliteProgram(db);

    await client.get('/settings/helpdesk-phone');
    expect((await client.post('/settings/helpdesk-phone', { value: '01632 960123' })).status).toBe(303);
    expect((await client.get('/settings')).html).toContain('01632 960123');

    const backup = spawnSync(process.execPath, [BIN, '--db', db, 'backup', 'copy.db'], { cwd: sandbox.dir, encoding: 'utf8' });
    expect(backup.status, backup.stderr).toBe(0);

    server?.kill('SIGKILL');
    await new Promise((done) => server?.once('close', done));
    server = undefined;

    const settings = await sandbox.run('--db', db, 'settings', '--json');
    expect(settings.stdout).toContain('01632 960123');
    const log = await sandbox.run('--db', db, 'log', '--json');
    expect(log.stdout).toContain('01632 960123');
    expect((await sandbox.run('--db', 'copy.db', 'settings', '--json')).stdout).toContain('01632 960123');
  });
});

describe('commsplan backup', () => {
  it('never replaces a file, and says so when the target exists or its folder is missing', async () => {
    await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
    writeFileSync(join(sandbox.dir, 'taken.db'), 'keep me');
    const taken = await sandbox.run('backup', 'taken.db');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('taken.db already exists');
    expect(readFileSync(join(sandbox.dir, 'taken.db'), 'utf8')).toBe('keep me');

    const nowhere = await sandbox.run('backup', 'no/such/folder/copy.db');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('There is no folder');

    const missing = await sandbox.run('--db', 'none.db', 'backup', 'copy.db');
    expect(missing.code).toBe(3);
    expect(existsSync(join(sandbox.dir, 'copy.db'))).toBe(false);
  });

  it('writes a copy that opens as the same workspace', async () => {
    await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
    await sandbox.run('waves', 'add', '--start', '2027-03-13');
    const made = await sandbox.run('backup', 'copy.db', '--json');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout).bytes).toBeGreaterThan(0);
    const [original, copy] = await Promise.all([sandbox.run('waves', '--json'), sandbox.run('--db', 'copy.db', 'waves', '--json')]);
    expect(copy.stdout).toBe(original.stdout);
    expect(JSON.parse(copy.stdout)).toHaveLength(1);
  });
});

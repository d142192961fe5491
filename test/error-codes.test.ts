import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODE_BY_ERROR, EXIT_CODES } from '../src/shared/errors.js';
import { HTTP_STATUS_BY_ERROR } from '../src/web/http-status.js';
import { cliSandbox } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

const ROOT = join(import.meta.dirname, '..');

/** The rows of README.md's "Exit codes" table: code to meaning. */
function documentedExitCodes(): Map<number, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exit codes'));
  const table = section.slice(0, section.search(/\n#{2,3} /) === -1 ? undefined : section.search(/\n#{2,3} /));
  const rows = [...table.matchAll(/^\| (\d+) \| (.+) \|$/gm)];
  return new Map(rows.map(([, code, meaning]) => [Number(code), meaning as string]));
}

/** Every .ts file under src/ that is not a test, with its text. */
function sourceFiles(dir = join(ROOT, 'src')): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('the exit codes', () => {
  it('are each documented once in the README, and the README documents no other', () => {
    const documented = documentedExitCodes();
    expect([...documented.keys()].sort((a, b) => a - b)).toEqual([...new Set(Object.values(EXIT_CODES))].sort((a, b) => a - b));
    expect(Object.values(EXIT_CODES).length).toBe(new Set(Object.values(EXIT_CODES)).size);
  });

  it('of every error code are among the documented ones', () => {
    const documented = documentedExitCodes();
    for (const [code, exit] of Object.entries(EXIT_CODE_BY_ERROR)) expect(documented.has(exit), `${code} exits ${exit}`).toBe(true);
  });

  it('are named, never written as bare numbers where the CLI sets or returns one', () => {
    const bare = sourceFiles()
      .filter(({ path }) => path.includes(`${join('src', 'cli')}`) || path.endsWith('main.ts'))
      .flatMap(({ path, text }) =>
        [...text.matchAll(/setExitCode\(\s*\d+\s*\)|exitCode\s*=\s*\d+|return\s+\d+\s*;|process\.exit\(\s*\d+\s*\)/g)].map(
          (match) => `${path}: ${match[0]}`,
        ),
      );
    expect(bare).toEqual([]);
  });
});

describe('the HTTP status of each error code', () => {
  it('is 404 for something named that is not there, 409 for a clash and 400 for a malformed value', () => {
    for (const [code, status] of Object.entries(HTTP_STATUS_BY_ERROR)) {
      if (code.startsWith('unknown-') && code !== 'unknown-plan') expect(status, code).toBe(404);
      if (['already-exists', 'changed-meanwhile', 'conflict'].includes(code)) expect(status, code).toBe(409);
    }
    expect(HTTP_STATUS_BY_ERROR['invalid-input']).toBe(400);
    expect(HTTP_STATUS_BY_ERROR['not-permitted']).toBe(403);
  });
});

describe('an unknown sender, audience or task on the web', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => site?.close());

  it.each([
    ['sender', '/senders/no-such', 'Page not found'],
    ['audience', '/audiences/no-such', 'There is no audience called'],
    ['task', '/tasks/no-such', 'Page not found'],
  ])('is not found (404): the %s page', async (_kind, path, words) => {
    const { status, html } = await (await site.client('viewer')).get(path);
    expect(status).toBe(404);
    expect(html).toContain(words);
  });

  it('is not found (404) when an activity is given a sender that is not there, shown on its form, and nothing changes', async () => {
    const editor = await site.client('editor');
    await editor.get('/activities/posters-and-banners');
    const before = await site.snapshot();
    const refused = await editor.post('/activities/posters-and-banners', {
      ownerName: '',
      ownerEmail: '',
      status: 'planned',
      sender: 'no-such',
    });
    expect(refused.status).toBe(404);
    expect(refused.html).toContain('There is no sender called no-such.');
    expect(refused.html).toContain('nhsuk-error-summary');
    expect(await site.snapshot()).toBe(before);
  });

  it('is not found (404) when a task that is not there is marked done, and nothing changes', async () => {
    const editor = await site.client('editor');
    await editor.get('/tasks');
    const before = await site.snapshot();
    expect((await editor.post('/tasks/no-such/done')).status).toBe(404);
    expect(await site.snapshot()).toBe(before);
  });
});

describe('an unknown sender, audience or task in the CLI', () => {
  let sandbox: ReturnType<typeof cliSandbox>;
  beforeEach(async () => {
    sandbox = cliSandbox();
    expect((await sandbox.run('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07')).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  it.each([
    ['sender', ['sender', 'pause', 'no-such', '--reason', 'testing'], 'unknown-sender', 'There is no sender called no-such.'],
    ['audience', ['audience', 'show', 'no-such'], 'unknown-audience', 'There is no audience called "no-such"'],
    ['task', ['task', 'done', 'no-such'], 'unknown-task', 'There is no task "no-such"'],
  ] as const)('ends with the exit code of its error code: the %s', async (_kind, args, code, words) => {
    const result = await sandbox.run(...args);
    expect(result.stderr).toContain(words);
    expect(result.code).toBe(EXIT_CODE_BY_ERROR[code]);
    expect(result.code).toBe(EXIT_CODES.badInput);
  });
});

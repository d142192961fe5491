import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateExports } from '../bench/generate-exports.js';
import { cliSandbox } from './support/cli-harness.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'commsplan.js');

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(() => {
  sandbox = cliSandbox();
});
afterEach(() => sandbox.cleanup());

describe('a command killed half-way', () => {
  it('leaves the workspace as it was before the command', async () => {
    await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
    await sandbox.run('waves', 'add', '--start', '2027-03-13');
    const before = [await sandbox.run('settings', '--json'), await sandbox.run('waves', '--json')];

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/fixtures/hold-transaction-open.ts'), join(sandbox.dir, 'commsplan.db')],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('inside') && done());
      child.on('exit', (code) => fail(new Error(`the fixture exited (${code}) before holding its transaction open`)));
    });
    child.kill('SIGKILL');
    await new Promise((done) => child.on('close', done));

    const after = [await sandbox.run('settings', '--json'), await sandbox.run('waves', '--json')];
    expect(after).toEqual(before);
    expect(after[1]?.stdout).not.toContain('Half-made wave');
  });
});

describe('the installed commsplan command', () => {
  it('prints help and exits 0', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('timeline');
  });

  it('exits 3 with a plain message when the workspace is missing', () => {
    expect(existsSync(join(ROOT, 'dist/main.js')), 'run "npm run build" first').toBe(true);
    const result = spawnSync(process.execPath, [BIN, '--db', join(sandbox.dir, 'none.db'), 'timeline'], { encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^Error: There is no workspace at .*none\.db/);
  });

  it('uses COMMSPLAN_DB when no --db is given', () => {
    const env = { ...process.env, COMMSPLAN_DB: join(sandbox.dir, 'from-env.db') };
    const init = spawnSync(process.execPath, [BIN, 'init', '--org', 'Env Trust', '--start', '2027-01-04'], { encoding: 'utf8', env });
    expect(init.status).toBe(0);
    expect(existsSync(join(sandbox.dir, 'from-env.db'))).toBe(true);
  });
});

const readIfWritten = (path?: string) => (path ? readFileSync(path, 'utf8') : '');

describe('an import checked in a worker thread', () => {
  const worker = (args: string[]) =>
    spawnSync(process.execPath, [BIN, '--db', join(sandbox.dir, 'worker.db'), ...args], {
      encoding: 'utf8',
      cwd: sandbox.dir,
      env: { ...process.env, COMMSPLAN_PARALLEL_IMPORT_BYTES: '0' },
    });

  it('gives the same result, report and rejected rows as an import checked here', async () => {
    const generated = await generateExports({ dir: join(sandbox.dir, 'exports'), people: 400, seed: 11 });
    const staff = readFileSync(generated.files.people, 'latin1').split('\r\n');
    // A row of the wrong width, a bad address and a repeated person, among good rows.
    const flawed = [...staff.slice(0, 50), 'only;two', staff[3]?.replace('@', '@@'), staff[7], ...staff.slice(50)].join('\r\n');
    writeFileSync(join(sandbox.dir, 'staff.csv'), flawed, 'latin1');
    expect(worker(['init', '--org', 'Worker Trust', '--start', '2027-01-04']).status).toBe(0);
    await sandbox.run('init', '--org', 'Worker Trust', '--start', '2027-01-04');

    const imports = [
      [generated.files.mailboxes],
      [generated.files.mailboxStats],
      [generated.files.permissions],
      ['staff.csv', '--skip-invalid'],
    ];
    for (const [file, ...flags] of imports) {
      const there = worker(['import', 'auto', file as string, '--json', ...flags]);
      const thereResult = JSON.parse(there.stdout);
      const reportThere = readIfWritten(thereResult.reportPath);
      const rejectedThere = readIfWritten(thereResult.rejectedPath);
      const here = JSON.parse((await sandbox.run('import', 'auto', file as string, '--json', ...flags)).stdout);
      expect(thereResult.checkedInWorker, file).toBe(true);
      expect(here.checkedInWorker, file).toBe(false);
      expect({ ...thereResult, checkedInWorker: false }).toEqual(here);
      expect(reportThere).toEqual(readIfWritten(here.reportPath));
      expect(rejectedThere).toEqual(readIfWritten(here.rejectedPath));
    }
    const staffResult = JSON.parse(worker(['import', 'auto', 'staff.csv', '--json', '--skip-invalid']).stdout);
    expect(staffResult.rejected).toBe(3);
    const counts = (json: string) =>
      (JSON.parse(json).audiences as { name: string; count: number }[]).map(({ name, count }) => ({ name, count }));
    expect(counts(worker(['audiences', '--json']).stdout)).toEqual(counts((await sandbox.run('audiences', '--json')).stdout));
  });

  it('stops with the same message when the file turns out to be cut short', async () => {
    writeFileSync(join(sandbox.dir, 'cut.csv'), '"Email","First Name"\r\n"a@trust.nhs.uk","A"\r\n"b@trust.nhs.uk","B');
    expect(worker(['init', '--org', 'Worker Trust', '--start', '2027-01-04']).status).toBe(0);
    await sandbox.run('init', '--org', 'Worker Trust', '--start', '2027-01-04');
    const there = worker(['import', 'people', 'cut.csv']);
    const here = await sandbox.run('import', 'people', 'cut.csv');
    expect(there.stderr).toContain('ends inside a quoted value after row 2');
    expect(there.stderr).toEqual(here.stderr);
    expect(there.status).toBe(here.code);
  });
});

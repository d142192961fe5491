import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    const before = await Promise.all([sandbox.run('settings', '--json'), sandbox.run('waves', '--json')]);

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

    const after = await Promise.all([sandbox.run('settings', '--json'), sandbox.run('waves', '--json')]);
    expect(after).toEqual(before);
    expect(after[1].stdout).not.toContain('Half-made wave');
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

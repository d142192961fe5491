import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from './support/cli-harness.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'commsplan.js');
const sandbox = cliSandbox();
const DB = join(sandbox.dir, 'demo', 'commsplan.db');

beforeAll(async () => {
  expect((await sandbox.run('demo', '--dir', 'demo', '--plan-only')).code).toBe(0);
  // Far more than a pipe holds (64 KiB), so the command is still writing when the reader leaves.
  const rows = Array.from({ length: 3000 }, (_, i) => `person${i}@northmoor-valley.example,Person,Number${i},Ward ${i % 40},Wave 1`);
  writeFileSync(join(sandbox.dir, 'staff.csv'), `Email,First Name,Last Name,Department,Wave\r\n${rows.join('\r\n')}\r\n`);
  expect((await sandbox.run('--db', DB, 'import', 'people', 'staff.csv')).code).toBe(0);
});
afterAll(() => sandbox.cleanup());

describe('output piped into a program that stops reading early', () => {
  it.each(['audience show all-staff', 'audience show all-staff --json'])('ends quietly with exit 0 under | head -1: %s', (command) => {
    const script = `node "${BIN}" --db "${DB}" ${command} | head -1; echo "exit $\{PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toBe('exit 0\n');
  });

  it('ends quietly with exit 0 when the reader closes the pipe before anything is written', async () => {
    const child = spawn(process.execPath, [BIN, '--db', DB, 'audience', 'show', 'all-staff'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

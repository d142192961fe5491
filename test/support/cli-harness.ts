import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Today in the tests: Tuesday 24 November 2026, 10:00 UTC. */
export const FIXED_NOW = new Date('2026-11-24T10:00:00Z');

/** A temporary folder with a CLI that runs in-process against it, on a fixed clock. */
export function cliSandbox(now: Date = FIXED_NOW) {
  const dir = mkdtempSync(join(tmpdir(), 'commsplan-test-'));
  const run = async (...args: string[]): Promise<CliResult> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      cwd: dir,
      now: () => now,
    });
    return { code, stdout, stderr };
  };
  return { dir, run, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from '../../src/cli/run-cli.js';
import { ON_POSTGRES, testLocation } from './test-database.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Today in the tests: Tuesday 24 November 2026, 10:00 UTC. */
export const FIXED_NOW = new Date('2026-11-24T10:00:00Z');

/** The real monotonic clock, randomness and ids, for the tests that do not fix them. */
export const SYSTEM_PORTS = {
  monotonicMs: () => performance.now(),
  sleep: (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => {}),
  random: Math.random,
  newId: randomUUID,
  repeat: (everyMs: number, task: () => void) => {
    const timer = setInterval(task, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  },
} as const;

/** Runs the CLI in-process in `cwd` and keeps what it writes. */
export async function runCliCapturing(
  args: string[],
  // `database: 'sqlite-file'` keeps --db and COMMSPLAN_DB as given even on PostgreSQL, for a workspace that must stay an SQLite file.
  options: { cwd: string; now: () => Date; env?: Record<string, string>; database?: 'sqlite-file' },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = options.env ?? {};
  const onDatabase = options.database === 'sqlite-file' ? { args, env } : onTestDatabase(args, env, options.cwd);
  const code = await runCli(onDatabase.args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: onDatabase.env,
    cwd: options.cwd,
    now: options.now,
    ...SYSTEM_PORTS,
  });
  return { code, stdout, stderr };
}

/** Commands that make the demo workspace in a folder (--dir) rather than at --db. */
const DEMO_COMMANDS = new Set(['demo', 'start', 'start-web']);

/**
 * When the suite runs on PostgreSQL, the workspace a command names (with --db, COMMSPLAN_DB or the
 * default commsplan.db) becomes the schema that path stands for (see `testLocation`).
 */
export function onTestDatabase(args: string[], env: Record<string, string>, cwd: string): { args: string[]; env: Record<string, string> } {
  if (!ON_POSTGRES) return { args, env };
  if (DEMO_COMMANDS.has(args[0] ?? '') && !args.includes('--db')) {
    const dir = args.includes('--dir') ? (args[args.indexOf('--dir') + 1] ?? '') : (env.COMMSPLAN_DEMO_DIR ?? 'commsplan-demo');
    return { args: ['--db', testLocation(resolve(cwd, dir, 'commsplan.db')), ...args], env };
  }
  const at = args.indexOf('--db');
  const named = at >= 0 ? args[at + 1] : undefined;
  if (named !== undefined) return { args: args.map((arg, index) => (index === at + 1 ? testLocation(resolve(cwd, named)) : arg)), env };
  return { args, env: { ...env, COMMSPLAN_DB: testLocation(resolve(cwd, env.COMMSPLAN_DB ?? 'commsplan.db')) } };
}

/** The CLI in-process in `dir`, on a fixed clock, with the environment each call gives it. */
export function cliIn(dir: string, now: Date = FIXED_NOW) {
  return (env: Record<string, string>, ...args: string[]) => runCliCapturing(args, { cwd: dir, now: () => now, env });
}

/** A temporary folder with a CLI that runs in-process against it, on a fixed clock. */
export function cliSandbox(now: Date = FIXED_NOW) {
  const dir = mkdtempSync(join(tmpdir(), 'commsplan-test-'));
  const runWithEnv = cliIn(dir, now);
  const run = (...args: string[]) => runWithEnv({}, ...args);
  return { dir, run, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

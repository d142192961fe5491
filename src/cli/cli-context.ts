import { resolve } from 'node:path';
import type { ChangeMaker } from '../audit/audit-log.store.js';
import type { LocalDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import type { Config } from '../config.js';
import { findOrganisation } from '../plan/plan.store.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from '../shared/control-characters.js';
import type { Organisation } from '../shared/organisation.js';
import type { Repeat } from '../shared/repeat.js';
import { openStore } from '../store/open-store.js';
import { isPostgresUrl } from '../store/postgres-location.js';
import type { Store } from '../store/store.js';

export interface OutputStream {
  write(text: string): unknown;
}

/** What a command may touch: streams, clock, configuration and working folder come in from outside. */
export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  /** True when a person watches stderr, so progress can redraw one line. */
  stderrIsTerminal: boolean;
  config: Config;
  /** The environment, where senders find their secrets when they send; never stored. */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => Date;
  /** Milliseconds on a clock that never steps back (the performance clock), for timing and pacing redraws. */
  monotonicMs: () => number;
  /** Waits `ms`, or until `signal` is aborted if that comes first; never rejects: the worker's wait between passes. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A random number from 0 up to 1: the spread of retry delays. */
  random: () => number;
  /** A new unique id (a random UUID): worker, job and message ids. */
  newId: () => string;
  /** Timers that keep running beside the work: a send's lease heartbeat, the web app's upload expiry. */
  repeat: Repeat;
  /**
   * Aborted when the process is asked to stop (Ctrl+C, SIGTERM): `serve` and `worker` wait on it.
   * Listening starts with the first call, so any other command still ends at once on Ctrl+C.
   */
  stopSignal?: () => AbortSignal;
}

export interface GlobalOptions {
  db?: string;
  orgId?: string;
}

export function today(context: CliContext): LocalDate {
  return londonDate(context.now());
}

export function workspacePath(context: CliContext, options: GlobalOptions): string {
  const location = options.db ?? context.config.dbPath;
  return isPostgresUrl(location) ? location : resolve(context.cwd, location);
}

/**
 * How long a command waits for another process's write (an import, a send, the web app) to end:
 * several commands may run at once, and each waits its turn rather than fail.
 */
export const CLI_BUSY_TIMEOUT_MS = 120_000;

/** Opens the workspace for one command and always closes it. */
export async function withStore<T>(path: string, create: boolean, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path, { create, busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** JSON escapes C0 control characters itself; DEL, C1 and the line separators are escaped here too. */
export function printJson(context: CliContext, value: unknown): void {
  context.stdout.write(`${escapeJsonControlCharacters(JSON.stringify(value, null, 2))}\n`);
}

/** A plain-text table with columns padded to their widest cell; control characters in a cell are shown escaped. */
export function formatTable(headers: string[], textRows: string[][]): string {
  const rows = textRows.map((row) => row.map(escapeControlCharacters));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}

/** Opens the workspace and finds the organisation a write command works on. */
export async function withOrganisation<T>(
  context: CliContext,
  options: GlobalOptions,
  work: (store: Store, organisation: Organisation) => Promise<T>,
): Promise<T> {
  const path = workspacePath(context, options);
  return withStore(path, false, async (store) => work(store, await findOrganisation(store.db, path, options.orgId)));
}

/** Who makes a change from the command line (`--by`, else `cli`, as approvals and settings record), and when. */
export function changeBy(context: CliContext, by: string | undefined): ChangeMaker {
  return { actor: by?.trim() || 'cli', now: context.now() };
}

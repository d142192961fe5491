import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutputStream } from './cli/cli-context.js';
import { runCli } from './cli/run-cli.js';

/**
 * A process stream whose reader may leave early, as `commsplan timeline | head -1` does. Once
 * the reader has gone (EPIPE), the rest of the output is dropped and the command ends as it
 * would have, instead of crashing on the unhandled error.
 */
export function outputForEarlyClosingReader(stream: NodeJS.WritableStream & { destroyed: boolean }): OutputStream {
  let readerGone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return {
    write: (text: string) => {
      if (!readerGone && !stream.destroyed) stream.write(text);
    },
  };
}

/**
 * An abort signal for SIGINT and SIGTERM. The handlers go on at the first call only: until then
 * Ctrl+C ends the process as usual. After the first signal the handler of that signal is gone,
 * so a second Ctrl+C ends a process that is slow to stop.
 */
function stopSignalFromProcess(): () => AbortSignal {
  let stop: AbortController | undefined;
  return () => {
    if (stop) return stop.signal;
    const controller = new AbortController();
    stop = controller;
    process.once('SIGINT', () => controller.abort());
    process.once('SIGTERM', () => controller.abort());
    return controller.signal;
  };
}

/**
 * The composition root: the real streams, environment, working folder, clocks, randomness and
 * stop signals are wired in here and nowhere else.
 */
export async function main(args: readonly string[]): Promise<number> {
  return runCli(args, {
    stdout: outputForEarlyClosingReader(process.stdout),
    stderr: outputForEarlyClosingReader(process.stderr),
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    monotonicMs: () => performance.now(),
    sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => {}),
    random: Math.random,
    newId: randomUUID,
    stopSignal: stopSignalFromProcess(),
  });
}

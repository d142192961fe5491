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
 * The composition root: real streams, environment, working folder and clock are wired in here
 * and nowhere else.
 */
export async function main(args: readonly string[]): Promise<number> {
  return runCli(args, {
    stdout: outputForEarlyClosingReader(process.stdout),
    stderr: outputForEarlyClosingReader(process.stderr),
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    waitForStop: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  });
}

import { runCli } from './cli/run-cli.js';

/**
 * The composition root: real streams, environment, working folder and clock are wired in here
 * and nowhere else.
 */
export async function main(args: readonly string[]): Promise<number> {
  return runCli(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  });
}

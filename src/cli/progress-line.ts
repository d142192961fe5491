import type { CliContext } from './cli-context.js';

/**
 * Progress of long work on stderr: for a person watching, one line redrawn in place; in a log,
 * a line each time another `every` units are done. Call `finish` when the work ends, before
 * anything else is written.
 */
export function progressLine(context: CliContext, every = 100_000): { show: (line: string, done: number) => void; finish: () => void } {
  let lastLogged = 0;
  let shownLength = 0;
  const show = (line: string, done: number) => {
    if (context.stderrIsTerminal) {
      // Spaces cover the end of a longer line drawn before.
      context.stderr.write(`\r${line.padEnd(shownLength)}`);
      shownLength = line.length;
      return;
    }
    if (done - lastLogged >= every) {
      lastLogged = done;
      context.stderr.write(`${line}\n`);
    }
  };
  const finish = () => {
    if (shownLength) context.stderr.write('\n');
    shownLength = 0;
  };
  return { show, finish };
}

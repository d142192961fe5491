import { describe, expect, it } from 'vitest';
import type { CliContext } from './cli-context.js';
import { progressLine } from './progress-line.js';

function watched(stderrIsTerminal: boolean) {
  let written = '';
  const context = { stderrIsTerminal, stderr: { write: (text: string) => (written += text) } } as unknown as CliContext;
  return { progress: progressLine(context, 100), written: () => written };
}

describe('progressLine', () => {
  it('redraws one line for a person watching, covering the end of a longer line, and ends it', () => {
    const { progress, written } = watched(true);
    progress.show('Copying people: 10 rows', 10);
    progress.show('Copying waves: 1 row', 11);
    progress.finish();
    expect(written()).toBe('\rCopying people: 10 rows\rCopying waves: 1 row   \n');
  });

  it('writes a line each time another batch is done when nobody watches, and nothing to end', () => {
    const { progress, written } = watched(false);
    for (const done of [50, 100, 150, 210]) progress.show(`${done} rows`, done);
    progress.finish();
    expect(written()).toBe('100 rows\n210 rows\n');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type CliResult, runCliCapturing } from './cli-harness.js';
import { sqlOnFile } from './sqlite-file.js';

/** Where a test's demo workspace is, and the moment its commands run at: the test moves both. */
export interface DemoPlace {
  dir: string;
  clock: Date;
}

/**
 * The CLI on a demo workspace (`demo --dir demo` inside `place.dir`), run in process at
 * `place.clock`, read when each command runs: `run` gives the result, `ok` also expects exit code 0,
 * `sql` reads the workspace file, `file` writes a file beside it and gives its name.
 */
export function demoCli(place: DemoPlace) {
  const run = (...args: string[]): Promise<CliResult> =>
    runCliCapturing(['--db', 'demo/commsplan.db', ...args], { cwd: place.dir, now: () => place.clock });
  const ok = async (...args: string[]): Promise<CliResult> => {
    const result = await run(...args);
    expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };
  const sql = <T>(query: string, ...parameters: unknown[]): T[] => sqlOnFile<T>(join(place.dir, 'demo/commsplan.db'), query, ...parameters);
  const file = (name: string, text: string): string => {
    writeFileSync(join(place.dir, name), text);
    return name;
  };
  return { run, ok, sql, file };
}

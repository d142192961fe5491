import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SQLITE_DRIVER_PACKAGE, SQLITE_DRIVER_PATH, SqliteDriver } from './sqlite-driver.js';

describe('the SQLite driver', () => {
  it('is release 12 on Node 20 and release 13 on Node 22 and later', () => {
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    const { version } = createRequire(import.meta.url)(`${SQLITE_DRIVER_PACKAGE}/package.json`) as { version: string };
    expect(version.split('.')[0]).toBe(nodeMajor >= 22 ? '13' : '12');
  });

  it('survives garbage collection of many closed databases', () => {
    const answers: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      const db = new SqliteDriver(':memory:');
      answers.push(db.prepare('select 1 as one').get());
      db.close();
    }
    expect(answers).toEqual(Array.from({ length: 200 }, () => ({ one: 1 })));
    // The failure this guards against aborts the process, so garbage collection runs in a process of its own.
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '-e',
        `const D = require(${JSON.stringify(SQLITE_DRIVER_PATH)});
         for (let i = 0; i < 200; i++) { const db = new D(':memory:'); db.prepare('select 1').get(); db.close(); }
         globalThis.gc(); setTimeout(() => { globalThis.gc(); process.stdout.write('collected'); }, 10);`,
      ],
      { encoding: 'utf8' },
    );
    expect([child.status, child.signal, child.stdout]).toEqual([0, null, 'collected']);
  });
});

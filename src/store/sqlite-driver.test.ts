import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SQLITE_DRIVER_PACKAGE, SqliteDriver } from './sqlite-driver.js';

describe('the SQLite driver', () => {
  it('is release 12 on Node 20 and release 13 on Node 22 and later', () => {
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    const { version } = createRequire(import.meta.url)(`${SQLITE_DRIVER_PACKAGE}/package.json`) as { version: string };
    expect(version.split('.')[0]).toBe(nodeMajor >= 22 ? '13' : '12');
  });

  it('survives garbage collection of many closed databases', () => {
    for (let i = 0; i < 200; i++) {
      const db = new SqliteDriver(':memory:');
      db.prepare('select 1').get();
      db.close();
    }
    (globalThis as { gc?: () => void }).gc?.();
    expect(true).toBe(true);
  });
});

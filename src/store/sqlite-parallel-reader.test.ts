import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SqliteDatabase, SqliteDriver } from './sqlite-driver.js';
import { sqliteParallelReader } from './sqlite-parallel-reader.js';
import type { ReadQuery } from './store.js';

/** Threads of this process, from the kernel: a worker thread that is still running counts. */
function threadCount(): number {
  return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

async function settle(milliseconds: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
}

const quick: ReadQuery = { sql: 'SELECT count(*) AS n FROM numbers', parameters: [] };
const broken: ReadQuery = { sql: 'SELECT * FROM no_such_table', parameters: [] };
/** Minutes of work for one core: the worker would still be at it long after the test ends. */
const endless: ReadQuery = {
  sql: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000000) SELECT count(*) AS n FROM n',
  parameters: [],
};

let dir: string;
let path: string;
let sqlite: SqliteDatabase;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-reader-'));
  path = join(dir, 'reads.db');
  sqlite = new SqliteDriver(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE numbers (n integer); INSERT INTO numbers VALUES (1), (2), (3);');
  unhandled.length = 0;
  process.on('unhandledRejection', recordUnhandled);
});

afterEach(() => {
  process.off('unhandledRejection', recordUnhandled);
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading in two threads', () => {
  it('returns every answer in the order asked, half of them from the worker', async () => {
    const read = sqliteParallelReader(path, sqlite);
    const queries = [1, 2, 3, 4].map((n) => ({ sql: 'SELECT count(*) AS n FROM numbers WHERE n < ?', parameters: [n] }));
    expect(await read(queries)).toEqual([[{ n: 0 }], [{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
  });

  it('reports the worker half failing', async () => {
    const read = sqliteParallelReader(path, sqlite);
    await expect(read([quick, quick, quick, broken])).rejects.toThrow('A parallel read failed: no such table: no_such_table');
  });

  it('leaves no unhandled rejection behind when both halves fail', async () => {
    const read = sqliteParallelReader(path, sqlite);
    await expect(read([broken, quick, quick, broken])).rejects.toThrow('no such table');
    await settle(500);
    expect(unhandled).toEqual([]);
  });

  it('ends the worker thread when this thread fails first, instead of leaving it to run on', async () => {
    const read = sqliteParallelReader(path, sqlite);
    await read([quick, quick, quick, quick]);
    await settle(200);
    const before = threadCount();
    await expect(read([broken, quick, quick, endless])).rejects.toThrow('no such table');
    await settle(300);
    expect(threadCount()).toBe(before);
  });
});

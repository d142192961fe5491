import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach } from 'vitest';
import { openSqliteStore } from '../../src/store/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/**
 * A workspace file in a fresh temporary folder with one extra table `t` of one column `n`, for
 * tests of what watches the database change. Each call opens a new one; all are closed and
 * removed after each test.
 */
export function scratchStores(columnType: 'TEXT' | 'INTEGER'): () => Promise<Store> {
  const opened: { dir: string; store: Store }[] = [];
  afterEach(async () => {
    for (const { dir, store } of opened.splice(0)) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commsplan-scratch-'));
    const store = await openSqliteStore(join(dir, 'w.db'), { create: true });
    opened.push({ dir, store });
    await sql.raw(`CREATE TABLE t (n ${columnType})`).execute(store.db);
    return store;
  };
}

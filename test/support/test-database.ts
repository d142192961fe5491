import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type OpenStoreOptions, openStore } from '../../src/store/open-store.js';
import { isPostgresUrl } from '../../src/store/postgres-location.js';
import type { Store } from '../../src/store/store.js';

/**
 * The suite runs on SQLite, and again on PostgreSQL when COMMSPLAN_TEST_POSTGRES holds the URL of
 * a throwaway database (`.ci/run` and `npm run test:postgres` create one and drop it after). A
 * workspace file path a test names then stands for a schema of its own in that database, named
 * after the path, so every test keeps its own workspace and the same path finds the same one.
 */
export const TEST_POSTGRES_URL = process.env.COMMSPLAN_TEST_POSTGRES || undefined;

export const ON_POSTGRES = TEST_POSTGRES_URL !== undefined;

function urlWithSchema(schema: string): string {
  if (!TEST_POSTGRES_URL) throw new Error('COMMSPLAN_TEST_POSTGRES is not set');
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** A new, empty PostgreSQL schema's URL in the test database; only when the suite runs on PostgreSQL. */
export function freshPostgresUrl(): string {
  return urlWithSchema(`t_${randomBytes(8).toString('hex')}`);
}

/** The workspace a test's file path stands for: the path itself on SQLite, its own schema on PostgreSQL. */
export function testLocation(path: string): string {
  if (!ON_POSTGRES || isPostgresUrl(path) || path === ':memory:') return path;
  return urlWithSchema(`w_${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 24)}`);
}

/** Opens the workspace a test's file path stands for (see `testLocation`). */
export function openTestStore(path: string, options: OpenStoreOptions): Promise<Store> {
  return openStore(testLocation(path), options);
}

/**
 * Test files that do not run on PostgreSQL yet, each with why. When the suite runs on PostgreSQL
 * (COMMSPLAN_TEST_POSTGRES), vitest leaves these out and `npm run test:postgres` runs them on SQLite
 * instead, so every file still runs on every pass. Empty this list, do not grow it.
 */
export const POSTGRES_PENDING: Readonly<Record<string, string>> = {};

/** Test files that test SQLite itself and have no PostgreSQL counterpart to run. */
export const SQLITE_ONLY: Readonly<Record<string, string>> = {
  'src/store/sqlite-driver.test.ts': 'the better-sqlite3 driver wrapper',
  'src/store/sqlite-parallel-reader.test.ts': 'read-only SQLite connections in worker threads',
  'src/store/statement-cache.test.ts': 'the prepared-statement cache of the SQLite driver',
};

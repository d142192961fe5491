/**
 * The suite is moving onto PostgreSQL file by file. `npm run test:postgres` runs the files listed
 * here with every workspace on PostgreSQL, and every other file on SQLite, so each file still runs
 * on each pass. A file joins the list when it runs green on PostgreSQL; the list ends when it
 * holds every file but those in SQLITE_ONLY.
 */
export const POSTGRES_READY: readonly string[] = [
  'src/store/open-postgres-store.test.ts',
  'test/migrate-to-postgres.test.ts',
];

/** Test files of SQLite itself, with no PostgreSQL counterpart to run. */
export const SQLITE_ONLY: Readonly<Record<string, string>> = {
  'src/store/sqlite-driver.test.ts': 'the better-sqlite3 driver wrapper',
  'src/store/sqlite-parallel-reader.test.ts': 'read-only SQLite connections in worker threads',
  'src/store/statement-cache.test.ts': 'the prepared-statement cache of the SQLite driver',
};

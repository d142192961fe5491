/**
 * The suite is moving onto PostgreSQL file by file. `npm run test:postgres` runs the files listed
 * here with every workspace on PostgreSQL, and every other file on SQLite, so each file still runs
 * on each pass. A file joins the list when it runs green on PostgreSQL; the list ends when it
 * holds every file but those in SQLITE_ONLY.
 */
export const POSTGRES_READY: readonly string[] = [
  'src/store/open-postgres-store.test.ts',
  'test/migrate-to-postgres.test.ts',
  'src/messages/render-template.test.ts',
  'src/plan-outputs/plan-document.test.ts',
  'src/plan/nhsmail-plan.test.ts',
  'src/plan/quota-emails.test.ts',
  'src/publishing/channel-copy.test.ts',
  'src/publishing/information-pack.test.ts',
  'src/waves/partition-waves.test.ts',
  'test/approval-and-outbox.test.ts',
  'test/approval-guards.test.ts',
  'test/bounces.test.ts',
  'test/directory-import.test.ts',
  'test/information-pack.test.ts',
  'test/lost-letters.test.ts',
  'test/move-date-told.test.ts',
  'test/owners-told-what-they-own.test.ts',
  'test/people-and-links.test.ts',
  'test/quota-emails-sent.test.ts',
  'test/realistic-trust.test.ts',
  'test/staff-mailbox-links.test.ts',
  'test/wave-planning.test.ts',
  'test/wave-results.test.ts',
  'test/web-accessibility.test.ts',
  'test/web-audit-log.test.ts',
  'test/web-import-check.test.ts',
  'test/web-mail.test.ts',
  'test/web-microsoft-sign-in.test.ts',
  'test/web-people.test.ts',
  'test/web-two-instances.test.ts',
];

/** Test files of SQLite itself, with no PostgreSQL counterpart to run. */
export const SQLITE_ONLY: Readonly<Record<string, string>> = {
  'src/store/sqlite-driver.test.ts': 'the better-sqlite3 driver wrapper',
  'src/store/sqlite-parallel-reader.test.ts': 'read-only SQLite connections in worker threads',
  'src/store/statement-cache.test.ts': 'the prepared-statement cache of the SQLite driver',
};

/**
 * Runs one import in its own process and prints its time and peak memory as JSON. It runs the
 * built code in dist/, as the commsplan command does (the import's worker thread runs compiled code).
 */
import type { ImportKind } from '../src/directory/import-kinds.js';
import { SqliteDriver } from '../src/store/sqlite-driver.js';

/** What each kind of import stores, counted after it: the rows that reached the database, not the rows read. */
const STORED: Partial<Record<ImportKind, string>> = {
  mailboxes: 'SELECT count(*) AS n FROM mailboxes WHERE org_id = @org',
  'mailbox-stats': 'SELECT count(*) AS n FROM mailboxes WHERE org_id = @org AND size_bytes IS NOT NULL',
  permissions: 'SELECT count(*) AS n FROM mailbox_permissions WHERE org_id = @org',
  people:
    'SELECT (SELECT count(*) FROM people WHERE org_id = @org) + (SELECT count(*) FROM staff_without_address WHERE org_id = @org) AS n',
  'nhsmail-accounts': 'SELECT count(*) AS n FROM nhsmail_accounts WHERE org_id = @org',
  'mobile-devices': 'SELECT count(*) AS n FROM mobile_devices WHERE org_id = @org',
  'migration-status': 'SELECT count(*) AS n FROM migration_results WHERE org_id = @org',
};

/** A module of the build, typed by its source. */
const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { importTableFile } = (await built('directory/import-file.js')) as typeof import('../src/directory/import-file.js');
const { openTableFile } = (await built('directory/read-table-file.js')) as typeof import('../src/directory/read-table-file.js');
const { findOrganisation } = (await built('plan/plan.store.js')) as typeof import('../src/plan/plan.store.js');
const { openSqliteStore } = (await built('store/open-sqlite-store.js')) as typeof import('../src/store/open-sqlite-store.js');

const [dbPath, kind, file] = process.argv.slice(2) as [string, ImportKind, string];
const store = await openSqliteStore(dbPath, { create: false });
const organisation = await findOrganisation(store.db, dbPath);
const started = performance.now();
const table = await openTableFile(file);
const result = await importTableFile(
  store,
  organisation,
  table,
  { kind, file, skipInvalid: true, replace: false, dateOrder: 'en-GB' },
  { problem: () => undefined, rejectedRow: () => undefined },
  new Date(),
);
const seconds = (performance.now() - started) / 1000;
// Closing folds the write-ahead log back into the database file: deferred work, timed apart.
const closing = performance.now();
await store.close();
const closeSeconds = (performance.now() - closing) / 1000;
const storedQuery = STORED[kind];
const check = new SqliteDriver(dbPath, { readonly: true });
const stored = storedQuery ? (check.prepare(storedQuery).get({ org: organisation.id }) as { n: number }).n : undefined;
check.close();
process.stdout.write(
  `${JSON.stringify({ kind, rows: result.rowsRead, stored, rejected: result.rejected, skipped: result.skipped, seconds, committed: result.committed, errors: result.errors, inWorker: result.checkedInWorker, closeSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);

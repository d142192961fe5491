/** Runs one import in its own process and prints its time and peak memory as JSON. */
import { importTableFile } from '../src/directory/import-file.js';
import type { ImportKind } from '../src/directory/import-kinds.js';
import { openTableFile } from '../src/directory/read-table-file.js';
import { findOrganisation } from '../src/plan/plan.store.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';

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
await store.close();
process.stdout.write(
  `${JSON.stringify({ kind, rows: result.rowsRead, seconds, committed: result.committed, errors: result.errors, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);

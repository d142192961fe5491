import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 12 is the last release that runs on Node 20, but its native destructor aborts
 * the process when garbage collection frees a closed database on Node 24. Release 13 fixes that
 * and needs Node 22 or later, so we install both and load the one that suits this Node.
 * See docs/adr/0003-two-sqlite-driver-releases.md.
 */
const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

export const SQLITE_DRIVER_PACKAGE = nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;

export const SqliteDriver: typeof BetterSqlite3 = require(SQLITE_DRIVER_PACKAGE);

/** Where the driver lives, for a worker thread that loads it by absolute path. */
export const SQLITE_DRIVER_PATH: string = require.resolve(SQLITE_DRIVER_PACKAGE);

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { Kysely, Migrator } from 'kysely';
import { CommsplanError } from '../shared/errors.js';
import { ImmediateSqliteDialect } from './immediate-transactions.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { type SqliteDatabase, SqliteDriver } from './sqlite-driver.js';
import { sqliteParallelReader } from './sqlite-parallel-reader.js';
import { keepingStatements } from './statement-cache.js';
import type { SqlValue, Store } from './store.js';

/** Written into every workspace file's header, so a foreign SQLite file is never mistaken for one. */
export const COMMSPLAN_APPLICATION_ID = 0x436d706c;

const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Whether the file starts like an SQLite database. Only for a file SQLite has just refused: closing
 * any descriptor of a file drops every POSIX lock this process holds on it, SQLite's included, and a
 * file SQLite refuses cannot be open as a database elsewhere in this process, so no lock is lost.
 */
function startsLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const length = readSync(fd, buffer, 0, 16, 0);
    return buffer.subarray(0, length).toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

function notAWorkspace(path: string, why: string): CommsplanError {
  return new CommsplanError('workspace-unreadable', `${path} is not a commsplan workspace: ${why}. Check the --db path.`, { file: path });
}

function checkFileBeforeOpening(path: string, create: boolean): void {
  if (!existsSync(path)) {
    if (create) return;
    throw new CommsplanError(
      'workspace-not-found',
      `There is no workspace at ${path}. Create one with "commsplan init --org NAME --start YYYY-MM-DD", or point --db at an existing one.`,
      { file: path },
    );
  }
  const stats = statSync(path);
  if (stats.isDirectory()) throw notAWorkspace(path, 'it is a folder, not a file');
  if (!stats.isFile()) throw notAWorkspace(path, 'it is a device or a pipe, not a file');
}

function checkIdentity(sqlite: SqliteDatabase, path: string, create: boolean): void {
  const applicationId = sqlite.pragma('application_id', { simple: true }) as number;
  if (applicationId === COMMSPLAN_APPLICATION_ID) return;
  const tables = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number };
  if (applicationId !== 0 || tables.n > 0) {
    throw new CommsplanError(
      'workspace-foreign',
      `${path} is an SQLite database that belongs to another program, so commsplan will not touch it. Choose another --db path.`,
      { file: path },
    );
  }
  if (!create) throw notAWorkspace(path, 'it is empty');
  sqlite.pragma(`application_id = ${COMMSPLAN_APPLICATION_ID}`);
}

function translateSqliteError(error: unknown, path: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return notAWorkspace(path, 'the file is damaged');
  return error;
}

/** Why the file was refused as it was opened; its connection is closed by then. */
function refusedOnOpening(error: unknown, path: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' && path !== ':memory:' && !startsLikeSqlite(path))
    return notAWorkspace(path, 'it is not an SQLite database');
  return translateSqliteError(error, path);
}

async function migrate(db: Kysely<Database>, path: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateToLatest();
  if (!error) return;
  if (error instanceof Error && /corrupted migrations/.test(error.message)) {
    throw new CommsplanError('workspace-too-new', `${path} was written by a newer version of commsplan. Upgrade commsplan to open it.`, {
      file: path,
    });
  }
  throw translateSqliteError(error, path);
}

/** How long a statement waits for another connection's write to end, unless the opener says otherwise. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * A connection to the workspace file, checked through SQLite to be one (or, with `create`, made
 * one), and closed again when it is not. Nothing else in commsplan opens the file while it is open.
 */
export function connectToWorkspace(path: string, options: { create: boolean }): SqliteDatabase {
  if (path !== ':memory:') checkFileBeforeOpening(path, options.create);
  let sqlite: SqliteDatabase | undefined;
  try {
    sqlite = new SqliteDriver(path);
    checkIdentity(sqlite, path, options.create);
    return sqlite;
  } catch (error) {
    sqlite?.close();
    throw refusedOnOpening(error, path);
  }
}

/**
 * Opens the workspace in an SQLite file, bringing its schema up to date. With `create`, a missing
 * or empty file becomes a new workspace; otherwise it is an error. `busyTimeoutMs`: how long a
 * write waits for another connection's to end before it gives up with SQLITE_BUSY.
 */
export async function openSqliteStore(path: string, options: { create: boolean; busyTimeoutMs?: number }): Promise<Store> {
  const sqlite = connectToWorkspace(path, options);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${Math.round(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
    // The default 2 MB page cache thrashes on tables of a million people. 64 MB keeps their
    // indexes warm and leaves room under the 1 GB an import may use (see npm run bench).
    sqlite.pragma('cache_size = -65536');
  } catch (error) {
    sqlite.close();
    throw translateSqliteError(error, path);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite) }) });
  try {
    await migrate(db, path);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const close = async () => {
    // Keeps the planner's statistics current after imports; bounded, so it costs milliseconds.
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize');
    await db.destroy();
  };
  return {
    db,
    dialect: 'sqlite',
    location: path,
    close,
    bulkInsert: sqliteBulkInsert(sqlite),
    readInParallel: sqliteParallelReader(path, sqlite),
  };
}

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

function sqliteBulkInsert(sqlite: SqliteDatabase): Store['bulkInsert'] {
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  return async (_db, table, columns, rows) => {
    if (![table, ...columns].every((name) => SAFE_NAME.test(name))) throw new Error(`Unsafe table or column name in bulk insert: ${table}`);
    const key = `${table}(${columns.join(',')})`;
    let statement = statements.get(key);
    if (!statement) {
      statement = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(key, statement);
    }
    for (const row of rows) statement.run(row as SqlValue[]);
  };
}

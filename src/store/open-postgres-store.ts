import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { CommsplanError } from '../shared/errors.js';
import { migrationProvider } from './migrations/index.js';
import { postgresBulkInsert } from './postgres-bulk-insert.js';
import { describePostgresUrl, type PostgresLocation, parsePostgresUrl } from './postgres-location.js';
import type { Database } from './schema.js';
import type { ReadQuery, Store } from './store.js';

/** Connections each process keeps open to PostgreSQL, unless the opener says otherwise. */
export const DEFAULT_POOL_SIZE = 10;

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const UNIQUE_VIOLATION = '23505';

/**
 * Counts and sums come back as numbers, as they do from SQLite. PostgreSQL's int8 and numeric
 * arrive as text by default because they can exceed 2^53; no count or sum of ours comes near.
 */
const numberTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** The connection error PostgreSQL or the network gave, as a message that names the server and database but never the password. */
function unreachable(location: PostgresLocation, error: unknown): unknown {
  const where = describePostgresUrl(location);
  const code = (error as { code?: string }).code ?? '';
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'nothing answers at that address; check the host and port, and that PostgreSQL is running',
    ENOTFOUND: 'the host name is not known; check the host in the URL',
    EAI_AGAIN: 'the host name could not be looked up; check the host in the URL',
    ETIMEDOUT: 'the server did not answer in time; check the host, port and firewall',
    '28P01': 'the password was refused; check the password for that user',
    '28000': 'the server refused that user from this address; check the user name and pg_hba.conf',
    '3D000': 'that database does not exist; create it first (createdb), or check the name in the URL',
    '42501': 'that user may not use this database or schema; grant it CONNECT, USAGE and CREATE',
  };
  const reason = reasons[code];
  if (!reason) return error;
  return new CommsplanError('workspace-unreachable', `Cannot open the workspace database ${where}: ${reason}.`, {
    host: location.host,
    database: location.database,
  });
}

async function hasWorkspace(db: Kysely<Database>): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    SELECT to_regclass('kysely_migration') IS NOT NULL AS found`.execute(db);
  return result.rows[0]?.found === true;
}

/** Two keys of PostgreSQL's advisory lock: commsplan's migrations, in one schema. */
const MIGRATION_LOCK_KEY = 0x436d706c;

/**
 * Runs the migrations that have not run, in one transaction that first takes an advisory lock
 * for this schema: when several instances start at once, one migrates and the others wait, then
 * find nothing to do. The record is Kysely's own (`kysely_migration`), so Kysely's Migrator reads
 * it too; Kysely's Migrator is not used here because it lists every table of every schema in the
 * database first, which grows slow in a database that holds many workspaces.
 */
async function migrate(db: Kysely<Database>, location: PostgresLocation): Promise<void> {
  const provided = Object.entries(await migrationProvider('postgres').getMigrations()).sort(([a], [b]) => a.localeCompare(b));
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}, hashtext(current_schema()))`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`.execute(
      trx,
    );
    await sql`CREATE TABLE IF NOT EXISTS kysely_migration_lock (id varchar(255) NOT NULL PRIMARY KEY, is_locked integer NOT NULL DEFAULT 0)`.execute(
      trx,
    );
    await sql`INSERT INTO kysely_migration_lock (id, is_locked) VALUES ('migration_lock', 0) ON CONFLICT DO NOTHING`.execute(trx);
    const done = new Set((await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(trx)).rows.map((row) => row.name));
    const known = new Set(provided.map(([name]) => name));
    if ([...done].some((name) => !known.has(name))) {
      throw new CommsplanError(
        'workspace-too-new',
        `The workspace database ${describePostgresUrl(location)} was written by a newer version of commsplan. Upgrade commsplan to open it.`,
        { host: location.host, database: location.database },
      );
    }
    for (const [name, migration] of provided) {
      if (done.has(name)) continue;
      await migration.up(trx);
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`.execute(
        trx,
      );
    }
  });
}

async function prepareSchema(pool: pg.Pool, location: PostgresLocation, create: boolean): Promise<void> {
  if (!location.schema || !create) return;
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${location.schema}"`);
  } catch (error) {
    // Two instances creating it at once: IF NOT EXISTS does not stop the second from colliding.
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
  }
}

/**
 * Opens the workspace in a PostgreSQL database (a `postgres://` URL, optionally with `schema=NAME`
 * to keep it in one schema and `pool_size=N`, which wins over `options.poolSize`), bringing its tables up to date. With `create`, a database without
 * commsplan's tables gets them; otherwise that is an error.
 */
export async function openPostgresStore(url: string, options: { create: boolean; poolSize?: number }): Promise<Store> {
  const location = parsePostgresUrl(url);
  const pool = new pg.Pool({
    ...location.connection,
    max: location.poolSize ?? options.poolSize ?? DEFAULT_POOL_SIZE,
    types: numberTypes,
    ...(location.schema ? { options: `-c search_path="${location.schema}"` } : {}),
  });
  // An idle connection the server drops (a restart, a failover) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await prepareSchema(pool, location, options.create).catch((error: unknown) => {
      throw unreachable(location, error);
    });
    const exists = await hasWorkspace(db).catch((error: unknown) => {
      throw unreachable(location, error);
    });
    if (!exists && !options.create) {
      throw new CommsplanError(
        'workspace-not-found',
        `There is no workspace in ${describePostgresUrl(location)}. Create one with "commsplan init --org NAME --start YYYY-MM-DD", or check the database URL.`,
        { host: location.host, database: location.database },
      );
    }
    await migrate(db, location);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: 'postgres',
    location: describePostgresUrl(location),
    close: () => db.destroy(),
    bulkInsert: postgresBulkInsert(),
    readInParallel: (queries: readonly ReadQuery[]) =>
      Promise.all(queries.map(async (query) => (await pool.query(query.sql, query.parameters as unknown[])).rows)),
  };
}

import { type CreateTableBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';

/**
 * The one place where SQLite and PostgreSQL differ in our SQL. Everything else goes through
 * Kysely's portable builders.
 */
export type DialectName = 'sqlite' | 'postgres';

/** An `id` column numbered by the database. */
export function autoIncrementId<T extends string>(dialect: DialectName, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Whether `text` holds a character outside `characters` (a regular-expression class body, such as `a-z0-9`). */
export function holdsCharacterOutside(dialect: DialectName, text: RawBuilder<unknown>, characters: string): RawBuilder<boolean> {
  return dialect === 'postgres' ? sql<boolean>`(${text} ~ ${`[^${characters}]`})` : sql<boolean>`(${text} GLOB ${`*[^${characters}]*`})`;
}

/** A column of raw bytes: `blob` on SQLite, `bytea` on PostgreSQL. Both hand back a Buffer. */
export function binaryColumnType(dialect: DialectName): 'blob' | 'bytea' {
  return dialect === 'postgres' ? 'bytea' : 'blob';
}

/**
 * Whether a row can be written while another connection's transaction is open and writing.
 * PostgreSQL locks rows, so a job's progress row can be updated while its import runs. SQLite has
 * one writer at a time: an import's transaction holds the file's write lock until it ends, and on
 * the same thread a second connection waiting for it would stall the import itself.
 */
export function writesBesideAnOpenWrite(dialect: DialectName): boolean {
  return dialect === 'postgres';
}

/** `a = b` that treats two NULLs as equal. */
export function nullSafeEquals(dialect: DialectName, left: string, right: string): string {
  return dialect === 'postgres' ? `${left} IS NOT DISTINCT FROM ${right}` : `${left} IS ${right}`;
}

export interface IndexDefinition {
  name: string;
  /** The statement that creates it, as the database reports it. */
  create: string;
}

/** A table's indexes other than its primary key and unique constraints, with how to recreate them. */
export async function secondaryIndexes(db: Queryable, dialect: DialectName, table: string): Promise<IndexDefinition[]> {
  if (dialect === 'postgres') {
    const result = await sql<IndexDefinition>`
      SELECT i.indexname AS name, i.indexdef AS create FROM pg_indexes i
      WHERE i.tablename = ${table} AND i.schemaname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db);
    return result.rows;
  }
  const result = await sql<IndexDefinition>`
    SELECT name, sql AS "create" FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL ORDER BY name`.execute(
    db,
  );
  return result.rows;
}

/**
 * The rows a worker is about to claim. On PostgreSQL several workers share one outbox: each
 * locks the rows it picks and skips rows another worker has locked (`FOR UPDATE SKIP LOCKED`),
 * so they take different rows without waiting on each other. SQLite has one writer at a time
 * and has no such clause. See docs/adr/0008-leases-and-several-workers.md.
 */
export function skippingRowsOthersHold<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** SQLite's `synchronous` as last set on each connection by this module; FULL unless set. */
const sqliteSynchronous = new WeakMap<object, 'FULL' | 'NORMAL'>();

async function setSqliteSynchronous(db: Kysely<Database>, mode: 'FULL' | 'NORMAL'): Promise<void> {
  if ((sqliteSynchronous.get(db) ?? 'FULL') === mode) return;
  await sql.raw(`PRAGMA synchronous = ${mode}`).execute(db);
  sqliteSynchronous.set(db, mode);
}

/**
 * Runs `work` in a transaction whose commit is flushed to disk (`flush`) or only handed to the
 * operating system (`relaxed`). A relaxed commit survives the process being killed but may be
 * lost, whole, if the machine loses power before a later flushed commit; it never corrupts.
 * SQLite in WAL mode: `synchronous` FULL or NORMAL, set outside the transaction and left as it
 * is until a commit asks for the other, so a run of relaxed commits costs one switch; call
 * `restoreFullDurability` when the run ends. PostgreSQL: `synchronous_commit` for this
 * transaction only.
 */
export async function transactionWithDurability<T>(
  db: Kysely<Database>,
  dialect: DialectName,
  durability: 'flush' | 'relaxed',
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres')
    return db.transaction().execute(async (trx) => {
      await sql.raw(`SET LOCAL synchronous_commit = ${durability === 'flush' ? 'on' : 'off'}`).execute(trx);
      return work(trx);
    });
  await setSqliteSynchronous(db, durability === 'flush' ? 'FULL' : 'NORMAL');
  return db.transaction().execute(work);
}

/** Every later commit on this connection is flushed to disk again (SQLite; PostgreSQL needs nothing). */
export async function restoreFullDurability(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await setSqliteSynchronous(db, 'FULL');
}

import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';

/** An open workspace database, whichever engine is behind it. */
export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A path or connection description, for messages. */
  location: string;
  close(): Promise<void>;
  /**
   * Inserts many rows fast, inside the transaction `db` (the caller's transaction). SQLite uses one
   * prepared statement on its one connection; PostgreSQL sends each column as an array.
   */
  bulkInsert(db: Queryable, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** Independent read-only queries outside any transaction, spread over the machine's cores. */
  readInParallel: ParallelReader;
}

export type SqlValue = string | number | bigint | null;

export interface ReadQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** Runs independent read-only queries, in parallel where the engine allows, in the given order. */
export type ParallelReader = (queries: readonly ReadQuery[]) => Promise<Record<string, unknown>[][]>;

/** What store functions accept: the database, or a transaction on it. */
export type Queryable = Kysely<Database> | Transaction<Database>;

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable, SqlValue } from './store.js';
import type { WorkspaceTable } from './workspace-tables.js';

/** Rows read at a time: a table of 1.5 million people is never held in memory whole. */
export const ROWS_PER_PAGE = 10_000;

const ROWID = 'commsplan_rowid';

/** The table's rows from SQLite, page by page in rowid order, each row's values in `table.columns` order. */
export async function* sqlitePages(db: Queryable, table: WorkspaceTable, pageSize = ROWS_PER_PAGE): AsyncGenerator<SqlValue[][]> {
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await sql<Record<string, SqlValue>>`
      SELECT rowid AS ${sql.ref(ROWID)}, ${columns} FROM ${sql.table(table.name)}
      WHERE rowid > ${after} ORDER BY rowid LIMIT ${pageSize}`.execute(db);
    if (!page.rows.length) return;
    after = Number(page.rows[page.rows.length - 1]?.[ROWID]);
    yield page.rows.map((row) => table.columns.map((column) => row[column] ?? null));
  }
}

/**
 * The table's rows from PostgreSQL, page by page through a cursor, in no particular order. Only
 * inside a transaction: the cursor lives until the transaction ends or the reading stops.
 */
export async function* postgresPages(db: Queryable, table: WorkspaceTable, pageSize = ROWS_PER_PAGE): AsyncGenerator<SqlValue[][]> {
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  await sql`DECLARE commsplan_rows NO SCROLL CURSOR FOR SELECT ${columns} FROM ${sql.table(table.name)}`.execute(db);
  try {
    for (;;) {
      const page = await sql<Record<string, SqlValue>>`FETCH FORWARD ${sql.lit(pageSize)} FROM commsplan_rows`.execute(db);
      if (!page.rows.length) return;
      yield page.rows.map((row) => table.columns.map((column) => row[column] ?? null));
    }
  } finally {
    await sql`CLOSE commsplan_rows`.execute(db);
  }
}

const HASH_BITS = 128n;
const HASH_MASK = (1n << HASH_BITS) - 1n;

/**
 * A row's values as one string both databases' drivers agree on: integers are numbers on both
 * (the PostgreSQL store reads int8 as a number), text is text, NULL is null.
 */
function canonicalRow(values: readonly SqlValue[]): string {
  return JSON.stringify(values.map((value) => (typeof value === 'bigint' ? Number(value) : value)));
}

/** A row's fingerprint: the first 128 bits of the SHA-256 of its canonical values, as hex. */
export function rowHash(values: readonly SqlValue[]): string {
  return createHash('sha256')
    .update(canonicalRow(values))
    .digest('hex')
    .slice(0, Number(HASH_BITS / 4n));
}

/**
 * A table's rows summed up whatever their order: how many, and the sum of their fingerprints
 * modulo 2^128. A sum, unlike an exclusive or, still sees two equal rows where there should be one.
 */
export class TableDigest {
  rows = 0;
  private sum = 0n;

  add(values: readonly SqlValue[]): void {
    this.rows += 1;
    this.sum = (this.sum + BigInt(`0x${rowHash(values)}`)) & HASH_MASK;
  }

  equals(other: TableDigest): boolean {
    return this.rows === other.rows && this.sum === other.sum;
  }
}

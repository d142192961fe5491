import { sql } from 'kysely';
import type { Queryable, SqlValue, Store } from './store.js';

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Rows per statement: each column travels as one array, so this bounds the statement's size, not its parameter count. */
const ROWS_PER_STATEMENT = 50_000;

async function columnTypes(db: Queryable, table: string, columns: readonly string[]): Promise<string[]> {
  const result = await sql<{ name: string; type: string }>`
    SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
    WHERE attrelid = to_regclass(${table}) AND attnum > 0 AND NOT attisdropped`.execute(db);
  const types = new Map(result.rows.map((row) => [row.name, row.type]));
  return columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`Bulk insert into ${table}: no column ${column}`);
    return type;
  });
}

/**
 * Inserts many rows with one statement per 50,000: each column is sent as one array and
 * `unnest` turns the arrays back into rows, so PostgreSQL parses and plans once per batch.
 * Runs on the caller's connection, inside its transaction.
 */
export function postgresBulkInsert(): Store['bulkInsert'] {
  return async (db, table, columns, rows) => {
    if (![table, ...columns].every((name) => SAFE_NAME.test(name))) throw new Error(`Unsafe table or column name in bulk insert: ${table}`);
    if (!rows.length) return;
    const types = await columnTypes(db, table, columns);
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
      const arrays = columns.map((_, index) => batch.map((row) => normalise(row[index])));
      const unnested = sql.join(arrays.map((values, index) => sql`${values}::${sql.raw(types[index] ?? 'text')}[]`));
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))})
        SELECT * FROM unnest(${unnested})`.execute(db);
    }
  };
}

function normalise(value: SqlValue | undefined): string | number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'bigint' ? value.toString() : value;
}

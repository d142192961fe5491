import { sql } from 'kysely';
import { CommsplanError } from '../shared/errors.js';
import type { Queryable } from './store.js';

/** One application table as both databases hold it. */
export interface WorkspaceTable {
  name: string;
  /** In the target's order; both databases have exactly these. */
  columns: string[];
  /** The primary key's columns, to name a row in messages; empty when the table has none. */
  keyColumns: string[];
}

interface SqliteTable {
  name: string;
  columns: string[];
  keyColumns: string[];
  references: string[];
}

async function sqliteTables(db: Queryable): Promise<SqliteTable[]> {
  const tables = await sql<{ name: string; sql: string }>`
    SELECT name, sql FROM sqlite_master WHERE type = 'table'
      AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'kysely\\_migration%' ESCAPE '\\'
    ORDER BY name`.execute(db);
  return Promise.all(
    tables.rows.map(async ({ name, sql: definition }) => {
      // Rows are read page by page in rowid order; a table without rowids would need another way.
      if (/without\s+rowid/i.test(definition)) throw new Error(`Table ${name} has no rowid, so it cannot be copied page by page.`);
      const columns = await sql<{ name: string; pk: number }>`SELECT name, pk FROM pragma_table_info(${name})`.execute(db);
      const references = await sql<{ table: string }>`SELECT DISTINCT "table" FROM pragma_foreign_key_list(${name})`.execute(db);
      return {
        name,
        columns: columns.rows.map((column) => column.name),
        keyColumns: columns.rows
          .filter((column) => column.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((column) => column.name),
        references: references.rows.map((row) => row.table),
      };
    }),
  );
}

/**
 * The tables in an order where each comes after the tables it references, so every foreign key
 * holds as rows go in (PostgreSQL checks them at once: ours are not deferrable). A table that
 * references itself would need its own rows in order; none does.
 */
export function inReferenceOrder<T extends { name: string; references: string[] }>(tables: readonly T[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  let waiting = [...tables];
  while (waiting.length) {
    const ready = waiting.filter((table) => table.references.every((name) => name === table.name || placed.has(name)));
    if (!ready.length)
      throw new Error(`The foreign keys of ${waiting.map((table) => table.name).join(', ')} form a cycle or name a missing table.`);
    for (const table of ready) placed.add(table.name);
    ordered.push(...ready);
    waiting = waiting.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

async function postgresColumns(db: Queryable): Promise<Map<string, string[]>> {
  const result = await sql<{ table: string; column: string }>`
    SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'kysely\\_migration%'
    ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, string[]>();
  for (const row of result.rows) tables.set(row.table, [...(tables.get(row.table) ?? []), row.column]);
  return tables;
}

function schemasDiffer(message: string, table: string): CommsplanError {
  return new CommsplanError(
    'conflict',
    `${message}, so the two workspaces do not have the same tables. Nothing was copied. Open each with this version of commsplan, and check that neither database was changed by hand.`,
    { table },
  );
}

function matchedColumns(table: SqliteTable, target: string[] | undefined): string[] {
  if (!target) throw schemasDiffer(`PostgreSQL has no table ${table.name}`, table.name);
  const missingInTarget = table.columns.find((column) => !target.includes(column));
  if (missingInTarget)
    throw schemasDiffer(`Table ${table.name} has a column ${missingInTarget} in SQLite but not in PostgreSQL`, table.name);
  const missingInSource = target.find((column) => !table.columns.includes(column));
  if (missingInSource)
    throw schemasDiffer(`Table ${table.name} has a column ${missingInSource} in PostgreSQL but not in SQLite`, table.name);
  return target;
}

/**
 * Every application table of the SQLite workspace `source` (Kysely's and SQLite's own left out),
 * matched with the same table in the PostgreSQL workspace `target`, in foreign-key order.
 */
export async function tablesToCopy(source: Queryable, target: Queryable): Promise<WorkspaceTable[]> {
  const tables = await sqliteTables(source);
  const targetColumns = await postgresColumns(target);
  const extra = [...targetColumns.keys()].find((name) => !tables.some((table) => table.name === name));
  if (extra) throw schemasDiffer(`PostgreSQL has a table ${extra} that SQLite does not`, extra);
  return inReferenceOrder(tables).map((table) => ({
    name: table.name,
    columns: matchedColumns(table, targetColumns.get(table.name)),
    keyColumns: table.keyColumns,
  }));
}

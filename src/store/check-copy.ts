import { CommsplanError } from '../shared/errors.js';
import type { Queryable, SqlValue } from './store.js';
import { postgresPages, rowHash, sqlitePages, TableDigest } from './table-pages.js';
import type { WorkspaceTable } from './workspace-tables.js';

/** A row as a person can find it: its primary key, or all its values when the table has none. */
function describeRow(table: WorkspaceTable, values: readonly SqlValue[]): string {
  const shown = table.keyColumns.length ? table.keyColumns : table.columns;
  const text = shown.map((column) => `${column} ${JSON.stringify(values[table.columns.indexOf(column)] ?? null)}`).join(', ');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/**
 * Where the copy of `table` differs, when its digests do: the first SQLite row (in rowid order)
 * with no equal row in PostgreSQL, else the first PostgreSQL row left over. Only run when a
 * difference is known, since it keeps one fingerprint per row of the table in memory.
 */
async function firstDifference(source: Queryable, target: Queryable, table: WorkspaceTable, pageSize: number): Promise<string> {
  const inTarget = new Map<string, number>();
  for await (const page of postgresPages(target, table, pageSize))
    for (const values of page) {
      const hash = rowHash(values);
      inTarget.set(hash, (inTarget.get(hash) ?? 0) + 1);
    }
  for await (const page of sqlitePages(source, table, pageSize))
    for (const values of page) {
      const hash = rowHash(values);
      const left = inTarget.get(hash) ?? 0;
      if (!left) return `the row with ${describeRow(table, values)} is not the same in PostgreSQL`;
      inTarget.set(hash, left - 1);
    }
  for await (const page of postgresPages(target, table, pageSize))
    for (const values of page)
      if (inTarget.get(rowHash(values))) return `PostgreSQL has a row with ${describeRow(table, values)} that SQLite has not`;
  return 'the rows differ';
}

async function digestOf(pages: AsyncGenerator<SqlValue[][]>, onPage: (rows: number) => void): Promise<TableDigest> {
  const digest = new TableDigest();
  for await (const page of pages) {
    for (const values of page) digest.add(values);
    onPage(page.length);
  }
  return digest;
}

/**
 * Checks that `table` holds the same rows in PostgreSQL (`target`, inside the copy's transaction)
 * as in SQLite: the same number, and the same values row for row whatever their order. Throws,
 * naming the table and the first row that differs, when they do not.
 */
export async function checkTableCopy(
  source: Queryable,
  target: Queryable,
  table: WorkspaceTable,
  pageSize: number,
  onPage: (rows: number) => void,
): Promise<void> {
  const expected = await digestOf(sqlitePages(source, table, pageSize), onPage);
  const found = await digestOf(postgresPages(target, table, pageSize), () => {});
  if (expected.equals(found)) return;
  const counts = expected.rows === found.rows ? '' : ` (SQLite has ${expected.rows} rows, PostgreSQL ${found.rows})`;
  throw new CommsplanError(
    'conflict',
    `The copy of table ${table.name} does not match${counts}: ${await firstDifference(source, target, table, pageSize)}. Nothing was saved in PostgreSQL.`,
    { table: table.name },
  );
}

import { sql, type Transaction } from 'kysely';
import { CommsplanError } from '../shared/errors.js';
import { checkTableCopy } from './check-copy.js';
import type { Database } from './schema.js';
import type { Queryable, Store } from './store.js';
import { ROWS_PER_PAGE, sqlitePages } from './table-pages.js';
import { tablesToCopy, type WorkspaceTable } from './workspace-tables.js';

export interface CopyProgress {
  step: 'copying' | 'checking';
  table: string;
  /** 1 for the first table. */
  tableNumber: number;
  tables: number;
  /** Rows done in this step so far, over every table. */
  rowsDone: number;
  rowsTotal: number;
}

export interface CopyOptions {
  onProgress?: (progress: CopyProgress) => void;
  /** Rows read and written at a time. */
  pageSize?: number;
}

export interface CopiedTable {
  name: string;
  rows: number;
}

async function rowCounts(db: Queryable, tables: readonly WorkspaceTable[]): Promise<number[]> {
  const counts: number[] = [];
  for (const table of tables) {
    const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(db);
    counts.push(Number(result.rows[0]?.n ?? 0));
  }
  return counts;
}

/** Refuses a target that holds anything: a copy never mixes with or overwrites what is there. */
async function refuseUnlessEmpty(db: Queryable, tables: readonly WorkspaceTable[], location: string): Promise<void> {
  for (const table of tables) {
    const result = await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table.name)}) AS found`.execute(db);
    if (!result.rows[0]?.found) continue;
    throw new CommsplanError(
      'workspace-exists',
      `${location} already holds a workspace (its table ${table.name} has rows), and a migration never mixes with or replaces one. Nothing was changed. Choose an empty database, or another schema with ?schema=NAME.`,
      { table: table.name },
    );
  }
}

async function copyTable(
  target: Store,
  from: Queryable,
  to: Queryable,
  table: WorkspaceTable,
  pageSize: number,
  onPage: (rows: number) => void,
): Promise<void> {
  for await (const page of sqlitePages(from, table, pageSize)) {
    try {
      await target.bulkInsert(to, table.name, table.columns, page);
    } catch (error) {
      throw new CommsplanError(
        'conflict',
        `PostgreSQL refused rows of table ${table.name}: ${error instanceof Error ? error.message : String(error)}. Nothing was saved in PostgreSQL.`,
        { table: table.name },
      );
    }
    onPage(page.length);
  }
}

/**
 * Numbers each `serial` column's next row past the highest copied, so rows added later get new ids.
 * A sequence is not rolled back with the transaction; if the copy fails after this, ids simply start higher.
 */
async function advanceSequences(db: Queryable, tables: readonly WorkspaceTable[]): Promise<void> {
  for (const table of tables)
    for (const column of table.columns) {
      const found = await sql<{ sequence: string | null }>`SELECT pg_get_serial_sequence(${table.name}, ${column}) AS sequence`.execute(db);
      const sequence = found.rows[0]?.sequence;
      if (!sequence) continue;
      await sql`SELECT setval(${sequence}, COALESCE(MAX(${sql.ref(column)}), 0) + 1, false) FROM ${sql.table(table.name)}`.execute(db);
    }
}

type Step = (table: WorkspaceTable, onPage: (rows: number) => void) => Promise<void>;

async function eachTable(
  step: CopyProgress['step'],
  tables: readonly WorkspaceTable[],
  rowsTotal: number,
  work: Step,
  onProgress: (progress: CopyProgress) => void,
): Promise<void> {
  let rowsDone = 0;
  for (const [index, table] of tables.entries()) {
    const report = () => onProgress({ step, table: table.name, tableNumber: index + 1, tables: tables.length, rowsDone, rowsTotal });
    report();
    await work(table, (rows) => {
      rowsDone += rows;
      report();
    });
  }
}

async function copyInside(
  target: Store,
  from: Transaction<Database>,
  to: Transaction<Database>,
  { onProgress = () => {}, pageSize = ROWS_PER_PAGE }: CopyOptions,
): Promise<CopiedTable[]> {
  const tables = await tablesToCopy(from, to);
  await refuseUnlessEmpty(to, tables, target.location);
  const counts = await rowCounts(from, tables);
  const rowsTotal = counts.reduce((sum, n) => sum + n, 0);
  await eachTable('copying', tables, rowsTotal, (table, onPage) => copyTable(target, from, to, table, pageSize, onPage), onProgress);
  await eachTable('checking', tables, rowsTotal, (table, onPage) => checkTableCopy(from, to, table, pageSize, onPage), onProgress);
  await advanceSequences(to, tables);
  return tables.map((table, index) => ({ name: table.name, rows: counts[index] ?? 0 }));
}

/**
 * Copies every application table of the SQLite workspace `source` into the empty PostgreSQL
 * workspace `target` (both migrated to the same schema), then checks every table row for row, all
 * in one PostgreSQL transaction: any refusal or difference rolls it back and leaves the target as
 * it was. The SQLite side is read in one write transaction, so nothing changes it meanwhile.
 */
export async function copyWorkspace(source: Store, target: Store, options: CopyOptions = {}): Promise<CopiedTable[]> {
  if (source.dialect !== 'sqlite' || target.dialect !== 'postgres') throw new Error('copyWorkspace copies from SQLite to PostgreSQL only');
  return source.db.transaction().execute((from) => target.db.transaction().execute((to) => copyInside(target, from, to, options)));
}

import { sql } from 'kysely';
import { type DialectName, nullSafeEquals, secondaryIndexes } from '../store/dialect.js';
import type { Queryable } from '../store/store.js';
import type { ImportKind } from './import-kinds.js';
import { MERGE_TARGETS, type MergeTarget, STATS_COLUMNS } from './merge-targets.js';
import { UNIQUE_KEY_COLUMNS } from './repeated-keys.store.js';
import { STAGING_TABLE } from './staging-table.store.js';

/** How many staged rows will be written: none means `--replace` would empty the table. */
export async function countKeptRows(db: Queryable): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export interface MergeCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/** Kinds whose file may name each key once only (a repeat is rejected), so counting needs no DISTINCT. */
const UNIQUE_IN_FILE = new Set(Object.keys(UNIQUE_KEY_COLUMNS));

/** Counts what the staged rows would add and change, without changing anything. */
export async function countChanges(
  db: Queryable,
  dialect: DialectName,
  orgId: string,
  kind: Exclude<ImportKind, 'mailbox-stats'>,
): Promise<MergeCounts> {
  const target = MERGE_TARGETS[kind];
  const join = target.key.map(([column, expression]) => `t.${column} = ${expression}`).join(' AND ');
  const same = target.values.map(([column, expression]) => nullSafeEquals(dialect, `t.${column}`, expression)).join(' AND ') || '1 = 1';
  const result = await sql<{ total: number; added: number; unchanged: number }>`
    SELECT count(*) AS total,
      sum(CASE WHEN t.org_id IS NULL THEN 1 ELSE 0 END) AS added,
      sum(CASE WHEN t.org_id IS NOT NULL AND ${sql.raw(same)} THEN 1 ELSE 0 END) AS unchanged
    FROM (SELECT ${sql.raw(UNIQUE_IN_FILE.has(kind) ? '' : 'DISTINCT')} ${sql.raw(stagedColumnsOf(target))} FROM ${sql.table(STAGING_TABLE)} s WHERE s.ok = 1) s
    LEFT JOIN ${sql.table(target.table)} t ON t.org_id = ${orgId} AND ${sql.raw(join)}`.execute(db);
  const row = result.rows[0] ?? { total: 0, added: 0, unchanged: 0 };
  const total = Number(row.total);
  const added = Number(row.added ?? 0);
  const unchanged = Number(row.unchanged ?? 0);
  return { added, unchanged, changed: total - added - unchanged };
}

const fromStaging = ([, expression]: [string, string]) => expression.startsWith('s.');

function stagedColumnsOf(target: MergeTarget): string {
  return [...target.key, ...target.values]
    .filter(fromStaging)
    .map(([, expression]) => `${expression} AS ${expression.slice(2)}`)
    .join(', ');
}

/** How many stored rows the file does not mention, which `--replace` removes. */
export async function countAbsent(db: Queryable, orgId: string, kind: ImportKind): Promise<number> {
  const { table, condition } = absentCondition(kind);
  const result = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM ${sql.table(table)} t WHERE t.org_id = ${orgId} AND ${sql.raw(condition)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

function absentCondition(kind: ImportKind): { table: string; condition: string } {
  if (kind === 'mailbox-stats') {
    return {
      table: 'mailboxes',
      condition: `t.size_bytes IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${STAGING_TABLE} s WHERE s.ok = 1 AND s.id_email = t.email)`,
    };
  }
  const target = MERGE_TARGETS[kind];
  const match = target.key.map(([column, expression]) => `${expression} = t.${column}`).join(' AND ');
  const owned = target.owns ? `${target.owns} AND ` : '';
  return { table: target.table, condition: `${owned}NOT EXISTS (SELECT 1 FROM ${STAGING_TABLE} s WHERE s.ok = 1 AND ${match})` };
}

export async function removeAbsent(db: Queryable, orgId: string, kind: ImportKind): Promise<void> {
  const { table, condition } = absentCondition(kind);
  if (kind === 'mailbox-stats') {
    const cleared = STATS_COLUMNS.map((c) => `${c} = NULL`).join(', ');
    await sql`UPDATE ${sql.table(table)} AS t SET ${sql.raw(cleared)} WHERE t.org_id = ${orgId} AND ${sql.raw(condition)}`.execute(db);
    return;
  }
  await sql`DELETE FROM ${sql.table(table)} AS t WHERE t.org_id = ${orgId} AND ${sql.raw(condition)}`.execute(db);
}

/**
 * Writes statistics onto their mailboxes, in address order so the table is read front to back.
 * Only rows whose figures differ are written, and their number is returned: the statistics'
 * change counts need no separate pass.
 */
export async function mergeStatistics(db: Queryable, dialect: DialectName, orgId: string): Promise<number> {
  const assignments = STATS_COLUMNS.map((c) => `${c} = s.${c}`).join(', ');
  const same = STATS_COLUMNS.map((c) => nullSafeEquals(dialect, `mailboxes.${c}`, `s.${c}`)).join(' AND ');
  const result = await sql`
    WITH s AS MATERIALIZED (SELECT ${sql.raw(['id_email', ...STATS_COLUMNS].join(', '))} FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1 ORDER BY id_email)
    UPDATE mailboxes SET ${sql.raw(assignments)}
    FROM s
    WHERE mailboxes.org_id = ${orgId} AND mailboxes.email = s.id_email AND NOT (${sql.raw(same)})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Writes the staged rows into their table: inserts new keys, updates existing ones. */
export async function mergeStaged(
  db: Queryable,
  dialect: DialectName,
  orgId: string,
  kind: Exclude<ImportKind, 'mailbox-stats'>,
  counts: MergeCounts,
): Promise<void> {
  const target = MERGE_TARGETS[kind];
  const columns = [...target.key, ...target.values];
  if (kind === 'address-map') await releaseMappedNhsmailAddresses(db, orgId);
  // Into an empty table, building each index once at the end beats growing it row by row.
  const empty = (await sql`SELECT 1 FROM ${sql.table(target.table)} LIMIT 1`.execute(db)).rows.length === 0;
  const rebuilt = empty ? await secondaryIndexes(db, dialect, target.table) : [];
  for (const index of rebuilt) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
  await sql`
    INSERT INTO ${sql.table(target.table)} (org_id, ${sql.raw(columns.map(([c]) => c).join(', '))})
    SELECT ${orgId}, ${sql.raw(columns.map(([, e]) => e).join(', '))} FROM ${sql.table(STAGING_TABLE)} s WHERE s.ok = 1
    ORDER BY ${sql.raw(target.key.map(([, e]) => e).join(', '))}
    ${sql.raw(conflictClause(dialect, target, kind, counts))}`.execute(db);
  for (const index of rebuilt) await sql.raw(index.create).execute(db);
}

/**
 * Existing keys are updated only where something differs. When every key is new and the file
 * cannot repeat one, there is no conflict to look for, which saves a probe per row on a first load.
 */
function conflictClause(dialect: DialectName, target: MergeTarget, kind: ImportKind, counts: MergeCounts): string {
  if (UNIQUE_IN_FILE.has(kind) && counts.changed + counts.unchanged === 0) return '';
  const keyColumns = ['org_id', ...target.key.map(([column]) => column)].join(', ');
  if (target.values.length === 0) return `ON CONFLICT (${keyColumns}) DO NOTHING`;
  const assignments = target.values.map(([column]) => `${column} = excluded.${column}`).join(', ');
  const same = target.values.map(([column]) => nullSafeEquals(dialect, `${target.table}.${column}`, `excluded.${column}`)).join(' AND ');
  return `ON CONFLICT (${keyColumns}) DO UPDATE SET ${assignments} WHERE NOT (${same})`;
}

/**
 * An address map is the most trusted pairing: a stored link that gives one of its NHSmail
 * addresses to another local address gives way, so each NHSmail address stays linked once.
 */
async function releaseMappedNhsmailAddresses(db: Queryable, orgId: string): Promise<void> {
  await sql`DELETE FROM address_links AS t WHERE t.org_id = ${orgId} AND EXISTS (
    SELECT 1 FROM ${sql.table(STAGING_TABLE)} s WHERE s.ok = 1 AND s.nhsmail_email = t.nhsmail_email AND s.email <> t.local_email)`.execute(
    db,
  );
}

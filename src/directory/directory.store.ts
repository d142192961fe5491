import { sql } from 'kysely';
import { type DialectName, nullSafeEquals } from '../store/dialect.js';
import type { Queryable } from '../store/store.js';
import type { ImportKind } from './import-kinds.js';
import { STAGING_COLUMNS } from './staging-rows.js';

export const STAGING_TABLE = 'import_staging';

const NUMERIC = new Set([
  'size_bytes',
  'quota_bytes',
  'deleted_bytes',
  'item_count',
  'is_helpdesk',
  'is_application_owner',
  'is_dl_owner',
  'uses_email_programme',
  'uses_database_quota',
  'id_matches',
  'user_matches',
]);

/** Identity prefixes a kind resolves against the directory. */
export const RESOLVED_PREFIXES: Readonly<Record<ImportKind, readonly ('id' | 'user')[]>> = {
  people: [],
  mailboxes: [],
  'nhsmail-accounts': [],
  'migration-status': [],
  'mailbox-stats': ['id'],
  'mobile-devices': ['id'],
  permissions: ['id', 'user'],
};

/** The columns each staged row is written with, in order. */
export function stagedInsertColumns(kind: ImportKind): string[] {
  return ['staged_id', 'row_no', 'cells', 'ok', ...STAGING_COLUMNS[kind]];
}

/** All staging columns: what is written, then what identity resolution fills in. */
function stagingColumns(kind: ImportKind): string[] {
  const resolved = RESOLVED_PREFIXES[kind].flatMap((p) => [`${p}_email`, `${p}_matches`]);
  return [...stagedInsertColumns(kind), ...resolved];
}

export async function createStagingTable(db: Queryable, kind: ImportKind): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${STAGING_TABLE}`).execute(db);
  const columns = stagingColumns(kind).map((column) => {
    if (column === 'staged_id' || column === 'row_no') return `${column} integer not null`;
    if (column === 'ok') return 'ok integer not null default 1';
    return `${column} ${NUMERIC.has(column) ? 'bigint' : 'text'}`;
  });
  await sql.raw(`CREATE TEMPORARY TABLE ${STAGING_TABLE} (${columns.join(', ')})`).execute(db);
}

export async function dropStagingTable(db: Queryable): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${STAGING_TABLE}`).execute(db);
}

/**
 * Each way a person can be named, and the one indexed mailbox column it matches. Column names
 * are ours, never input.
 */
const MATCH_COLUMNS: readonly [kind: string, column: string][] = [
  ['guid', 'exchange_guid'],
  ['legacy-dn', 'legacy_dn'],
  ['account', 'sam_account_name'],
  ['account', 'alias'],
  ['display-name', 'display_key'],
  ['email', 'email'],
  ['email', 'user_principal_name'],
];

/**
 * Fills `{p}_email` and `{p}_matches` for every staged row from the mailbox list and the staff
 * list. Matches are gathered with one indexed join per rule into a side table, then applied with
 * UPDATE ... FROM: SQLite runs a correlated subquery inside an UPDATE thousands of times slower.
 */
export async function resolveIdentities(db: Queryable, orgId: string, prefix: 'id' | 'user'): Promise<void> {
  const kind = sql.raw(`s.${prefix}_kind`);
  const value = sql.raw(`s.${prefix}_value`);
  await sql.raw(`CREATE INDEX IF NOT EXISTS ${STAGING_TABLE}_staged ON ${STAGING_TABLE} (staged_id)`).execute(db);
  await sql.raw(`CREATE INDEX IF NOT EXISTS ${STAGING_TABLE}_${prefix}_kind ON ${STAGING_TABLE} (${prefix}_kind)`).execute(db);
  await sql.raw('DROP TABLE IF EXISTS import_resolved').execute(db);
  const joins = MATCH_COLUMNS.map(
    ([name, column]) =>
      sql`SELECT s.staged_id, m.email FROM ${sql.table(STAGING_TABLE)} s JOIN mailboxes m ON m.org_id = ${orgId} AND ${sql.raw(`m.${column}`)} = ${value} WHERE ${kind} = ${name}`,
  );
  joins.push(
    sql`SELECT s.staged_id, x.email FROM ${sql.table(STAGING_TABLE)} s JOIN people x ON x.org_id = ${orgId} AND x.email = ${value} WHERE ${kind} = 'email'`,
  );
  await sql`CREATE TEMPORARY TABLE import_resolved AS
    SELECT staged_id, count(DISTINCT email) AS matches, min(email) AS email FROM (${sql.join(joins, sql` UNION ALL `)}) found GROUP BY staged_id`.execute(
    db,
  );
  await sql.raw('CREATE INDEX import_resolved_staged ON import_resolved (staged_id)').execute(db);
  await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ${sql.raw(`${prefix}_matches`)} = r.matches, ${sql.raw(`${prefix}_email`)} = r.email
    FROM import_resolved r WHERE r.staged_id = ${sql.table(STAGING_TABLE)}.staged_id`.execute(db);
  await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ${sql.raw(`${prefix}_matches`)} = 0 WHERE ${sql.raw(`${prefix}_matches`)} IS NULL`.execute(
    db,
  );
  await sql.raw('DROP TABLE import_resolved').execute(db);
}

export interface UnresolvedRow {
  row_no: number;
  cells: string | null;
  column: string;
  value: string;
  kind: string;
  matches: number;
}

/** Staged rows that matched no one or several, a page at a time so memory stays flat. */
export async function* unresolvedRows(db: Queryable, prefix: 'id' | 'user', pageSize = 10_000): AsyncGenerator<UnresolvedRow> {
  for (let after = -1; ; ) {
    const result = await sql<UnresolvedRow & { staged_id: number }>`
      SELECT staged_id, row_no, cells, ${sql.raw(`${prefix}_column`)} AS column, ${sql.raw(`${prefix}_value`)} AS value,
        ${sql.raw(`${prefix}_kind`)} AS kind, ${sql.raw(`${prefix}_matches`)} AS matches
      FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1 AND ${sql.raw(`${prefix}_matches`)} <> 1 AND staged_id > ${after}
      ORDER BY staged_id LIMIT ${pageSize}`.execute(db);
    yield* result.rows;
    const last = result.rows.at(-1);
    if (!last || result.rows.length < pageSize) return;
    after = last.staged_id;
  }
}

export async function markUnresolvedRejected(db: Queryable, prefix: 'id' | 'user'): Promise<number> {
  const result = await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ok = 0 WHERE ok = 1 AND ${sql.raw(`${prefix}_matches`)} <> 1`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Mailbox statistics rows that land on a mailbox another row already matched. */
export async function duplicateStatsRows(
  db: Queryable,
): Promise<{ row_no: number; cells: string | null; id_column: string; id_email: string; first_row: number }[]> {
  await sql.raw(`CREATE INDEX ${STAGING_TABLE}_email ON ${STAGING_TABLE} (id_email, row_no)`).execute(db);
  const result = await sql<{ row_no: number; cells: string | null; id_column: string; id_email: string; first_row: number }>`
    SELECT s.row_no, s.cells, s.id_column, s.id_email, (SELECT min(t.row_no) FROM ${sql.table(STAGING_TABLE)} t WHERE t.ok = 1 AND t.id_email = s.id_email) AS first_row
    FROM ${sql.table(STAGING_TABLE)} s
    WHERE s.ok = 1 AND EXISTS (SELECT 1 FROM ${sql.table(STAGING_TABLE)} t WHERE t.ok = 1 AND t.id_email = s.id_email AND t.row_no < s.row_no)
    ORDER BY s.row_no`.execute(db);
  return result.rows;
}

/** How many staged rows will be written: none means `--replace` would empty the table. */
export async function countKeptRows(db: Queryable): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Sets aside every statistics row after the first that lands on the same mailbox. */
export async function rejectDuplicateStatsRows(db: Queryable): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS import_duplicates').execute(db);
  await sql`CREATE TEMPORARY TABLE import_duplicates AS SELECT s.staged_id FROM ${sql.table(STAGING_TABLE)} s
    WHERE s.ok = 1 AND EXISTS (SELECT 1 FROM ${sql.table(STAGING_TABLE)} t WHERE t.ok = 1 AND t.id_email = s.id_email AND t.row_no < s.row_no)`.execute(
    db,
  );
  await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ok = 0 FROM import_duplicates d WHERE d.staged_id = ${sql.table(STAGING_TABLE)}.staged_id`.execute(
    db,
  );
  await sql.raw('DROP TABLE import_duplicates').execute(db);
}

/** Where staged rows go: target columns, each with the staging expression that fills it. */
interface MergeTarget {
  table: string;
  key: [string, string][];
  values: [string, string][];
}

const MERGE_TARGETS: Readonly<Record<Exclude<ImportKind, 'mailbox-stats'>, MergeTarget>> = {
  people: { table: 'people', key: [['email', 's.email']], values: STAGING_COLUMNS.people.slice(1).map((c) => [c, `s.${c}`]) },
  mailboxes: { table: 'mailboxes', key: [['email', 's.email']], values: STAGING_COLUMNS.mailboxes.slice(1).map((c) => [c, `s.${c}`]) },
  'nhsmail-accounts': {
    table: 'nhsmail_accounts',
    key: [['email', 's.email']],
    values: [
      ['size_bytes', 's.size_bytes'],
      ['quota_bytes', 's.quota_bytes'],
    ],
  },
  'migration-status': {
    table: 'migration_results',
    key: [['email', 's.email']],
    values: [
      ['outcome', 's.outcome'],
      ['raw_status', 's.raw_status'],
    ],
  },
  'mobile-devices': {
    table: 'mobile_devices',
    key: [
      ['email', 's.id_email'],
      ['device_id', 's.device_id'],
    ],
    values: ['device_type', 'device_model', 'device_os', 'last_sync'].map((c) => [c, `s.${c}`]),
  },
  permissions: {
    table: 'mailbox_permissions',
    key: [
      ['mailbox_email', 's.id_email'],
      ['user_email', 's.user_email'],
      ['access', 's.access'],
    ],
    values: [],
  },
};

const STATS_COLUMNS = ['size_bytes', 'deleted_bytes', 'item_count', 'last_logon'];

export interface MergeCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/** Kinds whose file may name each key once only (a repeat is rejected), so counting needs no DISTINCT. */
const UNIQUE_IN_FILE = new Set<ImportKind>(['people', 'mailboxes', 'nhsmail-accounts', 'migration-status', 'mailbox-stats']);

/** Counts what the staged rows would add and change, without changing anything. */
export async function countChanges(db: Queryable, dialect: DialectName, orgId: string, kind: ImportKind): Promise<MergeCounts> {
  const target: MergeTarget =
    kind === 'mailbox-stats'
      ? { table: 'mailboxes', key: [['email', 's.id_email']], values: STATS_COLUMNS.map((c) => [c, `s.${c}`]) }
      : MERGE_TARGETS[kind];
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

function stagedColumnsOf(target: MergeTarget): string {
  return [...target.key, ...target.values].map(([, expression]) => `${expression} AS ${expression.slice(2)}`).join(', ');
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
  return { table: target.table, condition: `NOT EXISTS (SELECT 1 FROM ${STAGING_TABLE} s WHERE s.ok = 1 AND ${match})` };
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

/** Writes the staged rows into their table: inserts new keys, updates existing ones. */
export async function mergeStaged(db: Queryable, orgId: string, kind: ImportKind): Promise<void> {
  if (kind === 'mailbox-stats') {
    const assignments = STATS_COLUMNS.map((c) => `${c} = s.${c}`).join(', ');
    await sql`
      UPDATE mailboxes SET ${sql.raw(assignments)}
      FROM ${sql.table(STAGING_TABLE)} s
      WHERE mailboxes.org_id = ${orgId} AND s.ok = 1 AND mailboxes.email = s.id_email`.execute(db);
    return;
  }
  const target = MERGE_TARGETS[kind];
  const columns = [...target.key, ...target.values];
  const keyColumns = ['org_id', ...target.key.map(([column]) => column)].join(', ');
  const onConflict = target.values.length
    ? `DO UPDATE SET ${target.values.map(([column]) => `${column} = excluded.${column}`).join(', ')}`
    : 'DO NOTHING';
  await sql`
    INSERT INTO ${sql.table(target.table)} (org_id, ${sql.raw(columns.map(([c]) => c).join(', '))})
    SELECT ${orgId}, ${sql.raw(columns.map(([, e]) => e).join(', '))} FROM ${sql.table(STAGING_TABLE)} s WHERE s.ok = 1
    ORDER BY ${sql.raw(target.key.map(([, e]) => e).join(', '))}
    ON CONFLICT (${sql.raw(keyColumns)}) ${sql.raw(onConflict)}`.execute(db);
}

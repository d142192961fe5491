import { sql } from 'kysely';
import { type DialectName, nullSafeEquals, secondaryIndexes } from '../store/dialect.js';
import type { Queryable } from '../store/store.js';
import type { ImportKind } from './import-kinds.js';
import { inPages } from './in-pages.js';
import { MERGE_TARGETS, type MergeTarget, STATS_COLUMNS } from './merge-targets.js';
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
  'account_disabled',
  'gets_nhsmail',
  'is_primary',
  'id_matches',
  'user_matches',
  'first_name_lost_letters',
  'last_name_lost_letters',
  'display_name_lost_letters',
]);

/** Identity prefixes a kind resolves against the directory. */
export const RESOLVED_PREFIXES: Readonly<Record<ImportKind, readonly ('id' | 'user')[]>> = {
  people: [],
  mailboxes: [],
  'nhsmail-accounts': [],
  'migration-status': [],
  'address-map': [],
  'shared-mailbox-owners': [],
  'dl-owners': [],
  'mailbox-stats': ['id'],
  'mobile-devices': ['id'],
  permissions: ['id', 'user'],
  'group-members': ['id'],
};

/** The columns each staged row is written with, in order. */
export function stagedInsertColumns(kind: ImportKind): string[] {
  return ['staged_id', 'row_no', 'ok', ...STAGING_COLUMNS[kind]];
}

/** All staging columns: what is written, then what identity resolution fills in. */
function stagingColumns(kind: ImportKind): string[] {
  const resolved = RESOLVED_PREFIXES[kind].flatMap((p) => [`${p}_email`, `${p}_matches`, `${p}_candidates`]);
  return [...stagedInsertColumns(kind), ...resolved];
}

export async function createStagingTable(db: Queryable, kind: ImportKind): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${STAGING_TABLE}`).execute(db);
  const columns = stagingColumns(kind).map((column) => {
    if (column === 'staged_id') return 'staged_id integer primary key';
    if (column === 'row_no') return 'row_no integer not null';
    if (column === 'ok') return 'ok integer not null default 1';
    if (column.endsWith('_matches')) return `${column} integer not null default 0`;
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
  ['path-name', 'name_key'],
  ['email', 'email'],
  ['email', 'user_principal_name'],
];

const KIND_NAMES = new Set(MATCH_COLUMNS.map(([name]) => name));

/** The query's table of staged names of one kind (`display-name` -> `named_display_name`). */
const namedTable = (kind: string) => sql.raw(`named_${kind.replace('-', '_')}`);

/**
 * Fills `{p}_email` and `{p}_matches` for every staged row from the mailbox list and the staff
 * list. Names of each kind are sorted, then matched with one indexed join per rule into a side
 * table, then applied with UPDATE ... FROM: SQLite runs a correlated subquery inside an UPDATE
 * thousands of times slower.
 */
export async function resolveIdentities(db: Queryable, orgId: string, prefix: 'id' | 'user'): Promise<void> {
  const kind = sql.raw(`s.${prefix}_kind`);
  const value = sql.raw(`s.${prefix}_value`);
  const present = await sql<{ kind: string }>`SELECT DISTINCT ${kind} AS kind FROM ${sql.table(STAGING_TABLE)} s`.execute(db);
  const kinds = new Set(present.rows.map((row) => row.kind));
  // One kind (a statistics file named by GUID) is read in one scan; several are worth an index.
  if (kinds.size > 1)
    await sql.raw(`CREATE INDEX IF NOT EXISTS ${STAGING_TABLE}_${prefix}_kind ON ${STAGING_TABLE} (${prefix}_kind)`).execute(db);
  // Each kind of name, sorted, so probes walk an index front to back instead of jumping about it.
  const named = [...kinds].filter((name) => KIND_NAMES.has(name));
  if (named.length === 0) return;
  const sorted = named.map(
    (name) =>
      sql`${namedTable(name)} AS MATERIALIZED (SELECT s.staged_id, ${value} AS value FROM ${sql.table(STAGING_TABLE)} s WHERE ${kind} = ${name} ORDER BY ${value})`,
  );
  const joins = MATCH_COLUMNS.filter(([name]) => kinds.has(name)).map(
    ([name, column]) =>
      sql`SELECT s.staged_id, m.email FROM ${namedTable(name)} s JOIN mailboxes m ON m.org_id = ${orgId} AND ${sql.raw(`m.${column}`)} = s.value`,
  );
  if (kinds.has('email'))
    joins.push(sql`SELECT s.staged_id, x.email FROM ${namedTable('email')} s JOIN people x ON x.org_id = ${orgId} AND x.email = s.value`);
  await sql.raw('DROP TABLE IF EXISTS import_resolved').execute(db);
  await sql.raw('CREATE TEMPORARY TABLE import_resolved (staged_id integer primary key, matches integer, email text)').execute(db);
  await sql`INSERT INTO import_resolved (staged_id, matches, email)
    WITH ${sql.join(sorted)}
    SELECT staged_id, count(DISTINCT email), min(email) FROM (${sql.join(joins, sql` UNION ALL `)}) found GROUP BY staged_id`.execute(db);
  await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ${sql.raw(`${prefix}_matches`)} = r.matches, ${sql.raw(`${prefix}_email`)} = r.email
    FROM import_resolved r WHERE r.staged_id = ${sql.table(STAGING_TABLE)}.staged_id`.execute(db);
  await sql.raw('DROP TABLE import_resolved').execute(db);
  if (kinds.has('path-name')) await matchPathNamesByDisplayName(db, orgId, prefix);
}

/**
 * A path whose last part fits no mailbox's Name (a mailbox list exported without Name) is
 * matched by display name, as a name on its own would be.
 */
async function matchPathNamesByDisplayName(db: Queryable, orgId: string, prefix: 'id' | 'user'): Promise<void> {
  const table = sql.table(STAGING_TABLE);
  const kind = sql.raw(`s.${prefix}_kind`);
  const value = sql.raw(`s.${prefix}_value`);
  const matches = sql.raw(`s.${prefix}_matches`);
  await sql.raw('DROP TABLE IF EXISTS import_resolved').execute(db);
  await sql`CREATE TEMPORARY TABLE import_resolved AS
    SELECT s.staged_id, count(DISTINCT m.email) AS matches, min(m.email) AS email FROM ${table} s
    JOIN mailboxes m ON m.org_id = ${orgId} AND m.display_key = ${value}
    WHERE ${kind} = 'path-name' AND ${matches} = 0 GROUP BY s.staged_id`.execute(db);
  await sql`UPDATE ${table} SET ${sql.raw(`${prefix}_matches`)} = r.matches, ${sql.raw(`${prefix}_email`)} = r.email
    FROM import_resolved r WHERE r.staged_id = ${table}.staged_id`.execute(db);
  await sql.raw('DROP TABLE import_resolved').execute(db);
}

export interface UnresolvedRow {
  row_no: number;
  column: string;
  value: string;
  kind: string;
  matches: number;
  /** The addresses of the mailboxes a name fits, comma-separated, when they were kept. */
  candidates: string | null;
}

/** Staged rows that matched no one or several, in file order. */
export function unresolvedRows(db: Queryable, prefix: 'id' | 'user', pageSize = 10_000): AsyncGenerator<UnresolvedRow> {
  return inPages(async (after, limit) => {
    const result = await sql<UnresolvedRow & { staged_id: number }>`
      SELECT staged_id, row_no, ${sql.raw(`${prefix}_column`)} AS column, ${sql.raw(`${prefix}_value`)} AS value,
        ${sql.raw(`${prefix}_kind`)} AS kind, ${sql.raw(`${prefix}_matches`)} AS matches, ${sql.raw(`${prefix}_candidates`)} AS candidates
      FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1 AND ${sql.raw(`${prefix}_matches`)} <> 1 AND staged_id > ${after}
      ORDER BY staged_id LIMIT ${limit}`.execute(db);
    return result.rows;
  }, pageSize);
}

export async function markUnresolvedRejected(db: Queryable, prefix: 'id' | 'user'): Promise<number> {
  const result = await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ok = 0 WHERE ok = 1 AND ${sql.raw(`${prefix}_matches`)} <> 1`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The column a kind's rows must not repeat: the address, or for statistics the mailbox matched. */
export const UNIQUE_KEY_COLUMNS: Readonly<Partial<Record<ImportKind, 'email' | 'id_email'>>> = {
  people: 'email',
  mailboxes: 'email',
  'nhsmail-accounts': 'email',
  'migration-status': 'email',
  'address-map': 'email',
  'mailbox-stats': 'id_email',
};

/** A second column that must not repeat: an address map pairs each NHSmail address once. */
export const SECOND_UNIQUE_KEY_COLUMNS: Readonly<Partial<Record<ImportKind, 'nhsmail_email'>>> = {
  'address-map': 'nhsmail_email',
};

export type UniqueKeyColumn = 'email' | 'id_email' | 'nhsmail_email';

export interface RepeatedKeyRow {
  row_no: number;
  key: string;
  id_column: string | null;
  first_row: number;
}

const REPEATS_TABLE = 'import_repeats';

/**
 * Sets aside every staged row after the first with the same key, in a side table, and returns
 * how many there are. The index it needs is dropped again: the merge reads every staged row,
 * and a sort is far cheaper than fetching each row through an index.
 */
export async function findRepeatedKeys(db: Queryable, key: UniqueKeyColumn): Promise<number> {
  const k = sql.raw(key);
  const idColumn = sql.raw(key === 'id_email' ? 's.id_column' : 'NULL');
  await sql.raw(`CREATE INDEX ${STAGING_TABLE}_key ON ${STAGING_TABLE} (${key}, row_no) WHERE ok = 1`).execute(db);
  await sql.raw(`DROP TABLE IF EXISTS ${REPEATS_TABLE}`).execute(db);
  await sql`CREATE TEMPORARY TABLE ${sql.table(REPEATS_TABLE)} AS
    WITH repeated AS (
      SELECT ${k} AS key, min(row_no) AS first_row FROM ${sql.table(STAGING_TABLE)} WHERE ok = 1 GROUP BY ${k} HAVING count(*) > 1)
    SELECT s.staged_id, s.row_no, r.key, ${idColumn} AS id_column, r.first_row
    FROM repeated r JOIN ${sql.table(STAGING_TABLE)} s ON s.ok = 1 AND ${sql.raw(`s.${key}`)} = r.key AND s.row_no > r.first_row`.execute(
    db,
  );
  await sql.raw(`DROP INDEX ${STAGING_TABLE}_key`).execute(db);
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(REPEATS_TABLE)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The rows `findRepeatedKeys` set aside, in file order. */
export function repeatedKeyRows(db: Queryable, pageSize = 10_000): AsyncGenerator<RepeatedKeyRow> {
  return inPages(async (after, limit) => {
    const result = await sql<RepeatedKeyRow & { staged_id: number }>`
      SELECT staged_id, row_no, key, id_column, first_row FROM ${sql.table(REPEATS_TABLE)}
      WHERE staged_id > ${after} ORDER BY staged_id LIMIT ${limit}`.execute(db);
    return result.rows;
  }, pageSize);
}

/** Keeps the repeated rows out of the merge. */
export async function rejectRepeatedKeyRows(db: Queryable): Promise<void> {
  await sql`UPDATE ${sql.table(STAGING_TABLE)} SET ok = 0 FROM ${sql.table(REPEATS_TABLE)} d WHERE d.staged_id = ${sql.table(STAGING_TABLE)}.staged_id`.execute(
    db,
  );
  await sql.raw(`DROP TABLE ${REPEATS_TABLE}`).execute(db);
}

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

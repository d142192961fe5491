import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { inPages } from './in-pages.js';
import { STAGING_TABLE } from './staging-table.store.js';

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

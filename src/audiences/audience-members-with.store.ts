import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { type DirectoryPerson, type DirectoryReadOptions, directoryView } from './audiences.store.js';
import type { FilterNode } from './filter-language.js';
import { filterToSql } from './filter-to-sql.store.js';

/**
 * Narrows the directory to the people whose wave or result's wave is `wave` however it is spelled
 * (`wave = NAME` compares in lower case, which the wave indexes cannot answer): their rows are
 * found through those indexes, so a wave's people are read without reading everyone.
 */
async function narrowToWave(db: Queryable, orgId: string, wave: string): Promise<RawBuilder<unknown>> {
  // SQLite's lower() changes only A to Z; DISTINCT on its own reads just the index's distinct values.
  const lower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const spellings = async (column: 'wave' | 'result_wave') =>
    (
      await sql<{ v: string }>`SELECT DISTINCT ${sql.ref(column)} AS v FROM directory_persons
        WHERE org_id = ${orgId} AND ${sql.ref(column)} IS NOT NULL`.execute(db)
    ).rows
      .map((row) => row.v)
      .filter((v) => lower(v) === wave.toLowerCase());
  const parts: RawBuilder<unknown>[] = [];
  for (const column of ['wave', 'result_wave'] as const) {
    const names = await spellings(column);
    if (names.length)
      parts.push(sql`SELECT email FROM directory_persons WHERE org_id = ${orgId} AND ${sql.ref(column)} IN (${sql.join(names)})`);
  }
  return parts.length ? sql`AND d.email IN (${sql.join(parts, sql` UNION `)})` : sql`AND 0 = 1`;
}

/** Columns worked out for each member of an audience, by name, to sort, filter or count them by. */
export type MemberColumns = Readonly<Record<string, RawBuilder<unknown>>>;

/**
 * Members of an audience with `columns` worked out for each, those `where` keeps, in the order
 * `orderBy` gives; after `after` (the values of `orderBy` of the row before, for reading a long
 * list a batch at a time) and a `window` of them, when given, so only a page is read.
 */
export async function audienceMembersWith<T extends object>(
  db: Queryable,
  orgId: string,
  filter: FilterNode,
  options: DirectoryReadOptions,
  query: {
    columns: MemberColumns;
    where?: RawBuilder<unknown>;
    orderBy: readonly RawBuilder<unknown>[];
    after?: readonly unknown[];
    /** With `total` (how many there are), a page past the middle is read from the end, so SQLite sorts only up to it. */
    window?: { offset: number; limit: number; total?: number };
    /** Only people whose wave or result's wave this is: the filter's own `wave`/`result_wave` test still decides. */
    inWave?: string;
  },
): Promise<(DirectoryPerson & T)[]> {
  const narrow = query.inWave === undefined ? undefined : await narrowToWave(db, orgId, query.inWave);
  const columns = Object.entries(query.columns).map(([name, value]) => sql`${value} AS ${sql.ref(name)}`);
  const order = query.orderBy.map((value, i) => sql`${value} AS ${sql.ref(`order_${i}`)}`);
  const after = query.after
    ? sql`AND (${sql.join(query.orderBy.map((_, i) => sql.ref(`order_${i}`)))}) > (${sql.join(query.after.map((value) => sql`${value}`))})`
    : sql``;
  const { offset = 0, limit = 0, total } = query.window ?? {};
  const fromEnd = total !== undefined && !query.after && offset * 2 + limit > total;
  const window = !query.window
    ? sql``
    : fromEnd
      ? sql`LIMIT ${Math.max(0, Math.min(limit, total - offset))} OFFSET ${Math.max(0, total - offset - limit)}`
      : sql`LIMIT ${limit} OFFSET ${offset}`;
  const direction = fromEnd ? sql` DESC` : sql``;
  const result = await sql<DirectoryPerson & T>`WITH ${directoryView(orgId, options, narrow)},
    members AS (SELECT *${columns.length ? sql`, ${sql.join(columns)}` : sql``} FROM directory WHERE ${filterToSql(filter)}),
    ordered AS (SELECT *, ${sql.join(order)} FROM members WHERE ${query.where ?? sql`1 = 1`})
    SELECT * FROM ordered WHERE 1 = 1 ${after}
    ORDER BY ${sql.join(query.orderBy.map((_, i) => sql`${sql.ref(`order_${i}`)}${direction}`))} ${window}`.execute(db);
  // The sort columns and what only the view needs are left out.
  const hidden = new Set(['not_current', 'in_audiences', ...order.map((_, i) => `order_${i}`)]);
  const rows = fromEnd ? [...result.rows].reverse() : result.rows;
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !hidden.has(name))) as DirectoryPerson & T);
}

/**
 * How many members of an audience have each combination of the worked-out `columns`: one pass,
 * each worked out once a person. Returns a row for each combination found, with its count `n`.
 */
export async function countAudienceMembersBy<T extends Record<string, unknown>>(
  db: Queryable,
  orgId: string,
  filter: FilterNode,
  options: DirectoryReadOptions,
  columns: MemberColumns,
  inWave?: string,
): Promise<(T & { n: number })[]> {
  const narrow = inWave === undefined ? undefined : await narrowToWave(db, orgId, inWave);
  const names = Object.keys(columns).map((name) => sql.ref(name));
  const worked = Object.entries(columns).map(([name, value]) => sql`${value} AS ${sql.ref(name)}`);
  const result = await sql<T & { n: number }>`WITH ${directoryView(orgId, options, narrow)},
    members AS (SELECT ${sql.join(worked)} FROM directory WHERE ${filterToSql(filter)})
    SELECT ${sql.join(names)}, count(*) AS n FROM members GROUP BY ${sql.join(names)}`.execute(db);
  return result.rows.map((row) => ({ ...row, n: Number(row.n) }));
}

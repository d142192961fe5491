import { type RawBuilder, sql } from 'kysely';
import type { ParallelReader, Queryable } from '../store/store.js';
import { STANDARD_NHSMAIL_QUOTA_BYTES } from './builtin-audiences.js';
import type { FilterNode } from './filter-language.js';

/** One row per person known from any import, with every field filters may use. */
function directoryView(orgId: string, nearingPercent: number): RawBuilder<unknown> {
  return sql`
    everyone AS (
      SELECT email FROM people WHERE org_id = ${orgId}
      UNION SELECT email FROM mailboxes WHERE org_id = ${orgId} AND mailbox_type = 'user'
      UNION SELECT email FROM nhsmail_accounts WHERE org_id = ${orgId}
    ),
    joined AS (
      SELECT e.email, p.first_name, p.last_name, coalesce(p.display_name, m.display_name) AS display_name,
        p.department, p.job_role, p.wave_name AS wave,
        CASE WHEN p.email IS NULL THEN 0 ELSE 1 END AS on_staff_list,
        CASE WHEN m.email IS NULL THEN 0 ELSE 1 END AS local_mailbox,
        CASE WHEN n.email IS NULL THEN 0 ELSE 1 END AS nhsmail,
        CASE WHEN EXISTS (SELECT 1 FROM mobile_devices d WHERE d.org_id = ${orgId} AND d.email = e.email) THEN 1 ELSE 0 END AS mobile,
        coalesce(p.uses_email_programme, 0) AS email_programme,
        coalesce(p.is_helpdesk, 0) AS helpdesk,
        coalesce(p.is_application_owner, 0) AS application_owner,
        coalesce(p.is_dl_owner, 0) AS dl_owner,
        CASE WHEN EXISTS (
          SELECT 1 FROM mailbox_permissions x JOIN mailboxes s ON s.org_id = x.org_id AND s.email = x.mailbox_email AND s.mailbox_type = 'shared'
          WHERE x.org_id = ${orgId} AND x.user_email = e.email AND x.access = 'full-access') THEN 1 ELSE 0 END AS shared_mailbox_owner,
        m.size_bytes AS local_size, n.size_bytes AS nhsmail_size,
        coalesce(m.size_bytes, 0) + coalesce(n.size_bytes, 0) AS combined_size,
        coalesce(n.quota_bytes, ${STANDARD_NHSMAIL_QUOTA_BYTES}) AS quota,
        CASE WHEN r.outcome = 'migrated' THEN 1 ELSE 0 END AS migrated,
        CASE WHEN r.outcome = 'failed' THEN 1 ELSE 0 END AS failed
      FROM everyone e
      LEFT JOIN people p ON p.org_id = ${orgId} AND p.email = e.email
      LEFT JOIN mailboxes m ON m.org_id = ${orgId} AND m.email = e.email AND m.mailbox_type = 'user'
      LEFT JOIN nhsmail_accounts n ON n.org_id = ${orgId} AND n.email = e.email
      LEFT JOIN migration_results r ON r.org_id = ${orgId} AND r.email = e.email
    ),
    directory AS (
      SELECT joined.*,
        CASE WHEN combined_size > quota THEN 1 ELSE 0 END AS over_quota,
        CASE WHEN combined_size <= quota AND combined_size * 100 >= quota * ${nearingPercent} THEN 1 ELSE 0 END AS nearing_quota
      FROM joined
    )`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Turns a parsed filter into SQL. Column names come from the field whitelist; values are parameters. */
export function filterToSql(node: FilterNode): RawBuilder<unknown> {
  switch (node.kind) {
    case 'and':
      return sql`(${filterToSql(node.left)} AND ${filterToSql(node.right)})`;
    case 'or':
      return sql`(${filterToSql(node.left)} OR ${filterToSql(node.right)})`;
    case 'not':
      return sql`(NOT ${filterToSql(node.operand)})`;
    case 'flag':
      return sql`(${sql.ref(node.field.column)} = 1)`;
    case 'compare': {
      const column = sql.ref(node.field.column);
      if (node.field.kind === 'text') {
        const value = String(node.value).toLowerCase();
        if (node.operator === 'contains') return sql`(lower(${column}) LIKE ${`%${escapeLike(value)}%`} ESCAPE '\\')`;
        if (node.operator === 'starts_with') return sql`(lower(${column}) LIKE ${`${escapeLike(value)}%`} ESCAPE '\\')`;
        if (node.operator === '!=') return sql`(${column} IS NULL OR lower(${column}) <> ${value})`;
        return sql`(lower(${column}) = ${value})`;
      }
      return sql`(${column} ${sql.raw(node.operator === '=' ? '=' : node.operator === '!=' ? '<>' : node.operator)} ${node.value})`;
    }
  }
}

export interface DirectoryPerson {
  email: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  department: string | null;
  job_role: string | null;
  wave: string | null;
  local_size: number | null;
  nhsmail_size: number | null;
  combined_size: number;
  quota: number;
  mobile: number;
  migrated: number;
  failed: number;
}

export async function audienceMembers(
  db: Queryable,
  orgId: string,
  filter: FilterNode,
  nearingPercent: number,
): Promise<DirectoryPerson[]> {
  const result =
    await sql<DirectoryPerson>`WITH ${directoryView(orgId, nearingPercent)} SELECT * FROM directory WHERE ${filterToSql(filter)} ORDER BY email`.execute(
      db,
    );
  return result.rows;
}

export async function countMatching(db: Queryable, orgId: string, filter: FilterNode, nearingPercent: number): Promise<number> {
  const result = await sql<{
    n: number;
  }>`WITH ${directoryView(orgId, nearingPercent)} SELECT count(*) AS n FROM directory WHERE ${filterToSql(filter)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Whether a person with this address is anyone the directory view holds. */
function inDirectory(orgId: string, email: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(EXISTS (SELECT 1 FROM people q WHERE q.org_id = ${orgId} AND q.email = ${email})
    OR EXISTS (SELECT 1 FROM mailboxes q WHERE q.org_id = ${orgId} AND q.email = ${email} AND q.mailbox_type = 'user')
    OR EXISTS (SELECT 1 FROM nhsmail_accounts q WHERE q.org_id = ${orgId} AND q.email = ${email}))`;
}

/**
 * Every built-in audience's size, each from the one table that decides it, so 1.5 million people
 * count in about a second. They agree with the directory view (a test holds them to it).
 */
export async function countBuiltinAudiences(
  reader: { db: Queryable; readInParallel: ParallelReader },
  orgId: string,
  nearingPercent: number,
): Promise<Record<string, number>> {
  const quota = sql`coalesce(n.quota_bytes, ${STANDARD_NHSMAIL_QUOTA_BYTES})`;
  // Ordered so that each half (one per core) carries about half of the work.
  const queries = [
    sql`SELECT count(*) AS n FROM mailboxes m WHERE m.org_id = ${orgId} AND m.mailbox_type = 'user'
      AND NOT EXISTS (SELECT 1 FROM people p WHERE p.org_id = ${orgId} AND p.email = m.email)`,
    sql`SELECT count(*) AS on_list, coalesce(sum(is_helpdesk), 0) AS helpdesk, coalesce(sum(is_application_owner), 0) AS application_owners,
      coalesce(sum(is_dl_owner), 0) AS dl_owners, coalesce(sum(uses_email_programme), 0) AS email_programme FROM people WHERE org_id = ${orgId}`,
    sql`SELECT count(*) AS n FROM (SELECT DISTINCT email FROM mobile_devices WHERE org_id = ${orgId}) d WHERE ${inDirectory(orgId, sql`d.email`)}`,
    sql`SELECT count(*) AS n FROM nhsmail_accounts WHERE org_id = ${orgId}`,
    sql`SELECT coalesce(sum(CASE WHEN total > quota THEN 1 ELSE 0 END), 0) AS over,
        coalesce(sum(CASE WHEN total <= quota AND total * 100 >= quota * ${nearingPercent} THEN 1 ELSE 0 END), 0) AS nearing
      FROM (
        SELECT coalesce(m.size_bytes, 0) + coalesce(n.size_bytes, 0) AS total, ${quota} AS quota
        FROM mailboxes m LEFT JOIN nhsmail_accounts n ON n.org_id = m.org_id AND n.email = m.email
        WHERE m.org_id = ${orgId} AND m.mailbox_type = 'user'
        UNION ALL
        SELECT n.size_bytes AS total, ${quota} AS quota FROM nhsmail_accounts n
        WHERE n.org_id = ${orgId} AND NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.org_id = n.org_id AND m.email = n.email AND m.mailbox_type = 'user')
      ) sizes`,
    sql`SELECT count(*) AS n FROM mailboxes WHERE org_id = ${orgId} AND mailbox_type = 'user'`,
    sql`SELECT r.outcome, count(*) AS n FROM migration_results r WHERE r.org_id = ${orgId} AND ${inDirectory(orgId, sql`r.email`)} GROUP BY r.outcome`,
    sql`SELECT count(*) AS n FROM (SELECT DISTINCT x.user_email FROM mailbox_permissions x JOIN mailboxes s ON s.org_id = x.org_id AND s.email = x.mailbox_email AND s.mailbox_type = 'shared'
      WHERE x.org_id = ${orgId} AND x.access = 'full-access') o WHERE ${inDirectory(orgId, sql`o.user_email`)}`,
  ].map((query) => {
    const compiled = query.compile(reader.db);
    return { sql: compiled.sql, parameters: compiled.parameters };
  });
  const [localOnly, people, mobile, nhsmail, quotas, local, outcomes, sharedOwners] = await reader.readInParallel(queries);
  const first = (rows: Record<string, unknown>[] | undefined, column = 'n') => Number(rows?.[0]?.[column] ?? 0);
  const outcome = (name: string) => Number(outcomes?.find((row) => row.outcome === name)?.n ?? 0);
  return {
    'all-staff': first(people, 'on_list') + first(localOnly),
    'local-email-users': first(local),
    'nhsmail-users': first(nhsmail),
    'mobile-users': first(mobile),
    'email-programme-users': first(people, 'email_programme'),
    'over-quota': first(quotas, 'over'),
    'nearing-quota': first(quotas, 'nearing'),
    helpdesk: first(people, 'helpdesk'),
    'application-owners': first(people, 'application_owners'),
    'dl-owners': first(people, 'dl_owners'),
    'shared-mailbox-owners': first(sharedOwners),
    migrated: outcome('migrated'),
    failed: outcome('failed'),
  };
}

export async function waveCounts(db: Queryable, orgId: string): Promise<{ wave: string; n: number }[]> {
  const result = await sql<{
    wave: string;
    n: number;
  }>`SELECT wave_name AS wave, count(*) AS n FROM people WHERE org_id = ${orgId} AND wave_name IS NOT NULL GROUP BY wave_name ORDER BY wave_name`.execute(
    db,
  );
  return result.rows.map((row) => ({ wave: row.wave, n: Number(row.n) }));
}

export async function lastImports(db: Queryable, orgId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('import_runs')
    .select(['kind'])
    .select((eb) => eb.fn.max('finished_at').as('last'))
    .where('org_id', '=', orgId)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.kind, String(row.last)]));
}

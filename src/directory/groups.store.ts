import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { STAGING_TABLE } from './staging-table.store.js';

/**
 * Groups in the staged rows of an import: groups listed among mailboxes, the groups of a
 * membership file and their nested groups, and permissions granted to a group. Groups are few
 * (thousands) next to their members and grants (millions), so every lookup goes through a
 * small indexed table of the names each group goes by.
 */

const STAGED = sql.table(STAGING_TABLE);
const GROUP_NAMES = 'import_group_names';
const FILE_GROUPS = 'import_file_groups';
const GROUP_GRANTS = 'import_group_grants';

/**
 * Every name a stored group can be named by in an export, lower-cased: the key it is stored
 * under (its account name, else its name), its address and its display name.
 */
async function indexGroupNames(db: Queryable, orgId: string): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${GROUP_NAMES}`).execute(db);
  await sql`CREATE TEMPORARY TABLE ${sql.table(GROUP_NAMES)} AS
    SELECT DISTINCT name, group_key FROM (
      SELECT group_key AS name, group_key FROM mail_groups WHERE org_id = ${orgId}
      UNION ALL SELECT email, group_key FROM mail_groups WHERE org_id = ${orgId} AND email IS NOT NULL
      UNION ALL SELECT lower(display_name), group_key FROM mail_groups WHERE org_id = ${orgId} AND display_name IS NOT NULL) names`.execute(
    db,
  );
  await sql.raw(`CREATE INDEX ${GROUP_NAMES}_name ON ${GROUP_NAMES} (name)`).execute(db);
}

/** The group a name means, when exactly one group goes by it. */
const uniqueGroupFor = (name: string) =>
  sql`(SELECT min(n.group_key) FROM ${sql.table(GROUP_NAMES)} n WHERE n.name = ${sql.raw(name)} HAVING count(DISTINCT n.group_key) = 1)`;

/**
 * Rows of a mailbox export that are groups go to `mail_groups`, never to `mailboxes`. A group
 * already known (by address, account name or display name) keeps its key. Returns how many.
 */
export async function takeGroupsFromMailboxRows(db: Queryable, orgId: string): Promise<number> {
  const found = await sql<{ n: number }>`SELECT count(*) AS n FROM ${STAGED} WHERE mailbox_type = 'group'`.execute(db);
  const groups = Number(found.rows[0]?.n ?? 0);
  if (groups === 0) return 0;
  await indexGroupNames(db, orgId);
  await sql`INSERT INTO mail_groups (org_id, group_key, display_name, email)
    SELECT ${orgId}, group_key, max(display_name), max(email) FROM (
      SELECT coalesce(${uniqueGroupFor('s.email')}, ${uniqueGroupFor('coalesce(s.sam_account_name, s.alias, s.display_key)')},
          coalesce(s.sam_account_name, s.alias, s.display_key, s.email)) AS group_key, s.display_name, s.email
      FROM ${STAGED} s WHERE s.ok = 1 AND s.mailbox_type = 'group') listed
    GROUP BY group_key
    ON CONFLICT (org_id, group_key) DO UPDATE SET display_name = excluded.display_name, email = excluded.email`.execute(db);
  await sql`DELETE FROM ${STAGED} WHERE mailbox_type = 'group'`.execute(db);
  await sql.raw(`DROP TABLE ${GROUP_NAMES}`).execute(db);
  return groups;
}

/**
 * The groups a membership file names are stored (or matched to the groups already known, whose
 * key they then take). Returns how many groups the file names.
 */
export async function storeMembershipGroups(db: Queryable, orgId: string): Promise<number> {
  await indexGroupNames(db, orgId);
  await sql.raw(`DROP TABLE IF EXISTS ${FILE_GROUPS}`).execute(db);
  await sql`CREATE TEMPORARY TABLE ${sql.table(FILE_GROUPS)} AS
    SELECT staged_key, coalesce(${uniqueGroupFor('f.staged_key')}, ${uniqueGroupFor('f.email')}, ${uniqueGroupFor('lower(f.name)')}, f.staged_key) AS group_key,
      f.name, f.email
    FROM (SELECT group_key AS staged_key, max(group_name) AS name, max(group_email) AS email FROM ${STAGED} GROUP BY group_key) f`.execute(
    db,
  );
  await sql`UPDATE ${STAGED} SET group_key = f.group_key FROM ${sql.table(FILE_GROUPS)} f
    WHERE f.staged_key = ${STAGED}.group_key AND f.group_key <> f.staged_key`.execute(db);
  await sql`INSERT INTO mail_groups (org_id, group_key, display_name, email)
    SELECT ${orgId}, group_key, max(name), max(email) FROM ${sql.table(FILE_GROUPS)} GROUP BY group_key
    ON CONFLICT (org_id, group_key) DO UPDATE SET
      display_name = coalesce(excluded.display_name, mail_groups.display_name), email = coalesce(excluded.email, mail_groups.email)`.execute(
    db,
  );
  const counted = await sql<{ n: number }>`SELECT count(DISTINCT group_key) AS n FROM ${sql.table(FILE_GROUPS)}`.execute(db);
  await sql.raw(`DROP TABLE ${GROUP_NAMES}`).execute(db);
  return Number(counted.rows[0]?.n ?? 0);
}

/**
 * Members that are themselves groups are replaced by the people in them, however deep the
 * nesting (a loop of groups ends). A nested group's people come from this file when it lists
 * that group, else from its stored members. The expanded rows keep the nested group's row
 * number. A nested group that is not known stays, to be reported. Returns how many nested
 * groups were expanded.
 */
export async function expandNestedGroups(db: Queryable, orgId: string): Promise<number> {
  await indexGroupNames(db, orgId);
  await sql.raw('DROP TABLE IF EXISTS import_nested_groups').execute(db);
  await sql`CREATE TEMPORARY TABLE import_nested_groups AS
    SELECT s.staged_id, s.row_no, s.group_key AS parent,
      coalesce(${uniqueGroupFor('s.id_value')}, ${uniqueGroupFor('s.member_account')}, ${uniqueGroupFor('s.member_name')}) AS child
    FROM ${STAGED} s WHERE s.ok = 1 AND s.id_kind = 'group'`.execute(db);
  const nextId = await sql<{ n: number }>`SELECT coalesce(max(staged_id), 0) + 1 AS n FROM ${STAGED}`.execute(db);
  await sql`INSERT INTO ${STAGED} (staged_id, row_no, ok, group_key, id_column, id_kind, id_value, id_email, id_matches)
    WITH RECURSIVE edges AS (
      SELECT parent, child, min(row_no) AS row_no FROM import_nested_groups WHERE child IS NOT NULL AND child <> parent GROUP BY parent, child),
    reach (parent, grp, row_no) AS (
      SELECT parent, child, row_no FROM edges
      UNION SELECT r.parent, e.child, r.row_no FROM reach r JOIN edges e ON e.parent = r.grp WHERE e.child <> r.parent),
    listed AS (SELECT DISTINCT group_key FROM ${sql.table(FILE_GROUPS)}),
    people AS (
      SELECT s.group_key, s.id_email AS email FROM ${STAGED} s WHERE s.ok = 1 AND s.id_matches = 1
      UNION SELECT m.group_key, m.member_email FROM group_members m
        WHERE m.org_id = ${orgId} AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.group_key = m.group_key)),
    expanded AS (
      SELECT r.parent, r.grp, p.email, min(r.row_no) AS row_no FROM reach r JOIN people p ON p.group_key = r.grp GROUP BY r.parent, r.grp, p.email)
    SELECT ${Number(nextId.rows[0]?.n ?? 1)} + row_number() OVER (ORDER BY row_no, parent, email), row_no, 1, parent, '(nested group)', 'nested-group', grp, email, 1
    FROM expanded`.execute(db);
  await sql`DELETE FROM ${STAGED} WHERE staged_id IN (SELECT staged_id FROM import_nested_groups WHERE child IS NOT NULL)`.execute(db);
  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM import_nested_groups WHERE child IS NOT NULL`.execute(db);
  await sql.raw(`DROP TABLE import_nested_groups`).execute(db);
  await sql.raw(`DROP TABLE ${GROUP_NAMES}`).execute(db);
  return Number(counted.rows[0]?.n ?? 0);
}

/**
 * Permissions whose user matched no person but exactly one known group are set aside as grants
 * to that group, out of the rows that go to `mailbox_permissions`. Returns how many.
 */
export async function setAsideGroupGrants(db: Queryable, orgId: string): Promise<number> {
  await indexGroupNames(db, orgId);
  await sql.raw(`DROP TABLE IF EXISTS ${GROUP_GRANTS}`).execute(db);
  await sql`CREATE TEMPORARY TABLE ${sql.table(GROUP_GRANTS)} AS
    SELECT staged_id, mailbox_email, group_key, access FROM (
      SELECT s.staged_id, s.id_email AS mailbox_email, ${uniqueGroupFor('s.user_value')} AS group_key, s.access
      FROM ${STAGED} s WHERE s.ok = 1 AND s.user_matches = 0 AND s.user_kind IN ('email', 'account', 'display-name', 'path-name')) candidates
    WHERE group_key IS NOT NULL`.execute(db);
  await sql`DELETE FROM ${STAGED} WHERE staged_id IN (SELECT staged_id FROM ${sql.table(GROUP_GRANTS)})`.execute(db);
  await sql.raw(`DROP TABLE ${GROUP_NAMES}`).execute(db);
  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(GROUP_GRANTS)}`.execute(db);
  return Number(counted.rows[0]?.n ?? 0);
}

export interface GroupGrantCounts {
  added: number;
  unchanged: number;
  removed: number;
}

/**
 * Writes the grants set aside by `setAsideGroupGrants` to `group_permissions`; with `replace`,
 * first removes the stored grants to groups that the file no longer lists.
 */
export async function mergeGroupGrants(db: Queryable, orgId: string, replace: boolean): Promise<GroupGrantCounts> {
  const grants = sql.table(GROUP_GRANTS);
  const counted = await sql<{ total: number; added: number }>`
    SELECT count(*) AS total, sum(CASE WHEN t.org_id IS NULL THEN 1 ELSE 0 END) AS added
    FROM (SELECT DISTINCT mailbox_email, group_key, access FROM ${grants}) g
    LEFT JOIN group_permissions t ON t.org_id = ${orgId} AND t.mailbox_email = g.mailbox_email AND t.group_key = g.group_key AND t.access = g.access`.execute(
    db,
  );
  const total = Number(counted.rows[0]?.total ?? 0);
  const added = Number(counted.rows[0]?.added ?? 0);
  let removed = 0;
  if (replace) {
    const absent = sql`NOT EXISTS (SELECT 1 FROM ${grants} g
      WHERE g.mailbox_email = group_permissions.mailbox_email AND g.group_key = group_permissions.group_key AND g.access = group_permissions.access)`;
    const result = await sql`DELETE FROM group_permissions WHERE org_id = ${orgId} AND ${absent}`.execute(db);
    removed = Number(result.numAffectedRows ?? 0);
  }
  await sql`INSERT INTO group_permissions (org_id, mailbox_email, group_key, access)
    SELECT DISTINCT ${orgId}, mailbox_email, group_key, access FROM ${grants} WHERE true
    ON CONFLICT (org_id, mailbox_email, group_key, access) DO NOTHING`.execute(db);
  return { added, unchanged: total - added, removed };
}

/** How many distinct rights the kept rows grant, by kind, to people and to groups. */
export async function countGrantsByKind(db: Queryable): Promise<{ toPeople: Record<string, number>; toGroups: Record<string, number> }> {
  const toPeople = await sql<{ access: string; n: number }>`
    SELECT access, count(*) AS n FROM (SELECT DISTINCT id_email, user_email, access FROM ${STAGED} WHERE ok = 1) kept GROUP BY access`.execute(
    db,
  );
  const toGroups = await sql<{ access: string; n: number }>`
    SELECT access, count(*) AS n FROM (SELECT DISTINCT mailbox_email, group_key, access FROM ${sql.table(GROUP_GRANTS)}) kept GROUP BY access`.execute(
    db,
  );
  const byAccess = (rows: { access: string; n: number }[]) => Object.fromEntries(rows.map((row) => [row.access, Number(row.n)]));
  return { toPeople: byAccess(toPeople.rows), toGroups: byAccess(toGroups.rows) };
}

export async function dropGroupGrants(db: Queryable): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${GROUP_GRANTS}`).execute(db);
}

export async function dropMembershipGroups(db: Queryable): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${FILE_GROUPS}`).execute(db);
}

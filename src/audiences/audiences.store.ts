import { type RawBuilder, sql } from 'kysely';
import type { DirectoryPersonsTable } from '../store/schema-audiences.js';
import type { ParallelReader, Queryable } from '../store/store.js';
import type { FilterNode } from './filter-language.js';

/** What audiences are evaluated against besides the data: today, and the settings they use. */
export interface DirectoryReadOptions {
  /** Today in London, `YYYY-MM-DD`: a leaving date on or before it makes a leaver. */
  today: string;
  /** A phone that last synced before this moment (ISO) does not make its owner a mobile user. */
  mobileSince: string;
  /** The quota of a person whose NHSmail account does not give one, in bytes. */
  quotaBytes: number;
  nearingPercent: number;
  /** The organisation's own email domains; addresses elsewhere are flagged. */
  organisationDomains: readonly string[];
  /** Whether people whose address is outside those domains may be in audiences (and so emailed). */
  allowOutsideDomains: boolean;
  /** Whether a mailbox holder missing from an imported staff list has left (setting `staff-list-is-complete`). */
  staffListIsComplete: boolean;
}

/** Why someone is in no audience. */
export type NotCurrentReason = 'disabled' | 'left' | 'not-on-staff-list';

const MIGRATION_FLAGS = { migrated: 'migrated', failed: 'failed', waiting: 'waiting', stopped: 'stopped' } as const;

/**
 * Every person with the fields filters may use, worked out for today from `directory_persons`.
 * `base` holds everyone, with why they are not current and whether audiences may hold them;
 * `directory` only those they may.
 */
function directoryView(orgId: string, options: DirectoryReadOptions, narrow: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  const domains = options.organisationDomains.map((domain) => domain.toLowerCase());
  const outside = domains.length ? sql`CASE WHEN d.domain = 'nhs.net' OR d.domain IN (${sql.join(domains)}) THEN 0 ELSE 1 END` : sql`0`;
  const migration = Object.entries(MIGRATION_FLAGS).map(
    ([column, outcome]) => sql`CASE WHEN d.migration_outcome = ${outcome} THEN 1 ELSE 0 END AS ${sql.ref(column)}`,
  );
  return sql`
    staff_list AS (
      SELECT CASE WHEN EXISTS (SELECT 1 FROM people WHERE org_id = ${orgId})
        OR EXISTS (SELECT 1 FROM staff_without_address WHERE org_id = ${orgId}) THEN 1 ELSE 0 END AS imported
    ),
    facts AS (
      SELECT d.email, d.local_email, d.staff_email, d.nhsmail_email, d.first_name, d.last_name, d.display_name, d.department,
        d.job_role, d.wave, d.result_wave, d.on_staff_list, d.local_mailbox, d.nhsmail, d.email_programme, d.helpdesk, d.application_owner,
        d.dl_owner, d.shared_mailbox_user, d.shared_mailbox_owner, d.gets_nhsmail, d.local_size, d.nhsmail_size,
        d.migration_status, d.last_mobile_sync, d.bounced,
        d.employee_number, d.staff_link,
        CASE WHEN d.on_staff_list = 0 AND (SELECT imported FROM staff_list) = 1 THEN 1 ELSE 0 END AS not_on_staff_list,
        -- Not being on the staff list is not leaving: only someone known by an NHSmail account alone,
        -- or anyone once the staff list is said to be complete, is left out for it.
        CASE WHEN d.account_disabled = 1 THEN 'disabled'
          WHEN d.leaving_date IS NOT NULL AND d.leaving_date <= ${options.today} THEN 'left'
          WHEN d.on_staff_list = 0 AND (SELECT imported FROM staff_list) = 1
            AND ${options.staffListIsComplete ? sql`1 = 1` : sql`d.local_mailbox = 0`} THEN 'not-on-staff-list'
          ELSE NULL END AS not_current,
        CASE WHEN d.last_mobile_sync IS NOT NULL AND d.last_mobile_sync >= ${options.mobileSince} THEN 1 ELSE 0 END AS mobile,
        coalesce(d.local_size, 0) + coalesce(d.nhsmail_size, 0) AS combined_size,
        coalesce(d.nhsmail_quota, ${options.quotaBytes}) AS quota,
        ${sql.join(migration)},
        ${outside} AS outside_domain
      FROM directory_persons d WHERE d.org_id = ${orgId} ${narrow}
    ),
    base AS (
      SELECT f.*,
        CASE WHEN local_mailbox = 1 AND migrated = 0 AND gets_nhsmail = 1 AND combined_size > quota THEN 1 ELSE 0 END AS over_quota,
        CASE WHEN local_mailbox = 1 AND migrated = 0 AND gets_nhsmail = 1 AND combined_size <= quota
          AND combined_size * 100 >= quota * ${options.nearingPercent} THEN 1 ELSE 0 END AS nearing_quota,
        CASE WHEN not_current IS NULL${options.allowOutsideDomains ? sql`` : sql` AND outside_domain = 0`} THEN 1 ELSE 0 END AS in_audiences
      FROM facts f
    ),
    directory AS (SELECT * FROM base WHERE in_audiences = 1)`;
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

/** One person as audiences list them: what the people table stores, and what is worked out for today. */
export interface DirectoryPerson
  extends Pick<
    DirectoryPersonsTable,
    | 'email'
    | 'local_email'
    | 'staff_email'
    | 'nhsmail_email'
    | 'first_name'
    | 'last_name'
    | 'display_name'
    | 'department'
    | 'job_role'
    | 'wave'
    | 'local_size'
    | 'nhsmail_size'
    | 'migration_status'
    | 'shared_mailbox_user'
  > {
  /** The wave the person's latest migration result belongs to. */
  result_wave?: string | null;
  combined_size: number;
  quota: number;
  mobile: number;
  migrated: number;
  failed: number;
  outside_domain: number;
  over_quota: number;
  nearing_quota: number;
}

export async function audienceMembers(
  db: Queryable,
  orgId: string,
  filter: FilterNode,
  options: DirectoryReadOptions,
): Promise<DirectoryPerson[]> {
  const result = await sql<DirectoryPerson>`WITH ${directoryView(orgId, options)}
    SELECT * FROM directory WHERE ${filterToSql(filter)} ORDER BY email`.execute(db);
  return result.rows.map(
    ({ not_current: _, in_audiences: __, ...person }: DirectoryPerson & { not_current?: unknown; in_audiences?: unknown }) => person,
  );
}

/** The people `commsplan people` lists: everyone current, or one of the groups `audiences` counts apart. */
export type PeopleListKind = 'current' | 'not-on-staff-list' | 'outside-domains' | 'not-current' | 'not-getting-nhsmail';

/** One person of such a list, with every address and what the list knows of them. */
export interface ListedPerson {
  email: string;
  local_email: string | null;
  staff_email: string | null;
  nhsmail_email: string | null;
  employee_number: string | null;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  staff_link: string | null;
  not_current: NotCurrentReason | null;
  local_mailbox: number;
}

const PEOPLE_LIST_WHERE: Readonly<Record<PeopleListKind, RawBuilder<unknown>>> = {
  current: sql`in_audiences = 1`,
  'not-on-staff-list': sql`not_current IS NULL AND not_on_staff_list = 1`,
  'outside-domains': sql`not_current IS NULL AND outside_domain = 1`,
  'not-current': sql`not_current IS NOT NULL`,
  'not-getting-nhsmail': sql`not_current IS NULL AND gets_nhsmail = 0`,
};

/**
 * The people of one list, in address order: the same rules as the counts `countDirectory` makes.
 * `window` reads one page of a long list rather than all of it.
 */
export async function peopleList(
  db: Queryable,
  orgId: string,
  kind: PeopleListKind,
  options: DirectoryReadOptions,
  window?: { offset: number; limit: number },
): Promise<ListedPerson[]> {
  const page = window ? sql`LIMIT ${window.limit} OFFSET ${window.offset}` : sql``;
  const result = await sql<ListedPerson>`WITH ${directoryView(orgId, options)}
    SELECT email, local_email, staff_email, nhsmail_email, employee_number, display_name, first_name, last_name, staff_link,
      not_current, local_mailbox
    FROM base WHERE ${PEOPLE_LIST_WHERE[kind]} ORDER BY email ${page}`.execute(db);
  return result.rows;
}

/** How many people one list holds. */
export async function countPeopleList(db: Queryable, orgId: string, kind: PeopleListKind, options: DirectoryReadOptions): Promise<number> {
  const result = await sql<{ n: number }>`WITH ${directoryView(orgId, options)}
    SELECT count(*) AS n FROM base WHERE ${PEOPLE_LIST_WHERE[kind]}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export interface MailboxNotPerson {
  email: string;
  display_name: string | null;
  mailbox_type: string;
}

/** The shared, room, equipment and other mailboxes the counts show apart as not people, by type and address. */
export async function mailboxesNotPeople(db: Queryable, orgId: string): Promise<MailboxNotPerson[]> {
  return db
    .selectFrom('mailboxes')
    .select(['email', 'display_name', 'mailbox_type'])
    .where('org_id', '=', orgId)
    .where('mailbox_type', '<>', 'user')
    .orderBy('mailbox_type')
    .orderBy('email')
    .execute();
}

/** Why the person with this address is in no audience, if they are known but not current. */
export async function notCurrentReasonOf(
  db: Queryable,
  orgId: string,
  address: string,
  options: DirectoryReadOptions,
): Promise<NotCurrentReason | undefined> {
  const result = await sql<{ not_current: NotCurrentReason | null }>`WITH ${directoryView(orgId, options)}
    SELECT not_current FROM base WHERE ${address} IN (email, local_email, staff_email, nhsmail_email) LIMIT 1`.execute(db);
  return result.rows[0]?.not_current ?? undefined;
}

/**
 * How many people each filter picks among those audiences may hold, and who is left out and why:
 * one pass over the directory for each half of the filters and one for the people shown apart,
 * spread over the cores. Each pass answers one row.
 */
export async function countDirectory(
  reader: { db: Queryable; readInParallel: ParallelReader },
  orgId: string,
  filters: readonly FilterNode[],
  options: DirectoryReadOptions,
): Promise<{ counts: number[]; apart: PeopleApart }> {
  // in_audiences goes in WHERE, worked out once a row, rather than inside each filter's sum.
  const half = Math.ceil(filters.length / 2);
  // With one filter the second half is empty; a pass for it would return a row per person.
  const halves = [filters.slice(0, half), filters.slice(half)].filter((part) => part.length > 0);
  const apartSums = [
    sql`coalesce(sum(CASE WHEN not_current = 'disabled' THEN 1 ELSE 0 END), 0) AS disabled`,
    sql`coalesce(sum(CASE WHEN not_current = 'left' THEN 1 ELSE 0 END), 0) AS "left"`,
    sql`coalesce(sum(CASE WHEN not_current = 'not-on-staff-list' THEN 1 ELSE 0 END), 0) AS not_on_staff_list`,
    sql`coalesce(sum(CASE WHEN not_current IS NULL AND gets_nhsmail = 0 THEN 1 ELSE 0 END), 0) AS not_getting_nhsmail`,
    sql`coalesce(sum(CASE WHEN not_current IS NULL AND outside_domain = 1 THEN 1 ELSE 0 END), 0) AS outside_domains`,
    sql`coalesce(sum(CASE WHEN not_current IS NULL AND not_on_staff_list = 1 THEN 1 ELSE 0 END), 0) AS not_on_staff_list_current`,
  ];
  const compile = (columns: RawBuilder<unknown>[], from: RawBuilder<unknown>) => {
    const compiled = sql`WITH ${directoryView(orgId, options)} SELECT ${sql.join(columns)} FROM ${from}`.compile(reader.db);
    return { sql: compiled.sql, parameters: compiled.parameters };
  };
  const queries = [
    ...halves.map((part) =>
      compile(
        part.map((filter, i) => sql`coalesce(sum(CASE WHEN ${filterToSql(filter)} THEN 1 ELSE 0 END), 0) AS ${sql.ref(`c${i}`)}`),
        sql`directory`,
      ),
    ),
    compile(apartSums, sql`base`),
  ];
  const results = await reader.readInParallel(queries);
  const counts = halves.flatMap((part, h) => part.map((_, i) => Number(results[h]?.[0]?.[`c${i}`] ?? 0)));
  const row = (results.at(-1)?.[0] ?? {}) as Record<string, unknown>;
  const apart: PeopleApart = {
    notCurrent: {
      disabled: Number(row.disabled ?? 0),
      left: Number(row.left ?? 0),
      'not-on-staff-list': Number(row.not_on_staff_list ?? 0),
    },
    notGettingNhsmail: Number(row.not_getting_nhsmail ?? 0),
    outsideDomains: Number(row.outside_domains ?? 0),
    notOnStaffList: Number(row.not_on_staff_list_current ?? 0),
    ...(await countNotPeople(reader.db, orgId, options.today)),
  };
  return { counts, apart };
}

/** Everyone who is in no audience, and why; and what is not a person at all. */
export interface PeopleApart {
  notCurrent: Record<NotCurrentReason, number>;
  /** Current people with a mailbox who are not on the staff list: in audiences, shown apart to be seen. */
  notOnStaffList: number;
  notGettingNhsmail: number;
  outsideDomains: number;
  staffWithoutAddress: number;
  /** Shared, room and equipment mailboxes (and others), by type. */
  mailboxesNotPeople: Record<string, number>;
}

/** Staff without an address who have not left and were found no mailbox, and the mailboxes that are not people, by type. */
async function countNotPeople(
  db: Queryable,
  orgId: string,
  today: string,
): Promise<Pick<PeopleApart, 'staffWithoutAddress' | 'mailboxesNotPeople'>> {
  const unaddressed = await sql<{ n: number }>`SELECT count(*) AS n FROM staff_without_address w
    WHERE w.org_id = ${orgId} AND (w.leaving_date IS NULL OR w.leaving_date > ${today})
      AND NOT EXISTS (SELECT 1 FROM staff_mailbox_links l WHERE l.org_id = w.org_id AND l.staff_ref = 'w:' || w.staff_key)`.execute(db);
  const state = await db.selectFrom('directory_state').select('mailbox_types').where('org_id', '=', orgId).executeTakeFirst();
  return { staffWithoutAddress: Number(unaddressed.rows[0]?.n ?? 0), mailboxesNotPeople: parseMailboxTypes(state?.mailbox_types) };
}

function parseMailboxTypes(json: string | undefined): Record<string, number> {
  const parsed: unknown = JSON.parse(json || '{}');
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

export async function waveNames(db: Queryable, orgId: string): Promise<string[]> {
  // DISTINCT reads the wave index; "Wave 1" and "wave 1" are one wave (wave:NAME matches either).
  const result = await sql<{ wave: string }>`SELECT DISTINCT wave FROM directory_persons
    WHERE org_id = ${orgId} AND wave IS NOT NULL ORDER BY wave`.execute(db);
  const byLowerCase = new Map<string, string>();
  for (const { wave } of result.rows) if (!byLowerCase.has(wave.toLowerCase())) byLowerCase.set(wave.toLowerCase(), wave);
  return [...byLowerCase.values()];
}

/** The shared mailboxes a person has full access to, directly or through a group, with their owners. */
export interface SharedMailboxUse {
  mailbox: string;
  displayName: string | null;
  /** Its size, deleted items not counted, when the statistics are imported. */
  sizeBytes: number | null;
  owners: string[];
}

export async function sharedMailboxesOf(db: Queryable, orgId: string, addresses: readonly string[]): Promise<SharedMailboxUse[]> {
  const known = addresses.filter(Boolean);
  if (known.length === 0) return [];
  const result = await sql<{ mailbox: string; display_name: string | null; size_bytes: number | null; owner: string | null }>`
    WITH used AS (
      SELECT x.mailbox_email FROM mailbox_permissions x WHERE x.org_id = ${orgId} AND x.access = 'full-access' AND x.user_email IN (${sql.join(known)})
      UNION SELECT gp.mailbox_email FROM group_members g
        JOIN group_permissions gp ON gp.org_id = g.org_id AND gp.group_key = g.group_key AND gp.access = 'full-access'
        WHERE g.org_id = ${orgId} AND g.member_email IN (${sql.join(known)})
    )
    SELECT s.email AS mailbox, s.display_name, s.size_bytes, o.owner_email AS owner FROM used u
    JOIN mailboxes s ON s.org_id = ${orgId} AND s.email = u.mailbox_email AND s.mailbox_type = 'shared'
    LEFT JOIN shared_mailbox_owners o ON o.org_id = ${orgId} AND o.mailbox_email = s.email
    ORDER BY s.email, o.owner_email`.execute(db);
  const byMailbox = new Map<string, SharedMailboxUse>();
  for (const row of result.rows) {
    const use = byMailbox.get(row.mailbox) ?? {
      mailbox: row.mailbox,
      displayName: row.display_name,
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
      owners: [],
    };
    if (row.owner) use.owners.push(row.owner);
    byMailbox.set(row.mailbox, use);
  }
  return [...byMailbox.values()];
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

/**
 * Up to `limit` members of an audience in address order, after `afterEmail` (give '' for the
 * first page): a large audience read a slice at a time, so it is never all in memory at once.
 */
export async function audienceMembersPage(
  db: Queryable,
  orgId: string,
  filter: FilterNode,
  options: DirectoryReadOptions,
  afterEmail: string,
  limit: number,
): Promise<DirectoryPerson[]> {
  const result = await sql<DirectoryPerson>`WITH ${directoryView(orgId, options)}
    SELECT * FROM directory WHERE ${filterToSql(filter)} AND email > ${afterEmail} ORDER BY email LIMIT ${limit}`.execute(db);
  return result.rows.map(
    ({ not_current: _, in_audiences: __, ...person }: DirectoryPerson & { not_current?: unknown; in_audiences?: unknown }) => person,
  );
}

/** People with a local mailbox still to move who are in no wave: how many, and the first `named` addresses. */
export async function mailboxUsersInNoWave(
  db: Queryable,
  orgId: string,
  options: DirectoryReadOptions,
  named: number,
): Promise<{ count: number; first: string[] }> {
  const where = sql`local_mailbox = 1 AND gets_nhsmail = 1 AND migrated = 0 AND (wave IS NULL OR trim(wave) = '')`;
  const count = await sql<{ n: number }>`WITH ${directoryView(orgId, options)}
    SELECT count(*) AS n FROM directory WHERE ${where}`.execute(db);
  const first = await sql<{ email: string }>`WITH ${directoryView(orgId, options)}
    SELECT email FROM directory WHERE ${where} ORDER BY email LIMIT ${named}`.execute(db);
  return { count: Number(count.rows[0]?.n ?? 0), first: first.rows.map((row) => row.email) };
}

/** A person with a local mailbox, as waves planning sees them. */
export interface MailboxHolder {
  email: string;
  nhsmailEmail: string | null;
  displayName: string | null;
  department: string | null;
  /** The wave in force: assigned, carried over, or the staff list's. */
  wave: string | null;
  /** The staff list's wave column. */
  staffWave: string | null;
  /** How they came to be in a wave when one was stored for them: `plan`, `assign` or `carry-over`. */
  assignment: 'plan' | 'assign' | 'carry-over' | null;
  notCurrent: NotCurrentReason | null;
  getsNhsmail: boolean;
  migrated: boolean;
}

/** Everyone with a local mailbox, by address. */
export async function mailboxHolders(db: Queryable, orgId: string, options: DirectoryReadOptions): Promise<MailboxHolder[]> {
  const result = await sql<{
    email: string;
    display_name: string | null;
    department: string | null;
    wave: string | null;
    staff_wave: string | null;
    assignment: 'plan' | 'assign' | 'carry-over' | null;
    not_current: NotCurrentReason | null;
    gets_nhsmail: number;
    migrated: number;
    nhsmail_email: string | null;
  }>`WITH ${directoryView(orgId, options)}
    SELECT b.email, b.nhsmail_email, b.display_name, b.department, b.wave, d.staff_wave, a.source AS assignment, b.not_current, b.gets_nhsmail, b.migrated
    FROM base b JOIN directory_persons d ON d.org_id = ${orgId} AND d.email = b.email
    LEFT JOIN wave_assignments a ON a.org_id = ${orgId} AND a.mailbox_email = b.email
    WHERE b.local_mailbox = 1 ORDER BY b.email`.execute(db);
  return result.rows.map((row) => ({
    email: row.email,
    nhsmailEmail: row.nhsmail_email,
    displayName: row.display_name,
    department: row.department,
    wave: row.wave,
    staffWave: row.staff_wave,
    assignment: row.assignment,
    notCurrent: row.not_current,
    getsNhsmail: Number(row.gets_nhsmail) === 1,
    migrated: Number(row.migrated) === 1,
  }));
}

/** How many people one filter picks and the other does not: 0 when a changed rule picks the same people. */
export async function countPickedByOnlyOne(
  db: Queryable,
  orgId: string,
  filters: readonly [FilterNode, FilterNode],
  options: DirectoryReadOptions,
): Promise<number> {
  const picked = (filter: FilterNode) => sql`(CASE WHEN ${filterToSql(filter)} THEN 1 ELSE 0 END)`;
  const result = await sql<{ n: number }>`WITH ${directoryView(orgId, options)}
    SELECT count(*) AS n FROM directory WHERE ${picked(filters[0])} <> ${picked(filters[1])}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Punctuation an address may hold, in the order JavaScript's `localeCompare` sorts it: all of it
 * before digits, digits before letters (so `ann@` comes before `ann1@`, unlike in byte order).
 */
const ADDRESS_PUNCTUATION = '_-,;:!?.\'"()[]{}@*&#%`^+<=>|~$';

/**
 * An address made to sort in SQL as `localeCompare` sorts addresses (which are lower case): each
 * punctuation mark is swapped for a control character (which addresses never hold) in that order.
 */
export function addressSortKey(column: RawBuilder<unknown>): RawBuilder<unknown> {
  const swap = (marks: string) =>
    [...marks].reduce(
      (key, mark) => sql`replace(${key}, char(${sql.lit(mark.charCodeAt(0))}), char(${sql.lit(ADDRESS_PUNCTUATION.indexOf(mark) + 1)}))`,
      column,
    );
  // Most addresses hold no punctuation but `.`, `-` and `@`: swapping those three is enough, and quicker.
  return sql`(CASE WHEN ${column} GLOB '*[^a-z0-9.@-]*' THEN ${swap(ADDRESS_PUNCTUATION)} ELSE ${swap('.-@')} END)`;
}

/** An address as `addressSortKey` makes it in SQL, to compare with it (to carry on after a row, say). */
export function addressSortKeyOf(address: string): string {
  return [...ADDRESS_PUNCTUATION].reduce((key, mark, i) => key.replaceAll(mark, String.fromCharCode(i + 1)), address);
}

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
      parts.push(sql`SELECT rowid FROM directory_persons WHERE org_id = ${orgId} AND ${sql.ref(column)} IN (${sql.join(names)})`);
  }
  return parts.length ? sql`AND d.rowid IN (${sql.join(parts, sql` UNION `)})` : sql`AND 0 = 1`;
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

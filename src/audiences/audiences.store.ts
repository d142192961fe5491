import { type RawBuilder, sql } from 'kysely';
import type { DirectoryPersonsTable } from '../store/schema-audiences.js';
import type { ParallelReader, Queryable } from '../store/store.js';
import type { FilterNode } from './filter-language.js';
import { filterToSql } from './filter-to-sql.store.js';

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
export function directoryView(orgId: string, options: DirectoryReadOptions, narrow: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
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

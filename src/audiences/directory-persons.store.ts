import { sql } from 'kysely';
import { recordDirectoryBuilt } from '../directory/directory-state.store.js';
import { bestNameSql } from '../directory/name-sources.js';
import { STAFF_ROW_FACTS } from '../directory/staff-staging.store.js';
import type { Queryable } from '../store/store.js';
import { markBouncedPersons } from './bounced-persons.store.js';
import { applyWaveResults } from './move-outcomes.store.js';
import { firstNameSql, lastNameSql } from './name-parts-sql.js';

/**
 * Rebuilds `directory_persons`: one row per person, joining what each import knows of them.
 * A staff-list row or an NHSmail account belongs to the person of the local mailbox it is linked
 * to (address_links, or staff_mailbox_links for a row with no work address), else is a person of
 * its own. See docs/who-is-in-each-audience.md.
 */
export async function rebuildDirectoryPersons(db: Queryable, orgId: string, builtAt: Date): Promise<void> {
  await dropWorkTables(db);
  await stageStaffRows(db, orgId);
  await stageNhsmailAccounts(db, orgId);
  await insertDirectoryPersons(db, orgId);
  await dropWorkTables(db);
  await markBouncedPersons(db, orgId);
  await applyWaveResults(db, orgId);
  await recordDirectoryShape(db, orgId, builtAt);
}

/** The staff list's rows, one a person (`dp_staff`), each tied to the address the person is known by. */
async function stageStaffRows(db: Queryable, orgId: string): Promise<void> {
  // A row with no work address counts only when it was found a mailbox (staff_mailbox_links).
  await sql`CREATE TEMPORARY TABLE dp_staff AS
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.person ORDER BY CASE WHEN k.email = k.person THEN 0 ELSE 1 END, k.email) AS n
    FROM (SELECT p.email, ${STAFF_COLUMNS('p')}, p.nhsmail_email, coalesce(m.email, l.local_email, sl.mailbox_email, p.email) AS person,
        CASE WHEN m.email IS NULL AND l.local_email IS NULL AND sl.mailbox_email IS NOT NULL THEN sl.source ELSE 'address' END AS link
      FROM people p
      LEFT JOIN mailboxes m ON m.org_id = p.org_id AND m.email = p.email AND m.mailbox_type = 'user'
      LEFT JOIN address_links l ON l.org_id = p.org_id AND l.nhsmail_email = p.email
      LEFT JOIN staff_mailbox_links sl ON sl.org_id = p.org_id AND sl.staff_ref = 'p:' || p.email
      WHERE p.org_id = ${orgId}
      UNION ALL
      SELECT NULL, ${STAFF_COLUMNS('w')}, NULL, sl.mailbox_email, sl.source FROM staff_without_address w
      JOIN staff_mailbox_links sl ON sl.org_id = w.org_id AND sl.staff_ref = 'w:' || w.staff_key
      WHERE w.org_id = ${orgId}) k`.execute(db);
  await sql`DELETE FROM dp_staff WHERE n > 1`.execute(db);
  await sql`CREATE UNIQUE INDEX dp_staff_person ON dp_staff (person)`.execute(db);
  await sql`CREATE INDEX dp_staff_email ON dp_staff (email)`.execute(db);
}

/** The NHSmail accounts, one a person (`dp_accounts`), tied to a local address or staff-list row where one fits. */
async function stageNhsmailAccounts(db: Queryable, orgId: string): Promise<void> {
  await sql`CREATE TEMPORARY TABLE dp_accounts AS
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.person ORDER BY CASE WHEN k.email = k.person THEN 0 ELSE 1 END, k.email) AS n
    FROM (SELECT n.email, n.size_bytes, n.quota_bytes, n.display_name, n.display_name_lost_letters, coalesce(l.local_email, s.person, n.email) AS person
      FROM nhsmail_accounts n
      LEFT JOIN address_links l ON l.org_id = n.org_id AND l.nhsmail_email = n.email
      LEFT JOIN dp_staff s ON s.email = n.email
      WHERE n.org_id = ${orgId}) k`.execute(db);
  await sql`DELETE FROM dp_accounts WHERE n > 1`.execute(db);
  await sql`CREATE UNIQUE INDEX dp_accounts_person ON dp_accounts (person)`.execute(db);
}

/** Everyone with a user mailbox, a staff-list row or an NHSmail account, as one row of `directory_persons`. */
async function insertDirectoryPersons(db: Queryable, orgId: string): Promise<void> {
  await sql`DELETE FROM directory_persons WHERE org_id = ${orgId}`.execute(db);
  await sql`INSERT INTO directory_persons (org_id, email, domain, local_email, staff_email, nhsmail_email, first_name, last_name,
      display_name, department, job_role, wave, staff_wave, leaving_date, last_mobile_sync, local_size, nhsmail_size, nhsmail_quota,
      migration_outcome, migration_status, on_staff_list, local_mailbox, account_disabled, nhsmail, email_programme, helpdesk,
      application_owner, dl_owner, shared_mailbox_user, shared_mailbox_owner, gets_nhsmail, employee_number, staff_link)
    WITH everyone AS (
      SELECT email AS person FROM mailboxes WHERE org_id = ${orgId} AND mailbox_type = 'user'
      UNION SELECT person FROM dp_staff
      UNION SELECT person FROM dp_accounts
    )
    SELECT ${orgId}, e.person, substr(e.person, instr(e.person, '@') + 1), m.email, s.email, a.email, ${sql.raw(PERSON_NAMES)}, s.department, s.job_role,
      coalesce((SELECT w.name FROM wave_assignments wa JOIN waves w ON w.id = wa.wave_id
        WHERE wa.org_id = ${orgId} AND wa.mailbox_email = e.person), s.wave_name), s.wave_name, s.leaving_date,
      (SELECT max(d.last_sync) FROM mobile_devices d WHERE d.org_id = ${orgId} AND d.email = m.email),
      m.size_bytes, a.size_bytes, a.quota_bytes,
      coalesce(r1.outcome, r2.outcome, r3.outcome), coalesce(r1.raw_status, r2.raw_status, r3.raw_status),
      CASE WHEN s.person IS NULL THEN 0 ELSE 1 END, CASE WHEN m.email IS NULL THEN 0 ELSE 1 END, coalesce(m.account_disabled, 0),
      CASE WHEN a.email IS NULL THEN 0 ELSE 1 END, coalesce(s.uses_email_programme, 0), coalesce(s.is_helpdesk, 0),
      coalesce(s.is_application_owner, 0),
      CASE WHEN coalesce(s.is_dl_owner, 0) = 1 OR EXISTS (SELECT 1 FROM distribution_list_owners o
          WHERE o.org_id = ${orgId} AND o.owner_email IN (e.person, s.email, a.email)) THEN 1 ELSE 0 END,
      CASE WHEN EXISTS (SELECT 1 FROM mailbox_permissions x
          JOIN mailboxes sm ON sm.org_id = x.org_id AND sm.email = x.mailbox_email AND sm.mailbox_type = 'shared'
          WHERE x.org_id = ${orgId} AND x.access = 'full-access' AND x.user_email IN (e.person, s.email))
        OR EXISTS (SELECT 1 FROM group_members g
          JOIN group_permissions gp ON gp.org_id = g.org_id AND gp.group_key = g.group_key AND gp.access = 'full-access'
          JOIN mailboxes sm ON sm.org_id = gp.org_id AND sm.email = gp.mailbox_email AND sm.mailbox_type = 'shared'
          WHERE g.org_id = ${orgId} AND g.member_email IN (e.person, s.email))
        THEN 1 ELSE 0 END,
      CASE WHEN EXISTS (SELECT 1 FROM shared_mailbox_owners o WHERE o.org_id = ${orgId} AND o.owner_email IN (e.person, s.email, a.email))
        THEN 1 ELSE 0 END,
      coalesce(s.gets_nhsmail, 1), coalesce(s.employee_number, m.employee_number), s.link
    FROM everyone e
    LEFT JOIN mailboxes m ON m.org_id = ${orgId} AND m.email = e.person AND m.mailbox_type = 'user'
    LEFT JOIN dp_staff s ON s.person = e.person
    LEFT JOIN dp_accounts a ON a.person = e.person
    LEFT JOIN migration_results r1 ON r1.org_id = ${orgId} AND r1.email = e.person
    LEFT JOIN migration_results r2 ON r2.org_id = ${orgId} AND r2.email = a.email
    LEFT JOIN migration_results r3 ON r3.org_id = ${orgId} AND r3.email = s.email`.execute(db);
}

/** Records the build: when, the domains of the user mailboxes and the mailboxes that are not people, by type. */
async function recordDirectoryShape(db: Queryable, orgId: string, builtAt: Date): Promise<void> {
  const domains = await sql<{ domain: string }>`SELECT DISTINCT domain FROM directory_persons
    WHERE org_id = ${orgId} AND local_mailbox = 1 ORDER BY domain`.execute(db);
  const types = await sql<{ mailbox_type: string; n: number }>`SELECT mailbox_type, count(*) AS n FROM mailboxes
    WHERE org_id = ${orgId} AND mailbox_type <> 'user' GROUP BY mailbox_type ORDER BY mailbox_type`.execute(db);
  await recordDirectoryBuilt(
    db,
    orgId,
    builtAt,
    domains.rows.map((row) => row.domain),
    Object.fromEntries(types.rows.map((row) => [row.mailbox_type, Number(row.n)])),
  );
}

/** Kept: there, and not come with "?" in place of a letter (migration 0019). */
const kept = (alias: string, column: string) =>
  `(NULLIF(TRIM(${alias}.${column}), '') IS NOT NULL AND ${alias}.${column}_lost_letters = 0)`;
const CLEAN_DISPLAY_NAME = `CASE WHEN ${kept('m', 'display_name')} THEN m.display_name WHEN ${kept('a', 'display_name')} THEN a.display_name END`;

/**
 * First name, surname and display name: the staff list's when they kept their letters, else
 * those of the mailbox or NHSmail account that did (also for people not on the staff list, whose
 * only names are display names), else as imported. Emails never use a name that lost letters
 * (names-in-messages.ts); lists show it.
 */
const PERSON_NAMES = [
  `CASE WHEN ${kept('s', 'first_name')} THEN s.first_name
    ELSE coalesce(${firstNameSql(CLEAN_DISPLAY_NAME)}, s.first_name, ${firstNameSql('coalesce(m.display_name, a.display_name)')}) END`,
  `CASE WHEN ${kept('s', 'last_name')} THEN s.last_name
    ELSE coalesce(${lastNameSql(CLEAN_DISPLAY_NAME)}, s.last_name, ${lastNameSql('coalesce(m.display_name, a.display_name)')}) END`,
  `CASE WHEN ${kept('s', 'display_name')} OR ${kept('m', 'display_name')} OR ${kept('a', 'display_name')}
      THEN ${bestNameSql('display_name', ['s', 'm', 'a'])}
    WHEN ${kept('s', 'first_name')} AND ${kept('s', 'last_name')} THEN s.first_name || ' ' || s.last_name
    ELSE ${bestNameSql('display_name', ['s', 'm', 'a'])} END`,
].join(',\n');

/** The columns a staff-list row gives its person, with or without an address (`p` people, `w` staff_without_address). */
const STAFF_COLUMNS = (table: 'p' | 'w') => sql.raw(STAFF_ROW_FACTS.map((column) => `${table}.${column}`).join(', '));

async function dropWorkTables(db: Queryable): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS dp_staff').execute(db);
  await sql.raw('DROP TABLE IF EXISTS dp_accounts').execute(db);
}

import { type RawBuilder, sql } from 'kysely';
import type { Queryable, Store } from '../store/store.js';
import { displayNameKey, portalNameKey, staffNameKey } from './portal-names.js';

/**
 * Pairs of a person's local and NHSmail addresses, from every file that carries both, in order
 * of trust. The address map is imported straight into `address_links`; the others are worked out
 * again after each import from the columns their imports keep.
 */
const DERIVED_SOURCES: readonly { source: string; pairs: (orgId: string) => RawBuilder<unknown> }[] = [
  {
    source: 'migration-status',
    pairs: (orgId) => sql`SELECT email AS local_email, min(nhsmail_email) AS nhsmail_email FROM migration_results
      WHERE org_id = ${orgId} AND nhsmail_email IS NOT NULL AND nhsmail_email <> email GROUP BY email`,
  },
  {
    source: 'nhsmail-accounts',
    pairs: (orgId) => sql`SELECT min(local_email) AS local_email, email AS nhsmail_email FROM nhsmail_accounts
      WHERE org_id = ${orgId} AND local_email IS NOT NULL AND local_email <> email GROUP BY email`,
  },
  {
    source: 'people',
    pairs: (orgId) => sql`SELECT email AS local_email, min(nhsmail_email) AS nhsmail_email FROM people
      WHERE org_id = ${orgId} AND nhsmail_email IS NOT NULL AND nhsmail_email <> email GROUP BY email`,
  },
];

export interface LinkSummary {
  accounts: number;
  /** Accounts that belong to a known person: linked, or on the staff list under their own address. */
  matched: number;
  byAddress: number;
  byName: number;
  ambiguous: number;
  unmatched: number;
}

export interface UnmatchedAccount {
  email: string;
  displayName: string | null;
  /** Several people fit the name; or the only one who does has left or is disabled; or no one does. */
  reason: 'ambiguous' | 'not-current' | 'no-match';
  /** Local addresses of the people the name fits, when more than one does. */
  candidates: string[];
}

/**
 * Works out every link again: address pairs first, then names where no pair is known. Runs
 * inside the import's transaction, so a rolled-back import leaves the links as they were.
 */
/** `today` (`YYYY-MM-DD`) decides who has left: a name never links an account to a leaver's or a disabled mailbox. */
export async function refreshAddressLinks(
  store: Pick<Store, 'bulkInsert'>,
  db: Queryable,
  orgId: string,
  today: string,
): Promise<LinkSummary> {
  await sql`DELETE FROM address_links WHERE org_id = ${orgId} AND source <> 'address-map'`.execute(db);
  for (const { source, pairs } of DERIVED_SOURCES) {
    await sql`INSERT INTO address_links (org_id, local_email, nhsmail_email, source)
      SELECT ${orgId}, p.local_email, p.nhsmail_email, ${source} FROM (${pairs(orgId)}) p WHERE true
      ON CONFLICT DO NOTHING`.execute(db);
  }
  if (await hasUnlinkedAccounts(db, orgId)) {
    await stageNameKeys(store, db, orgId, today);
    await sql`INSERT INTO address_links (org_id, local_email, nhsmail_email, source)
      SELECT ${orgId}, p.local_email, p.nhsmail_email, 'name' FROM link_name_pairs p
      WHERE p.nhsmail_email IN (SELECT nhsmail_email FROM link_name_pairs GROUP BY nhsmail_email HAVING count(*) = 1)
        AND p.local_email IN (SELECT local_email FROM link_name_pairs GROUP BY local_email HAVING count(*) = 1)
        AND p.current = 1
      ON CONFLICT DO NOTHING`.execute(db);
    await dropNameKeys(db);
  }
  return summariseLinks(store, db, orgId, today);
}

/** Accounts a name could still pair with a mailbox: not linked, and not under a mailbox's own address. */
async function hasUnlinkedAccounts(db: Queryable, orgId: string): Promise<boolean> {
  const result = await sql`SELECT 1 FROM nhsmail_accounts n WHERE n.org_id = ${orgId}
    AND NOT EXISTS (SELECT 1 FROM address_links l WHERE l.org_id = n.org_id AND l.nhsmail_email = n.email)
    AND NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.org_id = n.org_id AND m.email = n.email AND m.mailbox_type = 'user')
    LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

const PAGE = 20_000;

/**
 * Name keys of the NHSmail accounts not yet linked, and of the local mailboxes not yet linked,
 * in two temporary tables. Keys are worked out here, not in SQL: accents and the portal's name
 * form need Unicode folding that SQLite does not have.
 */
async function stageNameKeys(store: Pick<Store, 'bulkInsert'>, db: Queryable, orgId: string, today: string): Promise<void> {
  await dropNameKeys(db);
  await sql
    .raw(
      'CREATE TEMPORARY TABLE link_names_nhsmail (nhsmail_email text primary key, name_key text not null, on_staff_list integer not null, current integer not null)',
    )
    .execute(db);
  await sql
    .raw(
      'CREATE TEMPORARY TABLE link_names_local (local_email text primary key, name_key text not null, on_staff_list integer not null, current integer not null)',
    )
    .execute(db);
  await pagedKeys(store, db, 'link_names_nhsmail', async (after) => {
    const result = await sql<{
      email: string;
      portal: string | null;
      last_name: string | null;
      first_name: string | null;
      staff: string | null;
    }>`
      SELECT n.email, n.display_name AS portal, p.last_name, p.first_name, p.email AS staff FROM nhsmail_accounts n
      LEFT JOIN people p ON p.org_id = n.org_id AND p.email = n.email
      WHERE n.org_id = ${orgId} AND n.email > ${after}
        AND NOT EXISTS (SELECT 1 FROM address_links l WHERE l.org_id = n.org_id AND l.nhsmail_email = n.email)
        AND NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.org_id = n.org_id AND m.email = n.email AND m.mailbox_type = 'user')
      ORDER BY n.email LIMIT ${PAGE}`.execute(db);
    return result.rows.map((row) => ({
      email: row.email,
      key: portalNameKey(row.portal) ?? staffNameKey(row.last_name, row.first_name),
      onStaffList: row.staff !== null,
      current: true,
    }));
  });
  await pagedKeys(store, db, 'link_names_local', async (after) => {
    const result = await sql<{
      email: string;
      display_name: string | null;
      last_name: string | null;
      first_name: string | null;
      staff: string | null;
      current: number;
    }>`
      SELECT m.email, m.display_name, p.last_name, p.first_name, p.email AS staff,
        CASE WHEN m.account_disabled = 0 AND (p.leaving_date IS NULL OR p.leaving_date > ${today}) THEN 1 ELSE 0 END AS current
      FROM mailboxes m
      LEFT JOIN people p ON p.org_id = m.org_id AND p.email = m.email
      WHERE m.org_id = ${orgId} AND m.mailbox_type = 'user' AND m.email > ${after}
        AND NOT EXISTS (SELECT 1 FROM address_links l WHERE l.org_id = m.org_id AND l.local_email = m.email)
        AND NOT EXISTS (SELECT 1 FROM nhsmail_accounts n WHERE n.org_id = m.org_id AND n.email = m.email)
      ORDER BY m.email LIMIT ${PAGE}`.execute(db);
    return result.rows.map((row) => ({
      email: row.email,
      key: staffNameKey(row.last_name, row.first_name) ?? displayNameKey(row.display_name),
      onStaffList: row.staff !== null,
      current: Number(row.current) === 1,
    }));
  });
  await sql.raw('CREATE INDEX link_names_local_key ON link_names_local (name_key)').execute(db);
  // Two rows of the staff list are two people: a name never joins them into one. A leaver's or
  // disabled mailbox still counts as someone the name fits, so the account is listed, not linked.
  await sql
    .raw(`CREATE TEMPORARY TABLE link_name_pairs AS SELECT a.nhsmail_email, l.local_email, l.current FROM link_names_nhsmail a
      JOIN link_names_local l ON l.name_key = a.name_key WHERE NOT (a.on_staff_list = 1 AND l.on_staff_list = 1)`)
    .execute(db);
}

async function pagedKeys(
  store: Pick<Store, 'bulkInsert'>,
  db: Queryable,
  table: string,
  page: (after: string) => Promise<{ email: string; key: string | undefined; onStaffList: boolean; current: boolean }[]>,
): Promise<void> {
  const columns = [table === 'link_names_local' ? 'local_email' : 'nhsmail_email', 'name_key', 'on_staff_list', 'current'];
  for (let after = ''; ; ) {
    const rows = await page(after);
    const keyed = rows
      .filter((row) => row.key !== undefined)
      .map((row) => [row.email, row.key as string, row.onStaffList ? 1 : 0, row.current ? 1 : 0]);
    if (keyed.length) await store.bulkInsert(db, table, columns, keyed);
    if (rows.length < PAGE) return;
    after = (rows.at(-1) as { email: string }).email;
  }
}

async function dropNameKeys(db: Queryable): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS link_name_pairs').execute(db);
  await sql.raw('DROP TABLE IF EXISTS link_names_nhsmail').execute(db);
  await sql.raw('DROP TABLE IF EXISTS link_names_local').execute(db);
}

/**
 * NHSmail accounts that belong to nobody known: not linked, and not listed under the same
 * address on the staff list or in the mailbox list.
 */
const UNMATCHED = (orgId: string) => sql`(SELECT n.email, n.display_name FROM nhsmail_accounts n WHERE n.org_id = ${orgId}
  AND NOT EXISTS (SELECT 1 FROM address_links l WHERE l.org_id = n.org_id AND l.nhsmail_email = n.email)
  AND NOT EXISTS (SELECT 1 FROM people p WHERE p.org_id = n.org_id AND p.email = n.email)
  AND NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.org_id = n.org_id AND m.email = n.email AND m.mailbox_type = 'user'))`;

async function summariseLinks(store: Pick<Store, 'bulkInsert'>, db: Queryable, orgId: string, today: string): Promise<LinkSummary> {
  const counts = await sql<{ accounts: number; by_address: number; by_name: number; unmatched: number }>`
    SELECT (SELECT count(*) FROM nhsmail_accounts WHERE org_id = ${orgId}) AS accounts,
      (SELECT count(*) FROM address_links l JOIN nhsmail_accounts n ON n.org_id = l.org_id AND n.email = l.nhsmail_email
        WHERE l.org_id = ${orgId} AND l.source <> 'name') AS by_address,
      (SELECT count(*) FROM address_links WHERE org_id = ${orgId} AND source = 'name') AS by_name,
      (SELECT count(*) FROM ${UNMATCHED(orgId)} u) AS unmatched`.execute(db);
  const row = counts.rows[0] ?? { accounts: 0, by_address: 0, by_name: 0, unmatched: 0 };
  const unmatched = Number(row.unmatched);
  const ambiguous =
    unmatched === 0 ? 0 : (await unmatchedNhsmailAccounts(store, db, orgId, today)).filter((a) => a.reason === 'ambiguous').length;
  return {
    accounts: Number(row.accounts),
    matched: Number(row.accounts) - unmatched,
    byAddress: Number(row.by_address),
    byName: Number(row.by_name),
    ambiguous,
    unmatched: unmatched - ambiguous,
  };
}

/** The accounts an administrator has to pair by hand, with the people a shared name fits. */
export async function unmatchedNhsmailAccounts(
  store: Pick<Store, 'bulkInsert'>,
  db: Queryable,
  orgId: string,
  today: string,
): Promise<UnmatchedAccount[]> {
  await stageNameKeys(store, db, orgId, today);
  try {
    const result = await sql<{ email: string; display_name: string | null; candidate: string | null; current: number | null }>`
      SELECT n.email, n.display_name, p.local_email AS candidate, p.current FROM ${UNMATCHED(orgId)} n
      LEFT JOIN link_name_pairs p ON p.nhsmail_email = n.email
      ORDER BY n.email, p.local_email`.execute(db);
    const accounts = new Map<string, UnmatchedAccount & { currentCandidates: number }>();
    for (const row of result.rows) {
      const account = accounts.get(row.email) ?? {
        email: row.email,
        displayName: row.display_name,
        reason: 'no-match',
        candidates: [],
        currentCandidates: 0,
      };
      if (row.candidate) account.candidates.push(row.candidate);
      if (Number(row.current) === 1) account.currentCandidates += 1;
      accounts.set(row.email, account);
    }
    return [...accounts.values()].map(({ currentCandidates, ...account }) => ({
      ...account,
      reason:
        account.candidates.length === 0
          ? 'no-match'
          : account.candidates.length === 1 && currentCandidates === 0
            ? 'not-current'
            : 'ambiguous',
    }));
  } finally {
    await dropNameKeys(db);
  }
}

import { sql } from 'kysely';
import type { Queryable, Store } from '../store/store.js';
import {
  matchStaffToMailboxes,
  type StaffMailboxLink,
  type UnaddressedStaffRow,
  type UnclaimedMailbox,
  type UnlinkedStaffRow,
} from './staff-mailbox-matching.js';

/** What linking staff-list rows without a work address found, for the import's notices. */
export interface StaffLinkSummary {
  rows: number;
  /** False until a mailbox list is imported: then nothing can be matched. */
  hasMailboxes: boolean;
  byEmployeeNumber: number;
  byName: number;
  /** Rows several mailboxes fit, or that share a mailbox with another row. */
  ambiguous: number;
  /** Rows whose only fit is a disabled mailbox, or that fit none. */
  unmatched: number;
}

/** A row `commsplan people unmatched` lists: who it is on the staff list, and why it is not linked. */
export interface UnlinkedStaffListRow extends UnlinkedStaffRow {
  employeeNumber: string | null;
  name: string;
}

interface MatchInput {
  rows: (UnaddressedStaffRow & { name: string })[];
  mailboxes: UnclaimedMailbox[];
  hasMailboxes: boolean;
}

/**
 * Works out again which mailbox each current staff-list row without a work address belongs to
 * (see `matchStaffToMailboxes`). Runs inside the import's transaction, after the address links.
 * `organisationDomains` are the setting's, else empty for the domains of the user mailboxes.
 */
export async function refreshStaffMailboxLinks(
  store: Pick<Store, 'bulkInsert'>,
  db: Queryable,
  orgId: string,
  today: string,
  organisationDomains: readonly string[],
): Promise<StaffLinkSummary> {
  await sql`DELETE FROM staff_mailbox_links WHERE org_id = ${orgId}`.execute(db);
  const input = await readMatchInput(db, orgId, today, organisationDomains);
  const { links, unlinked } = matchStaffToMailboxes(input.rows, input.mailboxes);
  if (links.length)
    await store.bulkInsert(
      db,
      'staff_mailbox_links',
      ['org_id', 'staff_ref', 'mailbox_email', 'source'],
      links.map((link) => [orgId, link.ref, link.mailbox, link.source]),
    );
  return { ...summarise(links, unlinked), rows: input.rows.length, hasMailboxes: input.hasMailboxes };
}

/** The current rows without a work address that no mailbox could be found for, in name order. */
export async function unlinkedStaffRows(
  db: Queryable,
  orgId: string,
  today: string,
  organisationDomains: readonly string[],
): Promise<UnlinkedStaffListRow[]> {
  const input = await readMatchInput(db, orgId, today, organisationDomains);
  const byRef = new Map(input.rows.map((row) => [row.ref, row]));
  return matchStaffToMailboxes(input.rows, input.mailboxes)
    .unlinked.map((row) => ({ ...row, employeeNumber: byRef.get(row.ref)?.employeeNumber ?? null, name: byRef.get(row.ref)?.name ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.ref.localeCompare(b.ref));
}

function summarise(
  links: readonly StaffMailboxLink[],
  unlinked: readonly UnlinkedStaffRow[],
): Omit<StaffLinkSummary, 'rows' | 'hasMailboxes'> {
  return {
    byEmployeeNumber: links.filter((link) => link.source === 'employee-number').length,
    byName: links.filter((link) => link.source === 'name').length,
    ambiguous: unlinked.filter((row) => row.reason === 'ambiguous').length,
    unmatched: unlinked.filter((row) => row.reason !== 'ambiguous').length,
  };
}

async function readMatchInput(db: Queryable, orgId: string, today: string, organisationDomains: readonly string[]): Promise<MatchInput> {
  const hasMailboxes =
    (await sql`SELECT 1 FROM mailboxes WHERE org_id = ${orgId} AND mailbox_type = 'user' LIMIT 1`.execute(db)).rows.length > 0;
  const blank = await sql<StaffNameRow>`SELECT 'w:' || staff_key AS ref, NULL AS email, employee_number, first_name, last_name, display_name
    FROM staff_without_address WHERE org_id = ${orgId} AND (leaving_date IS NULL OR leaving_date > ${today})`.execute(db);
  // With no mailbox list there is nothing to match, and no domains to tell a personal address by.
  const personal = hasMailboxes ? await personalAddressRows(db, orgId, today, organisationDomains) : [];
  const rows = [...blank.rows, ...personal].map(unaddressedRow);
  return { rows, mailboxes: rows.length ? await unclaimedMailboxes(db, orgId) : [], hasMailboxes };
}

interface StaffNameRow {
  ref: string;
  email: string | null;
  employee_number: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
}

/**
 * Current rows whose address is personal: outside the organisation's domains, not NHSmail, and
 * neither a mailbox's address nor an NHSmail address linked to one.
 */
async function personalAddressRows(
  db: Queryable,
  orgId: string,
  today: string,
  organisationDomains: readonly string[],
): Promise<StaffNameRow[]> {
  const elsewhere =
    await sql<StaffNameRow>`SELECT 'p:' || p.email AS ref, p.email, p.employee_number, p.first_name, p.last_name, p.display_name
    FROM people p WHERE p.org_id = ${orgId} AND (p.leaving_date IS NULL OR p.leaving_date > ${today})
      AND NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.org_id = p.org_id AND m.email = p.email)
      AND NOT EXISTS (SELECT 1 FROM address_links l WHERE l.org_id = p.org_id AND l.nhsmail_email = p.email)`.execute(db);
  if (elsewhere.rows.length === 0) return [];
  const ours = new Set(
    (organisationDomains.length ? organisationDomains : await userMailboxDomains(db, orgId)).map((d) => d.toLowerCase()),
  );
  return elsewhere.rows.filter((row) => {
    const domain = domainOf(row.email ?? '');
    return domain !== 'nhs.net' && !ours.has(domain);
  });
}

function unaddressedRow(row: StaffNameRow): UnaddressedStaffRow & { name: string } {
  return {
    ref: row.ref,
    employeeNumber: row.employee_number,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    name: row.display_name ?? ([row.first_name, row.last_name].filter(Boolean).join(' ') || (row.email ?? row.ref.slice(2))),
  };
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

async function userMailboxDomains(db: Queryable, orgId: string): Promise<string[]> {
  const result = await sql<{ domain: string }>`SELECT DISTINCT substr(email, instr(email, '@') + 1) AS domain FROM mailboxes
    WHERE org_id = ${orgId} AND mailbox_type = 'user'`.execute(db);
  return result.rows.map((row) => row.domain);
}

/** User mailboxes no staff-list row claims by its own address or by an NHSmail address linked to it. */
async function unclaimedMailboxes(db: Queryable, orgId: string): Promise<UnclaimedMailbox[]> {
  const result = await sql<{ email: string; display_name: string | null; employee_number: string | null; account_disabled: number }>`
    SELECT m.email, m.display_name, m.employee_number, m.account_disabled FROM mailboxes m
    WHERE m.org_id = ${orgId} AND m.mailbox_type = 'user'
      AND NOT EXISTS (SELECT 1 FROM people p WHERE p.org_id = m.org_id AND p.email = m.email)
      AND NOT EXISTS (SELECT 1 FROM address_links l JOIN people p ON p.org_id = l.org_id AND p.email = l.nhsmail_email
        WHERE l.org_id = m.org_id AND l.local_email = m.email)`.execute(db);
  return result.rows.map((row) => ({
    email: row.email,
    displayName: row.display_name,
    employeeNumber: row.employee_number,
    current: Number(row.account_disabled) === 0,
  }));
}

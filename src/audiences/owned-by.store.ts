import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import type { MailboxFacts } from './owner-fields.js';
import { sharedMailboxesOf } from './shared-mailboxes-of.store.js';

/** Someone named in an owner's email: their address, and the names the directory has for them. */
export interface NamedPerson {
  email: string;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** A shared mailbox someone owns, with everyone who has access to it and how. */
export interface OwnedSharedMailbox {
  mailbox: string;
  displayName: string | null;
  /** Its size, deleted items not counted, when the statistics are imported. */
  sizeBytes: number | null;
  /** One entry per person and kind of access (`full-access`, `send-as`, `send-on-behalf`, `calendar:reviewer` ...). */
  access: { person: NamedPerson; kind: string }[];
}

/** A distribution list someone owns. `memberCount` is null when no membership of it has been imported. */
export interface OwnedDistributionList {
  email: string;
  displayName: string | null;
  memberCount: number | null;
}

type NameRow = { email: string; display_name: string | null; first_name: string | null; last_name: string | null };

const namedPerson = (row: NameRow): NamedPerson => ({
  email: row.email,
  displayName: row.display_name,
  firstName: row.first_name,
  lastName: row.last_name,
});

/**
 * The names of the people with these addresses: the people table's, else the mailbox's display
 * name. Read by the people table's key (a person's main address) alone, so that it stays one
 * indexed lookup however large the directory: someone named by another address is named by it.
 */
export async function namesOf(db: Queryable, orgId: string, emails: readonly string[]): Promise<Map<string, NamedPerson>> {
  const known = [...new Set(emails.filter(Boolean))];
  const names = new Map<string, NamedPerson>();
  if (known.length === 0) return names;
  const people = await sql<NameRow>`SELECT email, display_name, first_name, last_name FROM directory_persons
    WHERE org_id = ${orgId} AND email IN (${sql.join(known)})`.execute(db);
  for (const row of people.rows) names.set(row.email, namedPerson(row));
  const mailboxes = await sql<NameRow>`SELECT email, display_name, NULL AS first_name, NULL AS last_name
    FROM mailboxes WHERE org_id = ${orgId} AND email IN (${sql.join(known)})`.execute(db);
  for (const row of mailboxes.rows) if (!names.has(row.email)) names.set(row.email, namedPerson(row));
  return names;
}

/**
 * The shared mailboxes the owners list names any of these addresses as owner of, with who has
 * access to each: people granted it themselves, and the members of groups granted it.
 */
export async function sharedMailboxesOwnedBy(db: Queryable, orgId: string, addresses: readonly string[]): Promise<OwnedSharedMailbox[]> {
  const known = addresses.filter(Boolean);
  if (known.length === 0) return [];
  const result = await sql<{
    mailbox: string;
    mailbox_name: string | null;
    size_bytes: number | null;
    user_email: string | null;
    access: string | null;
  }>`
    WITH owned AS (SELECT DISTINCT mailbox_email FROM shared_mailbox_owners WHERE org_id = ${orgId} AND owner_email IN (${sql.join(known)})),
    granted AS (
      SELECT x.mailbox_email, x.user_email, x.access FROM mailbox_permissions x
        WHERE x.org_id = ${orgId} AND x.mailbox_email IN (SELECT mailbox_email FROM owned)
      UNION SELECT gp.mailbox_email, g.member_email, gp.access FROM group_permissions gp
        JOIN group_members g ON g.org_id = gp.org_id AND g.group_key = gp.group_key
        WHERE gp.org_id = ${orgId} AND gp.mailbox_email IN (SELECT mailbox_email FROM owned)
    )
    SELECT o.mailbox_email AS mailbox, s.display_name AS mailbox_name, s.size_bytes, g.user_email, g.access
    FROM owned o
    LEFT JOIN mailboxes s ON s.org_id = ${orgId} AND s.email = o.mailbox_email
    LEFT JOIN granted g ON g.mailbox_email = o.mailbox_email AND g.user_email <> o.mailbox_email
    ORDER BY o.mailbox_email, g.user_email, g.access`.execute(db);
  const names = await namesOf(
    db,
    orgId,
    result.rows.flatMap((row) => (row.user_email ? [row.user_email] : [])),
  );
  const byMailbox = new Map<string, OwnedSharedMailbox>();
  for (const row of result.rows) {
    const owned = byMailbox.get(row.mailbox) ?? {
      mailbox: row.mailbox,
      displayName: row.mailbox_name,
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
      access: [],
    };
    if (row.user_email && row.access) {
      const person = names.get(row.user_email) ?? { email: row.user_email, displayName: null, firstName: null, lastName: null };
      owned.access.push({ person, kind: row.access });
    }
    byMailbox.set(row.mailbox, owned);
  }
  return [...byMailbox.values()];
}

/** The distribution lists the list owners file names any of these addresses as owner of, with their member counts. */
export async function distributionListsOwnedBy(
  db: Queryable,
  orgId: string,
  addresses: readonly string[],
): Promise<OwnedDistributionList[]> {
  const known = addresses.filter(Boolean);
  if (known.length === 0) return [];
  const result = await sql<{ email: string; display_name: string | null; members: number }>`
    WITH owned AS (SELECT list_email, max(list_name) AS list_name FROM distribution_list_owners
      WHERE org_id = ${orgId} AND owner_email IN (${sql.join(known)}) GROUP BY list_email)
    SELECT o.list_email AS email,
      coalesce((SELECT max(g.display_name) FROM mail_groups g WHERE g.org_id = ${orgId} AND g.email = o.list_email), o.list_name) AS display_name,
      (SELECT count(DISTINCT m.member_email) FROM mail_groups g
        JOIN group_members m ON m.org_id = g.org_id AND m.group_key = g.group_key
        WHERE g.org_id = ${orgId} AND g.email = o.list_email) AS members
    FROM owned o ORDER BY o.list_email`.execute(db);
  // A membership export writes nothing for a list it did not cover, so no members means none known.
  return result.rows.map((row) => ({
    email: row.email,
    displayName: row.display_name,
    memberCount: Number(row.members) > 0 ? Number(row.members) : null,
  }));
}

/** Which of a person's mailbox facts a template needs: reading them costs a query each. */
export interface MailboxFactsWanted {
  used: boolean;
  owned: boolean;
  lists: boolean;
}

const MAILBOX_FIELDS_NEEDING: Readonly<Record<keyof MailboxFactsWanted, readonly string[]>> = {
  used: ['shared mailboxes', 'shared mailbox owners', 'shared mailboxes over limit'],
  owned: ['owned shared mailboxes', 'owned mailboxes over limit'],
  lists: ['distribution lists'],
};

/** The facts the fields a template uses need. */
export function mailboxFactsWanted(fields: ReadonlySet<string>): MailboxFactsWanted {
  const any = (names: readonly string[]) => names.some((name) => fields.has(name));
  return { used: any(MAILBOX_FIELDS_NEEDING.used), owned: any(MAILBOX_FIELDS_NEEDING.owned), lists: any(MAILBOX_FIELDS_NEEDING.lists) };
}

export const ALL_MAILBOX_FACTS: MailboxFactsWanted = { used: true, owned: true, lists: true };

/** The mailboxes and lists a person with these addresses uses and owns, and the names of the owners of those they use. */
export async function mailboxFactsOf(
  db: Queryable,
  orgId: string,
  addresses: readonly string[],
  wanted: MailboxFactsWanted = ALL_MAILBOX_FACTS,
): Promise<MailboxFacts> {
  const used = wanted.used ? await sharedMailboxesOf(db, orgId, addresses) : [];
  return {
    used,
    owned: wanted.owned ? await sharedMailboxesOwnedBy(db, orgId, addresses) : [],
    lists: wanted.lists ? await distributionListsOwnedBy(db, orgId, addresses) : [],
    names: await namesOf(
      db,
      orgId,
      used.flatMap((use) => use.owners),
    ),
  };
}

/** Checks on staged rows that need the whole file or the stored directory: address pairs, owners' mailboxes. */
import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import type { ImportKind } from './import-kinds.js';
import { STAGING_TABLE } from './staging-table.store.js';

/** The staged column that holds the second address of a kind's pair, when it has one. */
const PAIRED_ADDRESS_COLUMNS: Readonly<Partial<Record<ImportKind, string>>> = {
  'nhsmail-accounts': 'local_email',
  'migration-status': 'nhsmail_email',
  'address-map': 'nhsmail_email',
};

/** How many kept rows pair a local address with an NHSmail one; undefined for kinds that cannot. */
export async function countAddressPairs(db: Queryable, kind: ImportKind): Promise<number | undefined> {
  const column = PAIRED_ADDRESS_COLUMNS[kind];
  if (!column) return undefined;
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(STAGING_TABLE)}
    WHERE ok = 1 AND ${sql.raw(column)} IS NOT NULL AND ${sql.raw(column)} <> email`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export interface UnlistedSharedMailboxRow {
  row_no: number;
  mailbox_email: string;
  /** The listed mailbox's type, or null when the mailbox list does not have it. */
  mailbox_type: string | null;
}

/** Owners-list rows whose mailbox is missing from the mailbox list or is not a shared mailbox there. */
export async function unlistedSharedMailboxes(db: Queryable, orgId: string): Promise<UnlistedSharedMailboxRow[]> {
  const result = await sql<UnlistedSharedMailboxRow>`
    SELECT min(s.row_no) AS row_no, s.mailbox_email, m.mailbox_type
    FROM ${sql.table(STAGING_TABLE)} s LEFT JOIN mailboxes m ON m.org_id = ${orgId} AND m.email = s.mailbox_email
    WHERE s.ok = 1 AND (m.email IS NULL OR m.mailbox_type <> 'shared')
    GROUP BY s.mailbox_email, m.mailbox_type ORDER BY min(s.row_no)`.execute(db);
  return result.rows;
}

/** Whether any mailbox list has been imported, so that checking against it means something. */
export async function hasMailboxes(db: Queryable, orgId: string): Promise<boolean> {
  const result = await sql`SELECT 1 FROM mailboxes WHERE org_id = ${orgId} LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

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

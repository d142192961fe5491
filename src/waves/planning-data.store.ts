import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import type { PermissionRow } from './plan-problem.js';

export interface SharedMailbox {
  email: string;
  name: string | null;
  bytes: number;
  migrated: boolean;
  /** Its latest result is a failed move: it is planned again, into a wave still to come. */
  failed: boolean;
  wave: string | null;
  source: string | null;
}

/** Each mailbox's size for moving it: its items and its deleted items, which a move takes too. */
export async function mailboxMoveSizes(db: Queryable, orgId: string): Promise<Map<string, number>> {
  const rows = await sql<{ email: string; bytes: number }>`SELECT email, coalesce(size_bytes, 0) + coalesce(deleted_bytes, 0) AS bytes
    FROM mailboxes WHERE org_id = ${orgId}`.execute(db);
  return new Map(rows.rows.map((row) => [row.email, Number(row.bytes)]));
}

/** Every shared mailbox, with whether it has moved and the wave it is in. */
export async function sharedMailboxes(db: Queryable, orgId: string): Promise<SharedMailbox[]> {
  const rows = await sql<{
    email: string;
    display_name: string | null;
    bytes: number;
    outcome: string | null;
    wave: string | null;
    source: string | null;
  }>`SELECT m.email, m.display_name, coalesce(m.size_bytes, 0) + coalesce(m.deleted_bytes, 0) AS bytes, r.outcome, w.name AS wave, a.source
    FROM mailboxes m
    LEFT JOIN migration_results r ON r.org_id = m.org_id AND r.email = m.email
    LEFT JOIN wave_assignments a ON a.org_id = m.org_id AND a.mailbox_email = m.email
    LEFT JOIN waves w ON w.id = a.wave_id
    WHERE m.org_id = ${orgId} AND m.mailbox_type = 'shared' ORDER BY m.email`.execute(db);
  return rows.rows.map((row) => ({
    email: row.email,
    name: row.display_name,
    bytes: Number(row.bytes),
    migrated: row.outcome === 'migrated',
    failed: row.outcome === 'failed',
    wave: row.wave,
    source: row.source,
  }));
}

/** Every right on a mailbox held by someone, a group's rights counted for each member, each once. */
export async function permissionRows(db: Queryable, orgId: string): Promise<PermissionRow[]> {
  const rows = await sql<{ mailbox: string; holder: string; access: string }>`
    SELECT mailbox_email AS mailbox, user_email AS holder, access FROM mailbox_permissions WHERE org_id = ${orgId}
    UNION
    SELECT gp.mailbox_email, g.member_email, gp.access FROM group_permissions gp
    JOIN group_members g ON g.org_id = gp.org_id AND g.group_key = gp.group_key
    WHERE gp.org_id = ${orgId}
    ORDER BY 1, 2, 3`.execute(db);
  return rows.rows;
}

/** Every address the directory knows: mailboxes of every kind, and people. */
export async function knownAddresses(db: Queryable, orgId: string): Promise<Set<string>> {
  const rows = await sql<{ email: string }>`SELECT email FROM mailboxes WHERE org_id = ${orgId}
    UNION SELECT email FROM directory_persons WHERE org_id = ${orgId}
    UNION SELECT staff_email FROM directory_persons WHERE org_id = ${orgId} AND staff_email IS NOT NULL`.execute(db);
  return new Set(rows.rows.map((row) => row.email));
}

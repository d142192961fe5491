import type { Queryable } from '../store/store.js';
import type { Role } from './role.js';
import type { User } from './users.store.js';

export interface StoredSession {
  tokenHash: string;
  createdAt: string;
  lastSeenAt: string;
  user: User;
}

export async function insertSession(
  db: Queryable,
  session: { tokenHash: string; orgId: string; userId: number; at: string },
): Promise<void> {
  await db
    .insertInto('web_sessions')
    .values({
      token_hash: session.tokenHash,
      org_id: session.orgId,
      user_id: session.userId,
      created_at: session.at,
      last_seen_at: session.at,
    })
    .execute();
}

export async function findSession(db: Queryable, orgId: string, tokenHash: string): Promise<StoredSession | undefined> {
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_hash', 's.created_at', 's.last_seen_at', 'u.id', 'u.org_id', 'u.email', 'u.role', 'u.created_at as user_created_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    user: { id: row.id, orgId: row.org_id, email: row.email, role: row.role as Role, createdAt: row.user_created_at },
  };
}

export async function touchSession(db: Queryable, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('web_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Removes sessions idle since before `idleSince` or started before `startedBefore`. */
export async function deleteExpiredSessions(db: Queryable, orgId: string, idleSince: string, startedBefore: string): Promise<void> {
  await db
    .deleteFrom('web_sessions')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('last_seen_at', '<', idleSince), eb('created_at', '<', startedBefore)]))
    .execute();
}

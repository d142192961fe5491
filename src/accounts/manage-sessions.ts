import { createHash, randomBytes } from 'node:crypto';
import { writeUnmarked } from '../store/change-marker.js';
import type { Store } from '../store/store.js';
import { isWorkspaceBusy } from '../store/workspace-busy.js';
import { deleteExpiredSessions, deleteSession, findSession, insertSession, touchSession } from './sessions.store.js';
import type { User } from './users.store.js';

export interface SessionLimits {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteMs: number;
}

/** Only the hash of a session's token is stored: a copy of the table signs nobody in. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Starts a session for `user`; the token goes in the cookie and nowhere else. Sessions that
 * have expired are cleared out at the same time, so the table does not grow. Session writes are
 * unmarked (`writeUnmarked`): nothing a page keeps depends on who is signed in, so a sign-in does
 * not make every page work its figures out again.
 */
export async function startSession(store: Store, user: User, limits: SessionLimits, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await writeUnmarked(store, (db) =>
    db.transaction().execute(async (trx) => {
      await deleteExpiredSessions(trx, user.orgId, ...expiryCutoffs(limits, now));
      await insertSession(trx, { tokenHash: hashOf(token), orgId: user.orgId, userId: user.id, at: now.toISOString() });
    }),
  );
  return token;
}

/** Sessions last used before the first instant, or started before the second, have expired. */
function expiryCutoffs(limits: SessionLimits, now: Date): [string, string] {
  return [new Date(now.getTime() - limits.idleMs).toISOString(), new Date(now.getTime() - limits.absoluteMs).toISOString()];
}

/** The signed-in user for a session token, or undefined when it is unknown, idle too long or too old. */
export async function userOfSession(
  store: Store,
  orgId: string,
  token: string,
  limits: SessionLimits,
  now: Date,
): Promise<User | undefined> {
  const session = await findSession(store.db, orgId, hashOf(token));
  if (!session) return undefined;
  const idleFor = now.getTime() - Date.parse(session.lastSeenAt);
  const age = now.getTime() - Date.parse(session.createdAt);
  if (idleFor > limits.idleMs || age > limits.absoluteMs) {
    await writeUnmarked(store, (db) => deleteExpiredSessions(db, orgId, ...expiryCutoffs(limits, now)));
    return undefined;
  }
  // One write a minute at most per session, not one per request.
  if (idleFor > 60_000) await writeUnmarked(store, (db) => touchSession(db, session.tokenHash, now.toISOString())).catch(unlessBusy);
  return session.user;
}

/**
 * While another connection writes for longer than the busy timeout (an import, or the people
 * table being rebuilt after one), the session stays valid unrecorded; a later request records it.
 */
function unlessBusy(error: unknown): void {
  if (!isWorkspaceBusy(error)) throw error;
}

export async function endSession(store: Store, token: string): Promise<void> {
  await writeUnmarked(store, (db) => deleteSession(db, hashOf(token)));
}

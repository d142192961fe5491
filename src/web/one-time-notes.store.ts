import type { Queryable } from '../store/store.js';

export interface StoredNote {
  id: string;
  orgId: string;
  ownerHash: string;
  sealed: string;
  expiresAt: string;
}

export async function insertNote(db: Queryable, note: StoredNote): Promise<void> {
  await db
    .insertInto('one_time_notes')
    .values({ id: note.id, org_id: note.orgId, owner_hash: note.ownerHash, sealed: note.sealed, expires_at: note.expiresAt })
    .execute();
}

/**
 * Removes the note and hands it back, once: of two requests taking the same note at once (on two
 * instances), only the one whose delete removed the row gets it.
 */
export async function takeNoteRow(db: Queryable, orgId: string, id: string, ownerHash: string): Promise<StoredNote | undefined> {
  const row = await db
    .selectFrom('one_time_notes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('owner_hash', '=', ownerHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const deleted = await db.deleteFrom('one_time_notes').where('id', '=', id).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return undefined;
  return { id: row.id, orgId: row.org_id, ownerHash: row.owner_hash, sealed: row.sealed, expiresAt: row.expires_at };
}

export async function deleteExpiredNotes(db: Queryable, orgId: string, now: string): Promise<void> {
  await db.deleteFrom('one_time_notes').where('org_id', '=', orgId).where('expires_at', '<', now).execute();
}

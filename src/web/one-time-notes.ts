import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { deleteExpiredNotes, insertNote, takeNoteRow } from './one-time-notes.store.js';
import { unmarked } from './unmarked.js';
import type { WebContext } from './web-context.js';

const KEEP_FOR_MS = 5 * 60_000;

/**
 * Something a page shows once after a redirect that must never be in an address: the one-time
 * password of a new user. Why not the query string or a cookie: an address lands in the browser's
 * history, the proxy's log and the Referer header, and a signed cookie is readable by anyone who
 * sees it. Here the value is kept in the database (`one_time_notes`), so whichever instance the
 * redirect lands on can show it, under a random id that goes in the address, bound to the session
 * that made it (another session's id finds nothing), for five minutes, and removed the first time
 * it is read: a refresh, or the address opened again, shows nothing. It is stored encrypted
 * (AES-256-GCM) with a key made from the session secret, which every instance shares
 * (COMMSPLAN_SESSION_SECRET), so the table alone never gives the password away.
 */
export async function keepNote(
  web: Pick<WebContext, 'store' | 'organisation' | 'sessionSecret'>,
  value: string,
  owner: string,
  now: Date,
): Promise<string> {
  await unmarked(web.store, (db) => deleteExpiredNotes(db, web.organisation.id, now.toISOString()));
  const id = randomBytes(16).toString('base64url');
  const ownerHash = hashOf(owner);
  await unmarked(web.store, (db) =>
    insertNote(db, {
      id,
      orgId: web.organisation.id,
      ownerHash,
      sealed: seal(web.sessionSecret, `${id}:${ownerHash}`, value),
      expiresAt: new Date(now.getTime() + KEEP_FOR_MS).toISOString(),
    }),
  );
  return id;
}

/** The value, once, to the session that kept it; undefined after that, when expired, or to anyone else. */
export async function takeNote(
  web: Pick<WebContext, 'store' | 'organisation' | 'sessionSecret'>,
  id: string,
  owner: string,
  now: Date,
): Promise<string | undefined> {
  if (!id) return undefined;
  const ownerHash = hashOf(owner);
  const note = await unmarked(web.store, (db) => takeNoteRow(db, web.organisation.id, id, ownerHash));
  if (!note || note.expiresAt < now.toISOString()) return undefined;
  return unseal(web.sessionSecret, `${id}:${ownerHash}`, note.sealed);
}

const hashOf = (owner: string) => createHash('sha256').update(owner).digest('hex');

const keyOf = (secret: string) => createHmac('sha256', secret).update('commsplan one-time notes').digest();

/** iv (12 bytes), tag (16) and the encrypted text, base64url; `bound` must match to open it. */
function seal(secret: string, bound: string, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(bound));
  const text = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), text]).toString('base64url');
}

/** The value, or undefined when it was sealed with another secret (the secret changed since). */
function unseal(secret: string, bound: string, sealed: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(bound));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

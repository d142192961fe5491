import { randomBytes } from 'node:crypto';

const KEEP_FOR_MS = 5 * 60_000;

/**
 * Something a page shows once after a redirect that must never be in an address: the one-time
 * password of a new user. Why a store on the server rather than the query string or a cookie: an
 * address lands in the browser's history, the proxy's log and the Referer header, and a signed
 * cookie is readable by anyone who sees it (only an encrypted one would do, with a key to manage).
 * Here the value stays in this process's memory, under a random id that goes in the address,
 * bound to the session that made it (another session's id finds nothing), for five minutes, and
 * is removed the first time it is read: a refresh, or the address opened again, shows nothing.
 * Lost on a restart (or on another process behind a balancer): the page then says it was shown.
 */
export class OneTimeNotes<T> {
  private readonly notes = new Map<string, { value: T; owner: string; until: number }>();

  /** Keeps `value` for `owner` (the session) and returns the id to put in the address. */
  keep(value: T, owner: string, now: Date): string {
    this.forgetOld(now);
    const id = randomBytes(16).toString('base64url');
    this.notes.set(id, { value, owner, until: now.getTime() + KEEP_FOR_MS });
    return id;
  }

  /** The value, once, to the session that kept it; undefined after that, when expired, or to anyone else. */
  take(id: string, owner: string, now: Date): T | undefined {
    const note = this.notes.get(id);
    if (!note || note.owner !== owner) return undefined;
    this.notes.delete(id);
    return note.until >= now.getTime() ? note.value : undefined;
  }

  private forgetOld(now: Date): void {
    for (const [id, note] of this.notes) if (note.until < now.getTime()) this.notes.delete(id);
  }
}

import { sql } from 'kysely';
import { dueRows, LEASED, WAITING_TO_BE_CLAIMED } from '../outbox/sendable-rows.store.js';
import type { Queryable } from '../store/store.js';
import type { SentMessage } from './sent-message.js';

const iso = (at: number) => new Date(at).toISOString();
/** A sender's daily limit counts the recipients of any rolling 24 hours. */
const DAY_MS = 24 * 60 * 60_000;

/** The senders that have messages due at `now` and are not paused, by name. */
export async function sendersWithDueMessages(db: Queryable, orgId: string, now: number): Promise<string[]> {
  const rows = await dueRows(db, orgId, now).select('outbox.sender_name').distinct().orderBy('outbox.sender_name').execute();
  return rows.map((row) => row.sender_name);
}

/** Messages not yet in a final state, by sender: waiting and leased, each read through its partial index. */
export async function pendingBySender(db: Queryable, orgId: string): Promise<Map<string, number>> {
  const pending = new Map<string, number>();
  for (const state of [WAITING_TO_BE_CLAIMED, LEASED]) {
    const rows = await db
      .selectFrom('outbox')
      .select(['sender_name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where(state)
      .groupBy('sender_name')
      .execute();
    for (const row of rows) pending.set(row.sender_name, (pending.get(row.sender_name) ?? 0) + Number(row.n));
  }
  return pending;
}

/**
 * What a sender sent in the 24 hours before `now`, for its limits, grouped by the second: a day
 * of fast sending is a few thousand groups instead of every message, and a group keeps the time
 * of its last message, so it never leaves a window before its messages would.
 */
export async function recentUsage(db: Queryable, orgId: string, senderName: string, now: number): Promise<SentMessage[]> {
  const rows = await db
    .selectFrom('sender_usage')
    .select((eb) => [
      eb.fn.max('sent_at').as('last_at'),
      eb.fn.sum<number>('recipients').as('recipients'),
      eb.fn.countAll<number>().as('messages'),
    ])
    .where('org_id', '=', orgId)
    .where('sender_name', '=', senderName)
    .where('sent_at', '>', iso(now - DAY_MS))
    .where('sent_at', '<=', iso(now))
    .groupBy(sql`substr(sent_at, 1, 19)`)
    .execute();
  return rows.map((row) => ({ at: Date.parse(row.last_at), recipients: Number(row.recipients), messages: Number(row.messages) }));
}

/**
 * Pauses a sender that is not paused yet, with the reason; false when it was already paused (the
 * reason first given stays) or is not there. Its messages keep their state. `paused_at` says
 * whether a sender is paused, as resuming reads it: the two are set and cleared together.
 */
export async function pauseSenderRow(db: Queryable, orgId: string, name: string, reason: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('senders')
    .set({ paused_reason: reason, paused_at: now.toISOString() })
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .where('paused_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Resumes a paused sender; false when it was not paused. */
export async function resumeSenderRow(db: Queryable, orgId: string, name: string): Promise<boolean> {
  const result = await db
    .updateTable('senders')
    .set({ paused_reason: null, paused_at: null })
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .where('paused_at', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

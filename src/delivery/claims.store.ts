import { type Selectable, sql } from 'kysely';
import { messageStatesBefore } from '../outbox/message-state.js';
import { dueRows, LEASED, SENDABLE_OCCURRENCE_STATES, sendableRows } from '../outbox/sendable-rows.store.js';
import { pendingBySender } from '../senders/sender-state.store.js';
import { type DialectName, skippingRowsOthersHold } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import type { Queryable } from '../store/store.js';

/**
 * The outbox as the sending loop sees it: claims are leases, and every move of a message or an
 * occurrence is an `UPDATE … WHERE state IN (…)` whose row count says whether it happened. See
 * docs/adr/0008-leases-and-several-workers.md for the PostgreSQL shape of the claim.
 */
export interface ClaimedMessage {
  messageKey: string;
  occurrenceKey: string;
  recipient: string;
  personEmail: string;
  templateId: string;
  templateVersion: string;
  senderName: string;
  fieldsJson: string;
  /** This attempt's number: the attempts recorded so far, plus one. A claim itself counts none. */
  attempts: number;
}

const iso = (at: number) => new Date(at).toISOString();

/**
 * Leases up to `limit` due messages of one sender to `owner` until `leaseUntil`: the highest
 * priority first (the helpdesk briefing before staff emails, whatever was queued first), then
 * the oldest due, then the order queued. One guarded UPDATE: a row another worker holds is no longer `queued` or `retrying`,
 * so it is never claimed twice. The claim counts no attempt: an attempt is counted when its
 * outcome is recorded, so a worker killed with a batch in hand costs the batch nothing.
 */
export async function claimDueMessages(
  db: Queryable,
  claim: { orgId: string; senderName: string; owner: string; now: number; leaseUntil: number; limit: number; dialect?: DialectName },
): Promise<ClaimedMessage[]> {
  if (claim.limit <= 0) return [];
  const dialect = claim.dialect ?? 'sqlite';
  const rows = await db
    .updateTable('outbox')
    .set({ state: 'sending', lease_owner: claim.owner, lease_until: iso(claim.leaseUntil) })
    .where('org_id', '=', claim.orgId)
    .where('state', 'in', messageStatesBefore('sending'))
    .where('message_key', 'in', () =>
      skippingRowsOthersHold(
        dialect,
        dueRows(db, claim.orgId, claim.now)
          .where('outbox.sender_name', '=', claim.senderName)
          .select('outbox.message_key')
          // The order of `outbox_claimable` (migration 0022): a claim reads its first entries.
          .orderBy('outbox.priority')
          .orderBy('outbox.not_before')
          // In the order queued: on SQLite the rowid, which the index carries (migration 0017).
          .orderBy(dialect === 'sqlite' ? sql`outbox.rowid` : sql`outbox.message_key`)
          .limit(claim.limit),
      ),
    )
    .returningAll()
    .execute();
  // RETURNING keeps no order: the batch goes in claim order, the key settling ties.
  return rows
    .sort(
      (a, b) =>
        Number(a.priority) - Number(b.priority) || a.not_before.localeCompare(b.not_before) || a.message_key.localeCompare(b.message_key),
    )
    .map(claimedMessageOf);
}

/** An outbox row as the sending loop works with it. */
export function claimedMessageOf(row: Selectable<Database['outbox']>): ClaimedMessage {
  return {
    messageKey: row.message_key,
    occurrenceKey: row.occurrence_key,
    recipient: row.recipient,
    personEmail: row.person_email,
    templateId: row.template_id,
    templateVersion: row.template_version,
    senderName: row.sender_name,
    fieldsJson: row.fields_json,
    attempts: Number(row.attempts) + 1,
  };
}

/** Whether any of `owners` holds a message whose lease has not run out at `now`. */
export async function holdsLiveLeases(db: Queryable, orgId: string, owners: readonly string[], now: number): Promise<boolean> {
  if (owners.length === 0) return false;
  const row = await db
    .selectFrom('outbox')
    .select('message_key')
    .where('org_id', '=', orgId)
    .where(LEASED)
    .where('lease_owner', 'in', [...owners])
    .where('lease_until', '>', iso(now))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Messages whose lease ran out (their worker died or hung) go back to `queued`; returns their keys. */
export async function releaseExpiredLeases(db: Queryable, orgId: string, now: number): Promise<string[]> {
  const rows = await db
    .updateTable('outbox')
    .set({ state: 'queued', lease_owner: null, lease_until: null })
    .where('org_id', '=', orgId)
    .where(LEASED)
    .where('lease_until', '<=', iso(now))
    .returning('message_key')
    .execute();
  return rows.map((row) => row.message_key);
}

/**
 * Keeps the lease on the messages `owner` still holds until `leaseUntil`; returns their keys. A
 * message missing from the answer was taken back (its lease ran out) and must not be sent.
 */
export async function renewLeases(
  db: Queryable,
  orgId: string,
  keys: readonly string[],
  owner: string,
  leaseUntil: number,
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .updateTable('outbox')
    .set({ lease_until: iso(leaseUntil) })
    .where('org_id', '=', orgId)
    .where('message_key', 'in', [...keys])
    .where(LEASED)
    .where('lease_owner', '=', owner)
    .returning('message_key')
    .execute();
  return rows.map((row) => row.message_key);
}

/**
 * Where a claimed message stands just before it goes: `held` by `owner` and its occurrence still
 * approved or sending; `lost` when another worker took it back or recorded it sent; `stopped`
 * when it is still held but its occurrence was paused, cancelled or lost its approval since.
 */
export type HoldOnMessage = 'held' | 'lost' | 'stopped';

export async function holdOnMessage(db: Queryable, orgId: string, messageKey: string, owner: string): Promise<HoldOnMessage> {
  const row = await db
    .selectFrom('outbox')
    .leftJoin('occurrence_states', (join) =>
      join.onRef('occurrence_states.org_id', '=', 'outbox.org_id').onRef('occurrence_states.occurrence_key', '=', 'outbox.occurrence_key'),
    )
    .select(['outbox.state', 'outbox.lease_owner', 'occurrence_states.state as occurrence_state'])
    .where('outbox.org_id', '=', orgId)
    .where('outbox.message_key', '=', messageKey)
    .executeTakeFirst();
  if (row?.state !== 'sending' || row.lease_owner !== owner) return 'lost';
  return (SENDABLE_OCCURRENCE_STATES as readonly (string | null)[]).includes(row.occurrence_state) ? 'held' : 'stopped';
}

/** A guarded move of a message `owner` holds; false when it no longer holds it (the lease ran out and another took it). */
async function moveClaimed(
  db: Queryable,
  orgId: string,
  messageKey: string,
  owner: string,
  set: { state: 'retrying' | 'failed' | 'queued' } & Record<string, unknown>,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ lease_owner: null, lease_until: null, ...set })
    .where('org_id', '=', orgId)
    .where('message_key', '=', messageKey)
    .where('state', 'in', messageStatesBefore(set.state))
    .where('state', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a message the server accepted (attempt number `attempt`), whoever holds it now: what
 * was delivered is never refused. A worker whose lease ran out while the server answered still
 * records it, so the worker that took it over finds it sent and does not send it again. False
 * only when the message is already in a final state or `sent`.
 */
export async function markSent(db: Queryable, orgId: string, key: string, at: number, attempt: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      state: 'sent',
      sent_at: iso(at),
      last_error: null,
      lease_owner: null,
      lease_until: null,
      attempts: eb.case().when('attempts', '>', attempt).then(eb.ref('attempts')).else(attempt).end(),
    }))
    .where('org_id', '=', orgId)
    .where('message_key', '=', key)
    .where('state', 'in', messageStatesBefore('sent'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const markRetrying = (db: Queryable, orgId: string, key: string, owner: string, attempt: number, notBefore: number, error: string) =>
  moveClaimed(db, orgId, key, owner, { state: 'retrying', attempts: attempt, not_before: iso(notBefore), last_error: error });

export const markFailed = (db: Queryable, orgId: string, key: string, owner: string, attempt: number, error: string) =>
  moveClaimed(db, orgId, key, owner, { state: 'failed', attempts: attempt, last_error: error });

/** Gives claimed messages back unsent (the worker stops, or their sender or occurrence was paused). */
export async function releaseClaims(db: Queryable, orgId: string, keys: readonly string[], owner: string): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set({ state: 'queued', lease_owner: null, lease_until: null })
    .where('org_id', '=', orgId)
    .where('message_key', 'in', [...keys])
    .where('state', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Messages not yet in a final state, and those of them due at `now`. */
export async function countPending(db: Queryable, orgId: string, now: number): Promise<{ pending: number; due: number }> {
  const bySender = await pendingBySender(db, orgId);
  const due = await dueRows(db, orgId, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { pending: [...bySender.values()].reduce((sum, n) => sum + n, 0), due: Number(due.n) };
}

/** The earliest moment after `now` something becomes due: a sendable message's `not_before` or a lease running out. */
export async function nextDueAfter(db: Queryable, orgId: string, now: number): Promise<number | undefined> {
  const due = await sendableRows(db, orgId)
    .where('outbox.not_before', '>', iso(now))
    .select((eb) => eb.fn.min('outbox.not_before').as('at'))
    .executeTakeFirst();
  const lease = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('lease_until').as('at'))
    .where('org_id', '=', orgId)
    .where(LEASED)
    .executeTakeFirst();
  const times = [due?.at, lease?.at].filter((t): t is string => typeof t === 'string').map(Date.parse);
  return times.length ? Math.min(...times) : undefined;
}

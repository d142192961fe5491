import { type Selectable, sql } from 'kysely';
import { appendAuditEntry, type AuditEntry as StoredAuditEntry } from '../audit/audit-log.store.js';
import { messageStatesBefore } from '../outbox/message-state.js';
import { statesBefore } from '../plan/occurrence-state.js';
import { type DialectName, skippingRowsOthersHold } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import type { Queryable } from '../store/store.js';
import { DAY_MS, type SenderLimits, type SentMessage } from './pacing.js';

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

export interface SenderForSending {
  name: string;
  kind: string;
  fromAddress: string;
  limits: SenderLimits;
  pausedReason: string | null;
}

/** Occurrences whose messages may go: approved (about to start) or already sending. */
const SENDABLE_OCCURRENCE_STATES = ['approved', 'sending'] as const;
const PENDING_MESSAGE_STATES = ['queued', 'sending', 'retrying'] as const;

const iso = (at: number) => new Date(at).toISOString();

/** As literals, so the partial index `outbox_claimable` (migrations 0015, 0017, 0022) serves the claim. */
const WAITING_TO_BE_CLAIMED = sql<boolean>`outbox.state IN (${sql.join(messageStatesBefore('sending').map((state) => sql.lit(state)))})`;
/** Claimed by a worker: the partial index `outbox_leased` (migration 0017). */
const LEASED = sql<boolean>`outbox.state = ${sql.lit('sending')}`;

/** Messages waiting to be claimed whose sender and occurrence are not paused. */
function sendableRows(db: Queryable, orgId: string) {
  return db
    .selectFrom('outbox')
    .where('outbox.org_id', '=', orgId)
    .where(WAITING_TO_BE_CLAIMED)
    .where('outbox.occurrence_key', 'in', (qb) =>
      qb
        .selectFrom('occurrence_states')
        .select('occurrence_key')
        .where('org_id', '=', orgId)
        .where('state', 'in', [...SENDABLE_OCCURRENCE_STATES]),
    )
    .where('outbox.sender_name', 'not in', (qb) =>
      qb.selectFrom('senders').select('name').where('org_id', '=', orgId).where('paused_reason', 'is not', null),
    );
}

function dueRows(db: Queryable, orgId: string, now: number) {
  return sendableRows(db, orgId).where('outbox.not_before', '<=', iso(now));
}

/** The senders that have messages due at `now` and are not paused, by name. */
export async function sendersWithDueMessages(db: Queryable, orgId: string, now: number): Promise<string[]> {
  const rows = await dueRows(db, orgId, now).select('outbox.sender_name').distinct().orderBy('outbox.sender_name').execute();
  return rows.map((row) => row.sender_name);
}

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

/** A message the server accepted (or the folder took), as the worker that sent it writes it down. */
export interface SentOutcome {
  orgId: string;
  /** The worker that held the message's lease. */
  owner: string;
  messageKey: string;
  occurrenceKey: string;
  recipient: string;
  senderName: string;
  attempt: number;
  at: number;
  response: string;
}

/** What a fold of sent outcomes did. */
export interface FoldedOutcomes {
  /** Marked `sent`. */
  recorded: number;
  /** Accepted, but already `sent` (or in a final state) by then: a message that went twice. */
  alreadySent: number;
}

const FOLD_ROWS_PER_INSERT = 500;

/**
 * Records messages a worker sent, written down in its journal (`outcome-journal.ts`), in the
 * transaction `db` is: each becomes `sent` unless it already is (`markSent`), and each counts
 * against its sender and gets its audit line. With `onlyMoved`, for another worker's journal
 * that may have been folded before, only messages this fold marked `sent` are counted and
 * logged, so folding twice counts nothing twice.
 */
export async function recordSentOutcomes(
  db: Queryable,
  outcomes: readonly SentOutcome[],
  options: { onlyMoved: boolean },
): Promise<FoldedOutcomes> {
  const counted: SentOutcome[] = [];
  let recorded = 0;
  for (const outcome of outcomes) {
    const moved = await markSent(db, outcome.orgId, outcome.messageKey, outcome.at, outcome.attempt);
    if (moved) recorded++;
    if (moved || !options.onlyMoved) counted.push(outcome);
  }
  for (let start = 0; start < counted.length; start += FOLD_ROWS_PER_INSERT) {
    const rows = counted.slice(start, start + FOLD_ROWS_PER_INSERT);
    await db
      .insertInto('sender_usage')
      .values(rows.map((o) => ({ org_id: o.orgId, sender_name: o.senderName, sent_at: iso(o.at), recipients: 1 })))
      .execute();
    await db
      .insertInto('audit_log')
      .values(
        rows.map((o) => ({
          org_id: o.orgId,
          ...auditLine({
            at: o.at,
            action: 'message-sent',
            subject: o.messageKey,
            detail: { occurrence: o.occurrenceKey, recipient: o.recipient, sender: o.senderName, attempt: o.attempt, response: o.response },
          }),
        })),
      )
      .execute();
  }
  return { recorded, alreadySent: outcomes.length - recorded };
}

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

export async function findSender(db: Queryable, orgId: string, name: string): Promise<SenderForSending | undefined> {
  const row = await db.selectFrom('senders').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  return {
    name: row.name,
    kind: row.kind,
    fromAddress: row.from_address,
    limits: { perMinute: row.per_minute, perDay: row.per_day, perMessage: row.per_message },
    pausedReason: row.paused_reason,
  };
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

/** Pauses a sender with the reason; false when it was paused already. Its messages keep their state. */
export async function pauseSender(db: Queryable, orgId: string, name: string, reason: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('senders')
    .set({ paused_reason: reason, paused_at: iso(at) })
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .where('paused_reason', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function pauseOccurrence(db: Queryable, orgId: string, key: string, reason: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('occurrence_states')
    .set({ state: 'paused', reason, updated_at: iso(at) })
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', key)
    .where('state', 'in', statesBefore('paused'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Approved occurrences whose first messages were claimed become `sending`; returns those that moved. */
export async function startOccurrences(db: Queryable, orgId: string, keys: readonly string[], at: number): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .updateTable('occurrence_states')
    .set({ state: 'sending', updated_at: iso(at) })
    .where('org_id', '=', orgId)
    .where('occurrence_key', 'in', [...keys])
    .where('state', 'in', statesBefore('sending'))
    .returning('occurrence_key')
    .execute();
  return rows.map((row) => row.occurrence_key);
}

/** Sending occurrences with nothing left to send become `sent`; returns those that moved. */
export async function finishOccurrences(db: Queryable, orgId: string, at: number): Promise<string[]> {
  const rows = await db
    .updateTable('occurrence_states')
    .set({ state: 'sent', updated_at: iso(at) })
    .where('org_id', '=', orgId)
    .where('state', 'in', statesBefore('sent'))
    .where('state', '=', 'sending')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox')
            .select(sql`1`.as('one'))
            .where('outbox.org_id', '=', orgId)
            .whereRef('outbox.occurrence_key', '=', 'occurrence_states.occurrence_key')
            .where('outbox.state', 'in', [...PENDING_MESSAGE_STATES]),
        ),
      ),
    )
    .returning('occurrence_key')
    .execute();
  return rows.map((row) => row.occurrence_key);
}

/** The last `limit` outcomes of an occurrence's messages, newest first, from the audit log. */
export async function recentOutcomes(db: Queryable, orgId: string, occurrenceKey: string, limit: number): Promise<('sent' | 'failure')[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .where('org_id', '=', orgId)
    .where('actor', '=', 'worker')
    .where('action', 'in', ['message-sent', 'message-retrying', 'message-failed'])
    .where('subject', 'in', (qb) =>
      qb.selectFrom('outbox').select('message_key').where('org_id', '=', orgId).where('occurrence_key', '=', occurrenceKey),
    )
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => (row.action === 'message-sent' ? 'sent' : 'failure'));
}

export interface AuditEntry {
  /** `worker` unless said otherwise. */
  actor?: string;
  at: number;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

/** An audit line as the table holds it: the time as ISO 8601, the detail as JSON. */
function auditLine(entry: AuditEntry): StoredAuditEntry {
  return {
    at: iso(entry.at),
    actor: entry.actor ?? 'worker',
    action: entry.action,
    subject: entry.subject,
    detail: JSON.stringify(entry.detail),
  };
}

/** One line of the audit log, written by the worker unless the entry names someone else. */
export async function writeAudit(db: Queryable, orgId: string, entry: AuditEntry): Promise<void> {
  await appendAuditEntry(db, orgId, auditLine(entry));
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

/** The sender an activity's emails go from: its own, else the default sender. */
export async function senderNameOfActivity(db: Queryable, orgId: string, activityId: string): Promise<string | undefined> {
  const activity = await db
    .selectFrom('activities')
    .select('sender_name')
    .where('org_id', '=', orgId)
    .where('id', '=', activityId)
    .executeTakeFirst();
  if (activity?.sender_name) return activity.sender_name;
  const fallback = await db.selectFrom('senders').select('name').where('org_id', '=', orgId).where('is_default', '=', 1).executeTakeFirst();
  return fallback?.name;
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

export async function senderNames(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('senders').select('name').where('org_id', '=', orgId).orderBy('name').execute();
  return rows.map((row) => row.name);
}

export async function occurrenceStatesByKey(db: Queryable, orgId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('occurrence_states').select(['occurrence_key', 'state']).where('org_id', '=', orgId).execute();
  return new Map(rows.map((row) => [row.occurrence_key, row.state]));
}

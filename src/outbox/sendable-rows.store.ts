import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { messageStatesBefore } from './message-state.js';

/** Occurrences whose messages may go: approved (about to start) or already sending. */
export const SENDABLE_OCCURRENCE_STATES = ['approved', 'sending'] as const;

/** As literals, so the partial index `outbox_claimable` (migrations 0015, 0017, 0022) serves the claim. */
export const WAITING_TO_BE_CLAIMED = sql<boolean>`outbox.state IN (${sql.join(messageStatesBefore('sending').map((state) => sql.lit(state)))})`;
/** Claimed by a worker: the partial index `outbox_leased` (migration 0017). */
export const LEASED = sql<boolean>`outbox.state = ${sql.lit('sending')}`;

/** Messages waiting to be claimed whose sender and occurrence are not paused. */
export function sendableRows(db: Queryable, orgId: string) {
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
      qb.selectFrom('senders').select('name').where('org_id', '=', orgId).where('paused_at', 'is not', null),
    );
}

/** Sendable messages whose time has come at `now`. */
export function dueRows(db: Queryable, orgId: string, now: number) {
  return sendableRows(db, orgId).where('outbox.not_before', '<=', new Date(now).toISOString());
}

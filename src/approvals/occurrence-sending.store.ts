import { sql } from 'kysely';
import { statesBefore } from '../plan/occurrence-state.js';
import type { Queryable } from '../store/store.js';

/** Messages not yet in a final state: an occurrence with one of them has not finished sending. */
const PENDING_MESSAGE_STATES = ['queued', 'sending', 'retrying'] as const;

const iso = (at: number) => new Date(at).toISOString();

/** Pauses an occurrence, as the sending loop does after failures in a row; false when its state does not allow it. */
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

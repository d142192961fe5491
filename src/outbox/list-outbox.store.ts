import type { Queryable } from '../store/store.js';
import type { MessageState } from './message-state.js';

export interface OutboxMessage {
  messageKey: string;
  occurrenceKey: string;
  recipient: string;
  state: MessageState;
  senderName: string;
  attempts: number;
  notBefore: string;
  sentAt: string | undefined;
  lastError: string | undefined;
}

export async function listOutbox(
  db: Queryable,
  orgId: string,
  options: { state?: MessageState; limit: number; offset?: number; occurrence?: string; states?: readonly MessageState[] },
): Promise<{ messages: OutboxMessage[]; total: number }> {
  let query = db.selectFrom('outbox').where('org_id', '=', orgId);
  if (options.state) query = query.where('state', '=', options.state);
  if (options.occurrence !== undefined) query = query.where('occurrence_key', '=', options.occurrence);
  if (options.states) query = query.where('state', 'in', [...options.states]);
  const [rows, count] = await Promise.all([
    query
      .select(['message_key', 'occurrence_key', 'recipient', 'state', 'sender_name', 'attempts', 'not_before', 'sent_at', 'last_error'])
      .orderBy('not_before')
      .orderBy('occurrence_key')
      .orderBy('recipient')
      .limit(options.limit)
      .offset(options.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    messages: rows.map((row) => ({
      messageKey: row.message_key,
      occurrenceKey: row.occurrence_key,
      recipient: row.recipient,
      state: row.state as MessageState,
      senderName: row.sender_name,
      attempts: Number(row.attempts),
      notBefore: row.not_before,
      sentAt: row.sent_at ?? undefined,
      lastError: row.last_error ?? undefined,
    })),
  };
}

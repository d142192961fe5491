/**
 * The state of one message in the outbox. `queued` until a worker claims it (`sending`, with a
 * lease); then `sent`, `retrying` (a temporary failure: due again at `not_before`), `failed`
 * (permanently, with the server's reply) or back to `queued` when the lease runs out. `cancelled`
 * when its person leaves the audience before it goes. A `sent` message is never sent again; its
 * one way on is `bounced`, when a non-delivery report says it failed permanently after the server
 * took it (docs/adr/0012-bounces.md). `failed`, `cancelled` and `bounced` are final.
 */
export const MESSAGE_STATES = ['queued', 'sending', 'retrying', 'sent', 'failed', 'cancelled', 'bounced'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

const NEXT: Readonly<Record<MessageState, readonly MessageState[]>> = {
  // A message the server accepted is recorded `sent` from wherever it is (ADR 0008): a worker
  // whose lease ran out while the server answered may find it queued again or claimed by another.
  queued: ['sending', 'sent', 'cancelled'],
  sending: ['sent', 'retrying', 'failed', 'queued'],
  retrying: ['sending', 'sent', 'cancelled', 'failed'],
  sent: ['bounced'],
  failed: [],
  cancelled: [],
  bounced: [],
};

export function canMoveMessage(from: MessageState, to: MessageState): boolean {
  return NEXT[from].includes(to);
}

export function isFinalMessageState(state: MessageState): boolean {
  return NEXT[state].length === 0;
}

/** The states a message may be in for a move to `to`: the `WHERE state IN (...)` of a guarded update. */
export function messageStatesBefore(to: MessageState): MessageState[] {
  return MESSAGE_STATES.filter((from) => NEXT[from].includes(to));
}

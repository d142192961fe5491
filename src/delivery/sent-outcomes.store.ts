import { appendAuditEntries } from '../audit/audit-log.store.js';
import type { Queryable } from '../store/store.js';
import { markSent } from './claims.store.js';

const iso = (at: number) => new Date(at).toISOString();

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
    await appendAuditEntries(
      db,
      rows.map((o) => ({
        orgId: o.orgId,
        entry: {
          at: iso(o.at),
          actor: 'worker',
          action: 'message-sent',
          subject: o.messageKey,
          detail: JSON.stringify({
            occurrence: o.occurrenceKey,
            recipient: o.recipient,
            sender: o.senderName,
            attempt: o.attempt,
            response: o.response,
          }),
        },
      })),
    );
  }
  return { recorded, alreadySent: outcomes.length - recorded };
}

import type { Transaction } from 'kysely';
import { finishOccurrences, pauseOccurrence, recentOutcomes } from '../approvals/occurrence-sending.store.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import type { SendOutcome } from '../senders/mail-transport.js';
import { type DialectName, transactionWithDurability } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import type { Queryable } from '../store/store.js';
import { type ClaimedMessage, holdsLiveLeases, markFailed, markRetrying } from './claims.store.js';
import { afterTemporaryFailure, failuresInARow, type RetryPolicy, shouldPauseOccurrence } from './retry-policy.js';
import type { PassSummary, SendDueDependencies } from './send-due.js';
import type { ProgressMeter } from './send-progress.js';
import { recordSentOutcomes, type SentOutcome } from './sent-outcomes.store.js';
import type { UsageTally } from './usage-tally.js';

/** One line of the audit log, written by the worker. */
export function writeWorkerAudit(
  db: Queryable,
  orgId: string,
  at: number,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
) {
  return appendAuditEntry(db, orgId, { at: new Date(at).toISOString(), actor: 'worker', action, subject, detail: JSON.stringify(detail) });
}

/**
 * What a sending pass does with each reply: the message's new state, its audit line, its
 * sender's usage, the pass's counts and the failures in a row that pause an occurrence.
 */
export class OutcomeRecorder {
  private readonly streaks = new Map<string, number>();
  private readonly db: Queryable;
  private readonly dialect: DialectName;
  private readonly now: () => number;

  constructor(
    private readonly deps: SendDueDependencies,
    private readonly policy: RetryPolicy,
    private readonly summary: PassSummary,
    private readonly usage: UsageTally,
    private readonly progress: ProgressMeter,
  ) {
    this.db = deps.store.db;
    this.dialect = deps.store.dialect ?? 'sqlite';
    this.now = () => deps.now().getTime();
  }

  /**
   * Records an outcome. A sent message goes in the worker's journal when it has one, and reaches
   * the outbox with the rest of the batch (`foldJournal`). Otherwise, and for every failure, the
   * outcome is its own transaction; within a batch only the last commit waits for the disk (and
   * any failure's), so a power cut can make at most the batch's messages go again (ADR 0008).
   */
  async record(message: ClaimedMessage, outcome: SendOutcome, durability: 'flush' | 'relaxed'): Promise<void> {
    const at = this.now();
    if (outcome.ok && this.deps.journal) this.deps.journal.append(this.sentOutcome(message, at, outcome.response));
    else {
      // Earlier sends first, so the audit log keeps the order failures in a row are counted in.
      await this.foldJournal('relaxed');
      await transactionWithDurability(this.db, this.dialect, outcome.ok ? durability : 'flush', (trx) =>
        this.recordOne(trx, message, outcome, at),
      );
    }
    if (outcome.ok) {
      this.usage.count(message.senderName, at);
      this.summary.sent++;
      this.streaks.set(message.occurrenceKey, 0);
    } else {
      if (outcome.failure.kind === 'retry' && message.attempts < this.policy.maxAttempts) this.summary.retrying++;
      else this.summary.failed++;
      await this.countFailure(message.occurrenceKey, outcome.failure.reason);
    }
    this.progress.record(at, outcome.ok);
    this.progress.report();
  }

  private async recordOne(trx: Transaction<Database>, message: ClaimedMessage, outcome: SendOutcome, at: number): Promise<void> {
    const { orgId, workerId } = this.deps;
    if (outcome.ok) {
      const folded = await recordSentOutcomes(trx, [this.sentOutcome(message, at, outcome.response)], { onlyMoved: false });
      this.summary.sentTwice += folded.alreadySent;
      return;
    }
    const reason = outcome.failure.reason;
    const next =
      outcome.failure.kind === 'retry'
        ? afterTemporaryFailure(this.policy, message.attempts, at, this.deps.random())
        : ({ kind: 'give-up', reason: 'the server refused it for good' } as const);
    const moved =
      next.kind === 'retry'
        ? await markRetrying(trx, orgId, message.messageKey, workerId, message.attempts, next.notBefore, reason)
        : await markFailed(trx, orgId, message.messageKey, workerId, message.attempts, reason);
    // Another worker took the message over (this one's lease was lost): its attempt is that worker's to record.
    if (!moved) return;
    const action = next.kind === 'retry' ? 'message-retrying' : 'message-failed';
    await writeWorkerAudit(trx, orgId, at, action, message.messageKey, {
      occurrence: message.occurrenceKey,
      recipient: message.recipient,
      sender: message.senderName,
      attempt: message.attempts,
      reason,
      ...(next.kind === 'retry' ? { notBefore: new Date(next.notBefore).toISOString() } : { outcome: next.reason }),
    });
  }

  private sentOutcome(message: ClaimedMessage, at: number, response: string): SentOutcome {
    return {
      orgId: this.deps.orgId,
      owner: this.deps.workerId,
      messageKey: message.messageKey,
      occurrenceKey: message.occurrenceKey,
      recipient: message.recipient,
      senderName: message.senderName,
      attempt: message.attempts,
      at,
      response,
    };
  }

  /** The journal's sent messages into the outbox, in one transaction. */
  async foldJournal(durability: 'flush' | 'relaxed'): Promise<void> {
    const journal = this.deps.journal;
    if (!journal || journal.pending.length === 0) return;
    const pending = journal.pending;
    const folded = await transactionWithDurability(this.db, this.dialect, durability, (trx) =>
      recordSentOutcomes(trx, pending, { onlyMoved: false }),
    );
    journal.clear();
    this.summary.sentTwice += folded.alreadySent;
  }

  /**
   * Journals of workers that died: their messages were sent, so they are recorded, never sent
   * again. A journal whose process id seems to run is folded too once its owner holds no lease
   * that is still good: that id may be another process's (a worker killed in a container), and
   * a live worker keeps its leases for as long as its journal holds anything.
   */
  async foldLeftBehind(): Promise<void> {
    for (const left of this.deps.journal?.othersWithOutcomes() ?? []) {
      const owners = [...new Set(left.outcomes.map((outcome) => outcome.owner))];
      if (left.ownerMayRun && (await holdsLiveLeases(this.db, this.deps.orgId, owners, this.now()))) continue;
      const folded = await transactionWithDurability(this.db, this.dialect, 'flush', (trx) =>
        recordSentOutcomes(trx, left.outcomes, { onlyMoved: true }),
      );
      left.discard();
      if (folded.recorded) await this.audit('journal-recovered', `${folded.recorded} messages`, { recorded: folded.recorded });
    }
  }

  /** One more failure in a row for an occurrence; enough of them pause it. */
  private async countFailure(occurrenceKey: string, lastReason: string): Promise<void> {
    const streak = this.streaks.has(occurrenceKey)
      ? (this.streaks.get(occurrenceKey) as number) + 1
      : failuresInARow(await recentOutcomes(this.db, this.deps.orgId, occurrenceKey, this.policy.failuresInARowToPause));
    this.streaks.set(occurrenceKey, streak);
    if (!shouldPauseOccurrence(this.policy, streak)) return;
    const reason = `${streak} messages in a row failed; the last: ${lastReason}`;
    if (await pauseOccurrence(this.db, this.deps.orgId, occurrenceKey, reason, this.now())) {
      this.summary.occurrencesPaused.push({ key: occurrenceKey, reason });
      await this.audit('occurrence-paused', occurrenceKey, { reason });
    }
  }

  /** Sending occurrences with nothing left to send become `sent`. */
  async finishOccurrences(): Promise<void> {
    for (const key of await finishOccurrences(this.db, this.deps.orgId, this.now())) {
      this.summary.occurrencesSent.push(key);
      await this.audit('occurrence-sent', key, {});
    }
  }

  audit(action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    return writeWorkerAudit(this.db, this.deps.orgId, this.now(), action, subject, detail);
  }
}

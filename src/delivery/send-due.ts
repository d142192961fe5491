import type { Transaction } from 'kysely';
import { finishOccurrences, pauseOccurrence, recentOutcomes, startOccurrences } from '../approvals/occurrence-sending.store.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import type { LocalDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { workspaceFields } from '../messages/message-fields.js';
import { fieldValues, renderForSending, type TemplateSource } from '../messages/render-template.js';
import { messageIdOf } from '../outbox/message-key.js';
import { CANNOT_BE_MADE } from '../outbox/outbox.store.js';
import { taskTemplateFor } from '../plan/task-templates.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { taskCopyFor } from '../publishing/task-copy.js';
import type { MailTransport, OutgoingMessage, SendOutcome } from '../senders/mail-transport.js';
import { pauseSenderRow, recentUsage, sendersWithDueMessages } from '../senders/sender-state.store.js';
import { findSender } from '../senders/senders.store.js';
import type { SentMessage } from '../senders/sent-message.js';
import { restoreFullDurability, transactionWithDurability } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import type { Queryable, Store } from '../store/store.js';
import {
  type ClaimedMessage,
  claimDueMessages,
  countPending,
  holdsLiveLeases,
  markFailed,
  markRetrying,
  nextDueAfter,
  releaseClaims,
  releaseExpiredLeases,
} from './claims.store.js';
import { HeldLease } from './held-lease.js';
import type { OutcomeJournal } from './outcome-journal.js';
import { pace } from './pacing.js';
import { afterTemporaryFailure, DEFAULT_RETRY_POLICY, failuresInARow, type RetryPolicy, shouldPauseOccurrence } from './retry-policy.js';
import { ProgressMeter } from './send-progress.js';
import { recordSentOutcomes, type SentOutcome } from './sent-outcomes.store.js';

export interface SendDueDependencies {
  store: Pick<Store, 'db'> & Partial<Pick<Store, 'dialect'>>;
  orgId: string;
  /**
   * The transport of a sender, by name, waiting no longer than `timeouts` for a server; it may
   * throw a CommsplanError when the sender cannot be used.
   */
  transportFor: (senderName: string, timeouts: TransportTimeouts) => MailTransport | Promise<MailTransport>;
  now: () => Date;
  /** In [0, 1): the jitter of retries. */
  random: () => number;
  /** Who holds the leases this pass takes: unique per worker process. */
  workerId: string;
  policy?: RetryPolicy;
  /** How long a claim holds a message; a worker that dies gives its messages back after this. */
  leaseMs?: number;
  /** Messages claimed at a time (never more than the sender's pacing allows). */
  batchSize?: number;
  /**
   * Hook: queues the messages of occurrences that have come due (the outbox step's `queueDue`).
   * Called first in every pass.
   */
  queueDue?: (now: Date) => Promise<unknown>;
  progress?: ProgressMeter;
  /**
   * This worker's journal (`outcomeJournalFor`): each sent message is written there before the
   * next goes and reaches the outbox with the rest of its batch. Without one, each outcome is
   * its own transaction.
   */
  journal?: OutcomeJournal;
  /** Asked before each message: true to stop after the message in flight and give back the rest. */
  shouldStop?: () => boolean;
}

export interface PassSummary {
  sent: number;
  retrying: number;
  failed: number;
  leasesExpired: number;
  sendersPaused: { name: string; reason: string }[];
  occurrencesPaused: { key: string; reason: string }[];
  occurrencesSent: string[];
  /** Accepted by the server, but another worker had recorded it sent already: messages that went twice. */
  sentTwice: number;
  /** When the next message may become due (a retry, a lease, a paced sender), if any. */
  nextDueAt?: number;
  stopped: boolean;
}

/** How long a mail server may take, from the organisation's settings. */
export interface TransportTimeouts {
  connectMs: number;
  answerMs: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_BATCH_SIZE = 100;
/**
 * A pass counts what it sends itself and reads the sender's usage from the store again after this
 * many messages, so that another worker's sending is seen without reading a day of usage per batch.
 */
const USAGE_READ_EVERY = 1_000;

/**
 * One pass of the sending loop: queue what is due, give back messages of dead workers, then for
 * each sender with messages due send as many as its pacing allows now, recording each outcome
 * as it comes. Every outcome is in its own transaction, so a kill loses at most the message in
 * flight (sent but not yet recorded), which the next worker sends again.
 */
export async function sendDue(deps: SendDueDependencies): Promise<PassSummary> {
  const pass = new SendingPass(deps);
  return pass.run();
}

/** A batch of claimed messages as one sender sends it. */
interface ClaimedBatch {
  claimed: ClaimedMessage[];
  from: string;
  transport: MailTransport;
  templates: Templates;
  lease: HeldLease;
  /** Messages the server left unanswered in a row, across the sender's batches, and how many pause it. */
  unanswered: { inARow: number; toPause: number };
}

/** How long to wait for a mail server, and how many unanswered messages in a row pause its sender. */
interface ServerWaits {
  timeouts: TransportTimeouts;
  unansweredToPause: number;
}

function serverWaitsOf(workspace: Workspace): ServerWaits {
  const settings = workspace.typedSettings;
  return {
    timeouts: {
      connectMs: Math.max(1, settings.smtpConnectTimeoutSeconds) * 1000,
      answerMs: Math.max(1, settings.smtpAnswerTimeoutSeconds) * 1000,
    },
    unansweredToPause: Math.max(1, settings.smtpTimeoutsToPause),
  };
}

/** The templates, and the values every message shares; each message adds its own stored values. */
interface Templates {
  find: (templateId: string) => TemplateSource | undefined;
  shared: Readonly<Record<string, string | undefined>>;
}

export function sendingTemplates(workspace: Workspace, today?: LocalDate): Templates {
  const known = new Map(workspace.templates.map((t) => [t.id, t]));
  const copy = taskCopyFor(workspace);
  return {
    // Owners' task notes are built from the plan (ADR 0009), not stored: their id names the tasks they list.
    find: (templateId) => {
      const template = known.get(templateId) ?? taskTemplateFor(templateId, workspace.activities, workspace.keyMessages, copy);
      if (template) known.set(templateId, template);
      return template;
    },
    shared: workspaceFields(workspace, today),
  };
}

class SendingPass {
  private readonly policy: RetryPolicy;
  private readonly summary: PassSummary = {
    sent: 0,
    retrying: 0,
    failed: 0,
    leasesExpired: 0,
    sendersPaused: [],
    occurrencesPaused: [],
    occurrencesSent: [],
    sentTwice: 0,
    stopped: false,
  };
  private readonly streaks = new Map<string, number>();
  private readonly pacedUntil: number[] = [];
  /** Each sender's usage in the last day: read from the store, plus what this pass sent since. */
  private readonly usage = new Map<string, { recent: SentMessage[]; sentSinceRead: number }>();
  private readonly progress: ProgressMeter;

  constructor(private readonly deps: SendDueDependencies) {
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY;
    this.progress = deps.progress ?? new ProgressMeter(deps.now().getTime());
  }

  private get db() {
    return this.deps.store.db;
  }
  private get dialect() {
    return this.deps.store.dialect ?? 'sqlite';
  }
  private now(): number {
    return this.deps.now().getTime();
  }
  private stopping(): boolean {
    if (this.deps.shouldStop?.()) this.summary.stopped = true;
    return this.summary.stopped;
  }

  async run(): Promise<PassSummary> {
    const { orgId } = this.deps;
    await this.deps.queueDue?.(this.deps.now());
    // Before leases run out: what a dead worker wrote down as sent must not go again.
    await this.foldLeftBehind();
    const expired = await releaseExpiredLeases(this.db, orgId, this.now());
    this.summary.leasesExpired = expired.length;
    if (expired.length) await this.audit('leases-expired', `${expired.length} messages`, { messages: expired });
    const workspace = await loadWorkspace(this.db, 'the workspace', orgId);
    const templates = sendingTemplates(workspace, londonDate(this.deps.now()));
    const serverWaits = serverWaitsOf(workspace);
    this.progress.setRemaining((await countPending(this.db, orgId, this.now())).pending);
    try {
      for (const senderName of await sendersWithDueMessages(this.db, orgId, this.now())) {
        if (this.stopping()) break;
        await this.sendFor(senderName, templates, serverWaits);
      }
    } finally {
      await restoreFullDurability(this.db, this.dialect);
    }
    for (const key of await finishOccurrences(this.db, orgId, this.now())) {
      this.summary.occurrencesSent.push(key);
      await this.audit('occurrence-sent', key, {});
    }
    const due = await nextDueAfter(this.db, orgId, this.now());
    const candidates = [...(due === undefined ? [] : [due]), ...this.pacedUntil];
    if (candidates.length) this.summary.nextDueAt = Math.min(...candidates);
    return this.summary;
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private async sendFor(senderName: string, templates: Templates, serverWaits: ServerWaits): Promise<void> {
    const { orgId, workerId } = this.deps;
    const sender = await findSender(this.db, orgId, senderName);
    if (!sender) return void (await this.pause(senderName, `there is no sender called ${senderName}`));
    let transport: MailTransport;
    try {
      transport = await this.deps.transportFor(senderName, serverWaits.timeouts);
    } catch (error) {
      return void (await this.pause(senderName, (error as Error).message));
    }
    const unanswered = { inARow: 0, toPause: serverWaits.unansweredToPause };
    while (!this.stopping()) {
      const decision = pace(sender.limits, await this.usageOf(senderName), this.now());
      if (decision.messagesNow === 0) return void this.pacedUntil.push(decision.nextAt);
      const leaseUntil = this.now() + this.leaseMs;
      // A claim lost to a power cut only puts its messages back in the queue, so it need not wait for the disk.
      const claimed = await transactionWithDurability(this.db, this.dialect, 'relaxed', (trx) =>
        claimDueMessages(trx, {
          orgId,
          senderName,
          owner: workerId,
          now: this.now(),
          leaseUntil,
          limit: Math.min(decision.messagesNow, this.deps.batchSize ?? DEFAULT_BATCH_SIZE),
          dialect: this.dialect,
        }),
      );
      if (claimed.length === 0) return;
      for (const key of await startOccurrences(this.db, orgId, [...new Set(claimed.map((m) => m.occurrenceKey))], this.now()))
        await this.audit('occurrence-sending', key, {});
      const lease = new HeldLease(
        { db: this.db, orgId, owner: workerId, leaseMs: this.leaseMs, now: () => this.now() },
        claimed.map((m) => m.messageKey),
        leaseUntil,
      );
      const batch = { claimed, from: sender.from, transport, templates, lease, unanswered };
      const senderPaused = await this.sendClaimed(batch);
      if (senderPaused) return;
    }
  }

  /** Sends a claimed batch one message at a time; true when the sender was paused. */
  private async sendClaimed(batch: ClaimedBatch): Promise<boolean> {
    try {
      return await this.sendEach(batch);
    } finally {
      batch.lease.stop();
      // The batch's sent messages reach the outbox, and the disk, before anything else is claimed.
      await this.foldJournal('flush');
      await this.giveBack(batch.lease, batch.lease.keys);
    }
  }

  private async sendEach(batch: ClaimedBatch): Promise<boolean> {
    const { claimed, from, transport, templates, lease } = batch;
    const makeAt = (index: number) => {
      const message = claimed[index];
      return message ? composeSoon(message, from, templates) : undefined;
    };
    let made = makeAt(0);
    for (const [index, message] of claimed.entries()) {
      const outgoing = await made;
      if (!outgoing || this.stopping()) break;
      // Sent only while this worker holds it (a lease lost while frozen is never used) and while
      // its occurrence may send: one paused by failures in a row, or whose approval was withdrawn,
      // since the claim stops the rest of the batch.
      const hold = await lease.check(message.messageKey);
      if (hold !== 'held') {
        if (hold === 'stopped') await this.giveBack(lease, [message.messageKey]);
        made = makeAt(index + 1);
        continue;
      }
      const sending = 'ok' in outgoing ? Promise.resolve(outgoing) : transport.send(outgoing);
      // Made while this one travels and the transport waits for the server's reply.
      made = makeAt(index + 1);
      const outcome = await sending;
      if (!outcome.ok && outcome.failure.kind === 'pause-sender') {
        await this.giveBack(lease, lease.keys);
        await this.pause(message.senderName, outcome.failure.reason);
        return true;
      }
      await this.record(message, outcome, index === claimed.length - 1 ? 'flush' : 'relaxed');
      lease.drop([message.messageKey]);
      if (await this.pausedForSilence(batch, message.senderName, outcome)) return true;
    }
    return false;
  }

  /** Counts a server that leaves messages unanswered; after enough in a row its sender is paused. */
  private async pausedForSilence(batch: ClaimedBatch, senderName: string, outcome: SendOutcome): Promise<boolean> {
    const { unanswered } = batch;
    unanswered.inARow = !outcome.ok && outcome.failure.timedOut ? unanswered.inARow + 1 : 0;
    if (unanswered.inARow < unanswered.toPause) return false;
    await this.giveBack(batch.lease, batch.lease.keys);
    await this.pause(
      senderName,
      `the mail server left ${unanswered.inARow} messages in a row unanswered. Check the server, then resume the sender (commsplan sender resume ${senderName})`,
    );
    return true;
  }

  private async giveBack(lease: HeldLease, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await releaseClaims(this.db, this.deps.orgId, keys, this.deps.workerId);
    lease.drop(keys);
  }

  /**
   * Records an outcome. A sent message goes in the worker's journal when it has one, and reaches
   * the outbox with the rest of the batch (`foldJournal`). Otherwise, and for every failure, the
   * outcome is its own transaction; within a batch only the last commit waits for the disk (and
   * any failure's), so a power cut can make at most the batch's messages go again (ADR 0008).
   */
  private async record(message: ClaimedMessage, outcome: SendOutcome, durability: 'flush' | 'relaxed'): Promise<void> {
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
      this.countUsage(message.senderName, at);
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
    await writeAuditIn(trx, orgId, at, action, message.messageKey, {
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
  private async foldJournal(durability: 'flush' | 'relaxed'): Promise<void> {
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
  private async foldLeftBehind(): Promise<void> {
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

  private async usageOf(senderName: string): Promise<SentMessage[]> {
    const known = this.usage.get(senderName);
    if (known && known.sentSinceRead < USAGE_READ_EVERY) return known.recent;
    const recent = await recentUsage(this.db, this.deps.orgId, senderName, this.now());
    this.usage.set(senderName, { recent, sentSinceRead: 0 });
    return recent;
  }

  private countUsage(senderName: string, at: number): void {
    const known = this.usage.get(senderName);
    if (!known) return;
    known.sentSinceRead++;
    const last = known.recent.at(-1);
    // Grouped by the second as the store groups them, so a fast pass keeps a short list.
    if (last && Math.floor(last.at / 1000) === Math.floor(at / 1000) && last.at <= at) {
      last.at = at;
      last.recipients++;
      last.messages = (last.messages ?? 1) + 1;
    } else known.recent.push({ at, recipients: 1, messages: 1 });
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

  private async pause(senderName: string, reason: string): Promise<void> {
    if (await pauseSenderRow(this.db, this.deps.orgId, senderName, reason, this.deps.now())) {
      this.summary.sendersPaused.push({ name: senderName, reason });
      await this.audit('sender-paused', senderName, { reason });
    }
  }

  private audit(action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    return writeAuditIn(this.db, this.deps.orgId, this.now(), action, subject, detail);
  }
}

/** One line of the audit log, written by the worker. */
function writeAuditIn(db: Queryable, orgId: string, at: number, action: string, subject: string, detail: Record<string, unknown>) {
  return appendAuditEntry(db, orgId, { at: new Date(at).toISOString(), actor: 'worker', action, subject, detail: JSON.stringify(detail) });
}

/**
 * A claimed message made ready to send, or the failure of one that cannot be made, once the
 * current turn of the event loop is over: asked for just after a send starts, it is made while
 * the transport waits for the server, not between one message's reply and the next's start.
 */
function composeSoon(
  message: ClaimedMessage,
  from: string,
  templates: Templates,
): Promise<OutgoingMessage | Extract<SendOutcome, { ok: false }>> {
  return new Promise((done) =>
    setImmediate(() => {
      try {
        done(composeOutgoing(message, from, templates));
      } catch (error) {
        done({ ok: false, failure: { kind: 'recipient-rejected', reason: `${CANNOT_BE_MADE} ${(error as Error).message}` } });
      }
    }),
  );
}

/** The message as it goes out, rendered from the template and the values stored with the row. */
export function composeOutgoing(message: ClaimedMessage, from: string, templates: Templates): OutgoingMessage {
  const template = templates.find(message.templateId);
  if (!template) throw new Error(`template ${message.templateId} no longer exists`);
  let values: Record<string, string | undefined>;
  try {
    values = JSON.parse(message.fieldsJson) as Record<string, string | undefined>;
  } catch {
    throw new Error('the values stored with it are not valid JSON');
  }
  const rendered = renderForSending(template, fieldValues({ ...templates.shared, ...values }));
  return {
    messageId: messageIdOf(message.messageKey),
    from,
    to: [message.recipient],
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
  };
}

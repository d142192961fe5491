import { startOccurrences } from '../approvals/occurrence-sending.store.js';
import { londonDate } from '../calendar/london-time.js';
import { loadWorkspace } from '../plan/workspace.js';
import type { MailTransport, SendOutcome } from '../senders/mail-transport.js';
import { pauseSenderRow, sendersWithDueMessages } from '../senders/sender-state.store.js';
import { findSender } from '../senders/senders.store.js';
import { restoreFullDurability, transactionWithDurability } from '../store/dialect.js';
import type { Store } from '../store/store.js';
import { type ClaimedMessage, claimDueMessages, countPending, nextDueAfter, releaseClaims, releaseExpiredLeases } from './claims.store.js';
import { HeldLease } from './held-lease.js';
import type { OutcomeJournal } from './outcome-journal.js';
import { OutcomeRecorder } from './outcome-recorder.js';
import { pace } from './pacing.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { ProgressMeter } from './send-progress.js';
import { composeSoon, sendingTemplates, type Templates } from './sending-templates.js';
import { type ServerWaits, serverWaitsOf, type TransportTimeouts } from './server-waits.js';
import { UsageTally } from './usage-tally.js';

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

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_BATCH_SIZE = 100;
const _USAGE_READ_EVERY = 1_000;

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
  private readonly pacedUntil: number[] = [];
  private readonly progress: ProgressMeter;
  private readonly usage: UsageTally;
  private readonly outcomes: OutcomeRecorder;

  constructor(private readonly deps: SendDueDependencies) {
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY;
    this.progress = deps.progress ?? new ProgressMeter(deps.now().getTime());
    this.usage = new UsageTally(deps.store.db, deps.orgId);
    this.outcomes = new OutcomeRecorder(deps, this.policy, this.summary, this.usage, this.progress);
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
    await this.outcomes.foldLeftBehind();
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
    await this.outcomes.finishOccurrences();
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
      const decision = pace(sender.limits, await this.usage.of(senderName, this.now()), this.now());
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
      await this.outcomes.foldJournal('flush');
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
      await this.outcomes.record(message, outcome, index === claimed.length - 1 ? 'flush' : 'relaxed');
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

  private async pause(senderName: string, reason: string): Promise<void> {
    if (await pauseSenderRow(this.db, this.deps.orgId, senderName, reason, this.deps.now())) {
      this.summary.sendersPaused.push({ name: senderName, reason });
      await this.audit('sender-paused', senderName, { reason });
    }
  }

  private audit(action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    return this.outcomes.audit(action, subject, detail);
  }
}

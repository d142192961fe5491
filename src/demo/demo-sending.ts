import { join } from 'node:path';
import { approveOccurrences } from '../approvals/approve-occurrence.js';
import { setSetting } from '../approvals/change-settings.js';
import type { OccurrenceHolds } from '../approvals/queue-due.js';
import { type EverythingQueued, queueEverythingDue, taskQueueLines } from '../approvals/queue-everything-due.js';
import { readPlanWithStates } from '../approvals/read-plan-with-states.js';
import { describeAudience } from '../audiences/audience-names.js';
import type { LocalDate } from '../calendar/local-date.js';
import { type PassSummary, type SendDueDependencies, sendDue } from '../delivery/send-due.js';
import { ProgressMeter, type SendProgress } from '../delivery/send-progress.js';
import type { StoredSenderDependencies } from '../delivery/sender-transports.js';
import { type SendingSetup, withSendingDependencies } from '../delivery/sending-dependencies.js';
import { countOutboxByOccurrence, type OccurrenceCounts } from '../outbox/outbox.store.js';
import { keyOf } from '../plan/occurrence-names.js';
import { loadWorkspace } from '../plan/workspace.js';
import { addSender } from '../senders/manage-senders.js';
import { parseSenderOptions } from '../senders/parse-sender-options.js';
import type { Sender } from '../senders/sender-config.js';
import type { Organisation } from '../shared/organisation.js';
import type { Repeat } from '../shared/repeat.js';
import type { Store } from '../store/store.js';
import { DEMO_ALL_STAFF_ADDRESS } from './demo-people.js';
import { createDemoWorkspace } from './demo-workspace.js';

export const DEMO_SENDER = 'demo-folder';
const DEMO_WORKER = 'commsplan-demo';
/** The demo's programme lead, who approves its early emails. */
const DEMO_APPROVER = 'Priya Shah';
const DEMO_FROM = 'Northmoor Valley NHSmail project <nhsmail.project@northmoor-valley.example>';
/** Phase 1 and 2: the emails that go before anyone moves. */
const EARLY_PHASES: readonly string[] = ['raising-awareness', 'actions-required'];
/** A guard against a loop that never ends; the demo needs a few dozen passes. */
const MAX_PASSES = 10_000;

/** The demo's folders, beside its workspace file. */
export function demoFolders(folder: string): { exports: string; mail: string } {
  return { exports: join(folder, 'exports'), mail: join(folder, 'mail') };
}

/**
 * The whole demo: the plan, its made-up people, a local-folder sender writing into
 * `FOLDER/mail` and its early emails approved by the programme lead. Nothing is sent yet.
 * With `planOnly`, the plan alone, as tests that bring their own people and senders want it.
 */
export async function createSendingDemo(
  store: Store,
  now: Date,
  today: LocalDate,
  folder: string,
  options: { planOnly?: boolean } = {},
): Promise<Organisation> {
  if (options.planOnly) return createDemoWorkspace(store, now, today);
  const folders = demoFolders(folder);
  const organisation = await createDemoWorkspace(store, now, today, { exportsFolder: folders.exports });
  await prepareDemoSending(store, organisation, folders.mail, now);
  return organisation;
}

/**
 * Sets the all-staff list the all-staff emails go to, adds the demo's folder sender (the
 * default) and approves every phase 1 and 2 email, as the programme lead would.
 */
async function prepareDemoSending(
  store: Store,
  organisation: Organisation,
  mailFolder: string,
  now: Date,
): Promise<{ sender: Sender; approved: string[] }> {
  await setSetting(store, organisation, 'all-staff-address', DEMO_ALL_STAFF_ADDRESS, { actor: DEMO_APPROVER }, now);
  const definition = parseSenderOptions(DEMO_SENDER, { folder: mailFolder, from: DEMO_FROM });
  const sender = await addSender(store, organisation, definition, { makeDefault: true }, { now, actor: DEMO_APPROVER });
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  const approved: string[] = [];
  for (const activity of workspace.activities.filter((a) => EARLY_PHASES.includes(a.phase) && a.templateIds.length > 0)) {
    const result = await approveOccurrences(store, organisation, { activityId: activity.id, by: DEMO_APPROVER }, now);
    approved.push(...result.approved);
  }
  return { sender, approved };
}

export interface DemoSendingDependencies {
  /** Secrets of SMTP senders are read from here (the environment, handed in by the composition root). */
  env: StoredSenderDependencies['env'];
  /** A folder sender's relative folder is read from here. */
  baseDir: string;
  /** The real time, at which a withdrawn approval is recorded. */
  now: Date;
  /** In [0, 1): the jitter of retries. */
  random: () => number;
  /** The timer of each lease's heartbeat. */
  repeat: Repeat;
  /** What holds occurrences back (the wave results' holds), as for `send --due`. */
  holds: OccurrenceHolds;
  /** After each message, with the demo clock's time. */
  onProgress?: (at: Date, progress: SendProgress) => void;
  /** After each pass of the sending loop. */
  onPass?: (at: Date, progress: SendProgress, summary: PassSummary) => void;
  /** When a pass queued the messages of occurrences or tasks that had come due. */
  onQueued?: (at: Date, outcome: EverythingQueued) => void;
}

export interface DemoOccurrenceSent {
  occurrenceKey: string;
  description: string;
  /** Who it is for, in words. */
  audience: string;
  /** Sent as one message to the all-staff distribution list rather than to each person. */
  toAllStaffList: boolean;
  dueAt: string;
  /** One per person, or one to the all-staff list. */
  recipients: number;
  sent: number;
  failed: number;
}

export interface DemoSendingResult {
  /** The sends the demo acted out, earliest first: empty when no approved email was waiting. */
  rounds: { startedAt: string; finishedAt: string; sent: number; failed: number }[];
  occurrences: DemoOccurrenceSent[];
  sendersPaused: { name: string; reason: string }[];
  /** Due occurrences and tasks that could not be queued, and why, in words. */
  problems: string[];
  /** Notes to the owners of tasks (one per owner a day, listing its notices and reminders) queued in this run and sent. */
  taskMessagesSent: number;
  /** Messages in the outbox that have been sent, this time or before. */
  sentInAll: number;
}

/**
 * Sends the approved emails that are waiting as if it were the time each is due, through the
 * same queue step and sending pass as `send --due --now`. Where a sender's limits would make it
 * wait (30 a minute by default), the demo's clock moves on to the moment it may send again, so
 * what would take minutes is acted out in seconds and every time recorded is the one it would be.
 * At those moments the owners of tasks are sent the notices and reminders then due, as they would be.
 * Occurrences already sent are not queued again, and a message made twice collides on its key.
 */
export async function sendDemoEmails(store: Store, organisation: Organisation, deps: DemoSendingDependencies): Promise<DemoSendingResult> {
  const { workspace, states } = await readPlanWithStates(store, organisation, deps.now);
  const waiting = workspace.timeline.filter((o) => ['approved', 'sending'].includes(states.get(keyOf(o))?.state ?? ''));
  const dueTimes = [...new Set(waiting.map((o) => Date.parse(o.sendAt)))].sort((a, b) => a - b);
  const run: DemoRun = {
    clock: Number.NEGATIVE_INFINITY,
    result: { rounds: [], occurrences: [], sendersPaused: [], problems: [], taskMessagesSent: 0, sentInAll: 0 },
    queued: new Map(),
    taskMessages: new Set(),
  };
  await withSendingDependencies(demoSending(store, organisation, deps, run), (sending) => actOutRounds(sending, dueTimes, deps, run));
  const { result } = run;
  const counts = await countOutboxByOccurrence(store.db, organisation.id);
  result.occurrences = await describeSent(store, organisation, run.queued, counts);
  for (const c of counts.values()) result.sentInAll += c.byState.sent ?? 0;
  for (const key of run.taskMessages) result.taskMessagesSent += counts.get(key)?.byState.sent ?? 0;
  return result;
}

/** The demo's clock, and what its passes queued and did so far. */
interface DemoRun {
  clock: number;
  result: DemoSendingResult;
  queued: Map<string, { description: string; recipients: number }>;
  /** The keys of the notes to the owners of tasks queued in this run. */
  taskMessages: Set<string>;
}

/** The sending loop's setup for the demo: its worker, its clock, and a queue step that notes what it queued. */
function demoSending(store: Store, organisation: Organisation, deps: DemoSendingDependencies, run: DemoRun): SendingSetup {
  return {
    store,
    orgId: organisation.id,
    workerId: DEMO_WORKER,
    env: deps.env,
    baseDir: deps.baseDir,
    // The times recorded, and the date each message carries, are those the demo acts out.
    now: () => new Date(run.clock),
    random: deps.random,
    repeat: deps.repeat,
    queueDue: async (at) => {
      // The demo's made-up files are imported once and its clock then leaps weeks ahead: the
      // data stays right, so its age is not held against the emails it acts out.
      const outcome = await queueEverythingDue(store, organisation, at, deps.holds, undefined, { anyway: true });
      const { occurrences, tasks } = outcome;
      for (const q of occurrences.queued) run.queued.set(q.occurrenceKey, { description: q.description, recipients: q.recipients });
      for (const q of tasks.queued) run.taskMessages.add(q.noteKey);
      run.result.problems.push(...occurrences.problems.map((p) => `${p.occurrenceKey}: ${p.message}`), ...taskQueueLines(tasks).problems);
      if (occurrences.queued.length || tasks.queued.length) deps.onQueued?.(at, outcome);
    },
  };
}

/** A round of passes at each due time, the clock moving on to whenever a sender's limits let it send again. */
async function actOutRounds(sending: SendDueDependencies, dueTimes: readonly number[], deps: DemoSendingDependencies, run: DemoRun) {
  const { result } = run;
  let passes = 0;
  for (const dueAt of dueTimes) {
    if (dueAt <= run.clock) continue;
    run.clock = dueAt;
    const round = { startedAt: new Date(run.clock).toISOString(), finishedAt: '', sent: 0, failed: 0 };
    const meter = new ProgressMeter(run.clock, (progress) => deps.onProgress?.(new Date(run.clock), progress));
    while (passes++ < MAX_PASSES) {
      const summary = await sendDue({ ...sending, progress: meter });
      round.sent += summary.sent;
      round.failed += summary.failed;
      round.finishedAt = new Date(run.clock).toISOString();
      deps.onPass?.(new Date(run.clock), meter.snapshot(), summary);
      result.sendersPaused.push(...summary.sendersPaused);
      if (summary.sendersPaused.length || summary.nextDueAt === undefined || summary.nextDueAt <= run.clock) break;
      run.clock = summary.nextDueAt;
    }
    result.rounds.push(round);
    if (result.sendersPaused.length) break;
  }
}

/** What each occurrence queued in this run became, with its audience in words. */
async function describeSent(
  store: Store,
  organisation: Organisation,
  queued: ReadonlyMap<string, { description: string; recipients: number }>,
  counts: ReadonlyMap<string, OccurrenceCounts>,
): Promise<DemoOccurrenceSent[]> {
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  return workspace.timeline
    .filter((o) => queued.has(keyOf(o)))
    .map((o) => {
      const key = keyOf(o);
      const c = counts.get(key);
      return {
        occurrenceKey: key,
        description: queued.get(key)?.description ?? key,
        audience: o.audiences.map((name) => describeAudience(name, o.wave?.name)).join(', '),
        toAllStaffList: o.channels.includes('all-staff-email'),
        dueAt: o.sendAt,
        recipients: queued.get(key)?.recipients ?? 0,
        sent: c?.byState.sent ?? 0,
        failed: c?.byState.failed ?? 0,
      };
    });
}

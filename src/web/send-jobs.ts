import { hostname } from 'node:os';
import type { QueueConfirmation } from '../approvals/queue-due.js';
import { queuedOccurrenceLine, taskQueueLines } from '../approvals/queue-everything-due.js';
import { sendNow } from '../delivery/send-now.js';
import { describeProgress } from '../delivery/send-progress.js';
import { resultsHolds } from '../results/occurrence-holds.js';
import { isWorkspaceBusy } from '../store/workspace-busy.js';
import { latestWins } from './latest-wins.js';
import { inPlainWords, occurrenceName, type PlanNames, readPlanNames } from './pages/key-words.js';
import { whenWords } from './pages/time-words.js';
import { insertJob, updateJob } from './unmarked.js';
import type { WebContext } from './web-context.js';
import { listWebJobs, type WebJobRow } from './web-jobs.store.js';

/**
 * A "send now" started from the web: it runs on in the instance that was asked while the person
 * reads other pages. Kept in the database (`web_jobs`), so `/sending` shows it whichever instance
 * the page lands on.
 */
export interface SendJob {
  id: string;
  startedBy: string;
  startedAt: string;
  state: 'running' | 'finished' | 'failed';
  queued: string[];
  progress: string;
  outcome: string[];
  /** Approved emails left unsent because the data behind their audience warns: the person may send them anyway. */
  unconfirmed: { description: string; problems: string[] }[];
}

type SendRecord = Pick<SendJob, 'queued' | 'outcome' | 'unconfirmed'>;

/** The running instance touches its job's row this often, even while nothing is due to go… */
const HEARTBEAT_MS = 30_000;
/** …so a running job's row left untouched this long belongs to an instance that stopped. */
const ABANDONED_AFTER_MS = 5 * 60_000;

function sendJobOfRow(row: WebJobRow, now: Date): SendJob {
  const record = JSON.parse(row.result) as SendRecord;
  const abandoned = row.state === 'running' && now.getTime() - Date.parse(row.updated_at) > ABANDONED_AFTER_MS;
  return {
    id: row.id,
    startedBy: row.started_by,
    startedAt: row.started_at,
    state: abandoned ? 'failed' : (row.state as SendJob['state']),
    progress: row.message,
    queued: record.queued ?? [],
    outcome: abandoned ? [...(record.outcome ?? []), ABANDONED] : (record.outcome ?? []),
    unconfirmed: record.unconfirmed ?? [],
  };
}

const ABANDONED = 'Sending stopped: the server running it stopped before it ended. What was sent stays sent; send again to go on.';

/** The last send started from the web for this organisation, by any instance, running or finished. */
export async function currentSendJob(web: WebContext): Promise<SendJob | undefined> {
  const [row] = await listWebJobs(web.store.db, web.organisation.id, 'send', 1);
  return row && sendJobOfRow(row, web.now());
}

/** Starts the queue-and-send pass of `send --due` unless one is running (on any instance); returns the job either way. */
export async function startSendJob(web: WebContext, startedBy: string, confirmation: QueueConfirmation = {}): Promise<SendJob> {
  const running = await currentSendJob(web);
  if (running?.state === 'running') return running;
  const job: SendJob = {
    id: web.newId(),
    startedBy,
    startedAt: web.now().toISOString(),
    state: 'running',
    queued: [],
    progress: 'Queueing what has come due…',
    outcome: [],
    unconfirmed: [],
  };
  await insertJob(web.store, {
    id: job.id,
    orgId: web.organisation.id,
    kind: 'send',
    state: 'running',
    startedBy,
    ownerId: null,
    fileName: null,
    message: job.progress,
    at: job.startedAt,
    result: recordOf(job),
  });
  const row = latestWins((state: SendJob['state']) => saveSendJob(web, job, state));
  const changed = () => row.push('running');
  const stopHeartbeat = web.repeat(HEARTBEAT_MS, changed);
  readPlanNames(web)
    .then((names) => runJob(web, job, confirmation, names, changed))
    .then(
      () => 'finished' as const,
      (error: unknown) => {
        job.outcome.push(`Sending stopped: ${error instanceof Error ? error.message : String(error)}`);
        return 'failed' as const;
      },
    )
    .then(async (state) => {
      stopHeartbeat();
      job.state = state;
      await row.settled();
      await saveSendJob(web, job, state);
    })
    .catch((error: unknown) => process.emitWarning(`The end of send ${job.id} was not recorded: ${(error as Error).message}`));
  return job;
}

const recordOf = (job: SendJob): SendRecord => ({ queued: job.queued, outcome: job.outcome, unconfirmed: job.unconfirmed });

/** Writes the job's progress and what it has done so far to its row; a busy workspace only delays it to the next change. */
async function saveSendJob(web: WebContext, job: SendJob, state: SendJob['state']): Promise<void> {
  const at = web.now().toISOString();
  await updateJob(
    web.store,
    job.id,
    { state, message: job.progress, result: recordOf(job), ...(state === 'running' ? {} : { finishedAt: at }) },
    at,
    ['running'],
  ).catch((error: unknown) => {
    if (state !== 'running' || !isWorkspaceBusy(error)) throw error;
  });
}

function runJob(web: WebContext, job: SendJob, confirmation: QueueConfirmation, names: PlanNames, changed: () => void): Promise<void> {
  const name = (key: string) => {
    const said = occurrenceName(key, names) ?? inPlainWords(key, names);
    return said.charAt(0).toUpperCase() + said.slice(1);
  };
  const words = (text: string) => inPlainWords(text, names);
  return sendNow({
    store: web.store,
    organisation: web.organisation,
    now: web.now,
    random: web.random,
    repeat: web.repeat,
    workerId: `${hostname()}:${process.pid}:web-${job.id.slice(0, 8)}`,
    env: web.env ?? {},
    baseDir: web.cwd,
    holds: resultsHolds,
    confirmation,
    onQueued: ({ occurrences, tasks }) => {
      for (const w of occurrences.withdrawn)
        job.queued.push(
          `The approval of ${name(w.occurrenceKey)} was withdrawn: ${words(w.reason ?? 'what it covers changed')}. Approve it again on the activity’s page.`,
        );
      for (const p of occurrences.problems) job.queued.push(`${name(p.occurrenceKey)}: ${words(withoutCommandLine(p.message))}`);
      for (const w of occurrences.unconfirmed)
        job.unconfirmed.push({ description: name(w.occurrenceKey), problems: w.problemsInWords.map(words) });
      for (const q of occurrences.queued) {
        const line = queuedOccurrenceLine(q, name(q.occurrenceKey));
        if (line)
          job.queued.push(`${line}${q.recipients === 0 && !q.readAfterSent ? ' (it went to no one: nobody is in its audience now)' : ''}`);
      }
      const taskLines = taskQueueLines(tasks, (key) => `The task “${name(key)}”`);
      job.queued.push(...[...taskLines.problems, ...taskLines.said].map(words));
      job.progress = 'Sending…';
      changed();
    },
    onProgress: (progress) => {
      job.progress = describeProgress(progress);
      changed();
    },
  }).then(({ summary }) => {
    job.outcome.push(
      `${summary.sent} sent${summary.retrying ? `, ${summary.retrying} to retry` : ''}${summary.failed ? `, ${summary.failed} failed` : ''}.`,
    );
    for (const sender of summary.sendersPaused) job.outcome.push(`Sender ${sender.name} is paused: ${sender.reason}`);
    for (const occurrence of summary.occurrencesPaused) job.outcome.push(`${name(occurrence.key)} is paused: ${words(occurrence.reason)}`);
    for (const key of summary.occurrencesSent) job.outcome.push(`${name(key)}: every message has gone.`);
    if (summary.nextDueAt !== undefined)
      job.outcome.push(
        `The next message is due at ${whenWords(new Date(summary.nextDueAt).toISOString())}: send again then, or leave it to the worker.`,
      );
  });
}

/** A reason written for the CLI, up to the command line it ends with ("... Run: commsplan ..."). */
const withoutCommandLine = (text: string) => text.replace(/\s*[^.;:]*:?\s*commsplan [\s\S]*$/, '').trim() || text;

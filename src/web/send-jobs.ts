import { hostname } from 'node:os';
import type { QueueConfirmation } from '../approvals/queue-due.js';
import { queuedOccurrenceLine, taskQueueLines } from '../approvals/queue-everything-due.js';
import { sendNow } from '../delivery/send-now.js';
import { describeProgress } from '../delivery/send-progress.js';
import { resultsHolds } from '../results/occurrence-holds.js';
import { inPlainWords, occurrenceName, type PlanNames, readPlanNames } from './pages/key-words.js';
import { whenWords } from './pages/time-words.js';
import type { WebContext } from './web-context.js';

/** A "send now" started from the web: it runs on in this process while the person reads other pages. */
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

const jobs = new WeakMap<object, SendJob>();

/** The last send started in this process for this workspace, running or finished. */
export function currentSendJob(web: WebContext): SendJob | undefined {
  return jobs.get(web.store);
}

/** Starts the queue-and-send pass of `send --due` unless one is running; returns the job either way. */
export function startSendJob(web: WebContext, startedBy: string, confirmation: QueueConfirmation = {}): SendJob {
  const running = jobs.get(web.store);
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
  jobs.set(web.store, job);
  readPlanNames(web)
    .then((names) => runJob(web, job, confirmation, names))
    .catch((error: unknown) => {
      job.outcome.push(`Sending stopped: ${error instanceof Error ? error.message : String(error)}`);
      job.state = 'failed';
    });
  return job;
}

function runJob(web: WebContext, job: SendJob, confirmation: QueueConfirmation, names: PlanNames): Promise<void> {
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
    },
    onProgress: (progress) => {
      job.progress = describeProgress(progress);
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
    job.state = 'finished';
  });
}

/** A reason written for the CLI, up to the command line it ends with ("... Run: commsplan ..."). */
const withoutCommandLine = (text: string) => text.replace(/\s*[^.;:]*:?\s*commsplan [\s\S]*$/, '').trim() || text;

import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { queueTaskNotices, type TaskQueueOutcome } from '../tasks/queue-task-notices.js';
import { type OccurrenceHolds, type QueueConfirmation, type QueueOutcome, queueDue } from './queue-due.js';
import type { QueuedOccurrence, QueueProgress } from './queue-occurrence.js';

export interface EverythingQueued {
  occurrences: QueueOutcome;
  tasks: TaskQueueOutcome;
}

/**
 * The queue step of every send (`send --due`, `worker`, Send now, the demo): the approved
 * occurrences that have come due, then the notices and reminders of tasks (ADR 0009).
 */
export async function queueEverythingDue(
  store: Store,
  organisation: Organisation,
  now: Date,
  holds: OccurrenceHolds,
  onProgress: (progress: QueueProgress) => void = () => {},
  confirmation: QueueConfirmation = {},
): Promise<EverythingQueued> {
  const occurrences = await queueDue(store, organisation, now, onProgress, holds, confirmation);
  const tasks = await queueTaskNotices(store, organisation, now);
  return { occurrences, tasks };
}

/** What the task part of a queue step says: what was queued or cancelled, and the problems apart. */
export function taskQueueLines(
  tasks: TaskQueueOutcome,
  taskName: (taskKey: string) => string = (taskKey) => `Task ${taskKey}`,
): { said: string[]; problems: string[] } {
  const said = tasks.queued.map(
    (q) =>
      `${taskName(q.taskKey)}: ${q.kind} to ${q.to} queued, from sender ${q.senderName}${q.tasksInNote > 1 ? ` (one email listing ${q.tasksInNote} tasks)` : ''}`,
  );
  if (tasks.cancelled)
    said.push(`${tasks.cancelled.toLocaleString('en-GB')} unsent notes to the owners of tasks cancelled: every task they list is closed`);
  return { said, problems: tasks.problems.map((p) => `${taskName(p.taskKey)}: ${p.message}`) };
}

const count = (n: number) => n.toLocaleString('en-GB');

/**
 * What the queue step says of one occurrence: its recipients and new messages, late joiners caught
 * up and those too late, apart. Undefined for one read again with nothing new to say.
 */
export function queuedOccurrenceLine(q: QueuedOccurrence, name = q.description): string | undefined {
  if (q.readAfterSent && !q.newMessages && !q.cancelled && !q.tooLate) return undefined;
  const parts = [`${count(q.recipients)} recipients`, `${count(q.newMessages)} new messages queued`];
  if (q.caughtUp) parts.push(`${count(q.caughtUp)} of them catching up late joiners`);
  if (q.cancelled) parts.push(`${count(q.cancelled)} cancelled (no longer in the audience)`);
  const tooLate = q.tooLate
    ? `. ${count(q.tooLate)} late ${q.tooLate === 1 ? 'joiner is' : 'joiners are'} not sent it, as it is too late: ${q.tooLateWhy.join('; ')}`
    : '';
  return `${name}: ${parts.join(', ')}${tooLate}`;
}

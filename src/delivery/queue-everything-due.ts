import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type OccurrenceHolds, type QueueConfirmation, type QueueOutcome, type QueueProgress, queueDue } from './queue-due.js';
import { queueTaskNotices, type TaskQueueOutcome } from './queue-task-notices.js';

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
export function taskQueueLines(tasks: TaskQueueOutcome): { said: string[]; problems: string[] } {
  const said = tasks.queued.map((q) => `Task ${q.taskKey}: ${q.kind} to ${q.to} queued, from sender ${q.senderName}`);
  if (tasks.cancelled)
    said.push(`${tasks.cancelled.toLocaleString('en-GB')} unsent task notices or reminders cancelled: their tasks are closed`);
  return { said, problems: tasks.problems.map((p) => `Task ${p.taskKey}: ${p.message}`) };
}

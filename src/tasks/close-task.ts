import { appendAuditEntry } from '../audit/audit-log.store.js';
import type { PlannedTask } from '../plan/plan-tasks.js';
import { loadWorkspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { workspaceTasks } from './list-tasks.js';
import { cancelTaskMessages, insertClosedTask, readClosedTasks } from './tasks.store.js';

export interface ClosedTaskOutcome {
  taskKey: string;
  title: string;
  state: 'done' | 'skipped';
  closedBy: string;
  closedAt: string;
  /** Unsent notices and reminders cancelled with it. */
  messagesCancelled: number;
}

/** Closes one task and cancels its unsent notice and reminder; undefined when it was closed already. */
export async function closeOneTask(
  db: Queryable,
  orgId: string,
  task: PlannedTask,
  closing: { state: 'done' | 'skipped'; by: string; at: string; why: string },
): Promise<ClosedTaskOutcome | undefined> {
  const closed = await insertClosedTask(db, orgId, {
    key: task.key,
    activityId: task.activityId,
    waveId: task.wave?.id,
    state: closing.state,
    closedBy: closing.by,
    closedAt: closing.at,
  });
  if (!closed) return undefined;
  const messagesCancelled = await cancelTaskMessages(db, orgId, task.key, `the task is ${closing.state}: ${closing.why}`, closing.at);
  await appendAuditEntry(db, orgId, {
    at: closing.at,
    actor: closing.by,
    action: `task-${closing.state}`,
    subject: task.key,
    detail: `${task.title}: ${closing.why}${messagesCancelled ? `; ${messagesCancelled} unsent notice or reminder cancelled` : ''}`,
  });
  return { taskKey: task.key, title: task.title, state: closing.state, closedBy: closing.by, closedAt: closing.at, messagesCancelled };
}

/** The task whose id (as `commsplan tasks` shows it) is `taskId`, in any case; bad input names the tasks there are. */
export function requireTask(tasks: readonly PlannedTask[], taskId: string): PlannedTask {
  const wanted = taskId.trim().toLowerCase();
  const task = tasks.find((candidate) => candidate.key.toLowerCase() === wanted);
  if (task) return task;
  throw new CommsplanError(
    'unknown-task',
    `There is no task "${taskId}". ${tasks.length ? `Tasks: ${tasks.map((t) => t.key).join(', ')}.` : 'The plan has no tasks yet.'} See them with: commsplan tasks`,
    { field: 'task', value: taskId },
  );
}

/** `commsplan task done ID`: closes one task and cancels its unsent reminder. Bad input changes nothing. */
export async function closeTask(
  store: Store,
  organisation: Organisation,
  request: { taskId: string; by?: string },
  now: Date,
): Promise<ClosedTaskOutcome> {
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const orgId = workspace.organisation.id;
    const task = requireTask(workspaceTasks(workspace), request.taskId);
    if (task.activityStatus === 'done' || task.activityStatus === 'skipped')
      throw new CommsplanError(
        'invalid-status-change',
        `Task ${task.key} is already ${task.activityStatus}: its activity ${task.activityId} is ${task.activityStatus}. Nothing was changed.`,
        {
          field: 'task',
          value: task.key,
        },
      );
    const by = request.by?.trim() || 'cli';
    const outcome = await closeOneTask(trx, orgId, task, { state: 'done', by, at: now.toISOString(), why: `marked done by ${by}` });
    if (outcome) return outcome;
    const earlier = (await readClosedTasks(trx, orgId)).get(task.key);
    throw new CommsplanError(
      'invalid-status-change',
      `Task ${task.key} is already ${earlier?.state ?? 'done'}${earlier ? ` (by ${earlier.closedBy} at ${earlier.closedAt})` : ''}. Nothing was changed.`,
      { field: 'task', value: task.key },
    );
  });
}

import { appendAuditEntry } from '../audit/audit-log.store.js';
import { londonDate } from '../calendar/london-time.js';
import { applyActivityChange } from '../plan/activity-change.js';
import { requireOwnerWithAddress } from '../plan/owner.js';
import { taskState } from '../plan/plan-tasks.js';
import { loadWorkspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import { plural } from '../shared/plural.js';
import type { Store } from '../store/store.js';
import { requireTask } from './close-task.js';
import { workspaceTasks } from './list-tasks.js';
import { cancelTaskMessages, forgetTaskNotes, readClosedTasks } from './tasks.store.js';

export interface ReassignedTask {
  taskKey: string;
  title: string;
  activityId: string;
  from: string | null;
  to: string;
  /** The activity's tasks still open, now the new owner's; each is told to them at the next sending pass. */
  openTasks: string[];
  /** Unsent notes to the previous owner cancelled with it. */
  messagesCancelled: number;
}

/**
 * `commsplan task reassign ID OWNER`, from the CLI and the web app: a task's owner is its
 * activity's, so the activity gets the new owner, a name and a real address. Each of the
 * activity's open tasks forgets what the previous owner was told, so the next sending pass tells
 * the new one; unsent notes to the previous owner that list nothing else are cancelled.
 */
export async function reassignTask(
  store: Store,
  organisation: Organisation,
  request: { taskId: string; owner: string; by?: string },
  now: Date,
): Promise<ReassignedTask> {
  const owner = requireOwnerWithAddress(request.owner);
  const by = request.by?.trim() || 'cli';
  const at = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const orgId = workspace.organisation.id;
    const tasks = workspaceTasks(workspace);
    const task = requireTask(tasks, request.taskId);
    await applyActivityChange(trx, orgId, task.activityId, { owner, by }, now);
    const closed = await readClosedTasks(trx, orgId);
    const open = tasks.filter(
      (t) => t.activityId === task.activityId && ['open', 'late'].includes(taskState(t, closed.get(t.key)?.state, londonDate(now))),
    );
    let messagesCancelled = 0;
    for (const openTask of open) {
      messagesCancelled += await cancelTaskMessages(trx, orgId, openTask.key, `the task was given to ${owner} by ${by}`, at);
      await forgetTaskNotes(trx, orgId, openTask.key);
    }
    await appendAuditEntry(trx, orgId, {
      at,
      actor: by,
      action: 'task-reassigned',
      subject: task.key,
      detail: `${task.title}: given to ${owner}${task.owner ? ` instead of ${task.owner}` : ''}, with every open task of activity ${task.activityId}${messagesCancelled ? `; ${plural(messagesCancelled, 'unsent note')} to the previous owner cancelled` : ''}`,
    });
    return {
      taskKey: task.key,
      title: task.title,
      activityId: task.activityId,
      from: task.owner ?? null,
      to: owner,
      openTasks: open.map((t) => t.key),
      messagesCancelled,
    };
  });
}

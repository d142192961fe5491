import type { PlannedTask } from '../plan/plan-tasks.js';
import { priorityRank } from '../plan/send-priority.js';
import { type ActivityChange, type ActivityWithSender, applyActivityChange } from '../plan/set-activity.js';
import { loadWorkspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { appendAuditEntry } from './audit-log.store.js';
import { workspaceTasks } from './list-tasks.js';
import { reprioritiseWaitingMessages } from './outbox.store.js';
import { type ApprovalReview, changeMakerOf, changeReviewingApprovals } from './review-approvals.js';
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

async function closeOne(
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
    const tasks = workspaceTasks(workspace);
    const wanted = request.taskId.trim().toLowerCase();
    const task = tasks.find((candidate) => candidate.key.toLowerCase() === wanted);
    if (!task)
      throw new CommsplanError(
        'invalid-input',
        `There is no task "${request.taskId}". ${tasks.length ? `Tasks: ${tasks.map((t) => t.key).join(', ')}.` : 'The plan has no tasks yet.'} See them with: commsplan tasks`,
        { field: 'task', value: request.taskId },
      );
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
    const outcome = await closeOne(trx, orgId, task, { state: 'done', by, at: now.toISOString(), why: `marked done by ${by}` });
    if (outcome) return outcome;
    const earlier = (await readClosedTasks(trx, orgId)).get(task.key);
    throw new CommsplanError(
      'invalid-status-change',
      `Task ${task.key} is already ${earlier?.state ?? 'done'}${earlier ? ` (by ${earlier.closedBy} at ${earlier.closedAt})` : ''}. Nothing was changed.`,
      { field: 'task', value: task.key },
    );
  });
}

/**
 * An activity marked done or skipped closes its open tasks, with who and when, and cancels
 * their unsent notices and reminders. Call it after the activity's status has changed.
 */
async function closeActivityTasks(
  trx: Queryable,
  location: string,
  orgId: string,
  change: { activityId: string; status: 'done' | 'skipped'; by?: string },
  now: Date,
): Promise<ClosedTaskOutcome[]> {
  const workspace = await loadWorkspace(trx, location, orgId);
  const by = change.by?.trim() || 'cli';
  const closed: ClosedTaskOutcome[] = [];
  for (const task of workspaceTasks(workspace).filter((t) => t.activityId === change.activityId)) {
    const why = `activity ${change.activityId} was marked ${change.status} by ${by}`;
    const outcome = await closeOne(trx, workspace.organisation.id, task, { state: change.status, by, at: now.toISOString(), why });
    if (outcome) closed.push(outcome);
  }
  return closed;
}

/**
 * `activity set`, from the CLI and the web app, in one transaction: changes the activity; a done
 * or skipped activity then closes its tasks (setting it done again finds them closed and closes
 * nothing); a new sender withdraws the approvals of its emails unless an approver keeps them; and
 * a new priority reaches its messages still waiting in the outbox.
 */
export async function setActivityClosingTasks(
  store: Store,
  organisation: Organisation,
  id: string,
  change: ActivityChange & { keepApproval?: boolean },
  now: Date,
): Promise<{ activity: ActivityWithSender; tasksClosed: ClosedTaskOutcome[] } & ApprovalReview> {
  const maker = changeMakerOf({ by: change.by, keepApproval: change.keepApproval });
  return changeReviewingApprovals(store, organisation, maker, now, async (trx) => {
    const activity = await applyActivityChange(trx, organisation.id, id, change, now);
    if (activity.priority && change.priority?.trim())
      await reprioritiseWaitingMessages(trx, organisation.id, activity.id, priorityRank(activity.priority));
    const { status } = activity;
    const tasksClosed =
      status === 'done' || status === 'skipped'
        ? await closeActivityTasks(trx, store.location, organisation.id, { activityId: activity.id, status, by: change.by }, now)
        : [];
    return { activity, tasksClosed };
  });
}

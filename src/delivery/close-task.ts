import { londonDate } from '../calendar/london-time.js';
import { isOpen } from '../plan/finding.js';
import { isLaterWave, isStillToCome } from '../plan/occurrence-progress.js';
import type { OccurrenceState } from '../plan/occurrence-state.js';
import type { PlannedTask } from '../plan/plan-tasks.js';
import { priorityRank } from '../plan/send-priority.js';
import { type ActivityChange, type ActivityWithSender, applyActivityChange } from '../plan/set-activity.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { appendAuditEntry } from '../store/audit-log.store.js';
import type { Queryable, Store } from '../store/store.js';
import { workspaceTasks } from './list-tasks.js';
import { moveOccurrence, readOccurrenceStates, stateOf } from './occurrence-states.store.js';
import { reprioritiseWaitingMessages } from './outbox.store.js';
import { type ApprovalReview, changeMakerOf, changeReviewingApprovals, keyOf, refOf } from './review-approvals.js';
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
    'invalid-input',
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

/** What marking an activity done or skipped did to its occurrences. */
export interface OccurrencesClosed {
  /** Occurrences whose email was closed now, and from which state. */
  closed: { key: string; from: OccurrenceState }[];
  /** Occurrences that had come but were left as they were: their email is on its way, or already went. */
  leftAsTheyAre: { key: string; state: OccurrenceState }[];
  /** Later waves' occurrences, still to come: the activity stays open for them. */
  stillToCome: { key: string; wave: string; date: string }[];
}

/** The moves a done or skipped activity makes: an email never approved is closed; one approved but not yet queued is skipped. */
const CLOSING_MOVES: Record<'done' | 'skipped', readonly OccurrenceState[]> = {
  done: ['planned'],
  skipped: ['planned', 'approved'],
};

/**
 * An activity marked done or skipped closes the occurrences that have come (dated today or
 * before, and every one not tied to a wave) with their tasks, and never a later wave's: that one
 * is still to come, and is skipped on its own (`commsplan occurrence skip`). An email that went
 * is done by itself and is left as it is, so that late joiners can still be sent it.
 */
async function closeOccurrencesThatHaveCome(
  trx: Queryable,
  workspace: Workspace,
  change: { activityId: string; status: 'done' | 'skipped'; by: string },
  now: Date,
): Promise<OccurrencesClosed & { tasksClosed: ClosedTaskOutcome[] }> {
  const orgId = workspace.organisation.id;
  const today = londonDate(now);
  const result: OccurrencesClosed & { tasksClosed: ClosedTaskOutcome[] } = {
    closed: [],
    leftAsTheyAre: [],
    stillToCome: [],
    tasksClosed: [],
  };
  const activity = workspace.activities.find((a) => a.id === change.activityId);
  if (!activity) return result;
  const tasks = workspaceTasks(workspace);
  const why = `activity ${activity.id} was marked ${change.status} by ${change.by}`;
  const states = await readOccurrenceStates(trx, orgId);
  for (const occurrence of workspace.timeline.filter((o) => o.activityId === activity.id)) {
    const key = keyOf(occurrence);
    const state = stateOf(states, refOf(workspace, occurrence)).state;
    if (isLaterWave(occurrence, today)) {
      if (isStillToCome(workspace.progress, activity, occurrence))
        result.stillToCome.push({ key, wave: occurrence.wave?.name ?? '', date: occurrence.date });
      continue;
    }
    const task = tasks.find((t) => t.key === key);
    const taskClosed = task
      ? await closeOneTask(trx, orgId, task, { state: change.status, by: change.by, at: now.toISOString(), why })
      : undefined;
    if (taskClosed) result.tasksClosed.push(taskClosed);
    if (!activity.templateIds.length) continue;
    if (CLOSING_MOVES[change.status].includes(state)) {
      await moveOccurrence(trx, orgId, refOf(workspace, occurrence), change.status, { reason: why }, now);
      await appendAuditEntry(trx, orgId, { at: now.toISOString(), actor: change.by, action: change.status, subject: key, detail: why });
      result.closed.push({ key, from: state });
    } else if (state !== 'done' && state !== 'skipped' && state !== 'cancelled') result.leftAsTheyAre.push({ key, state });
  }
  return result;
}

/** A new priority reaches the activity's messages still waiting in the outbox. */
async function reprioritise(trx: Queryable, orgId: string, activity: ActivityWithSender, change: ActivityChange): Promise<void> {
  if (activity.priority && change.priority?.trim())
    await reprioritiseWaitingMessages(trx, orgId, activity.id, priorityRank(activity.priority));
}

const closingStatusOf = (status: string | undefined): 'done' | 'skipped' | undefined => {
  const text = status?.trim().toLowerCase();
  return text === 'done' || text === 'skipped' ? text : undefined;
};

/**
 * `activity set`, from the CLI and the web app, in one transaction: changes the activity. Marked
 * done or skipped, it closes the occurrences that have come and their tasks; while a later wave's
 * occurrence is still to come, the activity itself stays open for it. A new sender withdraws the
 * approvals of its emails unless an approver keeps them, and a new priority reaches its messages
 * still waiting in the outbox.
 */
export async function setActivityClosingTasks(
  store: Store,
  organisation: Organisation,
  id: string,
  change: ActivityChange & { keepApproval?: boolean },
  now: Date,
): Promise<{ activity: ActivityWithSender; tasksClosed: ClosedTaskOutcome[]; occurrences: OccurrencesClosed } & ApprovalReview> {
  const maker = changeMakerOf({ by: change.by, keepApproval: change.keepApproval });
  return changeReviewingApprovals(store, organisation, maker, now, async (trx) => {
    const status = closingStatusOf(change.status);
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const current = workspace.activities.find((a) => a.id === id.trim());
    const none: OccurrencesClosed = { closed: [], leftAsTheyAre: [], stillToCome: [] };
    if (!status || !current || !isOpen(current)) {
      const activity = await applyActivityChange(trx, organisation.id, id, change, now);
      await reprioritise(trx, organisation.id, activity, change);
      return { activity, tasksClosed: [], occurrences: none };
    }
    const by = change.by?.trim() || 'cli';
    const { tasksClosed, ...occurrences } = await closeOccurrencesThatHaveCome(trx, workspace, { activityId: current.id, status, by }, now);
    // Still open for a later wave: the rest of the change is made, the status stays.
    const activity = await applyActivityChange(
      trx,
      organisation.id,
      id,
      occurrences.stillToCome.length ? { ...change, status: current.status } : change,
      now,
    );
    await reprioritise(trx, organisation.id, activity, change);
    return { activity, tasksClosed, occurrences };
  });
}

import { appendAuditEntry } from '../audit/audit-log.store.js';
import { londonDate } from '../calendar/london-time.js';
import { reprioritiseWaitingMessages } from '../outbox/outbox.store.js';
import { type ActivityChange, type ActivityWithSender, applyActivityChange } from '../plan/activity-change.js';
import { isOpen } from '../plan/finding.js';
import { keyOf, refOf } from '../plan/occurrence-names.js';
import { isLaterWave, isStillToCome } from '../plan/occurrence-progress.js';
import type { OccurrenceState } from '../plan/occurrence-state.js';
import { moveOccurrence, readOccurrenceStates, stateOf } from '../plan/occurrence-states.store.js';
import { priorityRank } from '../plan/send-priority.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { type ClosedTaskOutcome, closeOneTask } from '../tasks/close-task.js';
import { workspaceTasks } from '../tasks/list-tasks.js';
import { changeReviewingApprovals } from './change-reviewing-approvals.js';
import { type ApprovalReview, changeMakerOf } from './review-approvals.js';

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
 * `activity set`, from the CLI and the web app, in one transaction; the one way to change an activity: changes the activity. Marked
 * done or skipped, it closes the occurrences that have come and their tasks; while a later wave's
 * occurrence is still to come, the activity itself stays open for it. A new sender withdraws the
 * approvals of its emails unless an approver keeps them, and a new priority reaches its messages
 * still waiting in the outbox.
 */
export async function setActivity(
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

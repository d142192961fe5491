import { londonDate } from '../calendar/london-time.js';
import { type PlannedTask, plannedTasks, type TaskMessageKind, type TaskState, taskState } from '../plan/plan-tasks.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { Queryable } from '../store/store.js';
import { readClosedTasks, readTaskMessages, type TaskMessage } from './tasks.store.js';

/** The workspace's tasks, each told `task-notice-days` working days ahead. */
export function workspaceTasks(workspace: Workspace): PlannedTask[] {
  return plannedTasks(workspace.timeline, workspace.calendar, {
    noticeDays: workspace.typedSettings.taskNoticeDays,
    sendTime: workspace.typedSettings.sendTime,
  });
}

/** Where a task's notice or reminder is: `queued`, `sent`, `failed`... as the outbox says. */
export interface TaskMessageReport {
  state: string;
  to: string;
  /** When it is or was due to go (UTC). */
  due: string;
  sentAt: string | null;
  /** Why it failed or was cancelled. */
  reason: string | null;
}

export interface TaskReport {
  id: string;
  activityId: string;
  title: string;
  wave: string | null;
  channels: string[];
  date: string;
  noticeDate: string;
  state: TaskState;
  owner: string | null;
  ownerAddress: string | null;
  /** No owner, or an owner without an address: nobody can be told. */
  nobodyToTell: boolean;
  notice: TaskMessageReport | null;
  reminder: TaskMessageReport | null;
  closedBy: string | null;
  closedAt: string | null;
}

function messageReport(messages: readonly TaskMessage[], taskKey: string, kind: TaskMessageKind): TaskMessageReport | null {
  const message = messages.filter((m) => m.taskKey === taskKey && m.kind === kind).at(-1);
  if (!message) return null;
  return {
    state: message.state,
    to: message.recipient,
    due: message.notBefore,
    sentAt: message.sentAt ?? null,
    reason: message.lastError ?? null,
  };
}

/** Every task with where it stands at `now`: open, late, done or skipped, and what its owner has been sent. */
export async function listTasks(db: Queryable, location: string, orgId: string | undefined, now: Date): Promise<TaskReport[]> {
  return tasksOfWorkspace(db, await loadWorkspace(db, location, orgId), now);
}

/**
 * The tasks of a workspace already loaded (the web's snapshot, read-only here), with where each
 * stands at `now`: whether it was closed and what its owner was sent are read afresh.
 */
export async function tasksOfWorkspace(db: Queryable, workspace: Workspace, now: Date): Promise<TaskReport[]> {
  const [closed, messages] = await Promise.all([
    readClosedTasks(db, workspace.organisation.id),
    readTaskMessages(db, workspace.organisation.id),
  ]);
  const today = londonDate(now);
  return workspaceTasks(workspace).map((task) => {
    const closing = closed.get(task.key);
    return {
      id: task.key,
      activityId: task.activityId,
      title: task.title,
      wave: task.wave?.name ?? null,
      channels: task.channels,
      date: task.date,
      noticeDate: task.noticeDate,
      state: taskState(task, closing?.state, today),
      owner: task.owner ?? null,
      ownerAddress: task.ownerAddress ?? null,
      nobodyToTell: task.ownerAddress === undefined,
      notice: messageReport(messages, task.key, 'notice'),
      reminder: messageReport(messages, task.key, 'reminder'),
      closedBy: closing?.closedBy ?? null,
      closedAt: closing?.closedAt ?? null,
    };
  });
}

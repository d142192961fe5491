import { type TaskMessageKind, taskMessageKey } from '../plan/plan-tasks.js';
import type { Queryable } from '../store/store.js';
import { statesBefore } from './occurrence-state.js';
import { cancelUnsentMessages } from './outbox.store.js';

/** A task closed by `task done`, or by its activity becoming done or skipped. */
export interface ClosedTask {
  state: 'done' | 'skipped';
  closedBy: string;
  closedAt: string;
}

export async function readClosedTasks(db: Queryable, orgId: string): Promise<Map<string, ClosedTask>> {
  const rows = await db.selectFrom('tasks').selectAll().where('org_id', '=', orgId).execute();
  return new Map(
    rows.map((row) => [row.task_key, { state: row.state as ClosedTask['state'], closedBy: row.closed_by, closedAt: row.closed_at }]),
  );
}

/** Closes a task; false when it was closed already (the primary key collides, so two people cannot both close it). */
export async function insertClosedTask(
  db: Queryable,
  orgId: string,
  task: { key: string; activityId: string; waveId: number | undefined } & ClosedTask,
): Promise<boolean> {
  const result = await db
    .insertInto('tasks')
    .values({
      org_id: orgId,
      task_key: task.key,
      activity_id: task.activityId,
      wave_id: task.waveId ?? null,
      state: task.state,
      closed_by: task.closedBy,
      closed_at: task.closedAt,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'task_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Starts the notice or reminder of a task: its occurrence row, approved by commsplan itself
 * (ADR 0009). False when it was started before, so each is queued at most once.
 */
export async function startTaskMessage(
  db: Queryable,
  orgId: string,
  message: { kind: TaskMessageKind; taskKey: string; activityId: string; waveId: number | undefined; at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('occurrence_states')
    .values({
      org_id: orgId,
      occurrence_key: taskMessageKey(message.kind, message.taskKey),
      activity_id: message.activityId,
      wave_id: message.waveId ?? null,
      state: 'approved',
      approved_by: 'commsplan',
      approved_at: message.at,
      approved_fingerprint: null,
      reason: 'a task notice or reminder to its owner needs no approval (ADR 0009)',
      updated_at: message.at,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'occurrence_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Cancels a task's unsent notice and reminder, and their occurrences; returns how many messages it cancelled. */
export async function cancelTaskMessages(db: Queryable, orgId: string, taskKey: string, reason: string, at: string): Promise<number> {
  const keys = [taskMessageKey('notice', taskKey), taskMessageKey('reminder', taskKey)];
  const cancelled = await cancelUnsentMessages(db, orgId, keys, reason);
  // A message already in a worker's hands may still go; the worker records it as usual.
  await db
    .updateTable('occurrence_states')
    .set({ state: 'cancelled', reason, updated_at: at })
    .where('org_id', '=', orgId)
    .where('occurrence_key', 'in', keys)
    .where('state', 'in', statesBefore('cancelled'))
    .execute();
  return cancelled;
}

/** The notice or reminder of a task as the outbox has it. */
export interface TaskMessage {
  taskKey: string;
  kind: TaskMessageKind;
  recipient: string;
  state: string;
  notBefore: string;
  sentAt: string | undefined;
  lastError: string | undefined;
}

export async function readTaskMessages(db: Queryable, orgId: string): Promise<TaskMessage[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['occurrence_key', 'recipient', 'state', 'not_before', 'sent_at', 'last_error'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('occurrence_key', 'like', 'task-notice:%'), eb('occurrence_key', 'like', 'task-reminder:%')]))
    .orderBy('created_at')
    .execute();
  return rows.map((row) => {
    const [prefix, ...rest] = row.occurrence_key.split(':');
    return {
      taskKey: rest.join(':'),
      kind: prefix === 'task-notice' ? 'notice' : 'reminder',
      recipient: row.recipient,
      state: row.state,
      notBefore: row.not_before,
      sentAt: row.sent_at ?? undefined,
      lastError: row.last_error ?? undefined,
    };
  });
}

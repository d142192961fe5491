import { cancelUnsentMessages } from '../outbox/cancel-unsent-messages.store.js';
import { statesBefore } from '../plan/occurrence-state.js';
import { type TaskMessageKind, taskMessageKey } from '../plan/plan-tasks.js';
import type { Queryable } from '../store/store.js';

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

/** A task's notice or reminder, as told in an owner's note (or, before migration 0022, in an email of its own). */
export interface TaskNote {
  taskKey: string;
  kind: TaskMessageKind;
  noteKey: string;
}

const toldKey = (taskKey: string, kind: TaskMessageKind) => `${kind}:${taskKey}`;

/** Which notices and reminders have been put in a note already, as `kind:task`. */
export async function readToldTasks(db: Queryable, orgId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('task_notes').select(['task_key', 'kind']).where('org_id', '=', orgId).execute();
  return new Set(rows.map((row) => toldKey(row.task_key, row.kind as TaskMessageKind)));
}

export const isTold = (told: ReadonlySet<string>, taskKey: string, kind: TaskMessageKind) => told.has(toldKey(taskKey, kind));

const NOTE_KEY_PREFIX = 'task-notes:';

/**
 * The key of the next note to an owner on a day: `task-notes:DATE:ADDRESS` for the first, then
 * `…:2`, `…:3` for notes of tasks that came due later the same day. Read from the notes' occurrence
 * rows under the write lock, so two passes never make the same key.
 */
export async function nextNoteKey(db: Queryable, orgId: string, day: string, ownerAddress: string): Promise<string> {
  const first = `${NOTE_KEY_PREFIX}${day}:${ownerAddress}`;
  const rows = await db
    .selectFrom('occurrence_states')
    .select('occurrence_key')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('occurrence_key', '=', first), eb('occurrence_key', 'like', `${first}:%`)]))
    .execute();
  return rows.length === 0 ? first : `${first}:${rows.length + 1}`;
}

/** Records that a note tells a task's notice or reminder; false when another note told it already. */
export async function insertTaskNote(db: Queryable, orgId: string, note: TaskNote & { at: string }): Promise<boolean> {
  const result = await db
    .insertInto('task_notes')
    .values({ org_id: orgId, task_key: note.taskKey, kind: note.kind, note_key: note.noteKey, queued_at: note.at })
    .onConflict((conflict) => conflict.columns(['org_id', 'task_key', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Starts a note's occurrence row, approved by commsplan itself (ADR 0009): a note to an owner
 * about their own tasks needs no approval. Its activity is the first task's.
 */
export async function startTaskNote(
  db: Queryable,
  orgId: string,
  note: { noteKey: string; activityId: string; at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('occurrence_states')
    .values({
      org_id: orgId,
      occurrence_key: note.noteKey,
      activity_id: note.activityId,
      wave_id: null,
      state: 'approved',
      approved_by: 'commsplan',
      approved_at: note.at,
      approved_fingerprint: null,
      reason: 'a note to an owner about their tasks needs no approval (ADR 0009)',
      updated_at: note.at,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'occurrence_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Cancels the unsent emails that tell about a closed task: its own notice and reminder from
 * before notes were bundled, and each note whose every task is closed by now. A note that
 * still lists an open task goes. Returns how many messages it cancelled.
 */
export async function cancelTaskMessages(db: Queryable, orgId: string, taskKey: string, reason: string, at: string): Promise<number> {
  const notes = await db.selectFrom('task_notes').select('note_key').where('org_id', '=', orgId).where('task_key', '=', taskKey).execute();
  const listed = notes.length
    ? await db
        .selectFrom('task_notes')
        .leftJoin('tasks', (join) =>
          join.onRef('tasks.org_id', '=', 'task_notes.org_id').onRef('tasks.task_key', '=', 'task_notes.task_key'),
        )
        .select(['task_notes.note_key', 'task_notes.task_key', 'tasks.state'])
        .where('task_notes.org_id', '=', orgId)
        .where(
          'task_notes.note_key',
          'in',
          notes.map((note) => note.note_key),
        )
        .execute()
    : [];
  const stillOpen = new Set(listed.filter((row) => row.task_key !== taskKey && !row.state).map((row) => row.note_key));
  const keys = [
    taskMessageKey('notice', taskKey),
    taskMessageKey('reminder', taskKey),
    ...new Set(notes.map((note) => note.note_key).filter((key) => !stillOpen.has(key))),
  ];
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

/** The notice or reminder of a task as the outbox has it: the note that told it. */
export interface TaskMessage {
  taskKey: string;
  kind: TaskMessageKind;
  noteKey: string;
  recipient: string;
  state: string;
  notBefore: string;
  sentAt: string | undefined;
  lastError: string | undefined;
}

export async function readTaskMessages(db: Queryable, orgId: string): Promise<TaskMessage[]> {
  const rows = await db
    .selectFrom('task_notes')
    .innerJoin('outbox', (join) =>
      join.onRef('outbox.org_id', '=', 'task_notes.org_id').onRef('outbox.occurrence_key', '=', 'task_notes.note_key'),
    )
    .select([
      'task_notes.task_key',
      'task_notes.kind',
      'task_notes.note_key',
      'outbox.recipient',
      'outbox.state',
      'outbox.not_before',
      'outbox.sent_at',
      'outbox.last_error',
    ])
    .where('task_notes.org_id', '=', orgId)
    .orderBy('outbox.created_at')
    .execute();
  return rows.map((row) => ({
    taskKey: row.task_key,
    kind: row.kind as TaskMessageKind,
    noteKey: row.note_key,
    recipient: row.recipient,
    state: row.state,
    notBefore: row.not_before,
    sentAt: row.sent_at ?? undefined,
    lastError: row.last_error ?? undefined,
  }));
}

/** Forgets that a task's notice and reminder were told, so that the next pass tells its new owner. */
export async function forgetTaskNotes(db: Queryable, orgId: string, taskKey: string): Promise<void> {
  await db.deleteFrom('task_notes').where('org_id', '=', orgId).where('task_key', '=', taskKey).execute();
}

import { appendAuditEntry } from '../audit/audit-log.store.js';
import { londonDate } from '../calendar/london-time.js';
import { workspaceFields } from '../messages/message-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { messageKey, templateVersionOf } from '../outbox/message-key.js';
import { insertOutboxRows } from '../outbox/outbox.store.js';
import { senderOfActivity } from '../plan/activity-sender.store.js';
import { type PlannedTask, type TaskMessageKind, taskState } from '../plan/plan-tasks.js';
import { priorityRank, TASK_NOTE_PRIORITY } from '../plan/send-priority.js';
import { byNoteOrder, taskNoteFields, taskNoteTemplate } from '../plan/task-templates.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { taskCopyFor } from '../publishing/task-copy.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { workspaceTasks } from './list-tasks.js';
import { cancelTaskMessages, insertTaskNote, isTold, nextNoteKey, readClosedTasks, readToldTasks, startTaskNote } from './tasks.store.js';

export interface QueuedTaskMessage {
  taskKey: string;
  kind: TaskMessageKind;
  title: string;
  to: string;
  senderName: string;
  /** The note (one email to the owner) that lists it, and how many tasks that note lists. */
  noteKey: string;
  tasksInNote: number;
}

export interface TaskQueueOutcome {
  queued: QueuedTaskMessage[];
  /** Tasks whose notice or reminder is due but cannot be made yet, and why. */
  problems: { taskKey: string; message: string }[];
  /** Unsent notes (or notices and reminders from before notes) of tasks closed meanwhile. */
  cancelled: number;
}

/**
 * The notice is due from its time until the task's day; the reminder (which repeats the content)
 * on the day itself. A day that has passed gets neither: the task is late, and `tasks` says so,
 * so a workspace that starts sending mid-programme does not remind owners of every past task.
 */
function dueKind(task: PlannedTask, now: Date): TaskMessageKind | undefined {
  const today = londonDate(now);
  const at = now.toISOString();
  if (today > task.date) return undefined;
  if (today === task.date) return at >= task.reminderAt ? 'reminder' : undefined;
  return at >= task.noticeAt ? 'notice' : undefined;
}

/** A notice or reminder that has come due and can be made, with the sender its activity uses. */
interface DueTaskMessage {
  task: PlannedTask;
  kind: TaskMessageKind;
  senderName: string;
}

/**
 * The queue step for tasks: the notices and reminders that have come due for open tasks go to
 * each owner as one email, a note listing them all, from their activities' sender. Each notice
 * and reminder is told once (`task_notes`): one that comes due later the same day, such as a
 * task given to the owner at noon, goes in a second note listing only the tasks not yet told.
 * A task closed meanwhile has its unsent note cancelled once every task the note lists is
 * closed. The sending loop then sends notes like any other message.
 */
export async function queueTaskNotices(store: Store, organisation: Organisation, now: Date): Promise<TaskQueueOutcome> {
  const outcome: TaskQueueOutcome = { queued: [], problems: [], cancelled: 0 };
  const at = now.toISOString();
  await store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const orgId = workspace.organisation.id;
    const [closed, told] = await Promise.all([readClosedTasks(trx, orgId), readToldTasks(trx, orgId)]);
    const due: DueTaskMessage[] = [];
    for (const task of workspaceTasks(workspace)) {
      const state = taskState(task, closed.get(task.key)?.state, londonDate(now));
      if (state === 'done' || state === 'skipped') {
        outcome.cancelled += await cancelTaskMessages(trx, orgId, task.key, `the task is ${state}`, at);
        continue;
      }
      const kind = dueKind(task, now);
      // Without an address nobody can be told: `tasks` lists it so, and `check` reports the owner.
      if (!kind || !task.ownerAddress || isTold(told, task.key, kind)) continue;
      const checked = await checkTaskMessage(trx, workspace, task, kind);
      if ('problem' in checked) outcome.problems.push({ taskKey: task.key, message: checked.problem });
      else due.push({ task, kind, senderName: checked.senderName });
    }
    for (const group of byOwnerAndSender(due)) outcome.queued.push(...(await queueNote(trx, workspace, group, now)));
    if (outcome.cancelled)
      await appendAuditEntry(trx, orgId, {
        at,
        actor: 'commsplan',
        action: 'task-messages-cancelled',
        subject: 'tasks',
        detail: `${outcome.cancelled} unsent notes to owners cancelled: every task they list is closed`,
      });
  });
  return outcome;
}

/** Whether a task's notice or reminder can be made now: every value its words use is filled, and there is a sender. */
async function checkTaskMessage(
  db: Queryable,
  workspace: Workspace,
  task: PlannedTask,
  kind: TaskMessageKind,
): Promise<{ senderName: string } | { problem: string }> {
  const template = taskNoteTemplate(
    [{ kind, activityId: task.activityId }],
    workspace.activities,
    workspace.keyMessages,
    taskCopyFor(workspace),
  );
  if (!template) return { problem: `its activity ${task.activityId} is no longer in the plan` };
  const { missing } = renderTemplate(template, fieldValues({ ...workspaceFields(workspace), ...taskNoteFields([task]) }));
  if (missing.length)
    return {
      problem: `the ${kind} to ${task.owner} waits for ${missing.map((name) => `((${name}))`).join(', ')}, which the words to publish use. Fill them with: commsplan settings set KEY VALUE`,
    };
  const senderName = await senderOfActivity(db, workspace.organisation.id, task.activityId);
  if (!senderName)
    return {
      problem: `the ${kind} to ${task.owner} is due, but there is no sender to send it from. Add one with: commsplan sender add NAME --folder DIR (or --smtp HOST)`,
    };
  return { senderName };
}

/** One group per owner and sender, each in the order a note lists them: reminders, then notices by day. */
function byOwnerAndSender(due: readonly DueTaskMessage[]): DueTaskMessage[][] {
  const groups = new Map<string, DueTaskMessage[]>();
  for (const message of due) {
    const key = `${message.task.ownerAddress}\n${message.senderName}`;
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  return [...groups.values()].map((group) => [...group].sort((a, b) => byNoteOrder(a, b) || a.task.date.localeCompare(b.task.date)));
}

/** Writes one note to an owner listing `group`, once: a task another pass told meanwhile is left out. */
async function queueNote(db: Queryable, workspace: Workspace, group: readonly DueTaskMessage[], now: Date): Promise<QueuedTaskMessage[]> {
  const orgId = workspace.organisation.id;
  const at = now.toISOString();
  const first = group[0];
  if (!first) return [];
  const recipient = first.task.ownerAddress as string;
  const noteKey = await nextNoteKey(db, orgId, londonDate(now), recipient);
  const listed: DueTaskMessage[] = [];
  for (const message of group)
    if (await insertTaskNote(db, orgId, { taskKey: message.task.key, kind: message.kind, noteKey, at })) listed.push(message);
  const entries = listed.map((message) => ({ kind: message.kind, activityId: message.task.activityId }));
  const template = taskNoteTemplate(entries, workspace.activities, workspace.keyMessages, taskCopyFor(workspace));
  // Every task was checked, and the key is new (nextNoteKey), so nothing stops here unless all were told meanwhile.
  if (!template) return [];
  await startTaskNote(db, orgId, { noteKey, activityId: first.task.activityId, at });
  const templateVersion = templateVersionOf(template, sha256Hex);
  await insertOutboxRows(db, [
    {
      org_id: orgId,
      message_key: messageKey({ occurrenceKey: noteKey, recipient, templateVersion }, sha256Hex),
      occurrence_key: noteKey,
      recipient,
      person_email: recipient,
      template_id: template.id,
      template_version: templateVersion,
      sender_name: first.senderName,
      fields_json: JSON.stringify(taskNoteFields(listed.map((message) => message.task))),
      state: 'queued',
      priority: priorityRank(TASK_NOTE_PRIORITY),
      not_before: listed.map((message) => (message.kind === 'notice' ? message.task.noticeAt : message.task.reminderAt)).sort()[0] ?? at,
      created_at: at,
    },
  ]);
  const to = first.task.owner ?? recipient;
  for (const { task, kind, senderName } of listed)
    await appendAuditEntry(db, orgId, {
      at,
      actor: 'commsplan',
      action: `task-${kind}-queued`,
      subject: task.key,
      detail: `${task.title}, due ${task.date}: ${kind} to ${to} from sender ${senderName}, in ${noteKey} with ${listed.length} tasks`,
    });
  return listed.map(({ task, kind, senderName }) => ({
    taskKey: task.key,
    kind,
    title: task.title,
    to,
    senderName,
    noteKey,
    tasksInNote: listed.length,
  }));
}

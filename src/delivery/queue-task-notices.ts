import { londonDate } from '../calendar/london-time.js';
import { workspaceFields } from '../messages/message-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import { type PlannedTask, type TaskMessageKind, taskMessageKey, taskState } from '../plan/plan-tasks.js';
import { taskFields, taskTemplate } from '../plan/task-templates.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { sha256Hex } from './approve-occurrence.js';
import { appendAuditEntry } from './audit-log.store.js';
import { workspaceTasks } from './list-tasks.js';
import { messageKey, templateVersionOf } from './message-key.js';
import { readOccurrenceStates } from './occurrence-states.store.js';
import { insertOutboxRows, senderFor } from './outbox.store.js';
import { cancelTaskMessages, readClosedTasks, startTaskMessage } from './tasks.store.js';

export interface QueuedTaskMessage {
  taskKey: string;
  kind: TaskMessageKind;
  title: string;
  to: string;
  senderName: string;
}

export interface TaskQueueOutcome {
  queued: QueuedTaskMessage[];
  /** Tasks whose notice or reminder is due but cannot be made yet, and why. */
  problems: { taskKey: string; message: string }[];
  /** Unsent notices and reminders of tasks closed meanwhile. */
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

/**
 * The queue step for tasks: each open task whose notice or reminder has come due gets one
 * outbox message to its owner, from the activity's sender, once. A task closed meanwhile has
 * its unsent messages cancelled. The sending loop then sends them like any other message.
 */
export async function queueTaskNotices(store: Store, organisation: Organisation, now: Date): Promise<TaskQueueOutcome> {
  const outcome: TaskQueueOutcome = { queued: [], problems: [], cancelled: 0 };
  const at = now.toISOString();
  await store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const orgId = workspace.organisation.id;
    const [closed, started] = await Promise.all([readClosedTasks(trx, orgId), readOccurrenceStates(trx, orgId)]);
    for (const task of workspaceTasks(workspace)) {
      const state = taskState(task, closed.get(task.key)?.state, londonDate(now));
      if (state === 'done' || state === 'skipped') {
        outcome.cancelled += await cancelTaskMessages(trx, orgId, task.key, `the task is ${state}`, at);
        continue;
      }
      const kind = dueKind(task, now);
      // Without an address nobody can be told: `tasks` lists it so, and `check` reports the owner.
      if (!kind || !task.ownerAddress || started.has(taskMessageKey(kind, task.key))) continue;
      const result = await queueTaskMessage(trx, workspace, task, kind, at);
      if ('problem' in result) outcome.problems.push({ taskKey: task.key, message: result.problem });
      else if (result.queued) outcome.queued.push(result.queued);
    }
    if (outcome.cancelled)
      await appendAuditEntry(trx, orgId, {
        at,
        actor: 'commsplan',
        action: 'task-messages-cancelled',
        subject: 'tasks',
        detail: `${outcome.cancelled} unsent task notices or reminders cancelled: their tasks are closed`,
      });
  });
  return outcome;
}

async function queueTaskMessage(
  db: Queryable,
  workspace: Workspace,
  task: PlannedTask,
  kind: TaskMessageKind,
  at: string,
): Promise<{ queued?: QueuedTaskMessage } | { problem: string }> {
  const orgId = workspace.organisation.id;
  const activity = workspace.activities.find((a) => a.id === task.activityId);
  if (!activity) return {};
  const template = taskTemplate(kind, activity, workspace.keyMessages);
  const fields = taskFields(task);
  const { missing } = renderTemplate(template, fieldValues({ ...workspaceFields(workspace), ...fields }));
  if (missing.length)
    return {
      problem: `the ${kind} to ${task.owner} waits for ${missing.map((name) => `((${name}))`).join(', ')}, which the words to publish use. Fill them with: commsplan settings set KEY VALUE`,
    };
  const senderName = await senderFor(db, orgId, task.activityId);
  if (!senderName)
    return {
      problem: `the ${kind} to ${task.owner} is due, but there is no sender to send it from. Add one with: commsplan sender add NAME --folder DIR (or --smtp HOST)`,
    };
  const recipient = task.ownerAddress as string;
  const ref = { kind, taskKey: task.key, activityId: task.activityId, waveId: task.wave?.id, at };
  if (!(await startTaskMessage(db, orgId, ref))) return {};
  const occurrenceKey = taskMessageKey(kind, task.key);
  const templateVersion = templateVersionOf(template, sha256Hex);
  await insertOutboxRows(db, [
    {
      org_id: orgId,
      message_key: messageKey({ occurrenceKey, recipient, templateVersion }, sha256Hex),
      occurrence_key: occurrenceKey,
      recipient,
      person_email: recipient,
      template_id: template.id,
      template_version: templateVersion,
      sender_name: senderName,
      fields_json: JSON.stringify(fields),
      state: 'queued',
      not_before: kind === 'notice' ? task.noticeAt : task.reminderAt,
      created_at: at,
    },
  ]);
  await appendAuditEntry(db, orgId, {
    at,
    actor: 'commsplan',
    action: `task-${kind}-queued`,
    subject: task.key,
    detail: `${task.title}, due ${task.date}: ${kind} to ${task.owner} from sender ${senderName}`,
  });
  return { queued: { taskKey: task.key, kind, title: task.title, to: task.owner ?? recipient, senderName } };
}

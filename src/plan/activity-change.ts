import { appendAuditEntry } from '../audit/audit-log.store.js';
import { CommsplanError, isCommsplanError } from '../shared/errors.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import type { Queryable } from '../store/store.js';
import { activitySenderName, senderNames, updateActivitySender } from './activity-sender.store.js';
import { ownerProblem } from './owner.js';
import { changeActivityStatus, listActivities, updateActivityCatchUp, updateActivityOwner, updateActivityPriority } from './plan.store.js';
import { ACTIVITY_STATUSES, type Activity, type ActivityStatus, canChangeStatus, isActivityStatus } from './plan-model.js';
import { DEFAULT_SEND_PRIORITY, parseSendPriority, type SendPriority } from './send-priority.js';

export interface ActivityChange {
  owner?: string;
  status?: string;
  /** The sender this activity's emails go from; empty, the default sender. */
  sender?: string;
  /** `yes` or `no`: whether people who join its audience after an email went are sent it. */
  catchUp?: string;
  /** first, high, normal or low: where its emails stand among those due at the same time; empty, no change. */
  priority?: string;
  /** Who makes the change, for the audit log; `cli` unless given. */
  by?: string;
}

export type ActivityWithSender = Activity & { senderName: string | null };

/** A final status (done, skipped) is one that no other status can follow. */
export function isFinalStatus(status: ActivityStatus): boolean {
  return !ACTIVITY_STATUSES.some((other) => other !== status && canChangeStatus(status, other));
}

function parseStatus(change: ActivityChange): ActivityStatus | undefined {
  const status = change.status?.trim().toLowerCase();
  if (status === undefined || isActivityStatus(status)) return status;
  throw new CommsplanError('invalid-input', `Status "${change.status}" is not known: use ${ACTIVITY_STATUSES.join(', ')}.`, {
    field: 'status',
    value: change.status,
  });
}

function parseCatchUp(change: ActivityChange): boolean | undefined {
  const text = change.catchUp?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'yes' || text === 'no') return text === 'yes';
  throw new CommsplanError('invalid-input', `Catch-up "${change.catchUp}" is not known: use yes or no.`, {
    field: 'catch-up',
    value: change.catchUp,
  });
}

/** A done or skipped activity is a record of what happened: its owner, status and content stay as they are. */
function requireEditable(activity: Activity, owner: string | undefined | null, status: ActivityStatus | undefined): void {
  const ownerChanges = owner !== undefined && (owner ?? undefined) !== activity.owner;
  const statusChanges = status !== undefined && status !== activity.status;
  if (!isFinalStatus(activity.status) || !(ownerChanges || statusChanges)) return;
  throw new CommsplanError(
    'activity-final',
    `Activity ${activity.id} is ${activity.status}, which is final: its owner, status and content can no longer change.`,
    { field: statusChanges ? 'status' : 'owner', value: activity.id },
  );
}

const changedMeanwhile = (activity: Activity) =>
  new CommsplanError('changed-meanwhile', `Activity ${activity.id} changed while this command ran; try again.`, { field: 'status' });

/** Checks a sender name against the organisation's senders; an empty name means the default sender. */
async function checkSender(db: Queryable, orgId: string, sender: string | undefined): Promise<string | null | undefined> {
  const name = sender?.trim();
  if (name === undefined || name === '') return name === '' ? null : undefined;
  const known = await senderNames(db, orgId);
  if (known.includes(name)) return name;
  throw new CommsplanError(
    'unknown-sender',
    `There is no sender called ${name}. ${known.length ? `Senders: ${known.join(', ')}.` : 'Add one first with commsplan sender add NAME.'}`,
    { field: 'sender', value: name },
  );
}

const ownerText = (owner: string | null | undefined) => owner || 'nobody';
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** One audit line per thing that changed, before → after; the sender and priority write their own. */
async function auditActivityChanges(
  trx: Queryable,
  orgId: string,
  activity: Activity,
  next: { owner: string | null | undefined; status: ActivityStatus | undefined; catchUp: boolean | undefined },
  change: { by: string; now: Date },
): Promise<void> {
  const lines: { action: string; detail: string }[] = [];
  if (next.owner !== undefined && next.owner !== (activity.owner ?? null))
    lines.push({ action: 'activity-owner-set', detail: `${ownerText(activity.owner)} → ${ownerText(next.owner)}` });
  if (next.status !== undefined && next.status !== activity.status)
    lines.push({ action: 'activity-status-set', detail: `${activity.status} → ${next.status}` });
  if (next.catchUp !== undefined && next.catchUp !== activity.catchUp)
    lines.push({ action: 'activity-catch-up-set', detail: `catch-up ${yesNo(activity.catchUp)} → ${yesNo(next.catchUp)}` });
  for (const line of lines)
    await appendAuditEntry(trx, orgId, { at: change.now.toISOString(), actor: change.by, subject: activity.id, ...line });
}

/** An owner may be a name and an address, `Comms Lead <comms.lead@trust.nhs.uk>`: longer than a name alone. */
const OWNER_MAX_LENGTH = 200;

/** The owner to save (null for nobody), or why it cannot be: one line, and a real address when it has one. */
function parseOwnerChange(owner: string): string | null {
  const text = requireSingleLineName(owner, { label: 'The owner', field: 'owner', max: OWNER_MAX_LENGTH });
  const problem = ownerProblem(text);
  if (problem) throw new CommsplanError('invalid-input', problem.message, { field: problem.field, value: owner });
  return text || null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

interface CheckedChange {
  owner: string | null | undefined;
  status: ActivityStatus | undefined;
  catchUp: boolean | undefined;
  priority: SendPriority | undefined;
}

/**
 * Every field of the change checked before anything is read or written, so a person sees all that
 * is wrong at once: one error whose message has a line per problem and whose details list them by field.
 */
function checkChange(change: ActivityChange): CheckedChange {
  const problems: FieldProblem[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!isCommsplanError(error) || error.code !== 'invalid-input') throw error;
      problems.push({ field: String(error.details.field ?? 'owner'), message: error.message });
      return undefined;
    }
  };
  const priorityText = change.priority?.trim() || undefined;
  const checked = {
    owner: change.owner === undefined ? undefined : attempt(() => parseOwnerChange(change.owner as string)),
    status: attempt(() => parseStatus(change)),
    catchUp: attempt(() => parseCatchUp(change)),
    priority: priorityText === undefined ? undefined : attempt(() => parseSendPriority(priorityText)),
  };
  const [first] = problems;
  if (first)
    throw new CommsplanError('invalid-input', problems.map((p) => p.message).join('\n'), {
      field: first.field,
      problems,
    });
  return checked;
}

/**
 * Changes an activity's owner, status, sender, catch-up or priority on the caller's connection. Only
 * `approvals/set-activity.ts` calls it, so that closing tasks and reviewing approvals always come with it.
 */
export async function applyActivityChange(
  trx: Queryable,
  orgId: string,
  id: string,
  change: ActivityChange,
  now: Date,
): Promise<ActivityWithSender> {
  const priorityText = change.priority?.trim() || undefined;
  if (
    change.owner === undefined &&
    change.status === undefined &&
    change.sender === undefined &&
    change.catchUp === undefined &&
    priorityText === undefined
  ) {
    throw new CommsplanError(
      'invalid-input',
      'Say what to change: --owner NAME, --status STATUS, --sender NAME, --catch-up yes|no and/or --priority first|high|normal|low.',
      { field: 'owner' },
    );
  }
  const { owner, status, catchUp, priority } = checkChange(change);
  const activities = await listActivities(trx, orgId);
  const activity = activities.find((candidate) => candidate.id === id.trim());
  if (!activity) {
    throw new CommsplanError('unknown-activity', `There is no activity "${id}". Activities: ${activities.map((a) => a.id).join(', ')}.`, {
      field: 'id',
      value: id,
    });
  }
  requireEditable(activity, owner, status);
  const sender = await checkSender(trx, orgId, change.sender);
  if (
    owner !== undefined &&
    owner !== (activity.owner ?? null) &&
    !(await updateActivityOwner(trx, orgId, activity.id, { owner, status: activity.status }, now))
  ) {
    throw changedMeanwhile(activity);
  }
  if (status !== undefined && status !== activity.status) {
    if (!canChangeStatus(activity.status, status)) {
      throw new CommsplanError('invalid-status-change', `Activity ${activity.id} is ${activity.status}; it cannot become ${status}.`, {
        field: 'status',
        value: status,
      });
    }
    if (!(await changeActivityStatus(trx, orgId, activity.id, { from: activity.status, to: status }, now))) {
      throw changedMeanwhile(activity);
    }
  }
  if (catchUp !== undefined && catchUp !== activity.catchUp) await updateActivityCatchUp(trx, orgId, activity.id, catchUp, now);
  await auditActivityChanges(trx, orgId, activity, { owner, status, catchUp }, { by: change.by?.trim() || 'cli', now });
  if (sender !== undefined && sender !== (await activitySenderName(trx, orgId, activity.id)))
    await updateActivitySender(trx, orgId, activity.id, sender, { now, actor: change.by?.trim() || 'cli' });
  const priorityWas = activity.priority ?? DEFAULT_SEND_PRIORITY;
  if (priority !== undefined && priority !== priorityWas)
    await updateActivityPriority(trx, orgId, activity.id, { from: priorityWas, to: priority }, { now, actor: change.by?.trim() || 'cli' });
  const updated = (await listActivities(trx, orgId)).find((candidate) => candidate.id === activity.id) as Activity;
  return { ...updated, senderName: await activitySenderName(trx, orgId, activity.id) };
}

import { appendAuditEntry } from '../audit/audit-log.store.js';
import { cancelUnsentMessages } from '../outbox/cancel-unsent-messages.store.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { templateVersionOf } from '../outbox/message-key.js';
import { discardUnmadeMessages } from '../outbox/unmade-messages-of-sent-occurrences.store.js';
import { describeOccurrence, keyOf, refOf } from '../plan/occurrence-names.js';
import { emailProgress } from '../plan/occurrence-progress.js';
import type { OccurrenceState } from '../plan/occurrence-state.js';
import { moveOccurrence, readOccurrenceStates, stateOf } from '../plan/occurrence-states.store.js';
import type { Occurrence } from '../plan/timeline.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { closeOneTask } from '../tasks/close-task.js';
import { workspaceTasks } from '../tasks/list-tasks.js';
import { approvalRefusal } from './approval-refusal.js';
import { audienceDataWarnings, type DataWarning, unconfirmedDataError } from './audience-data-guard.js';
import { occurrenceStatesNow } from './read-plan-with-states.js';
import { approvalContext, approvalFingerprint, type Withdrawal } from './review-approvals.js';

/** The occurrences an activity name and optional wave name pick out: every wave's when no wave is given. */
export function pickOccurrences(workspace: Workspace, activityOrKey: string, waveOption: string | undefined): Occurrence[] {
  const { activityId, waveName } = splitOccurrenceKey(workspace, activityOrKey, waveOption);
  const activity = workspace.activities.find((a) => a.id === activityId.trim());
  if (!activity)
    throw new CommsplanError('unknown-activity', `There is no activity "${activityId}". See the activities with: commsplan activity list`, {
      field: 'activity',
      value: activityId,
    });
  const all = workspace.timeline.filter((o) => o.activityId === activity.id);
  if (waveName === undefined) {
    if (all.length === 0)
      throw new CommsplanError('setup-needed', `${activity.id} has no dated occurrence yet: add waves first with: commsplan waves add`, {
        field: 'activity',
        value: activityId,
      });
    return all;
  }
  if (activity.timing.kind !== 'wave')
    throw new CommsplanError('invalid-input', `${activity.id} is not tied to waves, so --wave does not apply to it.`, {
      field: 'wave',
      value: waveName,
    });
  const picked = all.filter((o) => o.wave?.name.toLowerCase() === waveName.trim().toLowerCase());
  if (picked.length === 0)
    throw new CommsplanError(
      'unknown-wave',
      `There is no wave called "${waveName}". Waves: ${workspace.waves.map((w) => w.name).join(', ') || 'none yet'}.`,
      { field: 'wave', value: waveName },
    );
  return picked;
}

/**
 * `wave-reminder@3`, as reports and the send print an occurrence, names wave 3's occurrence: the
 * same as `wave-reminder --wave NAME` with that wave's name.
 */
function splitOccurrenceKey(
  workspace: Workspace,
  text: string,
  waveName: string | undefined,
): { activityId: string; waveName: string | undefined } {
  const match = /^(.+)@(\d+)$/.exec(text.trim());
  if (!match || waveName !== undefined) return { activityId: text, waveName };
  const wave = workspace.waves.find((w) => w.id === Number(match[2]));
  if (!wave)
    throw new CommsplanError(
      'unknown-occurrence',
      `There is no wave ${match[2]}, so there is no occurrence "${text}". Waves: ${workspace.waves.map((w) => `${w.id} (${w.name})`).join(', ') || 'none yet'}.`,
      { field: 'activity', value: text },
    );
  return { activityId: match[1] as string, waveName: wave.name };
}

/** Messages that could not be made with this template are made again, from the data as it is then, now that it is approved again. */
async function remakeUnmadeMessages(trx: Parameters<typeof discardUnmadeMessages>[0], workspace: Workspace, occurrence: Occurrence) {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  const template = workspace.templates.find((t) => t.id === activity?.templateIds[0]);
  if (template) await discardUnmadeMessages(trx, workspace.organisation.id, keyOf(occurrence), templateVersionOf(template, sha256Hex));
}

function refuseApproval(occurrence: Occurrence, why: string, whyInWords = why): CommsplanError {
  return new CommsplanError('invalid-status-change', `${describeOccurrence(occurrence)} cannot be approved: ${why}`, {
    field: 'activity',
    value: occurrence.activityId,
    /** The same refusal for the web: the occurrence by its title and wave, blockers without command lines. */
    inWords: `${occurrence.title}${occurrence.wave ? ` — ${occurrence.wave.name}` : ''} cannot be approved: ${whyInWords}`,
  });
}

export interface ApprovalInput {
  activityId: string;
  wave?: string;
  by: string;
  /** Approve although the data behind the audience would spoil the email (`--anyway`, or confirmed on the web). */
  anyway?: boolean;
}

export interface ApprovalResult {
  approved: string[];
  /** Given every wave's at once: the occurrences left as they are, and why (a past wave's, one already sent). */
  notApproved: { key: string; description: string; why: string }[];
  withdrawn: Withdrawal[];
  /** What was wrong with the data behind the emails approved anyway. */
  warnings: DataWarning[];
}

/**
 * The data warnings of the occurrences `approve` would take up, read before its transaction (the
 * people table may need rebuilding): the ones that could be approved as they are stored now.
 */
async function warningsBeforeApproval(store: Store, organisation: Organisation, input: ApprovalInput, now: Date): Promise<DataWarning[]> {
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  const states = await readOccurrenceStates(store.db, organisation.id);
  const approvable = pickOccurrences(workspace, input.activityId, input.wave).filter(
    (o) => whyNotApprovable(workspace, states, o, now) === undefined,
  );
  return audienceDataWarnings(store, workspace, approvable, now, { approving: true });
}

const anywayCommand = (input: ApprovalInput) =>
  `commsplan approve ${input.activityId.trim()}${input.wave ? ` --wave "${input.wave.trim()}"` : ''} --by "${input.by.trim()}" --anyway`;

/** Why `approve` cannot take up this occurrence now, if it cannot: it sends nothing, is not planned or paused, or is refused. */
function whyNotApprovable(
  workspace: Workspace,
  states: Parameters<typeof stateOf>[0],
  occurrence: Occurrence,
  now: Date,
  inWords = false,
): string | undefined {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  if (!activity?.templateIds.length) return 'it sends no email, so there is nothing to approve.';
  const state = stateOf(states, refOf(workspace, occurrence)).state;
  if (!['planned', 'paused'].includes(state))
    return `it is ${state}${['done', 'skipped', 'cancelled'].includes(state) ? ', which is final' : ''}.`;
  return approvalRefusal(workspace, occurrence, now, inWords);
}

/**
 * Approves one occurrence, or every wave's: those that can be approved are, and the rest are
 * named with why; refused outright when one was asked for by wave, or none can be approved.
 */
export async function approveOccurrences(
  store: Store,
  organisation: Organisation,
  input: ApprovalInput,
  now: Date,
): Promise<ApprovalResult> {
  const by = requireActor(input.by);
  const warnings = await warningsBeforeApproval(store, organisation, input, now);
  if (warnings.length && !input.anyway) throw unconfirmedDataError('approved', warnings, anywayCommand(input));
  const warned = new Map(warnings.map((w) => [w.occurrenceKey, w.problems]));
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const { states, withdrawn } = await occurrenceStatesNow(trx, workspace, now);
    const picked = pickOccurrences(workspace, input.activityId, input.wave);
    const context = await approvalContext(trx, organisation.id);
    const refusals = picked.map((occurrence) => ({ occurrence, why: whyNotApprovable(workspace, states, occurrence, now) }));
    const refused = refusals.filter((r) => r.why !== undefined) as { occurrence: Occurrence; why: string }[];
    // Every wave's at once: those that can be approved are, and the rest are named (a past wave's, one already sent).
    const occurrences = refusals.filter((r) => r.why === undefined).map((r) => r.occurrence);
    const [first] = refused;
    if (first && (input.wave !== undefined || picked.length === 1 || occurrences.length === 0))
      throw refuseApproval(first.occurrence, first.why, whyNotApprovable(workspace, states, first.occurrence, now, true));
    for (const occurrence of occurrences) {
      const fingerprint = approvalFingerprint(workspace, occurrence, context);
      await moveOccurrence(
        trx,
        organisation.id,
        refOf(workspace, occurrence),
        'approved',
        { approvedBy: by, approvedFingerprint: fingerprint },
        now,
      );
      await appendAuditEntry(trx, organisation.id, {
        at: now.toISOString(),
        actor: by,
        action: 'approved',
        subject: keyOf(occurrence),
        detail: `${describeOccurrence(occurrence)}, due ${occurrence.sendAt}${anywayDetail(warned.get(keyOf(occurrence)))}`,
      });
      await remakeUnmadeMessages(trx, workspace, occurrence);
    }
    const notApproved = refused.map(({ occurrence, why }) => ({
      key: keyOf(occurrence),
      description: describeOccurrence(occurrence),
      why,
    }));
    return { approved: occurrences.map(keyOf), notApproved, withdrawn, warnings };
  });
}

const anywayDetail = (problems: readonly string[] | undefined) => (problems?.length ? `; approved anyway: ${problems.join('; ')}` : '');

export function requireActor(by: string | undefined): string {
  const actor = by?.trim();
  if (!actor)
    throw new CommsplanError('invalid-input', 'Say who is doing this with --by NAME, so the audit log can record it.', { field: 'by' });
  return actor;
}

/**
 * Where `unapprove`, `occurrence pause`, `cancel`, `skip` and `done` move an occurrence. Skip and
 * done close one occurrence (a later wave's too, when asked by name) and the task that goes with it.
 */
const STATE_CHANGES = {
  unapprove: { to: 'planned', action: 'unapproved' },
  pause: { to: 'paused', action: 'paused' },
  cancel: { to: 'cancelled', action: 'cancelled' },
  skip: { to: 'skipped', action: 'skipped' },
  done: { to: 'done', action: 'marked done' },
} as const satisfies Record<string, { to: OccurrenceState; action: string }>;
export type OccurrenceChange = keyof typeof STATE_CHANGES;

/**
 * Moves one occurrence. Skipping or marking done an occurrence also closes its task, if it has
 * one; one that sends no email has no state of its own to move, only that task to close.
 */
async function changeOne(
  trx: Queryable,
  workspace: Workspace,
  occurrence: Occurrence,
  to: OccurrenceState,
  why: { by: string; reason: string; now: Date },
): Promise<OccurrenceState | 'open'> {
  const orgId = workspace.organisation.id;
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  if (activity && (to === 'skipped' || to === 'done')) {
    const task = workspaceTasks(workspace).find((t) => t.key === keyOf(occurrence));
    const closed = task
      ? await closeOneTask(trx, orgId, task, { state: to, by: why.by, at: why.now.toISOString(), why: why.reason })
      : undefined;
    const email = emailProgress(workspace.progress, activity, occurrence);
    // An email that went, or never goes, stays as it is when it is its task that is closed.
    if (closed && (email === 'none' || email === 'finished')) return 'open';
    if (email === 'none')
      throw new CommsplanError(
        'invalid-status-change',
        `${describeOccurrence(occurrence)} sends no email${task ? ' and its task is closed already' : ''}, so there is nothing to mark ${to}.`,
        { field: 'activity', value: occurrence.activityId },
      );
  }
  return moveOccurrence(trx, orgId, refOf(workspace, occurrence), to, { reason: why.reason }, why.now);
}

export interface OccurrenceChangeInput {
  activityId: string;
  wave?: string;
  by: string;
  reason?: string;
}

/** Takes back an approval, pauses or cancels occurrences; cancelling also cancels their unsent messages. */
export async function changeOccurrences(
  store: Store,
  organisation: Organisation,
  change: OccurrenceChange,
  input: OccurrenceChangeInput,
  now: Date,
): Promise<{ changed: { key: string; from: OccurrenceState | 'open'; messagesCancelled: number }[]; withdrawn: Withdrawal[] }> {
  const by = requireActor(input.by);
  const { to, action } = STATE_CHANGES[change];
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const { withdrawn } = await occurrenceStatesNow(trx, workspace, now);
    const changed = [];
    for (const occurrence of pickOccurrences(workspace, input.activityId, input.wave)) {
      const key = keyOf(occurrence);
      const reason = input.reason?.trim() || `${action} by ${by}`;
      const from = await changeOne(trx, workspace, occurrence, to, { by, reason, now });
      const messagesCancelled =
        to === 'cancelled' || to === 'skipped' || to === 'done'
          ? await cancelUnsentMessages(trx, organisation.id, [key], `occurrence ${action} by ${by}`)
          : 0;
      const detail = `${describeOccurrence(occurrence)}: ${reason}${messagesCancelled ? `; ${messagesCancelled} unsent messages cancelled` : ''}`;
      await appendAuditEntry(trx, organisation.id, { at: now.toISOString(), actor: by, action, subject: key, detail });
      changed.push({ key, from, messagesCancelled });
    }
    return { changed, withdrawn };
  });
}

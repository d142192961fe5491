import { createHash } from 'node:crypto';
import { londonDate } from '../calendar/london-time.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { checkPlan } from '../plan/check-plan.js';
import type { Occurrence } from '../plan/timeline.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { placeholderNameOf } from '../settings/setting-catalogue.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { appendAuditEntry } from './audit-log.store.js';
import { type OccurrenceState, occurrenceKey } from './occurrence-state.js';
import {
  moveOccurrence,
  type OccurrenceRef,
  type OccurrenceStateRecord,
  readOccurrenceStates,
  stateOf,
} from './occurrence-states.store.js';
import { cancelUnsentMessages } from './outbox.store.js';

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** An approval taken back because the template or audience changed after it was given. */
export interface Withdrawal {
  occurrenceKey: string;
  approvedBy: string | undefined;
  message: string;
}

export function refOf(workspace: Workspace, occurrence: Occurrence): OccurrenceRef {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  return { activityId: occurrence.activityId, waveId: occurrence.wave?.id, activityStatus: activity?.status ?? 'planned' };
}

export function keyOf(occurrence: Occurrence): string {
  return occurrenceKey(occurrence.activityId, occurrence.wave?.id);
}

export function describeOccurrence(occurrence: Pick<Occurrence, 'activityId' | 'wave'>): string {
  return occurrence.wave ? `${occurrence.activityId} for ${occurrence.wave.name}` : occurrence.activityId;
}

/** Custom audience rules by name: an edited rule changes who an approved email reaches. */
async function customAudienceRules(db: Queryable, orgId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('custom_audiences').select(['name', 'filter']).where('org_id', '=', orgId).execute();
  return new Map(rows.map((row) => [row.name, row.filter]));
}

/** What an approval vouches for: the template's subject and body and who the occurrence is for. */
function approvalFingerprint(workspace: Workspace, occurrence: Occurrence, rules: ReadonlyMap<string, string>): string {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  const templates = (activity?.templateIds ?? []).map((id) => {
    const template = workspace.templates.find((t) => t.id === id);
    return [id, template?.subject ?? null, template?.body ?? null];
  });
  const audiences = occurrence.audiences.map((name) => [name, rules.get(name) ?? null]);
  return sha256Hex(JSON.stringify({ templates, audiences, channels: occurrence.channels }));
}

/**
 * Every occurrence's state as of now. An approved occurrence whose template or audience changed
 * since it was approved goes back to `planned`, with a line in the audit log, and is returned so
 * the command can say so. Call it inside the caller's transaction.
 */
export async function occurrenceStatesNow(
  db: Queryable,
  workspace: Workspace,
  now: Date,
): Promise<{ states: Map<string, OccurrenceStateRecord>; withdrawn: Withdrawal[] }> {
  const orgId = workspace.organisation.id;
  let states = await readOccurrenceStates(db, orgId);
  const approved = workspace.timeline.filter((o) => states.get(keyOf(o))?.state === 'approved');
  if (approved.length === 0) return { states, withdrawn: [] };
  const rules = await customAudienceRules(db, orgId);
  const withdrawn: Withdrawal[] = [];
  for (const occurrence of approved) {
    const record = states.get(keyOf(occurrence)) as OccurrenceStateRecord;
    if (record.approvedFingerprint === approvalFingerprint(workspace, occurrence, rules)) continue;
    const message = `The approval of ${describeOccurrence(occurrence)} (by ${record.approvedBy ?? 'unknown'}) was withdrawn: its template or audience changed after it was approved. Approve it again with: commsplan approve ${occurrence.activityId}${occurrence.wave ? ` --wave "${occurrence.wave.name}"` : ''} --by NAME`;
    await moveOccurrence(
      db,
      orgId,
      refOf(workspace, occurrence),
      'planned',
      { reason: 'template or audience changed after approval' },
      now,
    );
    await appendAuditEntry(db, orgId, {
      at: now.toISOString(),
      actor: 'commsplan',
      action: 'approval-withdrawn',
      subject: record.key,
      detail: 'template or audience changed after approval',
    });
    withdrawn.push({ occurrenceKey: record.key, approvedBy: record.approvedBy, message });
  }
  if (withdrawn.length) states = await readOccurrenceStates(db, orgId);
  return { states, withdrawn };
}

/** The workspace and every occurrence's state, approvals checked, in one transaction. */
export async function readPlanWithStates(
  store: Store,
  organisation: Organisation,
  now: Date,
): Promise<{ workspace: Workspace; states: Map<string, OccurrenceStateRecord>; withdrawn: Withdrawal[] }> {
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    return { workspace, ...(await occurrenceStatesNow(trx, workspace, now)) };
  });
}

/** The occurrences an activity name and optional wave name pick out: every wave's when no wave is given. */
export function pickOccurrences(workspace: Workspace, activityId: string, waveName: string | undefined): Occurrence[] {
  const activity = workspace.activities.find((a) => a.id === activityId.trim());
  if (!activity)
    throw new CommsplanError('unknown-activity', `There is no activity "${activityId}". See the activities with: commsplan activity list`, {
      field: 'activity',
      value: activityId,
    });
  const all = workspace.timeline.filter((o) => o.activityId === activity.id);
  if (waveName === undefined) {
    if (all.length === 0)
      throw new CommsplanError('invalid-input', `${activity.id} has no dated occurrence yet: add waves first with: commsplan waves add`, {
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

/** Blockers from `check` about this activity, its wave, or the settings its template uses. */
function blockersFor(workspace: Workspace, occurrence: Occurrence, now: Date): string[] {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  const used = new Set(
    (activity?.templateIds ?? []).flatMap((id) => {
      const template = workspace.templates.find((t) => t.id === id);
      return template ? placeholdersIn(`${template.subject}\n${template.body}`) : [];
    }),
  );
  return checkPlan(workspace, londonDate(now))
    .filter((finding) => finding.severity === 'blocker')
    .filter((finding) => {
      if (finding.activityId)
        return finding.activityId === occurrence.activityId && (!finding.wave || finding.wave === occurrence.wave?.name);
      if (finding.setting) return used.has(placeholderNameOf(finding.setting)) || used.has(`not ${placeholderNameOf(finding.setting)}`);
      return false;
    })
    .map((finding) => finding.message);
}

function refuseApproval(occurrence: Occurrence, why: string): CommsplanError {
  return new CommsplanError('invalid-status-change', `${describeOccurrence(occurrence)} cannot be approved: ${why}`, {
    field: 'activity',
    value: occurrence.activityId,
  });
}

export interface ApprovalInput {
  activityId: string;
  wave?: string;
  by: string;
}

export interface ApprovalResult {
  approved: string[];
  withdrawn: Withdrawal[];
}

/** Approves one occurrence, or every wave's, refusing all of them if any one cannot be approved. */
export async function approveOccurrences(
  store: Store,
  organisation: Organisation,
  input: ApprovalInput,
  now: Date,
): Promise<ApprovalResult> {
  const by = requireActor(input.by);
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const { states, withdrawn } = await occurrenceStatesNow(trx, workspace, now);
    const occurrences = pickOccurrences(workspace, input.activityId, input.wave);
    const rules = await customAudienceRules(trx, organisation.id);
    for (const occurrence of occurrences) {
      const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
      if (!activity?.templateIds.length) throw refuseApproval(occurrence, 'it sends no email, so there is nothing to approve.');
      const state = stateOf(states, refOf(workspace, occurrence)).state;
      if (!['planned', 'paused'].includes(state))
        throw refuseApproval(occurrence, `it is ${state}${['done', 'skipped', 'cancelled'].includes(state) ? ', which is final' : ''}.`);
      const blockers = blockersFor(workspace, occurrence, now);
      if (blockers.length) throw refuseApproval(occurrence, `check finds blockers:\n- ${blockers.join('\n- ')}`);
      if (occurrence.channels.includes('all-staff-email') && !workspace.typedSettings.allStaffAddress)
        throw refuseApproval(
          occurrence,
          'it goes to all staff as one message, and the all-staff distribution list is not set. Set it with: commsplan settings set all-staff-address ADDRESS',
        );
    }
    for (const occurrence of occurrences) {
      const fingerprint = approvalFingerprint(workspace, occurrence, rules);
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
        detail: `${describeOccurrence(occurrence)}, due ${occurrence.sendAt}`,
      });
    }
    return { approved: occurrences.map(keyOf), withdrawn };
  });
}

export function requireActor(by: string | undefined): string {
  const actor = by?.trim();
  if (!actor)
    throw new CommsplanError('invalid-input', 'Say who is doing this with --by NAME, so the audit log can record it.', { field: 'by' });
  return actor;
}

/** Where `unapprove`, `occurrence pause` and `occurrence cancel` move an occurrence. */
const STATE_CHANGES = {
  unapprove: { to: 'planned', action: 'unapproved' },
  pause: { to: 'paused', action: 'paused' },
  cancel: { to: 'cancelled', action: 'cancelled' },
} as const satisfies Record<string, { to: OccurrenceState; action: string }>;
export type OccurrenceChange = keyof typeof STATE_CHANGES;

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
): Promise<{ changed: { key: string; from: OccurrenceState; messagesCancelled: number }[]; withdrawn: Withdrawal[] }> {
  const by = requireActor(input.by);
  const { to, action } = STATE_CHANGES[change];
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const { withdrawn } = await occurrenceStatesNow(trx, workspace, now);
    const changed = [];
    for (const occurrence of pickOccurrences(workspace, input.activityId, input.wave)) {
      const key = keyOf(occurrence);
      const reason = input.reason?.trim() || `${action} by ${by}`;
      const from = await moveOccurrence(trx, organisation.id, refOf(workspace, occurrence), to, { reason }, now);
      const messagesCancelled =
        to === 'cancelled' ? await cancelUnsentMessages(trx, organisation.id, [key], `occurrence cancelled by ${by}`) : 0;
      const detail = `${describeOccurrence(occurrence)}: ${reason}${messagesCancelled ? `; ${messagesCancelled} unsent messages cancelled` : ''}`;
      await appendAuditEntry(trx, organisation.id, { at: now.toISOString(), actor: by, action, subject: key, detail });
      changed.push({ key, from, messagesCancelled });
    }
    return { changed, withdrawn };
  });
}

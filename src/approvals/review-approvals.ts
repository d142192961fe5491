import { appendAuditEntry, type ChangeMaker } from '../audit/audit-log.store.js';
import {
  approvalScope,
  changedParts,
  changesThatReachSending,
  describeChange,
  fingerprintOf,
  partsNewToScope,
  type SenderChoice,
  scopeParts,
  storedScope,
} from '../outbox/approval-scope.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { senderChoice } from '../outbox/outbox.store.js';
import { approveCommand, describeOccurrence, keyOf, refOf } from '../plan/occurrence-names.js';
import { moveOccurrence, type OccurrenceStateRecord, readOccurrenceStates, restampApproval } from '../plan/occurrence-states.store.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Queryable } from '../store/store.js';
import { approvalRefusal } from './approval-refusal.js';

/** An approval taken back because what the email says or who it reaches changed after it was given. */
export interface Withdrawal {
  occurrenceKey: string;
  approvedBy: string | undefined;
  message: string;
  /** The email, as people read it: `wave-reminder for Wave 1`. */
  description?: string;
  /** Why, in plain words ("the day it goes changed"), without the command to approve it again. */
  reason?: string;
  /** Set when an approver asked to keep it: why it could not be kept (`approve` would refuse the email as it is now). */
  keepRefused?: string;
}

/** An approval an approver confirmed still holds after a change to what it covers, or that holds as the change did not reach it. */
export interface KeptApproval {
  occurrenceKey: string;
  approvedBy: string | undefined;
  message: string;
  /** The email, as people read it: `wave-reminder for Wave 1`. */
  description?: string;
  /** Set when it holds by itself, not because an approver confirmed it: why, in plain words. */
  because?: string;
}

/**
 * What a change tells the review besides what it stored: the parts of an approval's scope whose
 * stored value changed but whose effect did not (`audience mobile-users`, when its new rule picks
 * the same people), so that an approval changed only in those is kept.
 */
export interface ChangeEffect {
  sameInEffect?: readonly string[];
}

export interface ApprovalReview {
  withdrawn: Withdrawal[];
  kept: KeptApproval[];
}

/** Who makes a change, and whether they confirm, as someone who may approve, that it keeps the approvals it touches. */
export interface ApprovalChange extends Pick<ChangeMaker, 'actor'> {
  keepApproval?: boolean;
}

/** `--by` and `--keep-approval` as a change maker: keeping an approval needs a name for the audit log. */
export function changeMakerOf(options: { by?: string; keepApproval?: boolean }): ApprovalChange {
  const actor = options.by?.trim();
  if (options.keepApproval && !actor)
    throw new CommsplanError(
      'invalid-input',
      'Say who confirms the change keeps the approvals with --by NAME, so the audit log can record it.',
      { field: 'by' },
    );
  return { actor: actor || 'cli', keepApproval: options.keepApproval === true };
}

/** What the scope of an approval is read against: custom audience rules by name, and the senders. */
export interface ApprovalContext {
  rules: ReadonlyMap<string, string>;
  senders: SenderChoice;
}

export async function approvalContext(db: Queryable, orgId: string): Promise<ApprovalContext> {
  const [rows, senders] = await Promise.all([
    db.selectFrom('custom_audiences').select(['name', 'filter']).where('org_id', '=', orgId).execute(),
    senderChoice(db, orgId),
  ]);
  return { rules: new Map(rows.map((row) => [row.name, row.filter])), senders };
}

/** What an approval vouches for now: its templates, audiences' rules, channels, the settings it uses and its sender. */
export function approvalFingerprint(workspace: Workspace, occurrence: Occurrence, context: ApprovalContext): string {
  return fingerprintOf(scopeParts(approvalScope(workspace, occurrence, context.rules, context.senders), sha256Hex));
}

/** The fingerprint approvals had before settings and senders were part of it: still honoured until the next change. */
function earlierFingerprint(workspace: Workspace, occurrence: Occurrence, rules: ReadonlyMap<string, string>): string {
  const scope = approvalScope(workspace, occurrence, rules, { byActivity: new Map(), defaultSender: undefined, fromOf: new Map() });
  const audiences = scope.audiences;
  return sha256Hex(JSON.stringify({ templates: scope.templates, audiences, channels: occurrence.channels }));
}

/**
 * What changed since the approval, by name; empty when nothing did. An approval with the earlier
 * fingerprint that still matches, or whose scope only grew since (a first sender; settings who it
 * reaches depends on, for a version 2 fingerprint), is given the present fingerprint, so that
 * later changes to those are seen.
 */
async function changesSince(
  db: Queryable,
  workspace: Workspace,
  { occurrence, record }: { occurrence: Occurrence; record: OccurrenceStateRecord },
  context: ApprovalContext,
): Promise<string[]> {
  const now = scopeParts(approvalScope(workspace, occurrence, context.rules, context.senders), sha256Hex);
  const then = storedScope(record.approvedFingerprint);
  if (then === undefined && record.approvedFingerprint !== earlierFingerprint(workspace, occurrence, context.rules))
    return ['its template or audience'];
  const differ = then ? changedParts(then.parts, now) : [];
  const changed = record.state === 'sending' ? changesThatReachSending(differ) : differ;
  const grown = then ? partsNewToScope(then, changed) : [];
  if (changed.length > grown.length) return changed;
  if (then === undefined || differ.length > 0 || then.version < 4)
    await restampApproval(db, workspace.organisation.id, record, fingerprintOf(now));
  return [];
}

/** Takes an approval back: an approved occurrence is planned again; one part-way through sending pauses until approved again. */
async function withdraw(
  db: Queryable,
  workspace: Workspace,
  occurrence: Occurrence,
  record: OccurrenceStateRecord,
  why: { actor: string; what: string; now: Date; keepRefused?: string },
): Promise<Withdrawal> {
  const sending = record.state === 'sending';
  const unsent = sending ? '; its unsent messages wait until it is approved again' : '';
  const refused = why.keepRefused ? `; the approval could not be kept, as it could not be approved now: ${why.keepRefused}` : '';
  const rest = `${unsent}${refused}`;
  await moveOccurrence(
    db,
    workspace.organisation.id,
    refOf(workspace, occurrence),
    sending ? 'paused' : 'planned',
    { reason: `approval withdrawn: ${why.what}`, withdrawApproval: true },
    why.now,
  );
  await appendAuditEntry(db, workspace.organisation.id, {
    at: why.now.toISOString(),
    actor: why.actor,
    action: 'approval-withdrawn',
    subject: record.key,
    detail: `${describeOccurrence(occurrence)}: ${why.what}${rest}`,
  });
  const message = `The approval of ${describeOccurrence(occurrence)} (by ${record.approvedBy ?? 'unknown'}) was withdrawn: ${why.what}${rest}${refused.endsWith('.') ? '' : '.'} Approve it again with: ${approveCommand(occurrence)}`;
  return {
    occurrenceKey: record.key,
    approvedBy: record.approvedBy,
    message,
    description: describeOccurrence(occurrence),
    reason: `${why.what}${rest}`,
    ...(why.keepRefused ? { keepRefused: why.keepRefused } : {}),
  };
}

async function keep(
  db: Queryable,
  workspace: Workspace,
  occurrence: Occurrence,
  record: OccurrenceStateRecord,
  why: { actor: string; what: string; now: Date; fingerprint: string },
  because?: string,
): Promise<KeptApproval> {
  await restampApproval(db, workspace.organisation.id, record, why.fingerprint);
  const holds = because
    ? `, so the approval (by ${record.approvedBy ?? 'unknown'}) still holds`
    : `; ${why.actor} confirmed the approval (by ${record.approvedBy ?? 'unknown'}) still holds`;
  const detail = `${describeOccurrence(occurrence)}: ${why.what}${holds}`;
  await appendAuditEntry(db, workspace.organisation.id, {
    at: why.now.toISOString(),
    actor: why.actor,
    action: 'approval-kept',
    subject: record.key,
    detail,
  });
  return {
    occurrenceKey: record.key,
    approvedBy: record.approvedBy,
    message: `The approval of ${detail}.`,
    description: describeOccurrence(occurrence),
    ...(because ? { because } : {}),
  };
}

/**
 * Every approved occurrence not yet sent (approved, or part-way through sending) whose templates,
 * audience rules, settings or sender changed since it was approved loses its approval, with a line
 * in the audit log naming what changed and who changed it; unless `change.keepApproval`, when the
 * approval is kept and the audit log says who confirmed it, except for an email `approve` would
 * refuse as it is now (an all-staff email asking for a personal field, say), whose approval is
 * withdrawn with the reason. Call it inside the caller's transaction,
 * after the change. The caller checks that whoever keeps an approval may approve.
 */
export async function reviewApprovals(
  db: Queryable,
  workspace: Workspace,
  change: ApprovalChange,
  now: Date,
  effect: ChangeEffect = {},
): Promise<ApprovalReview> {
  const orgId = workspace.organisation.id;
  const states = await readOccurrenceStates(db, orgId);
  const review: ApprovalReview = { withdrawn: [], kept: [] };
  const covered = workspace.timeline.flatMap((occurrence) => {
    const record = states.get(keyOf(occurrence));
    return record && (record.state === 'approved' || record.state === 'sending') ? [{ occurrence, record }] : [];
  });
  if (covered.length === 0) return review;
  const context = await approvalContext(db, orgId);
  for (const { occurrence, record } of covered) {
    const differ = await changesSince(db, workspace, { occurrence, record }, context);
    const changed = differ.filter((part) => !effect.sameInEffect?.includes(part));
    if (differ.length > changed.length && changed.length === 0) {
      const fingerprint = approvalFingerprint(workspace, occurrence, context);
      const because = `${describeChange(differ)}, but it picks the same people`;
      review.kept.push(await keep(db, workspace, occurrence, record, { actor: change.actor, what: because, now, fingerprint }, because));
      continue;
    }
    if (changed.length === 0) continue;
    const what = describeChange(differ);
    // An approval is never kept for an email `approve` would refuse as it is now.
    const keepRefused = change.keepApproval ? approvalRefusal(workspace, occurrence, now) : undefined;
    if (change.keepApproval && !keepRefused) {
      const fingerprint = approvalFingerprint(workspace, occurrence, context);
      review.kept.push(await keep(db, workspace, occurrence, record, { actor: change.actor, what, now, fingerprint }));
    } else review.withdrawn.push(await withdraw(db, workspace, occurrence, record, { actor: change.actor, what, now, keepRefused }));
  }
  return review;
}

import { appendAuditEntry } from '../audit/audit-log.store.js';
import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { waveDatesShown } from '../outbox/approval-scope.js';
import { checkPlan } from '../plan/check-plan.js';
import { describeOccurrence, keyOf } from '../plan/occurrence-names.js';
import { readOccurrenceStates } from '../plan/occurrence-states.store.js';
import type { Occurrence } from '../plan/timeline.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { moveWaveWithin } from '../waves/manage-waves.js';
import type { Wave } from '../waves/wave.js';
import { changeReviewingApprovalsWithin } from './change-reviewing-approvals.js';
import type { ApprovalReview, KeptApproval } from './review-approvals.js';
import { emailsThatToldOldDates, type ToldOldDates } from './told-old-dates.js';

/** What moving a wave did, or would do: its approvals, and what `check` finds that it did not before. */
export interface WaveMoveOutcome extends ApprovalReview {
  wave: Wave;
  /** Approved emails the move does not touch at all (neither their day nor the wave dates they show). */
  untouched: string[];
  /** Blockers and warnings `check` finds after the move and not before, as `check` words them. */
  newBlockers: string[];
  newWarnings: string[];
  /**
   * Emails already sent that showed the wave's old dates: their people were told dates the move
   * makes wrong and need telling again. Empty when the dates do not change.
   */
  toldOldDates: ToldOldDates[];
  /** The wave's dates before the move. */
  oldDates: { start: string; end: string };
}

export interface WaveMoveInput {
  start: string;
  end?: string;
  by: string;
}

const isApproval = (state: string | undefined) => state === 'approved' || state === 'sending';

/** Whether the move reaches what this occurrence's approval covers: its day, its wave, or the wave dates it shows. */
function touchedBy(before: Workspace, after: Workspace, wave: Wave, occurrence: Occurrence): boolean {
  const earlier = before.timeline.find((o) => keyOf(o) === keyOf(occurrence));
  if (occurrence.wave?.id === wave.id || earlier?.date !== occurrence.date) return true;
  return JSON.stringify(waveDatesShown(before, occurrence)) !== JSON.stringify(waveDatesShown(after, occurrence));
}

/**
 * The approvals the move touched that still hold (an email part-way through sending, whose
 * messages are queued), each with an "approval-kept" line; and the approved emails it did not touch.
 */
async function approvalsThatHold(
  trx: Queryable,
  workspaces: { before: Workspace; after: Workspace },
  wave: Wave,
  by: string,
  now: Date,
): Promise<{ kept: KeptApproval[]; untouched: string[] }> {
  const { before, after } = workspaces;
  const states = await readOccurrenceStates(trx, after.organisation.id);
  const held = after.timeline.filter((o) => isApproval(states.get(keyOf(o))?.state));
  const kept: KeptApproval[] = [];
  for (const occurrence of held.filter((o) => touchedBy(before, after, wave, o))) {
    const record = states.get(keyOf(occurrence));
    const why = record?.state === 'sending' ? 'its messages are already queued' : 'what it approved is unchanged';
    const detail = `${describeOccurrence(occurrence)}: ${wave.name} moved to ${formatLongDate(wave.start)}; the approval (by ${record?.approvedBy ?? 'unknown'}) still holds, as ${why}`;
    await appendAuditEntry(trx, after.organisation.id, {
      at: now.toISOString(),
      actor: by,
      action: 'approval-kept',
      subject: keyOf(occurrence),
      detail,
    });
    kept.push({
      occurrenceKey: keyOf(occurrence),
      approvedBy: record?.approvedBy,
      message: `The approval of ${detail}.`,
      description: describeOccurrence(occurrence),
      because: why,
    });
  }
  const untouched = held.filter((o) => !touchedBy(before, after, wave, o)).map(describeOccurrence);
  return { kept, untouched };
}

/** The findings of `check` after the move that were not there before, by their words. */
function newFindings(before: Workspace, after: Workspace, now: Date): { newBlockers: string[]; newWarnings: string[] } {
  const today = londonDate(now);
  const earlier = new Set(checkPlan(before, today).map((f) => f.message));
  const fresh = checkPlan(after, today).filter((f) => !earlier.has(f.message));
  return {
    newBlockers: fresh.filter((f) => f.severity === 'blocker').map((f) => f.message),
    newWarnings: fresh.filter((f) => f.severity === 'warning').map((f) => f.message),
  };
}

async function moveWithin(trx: Queryable, store: Store, organisation: Organisation, name: string, input: WaveMoveInput, now: Date) {
  const before = await loadWorkspace(trx, store.location, organisation.id);
  const moved = await changeReviewingApprovalsWithin(trx, store.location, organisation, { actor: input.by }, now, async (inner) => ({
    wave: await moveWaveWithin(inner, organisation, name, input, { actor: input.by, now }),
  }));
  const after = await loadWorkspace(trx, store.location, organisation.id);
  const held = await approvalsThatHold(trx, { before, after }, moved.wave, input.by, now);
  const old = before.waves.find((w) => w.id === moved.wave.id) ?? moved.wave;
  const datesChanged = old.start !== moved.wave.start || old.end !== moved.wave.end;
  return {
    ...moved,
    kept: [...moved.kept, ...held.kept],
    untouched: held.untouched,
    ...newFindings(before, after, now),
    toldOldDates: datesChanged ? await emailsThatToldOldDates(trx, before, old) : [],
    oldDates: { start: old.start, end: old.end },
  };
}

/**
 * `waves move`, from the CLI and the web: moves the wave, and every approval whose email's day or
 * shown wave dates the move changes is withdrawn (reviewApprovals, with an "approval-withdrawn"
 * line); an email part-way through sending keeps its approval, with an "approval-kept" line.
 */
export async function moveWaveReviewingApprovals(
  store: Store,
  organisation: Organisation,
  name: string,
  input: WaveMoveInput,
  now: Date,
): Promise<WaveMoveOutcome> {
  return store.db.transaction().execute((trx) => moveWithin(trx, store, organisation, name, input, now));
}

/** Carries a dry run's outcome out of the transaction it rolls back. */
class DryRun extends Error {
  constructor(readonly outcome: WaveMoveOutcome) {
    super('dry run');
  }
}

/**
 * What `waves move` would do, worked out by doing it in a transaction that is then rolled back:
 * the same rule, so the preview cannot disagree with the move. Nothing is stored.
 */
export async function previewMoveReviewingApprovals(
  store: Store,
  organisation: Organisation,
  name: string,
  input: Omit<WaveMoveInput, 'by'>,
  now: Date,
): Promise<WaveMoveOutcome> {
  try {
    await store.db.transaction().execute(async (trx) => {
      throw new DryRun(await moveWithin(trx, store, organisation, name, { ...input, by: 'preview' }, now));
    });
  } catch (error) {
    if (error instanceof DryRun) return error.outcome;
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

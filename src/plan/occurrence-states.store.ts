import { CommsplanError } from '../shared/errors.js';
import type { Queryable } from '../store/store.js';
import { assertOccurrenceMove, initialOccurrenceStateOf, type OccurrenceState, occurrenceKey, statesBefore } from './occurrence-state.js';
import type { ActivityStatus } from './plan-model.js';

/** One occurrence's stored state; an occurrence without a row is `planned` (or its activity's final status). */
export interface OccurrenceStateRecord {
  key: string;
  activityId: string;
  waveId: number | undefined;
  state: OccurrenceState;
  approvedBy: string | undefined;
  approvedAt: string | undefined;
  approvedFingerprint: string | undefined;
  reason: string | undefined;
  updatedAt: string | undefined;
  audienceAsOf: string | undefined;
  /** Late joiners its last read found too late to be sent it (their wave had started). */
  tooLate: number;
}

/** What names an occurrence: its activity and, for activities tied to waves, its wave. */
export interface OccurrenceRef {
  activityId: string;
  waveId: number | undefined;
  /** The activity's own status: done and skipped activities start their occurrences done or skipped. */
  activityStatus: ActivityStatus;
}

export const initialOccurrenceState = initialOccurrenceStateOf;

export async function readOccurrenceStates(db: Queryable, orgId: string): Promise<Map<string, OccurrenceStateRecord>> {
  const rows = await db.selectFrom('occurrence_states').selectAll().where('org_id', '=', orgId).execute();
  return new Map(
    rows.map((row) => [
      row.occurrence_key,
      {
        key: row.occurrence_key,
        activityId: row.activity_id,
        waveId: row.wave_id ?? undefined,
        state: row.state as OccurrenceState,
        approvedBy: row.approved_by ?? undefined,
        approvedAt: row.approved_at ?? undefined,
        approvedFingerprint: row.approved_fingerprint ?? undefined,
        reason: row.reason ?? undefined,
        updatedAt: row.updated_at,
        audienceAsOf: row.audience_as_of ?? undefined,
        tooLate: Number(row.too_late ?? 0),
      },
    ]),
  );
}

/** The state of one occurrence, whether or not it has a row yet. */
export function stateOf(states: ReadonlyMap<string, OccurrenceStateRecord>, ref: OccurrenceRef): OccurrenceStateRecord {
  const key = occurrenceKey(ref.activityId, ref.waveId);
  return (
    states.get(key) ?? {
      key,
      activityId: ref.activityId,
      waveId: ref.waveId,
      state: initialOccurrenceState(ref.activityStatus),
      approvedBy: undefined,
      approvedAt: undefined,
      approvedFingerprint: undefined,
      reason: undefined,
      updatedAt: undefined,
      audienceAsOf: undefined,
      tooLate: 0,
    }
  );
}

/** What a move records beside the new state. Approval details are cleared on any move back to `planned`. */
export interface OccurrenceMoveDetails {
  approvedBy?: string;
  approvedFingerprint?: string;
  reason?: string;
  /** Clears the approval on a move to another state too (`sending` to `paused` when it is withdrawn). */
  withdrawApproval?: boolean;
}

/**
 * Moves an occurrence to `to` if its current state allows it: one guarded UPDATE whose row count
 * is checked. The row is created first, in its initial state, if it does not exist yet.
 * Returns the state it moved from; throws, naming both states, when the move is not allowed.
 */
export async function moveOccurrence(
  db: Queryable,
  orgId: string,
  ref: OccurrenceRef,
  to: OccurrenceState,
  details: OccurrenceMoveDetails,
  now: Date,
): Promise<OccurrenceState> {
  const key = occurrenceKey(ref.activityId, ref.waveId);
  const at = now.toISOString();
  await db
    .insertInto('occurrence_states')
    .values({
      org_id: orgId,
      occurrence_key: key,
      activity_id: ref.activityId,
      wave_id: ref.waveId ?? null,
      state: initialOccurrenceState(ref.activityStatus),
      updated_at: at,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'occurrence_key']).doNothing())
    .execute();
  const before = await db
    .selectFrom('occurrence_states')
    .select('state')
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', key)
    .executeTakeFirstOrThrow();
  const from = before.state as OccurrenceState;
  assertOccurrenceMove(key, from, to);
  const approval =
    to === 'approved'
      ? { approved_by: details.approvedBy ?? null, approved_at: at, approved_fingerprint: details.approvedFingerprint ?? null }
      : to === 'planned' || details.withdrawApproval
        ? { approved_by: null, approved_at: null, approved_fingerprint: null }
        : {};
  const result = await db
    .updateTable('occurrence_states')
    .set({ state: to, reason: details.reason ?? null, updated_at: at, ...approval })
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', key)
    .where('state', '=', from)
    .where('state', 'in', statesBefore(to))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new CommsplanError('changed-meanwhile', `${key} changed while it was being moved to ${to}; run the command again.`, {
      occurrence: key,
    });
  return from;
}

/**
 * Records that the queue step has read the occurrence's audience from the people table built at
 * `builtAt`, and how many late joiners that read found too late to be sent it (null on a first read).
 */
export async function recordAudienceRead(
  db: Queryable,
  orgId: string,
  key: string,
  builtAt: string,
  tooLate: number | null,
): Promise<void> {
  await db
    .updateTable('occurrence_states')
    .set({ audience_as_of: builtAt, too_late: tooLate })
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', key)
    .execute();
}

/**
 * An approver confirms that a change keeps an approval: the approval now vouches for the email as
 * it is. Guarded by the state and the fingerprint read before, so a concurrent move is not undone.
 */
export async function restampApproval(
  db: Queryable,
  orgId: string,
  record: Pick<OccurrenceStateRecord, 'key' | 'state' | 'approvedFingerprint'>,
  fingerprint: string,
): Promise<void> {
  const result = await db
    .updateTable('occurrence_states')
    .set({ approved_fingerprint: fingerprint })
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', record.key)
    .where('state', '=', record.state)
    .where('approved_fingerprint', record.approvedFingerprint === undefined ? 'is' : '=', record.approvedFingerprint ?? null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new CommsplanError('changed-meanwhile', `${record.key} changed while its approval was being kept; run the command again.`, {
      occurrence: record.key,
    });
}

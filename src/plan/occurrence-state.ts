import { CommsplanError } from '../shared/errors.js';
import type { ActivityStatus } from './plan-model.js';

/**
 * The state of one occurrence of an activity (one per wave for activities tied to waves).
 * `planned` until someone approves it; `sending` while its messages go out; `sent` when none is
 * left to send (and `sending` again if later migration results add people to a welcome or
 * failed-migration email); `paused` by a person, after too many failures in a row, when a change
 * to what it says withdraws its approval part-way through sending, or when messages of a sent one
 * could not be made (approving it again sends the rest). `cancelled`, `done` and `skipped` are final.
 */
export const OCCURRENCE_STATES = ['planned', 'approved', 'sending', 'sent', 'paused', 'cancelled', 'done', 'skipped'] as const;
export type OccurrenceState = (typeof OCCURRENCE_STATES)[number];

const NEXT: Readonly<Record<OccurrenceState, readonly OccurrenceState[]>> = {
  planned: ['approved', 'cancelled', 'done', 'skipped'],
  // A change to what it says or who it reaches sends an approved occurrence back to planned.
  approved: ['planned', 'sending', 'paused', 'cancelled', 'skipped'],
  sending: ['sent', 'paused', 'cancelled'],
  // A welcome or failed-migration email is read again when later results add people to it; one
  // whose messages could not be made (its template asked for what it cannot have) waits, paused,
  // to be fixed and approved again.
  sent: ['done', 'sending', 'paused'],
  paused: ['approved', 'planned', 'cancelled'],
  cancelled: [],
  done: [],
  skipped: [],
};

export function isFinalOccurrenceState(state: OccurrenceState): boolean {
  return NEXT[state].length === 0;
}

export function canMoveOccurrence(from: OccurrenceState, to: OccurrenceState): boolean {
  return NEXT[from].includes(to);
}

/** The states an occurrence may be in for a move to `to`: the `WHERE state IN (...)` of a guarded update. */
export function statesBefore(to: OccurrenceState): OccurrenceState[] {
  return OCCURRENCE_STATES.filter((from) => NEXT[from].includes(to));
}

export function assertOccurrenceMove(key: string, from: OccurrenceState, to: OccurrenceState): void {
  if (canMoveOccurrence(from, to)) return;
  throw new CommsplanError(
    'invalid-status-change',
    `${key} is ${from}, so it cannot become ${to}.${isFinalOccurrenceState(from) ? ` ${from} is final.` : ''}`,
    { field: 'state', value: to },
  );
}

/** `detailed-actions` or `wave-reminder@3` (wave id 3). */
export function occurrenceKey(activityId: string, waveId: number | undefined): string {
  return waveId === undefined ? activityId : `${activityId}@${waveId}`;
}

/** The state of an occurrence that has no row yet: planned, or its activity's final status. */
export function initialOccurrenceStateOf(activityStatus: ActivityStatus): OccurrenceState {
  return activityStatus === 'done' || activityStatus === 'skipped' ? activityStatus : 'planned';
}

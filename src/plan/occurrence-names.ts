import { occurrenceKey } from './occurrence-state.js';
import type { OccurrenceRef } from './occurrence-states.store.js';
import type { Occurrence } from './timeline.js';
import type { Workspace } from './workspace.js';

export function refOf(workspace: Workspace, occurrence: Occurrence): OccurrenceRef {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  return { activityId: occurrence.activityId, waveId: occurrence.wave?.id, activityStatus: activity?.status ?? 'planned' };
}

export function keyOf(occurrence: Pick<Occurrence, 'activityId' | 'wave'>): string {
  return occurrenceKey(occurrence.activityId, occurrence.wave?.id);
}

export function describeOccurrence(occurrence: Pick<Occurrence, 'activityId' | 'wave'>): string {
  return occurrence.wave ? `${occurrence.activityId} for ${occurrence.wave.name}` : occurrence.activityId;
}

/** The command that approves this occurrence again. */
export function approveCommand(occurrence: Pick<Occurrence, 'activityId' | 'wave'>): string {
  return `commsplan approve ${occurrence.activityId}${occurrence.wave ? ` --wave "${occurrence.wave.name}"` : ''} --by NAME`;
}

import { londonInstant } from '../calendar/london-time.js';
import { keyOf } from '../delivery/approve-occurrence.js';
import { followsResults, type OccurrenceHolds } from '../delivery/queue-due.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import type { Queryable } from '../store/store.js';
import { completionState } from './completion.js';
import { lastResultsImportAt } from './wave-results.store.js';

export function isCompletion(workspace: Workspace, occurrence: Occurrence): boolean {
  return workspace.activities.find((a) => a.id === occurrence.activityId)?.timing.kind === 'after-all-waves';
}

/**
 * What holds an occurrence back although its date has come: a wave's welcome and failed-migration
 * emails wait for results imported after the wave started; the completion email waits for every
 * wave to end and everyone to move (or the remainder to be accepted).
 */
export const resultsHolds: OccurrenceHolds = async (db: Queryable, workspace: Workspace, now: Date) => {
  const holds = new Map<string, string>();
  const lastResults = await lastResultsImportAt(db, workspace.organisation.id);
  for (const occurrence of workspace.timeline) {
    const wave = occurrence.wave && workspace.waves.find((w) => w.id === occurrence.wave?.id);
    if (wave && followsResults(occurrence)) {
      const started = londonInstant(wave.start, '00:00').toISOString();
      if (!lastResults || lastResults < started)
        holds.set(
          keyOf(occurrence),
          `${occurrence.activityId} for ${wave.name} waits for the wave's results: import the migration tool's export once the wave is over (commsplan import migration-status FILE).`,
        );
    }
    if (isCompletion(workspace, occurrence)) {
      const completion = await completionState({ db }, workspace, now);
      if (!completion.ready && completion.reason) holds.set(keyOf(occurrence), completion.reason);
    }
  }
  return holds;
};

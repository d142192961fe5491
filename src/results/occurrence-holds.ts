import { londonDate, londonInstant } from '../calendar/london-time.js';
import { keyOf } from '../delivery/approve-occurrence.js';
import { followsResults, type OccurrenceHolds } from '../delivery/queue-due.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import type { Store } from '../store/store.js';
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
export const resultsHolds: OccurrenceHolds = async (store: Store, workspace: Workspace, now: Date) => {
  const holds = new Map<string, string>();
  const lastResults = await lastResultsImportAt(store.db, workspace.organisation.id);
  const today = londonDate(now);
  const allEnded = workspace.waves.length > 0 && workspace.waves.every((wave) => wave.end < today);
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
    // Counting who is left reads the whole people table: only once it can matter.
    if (isCompletion(workspace, occurrence) && (allEnded || occurrence.sendAt <= now.toISOString())) {
      const completion = await completionState(store, workspace, now);
      if (!completion.ready && completion.reason) holds.set(keyOf(occurrence), completion.reason);
    }
  }
  return holds;
};

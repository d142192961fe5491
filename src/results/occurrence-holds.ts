import { followsResults, type OccurrenceHolds } from '../approvals/queue-due.js';
import { audienceMembers } from '../audiences/audiences.store.js';
import { perWaveFilter } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { londonDate, londonInstant } from '../calendar/london-time.js';
import { FAILED_MOVE_FIELDS, failedMoveRoute } from '../messages/failed-move-route.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { keyOf } from '../plan/occurrence-names.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { plural } from '../shared/plural.js';
import type { Store } from '../store/store.js';
import type { Wave } from '../waves/wave.js';
import { completionState } from './completion.js';
import { lastResultsImportAt, messagesOf } from './recorded-results.store.js';

export function isCompletion(workspace: Workspace, occurrence: Occurrence): boolean {
  return workspace.activities.find((a) => a.id === occurrence.activityId)?.timing.kind === 'after-all-waves';
}

/** Whether the occurrence's email says what happens next for each person whose move failed. */
function namesNextStep(workspace: Workspace, occurrence: Occurrence): boolean {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  const templates = workspace.templates.filter((t) => activity?.templateIds.includes(t.id));
  const used = new Set(templates.flatMap((t) => placeholdersIn(`${t.subject}\n${t.body}`)));
  return FAILED_MOVE_FIELDS.some((name) => used.has(name));
}

/**
 * The people whose move in the wave failed and whose next step is not known yet: not failed twice,
 * not in a later wave, though a wave is still to come that they could be carried over into.
 */
async function notCarriedOverYet(store: Store, workspace: Workspace, occurrence: Occurrence, wave: Wave, now: Date): Promise<string[]> {
  const orgId = workspace.organisation.id;
  const { builtAt: _, ...options } = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const failed = await audienceMembers(store.db, orgId, parseFilter(perWaveFilter('wave-failed', wave.name)), options);
  if (failed.length === 0) return [];
  const twice = new Set((await failedTwice(store.db, orgId)).map((entry) => entry.person));
  // Those written to already are never written to again: what became of them since does not matter.
  const key = keyOf(occurrence);
  const messages = await messagesOf(store.db, orgId, [key]);
  const today = londonDate(now);
  return failed
    .filter((person) => (messages.get(`${key} ${person.email}`)?.state ?? 'cancelled') === 'cancelled')
    .filter((person) => failedMoveRoute(person, twice.has(person.email), workspace.waves, today).kind === 'undecided')
    .map((person) => person.email);
}

/** At most this many people are named in a hold's reason. */
const NAMED = 10;

/**
 * What holds an occurrence back although its date has come: a wave's welcome, failed-migration
 * and not-finished emails wait for results imported after the wave started; the failed-migration
 * email then waits until everyone whose move failed has a next step it can name (a later wave they
 * were carried over into, or the helpdesk); the completion email waits for every wave to end and
 * everyone to move (or the remainder to be accepted).
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
      else if (occurrence.sendAt <= now.toISOString() && namesNextStep(workspace, occurrence)) {
        // Each person's next step is written into their message when it is queued: carried over first.
        const waiting = await notCarriedOverYet(store, workspace, occurrence, wave, now);
        if (waiting.length)
          holds.set(
            keyOf(occurrence),
            `${occurrence.activityId} for ${wave.name} names the wave each person whose move failed now moves in, and ${plural(waiting.length, 'person has', 'people have')} not been carried over into a later wave yet: carry them over first (commsplan waves carry-over "${wave.name}", or settings set carry-over-failed yes for the next results). Not carried over: ${waiting.slice(0, NAMED).join(', ')}${waiting.length > NAMED ? ` and ${waiting.length - NAMED} more` : ''}.`,
          );
      }
    }
    // Counting who is left reads the whole people table: only once it can matter.
    if (isCompletion(workspace, occurrence) && (allEnded || occurrence.sendAt <= now.toISOString())) {
      const completion = await completionState(store, workspace, now);
      if (!completion.ready && completion.reason) holds.set(keyOf(occurrence), completion.reason);
    }
  }
  return holds;
};

import { waveDatesShown } from '../outbox/approval-scope.js';
import { sentSoFar } from '../outbox/sent-so-far.store.js';
import { describeOccurrence, keyOf } from '../plan/occurrence-names.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import type { Queryable } from '../store/store.js';
import type { Wave } from '../waves/wave.js';

/** An email already sent that showed a wave's dates as they were: its people were told dates that a move makes wrong. */
export interface ToldOldDates {
  occurrenceKey: string;
  /** The activity's title, as people know it: "Wave notice". */
  title: string;
  activityId: string;
  /** The wave the email is for, when it is one wave's. */
  wave?: string;
  /** "wave-notice for Wave 1". */
  description: string;
  /** How many people it was sent to (distinct addresses; an all-staff list counts once). */
  people: number;
  /** When the first and the last of its messages were sent (ISO 8601), when any was. */
  firstSent?: string;
  lastSent?: string;
  /** How many more it is queued to: made before the move, their messages still show the old dates. */
  queued: number;
}

/** Whether this occurrence's wording shows the wave's dates (its own wave's, or every wave's): approval fingerprint v4's wave dates. */
const showsDatesOf = (workspace: Workspace, occurrence: Occurrence, wave: Pick<Wave, 'name'>) =>
  waveDatesShown(workspace, occurrence).some(([name]) => name === wave.name);

/** How people and the CLI name an occurrence. */
export const namesOf = (occurrence: Occurrence) => ({
  title: occurrence.title,
  activityId: occurrence.activityId,
  ...(occurrence.wave ? { wave: occurrence.wave.name } : {}),
  description: describeOccurrence(occurrence),
});

/**
 * The emails whose messages named `wave`'s dates as they stood in `before`: what the outbox
 * records as sent (a bounced message never arrived, so it is not counted), and what it holds
 * queued (made before the move, so saying the old dates), by occurrence.
 */
export function emailsThatToldOldDates(db: Queryable, before: Workspace, wave: Pick<Wave, 'name'>): Promise<ToldOldDates[]> {
  return toldSoFar(
    db,
    before,
    before.timeline.filter((o) => showsDatesOf(before, o, wave)),
  );
}

/** What the outbox holds now for these occurrences (named by key, as the waves page's address carries them after a move). */
export function toldSoFarOf(db: Queryable, workspace: Workspace, occurrenceKeys: readonly string[]): Promise<ToldOldDates[]> {
  return toldSoFar(
    db,
    workspace,
    occurrenceKeys.flatMap((key) => workspace.timeline.find((o) => keyOf(o) === key) ?? []),
  );
}

async function toldSoFar(db: Queryable, workspace: Workspace, occurrences: readonly Occurrence[]): Promise<ToldOldDates[]> {
  const sent = await sentSoFar(db, workspace.organisation.id, occurrences.map(keyOf));
  return occurrences.flatMap((occurrence) => {
    const counts = sent.get(keyOf(occurrence));
    return counts ? [{ occurrenceKey: keyOf(occurrence), ...namesOf(occurrence), ...counts }] : [];
  });
}

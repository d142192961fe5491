import type { LocalDate } from '../calendar/local-date.js';
import { initialOccurrenceStateOf, type OccurrenceState, occurrenceKey } from './occurrence-state.js';
import type { Activity } from './plan-model.js';
import { isEmailChannel } from './plan-tasks.js';
import type { Occurrence } from './timeline.js';

/** What has happened to each occurrence so far: the stored state of its email and the closing of its task. */
export interface OccurrenceProgress {
  /** By occurrence key; an occurrence without a row is planned (or its activity's final status). */
  emailStates: ReadonlyMap<string, OccurrenceState>;
  /** Closed tasks by occurrence key. */
  closedTasks: ReadonlyMap<string, 'done' | 'skipped'>;
}

/**
 * Where an occurrence's email stands: `unsent` (never approved), `going` (approved, sending or
 * paused), `finished` (sent, done, skipped or cancelled: every message has reached a final state,
 * or none will be made) or `none` for an activity that sends no email.
 */
export type EmailProgress = 'none' | 'unsent' | 'going' | 'finished';
export type TaskProgress = 'none' | 'open' | 'finished';

const GOING: readonly OccurrenceState[] = ['approved', 'sending', 'paused'];

export function emailProgress(progress: OccurrenceProgress, activity: Activity, occurrence: Occurrence): EmailProgress {
  if (activity.templateIds.length === 0) return 'none';
  const state =
    progress.emailStates.get(occurrenceKey(occurrence.activityId, occurrence.wave?.id)) ?? initialOccurrenceStateOf(activity.status);
  if (state === 'planned') return 'unsent';
  return GOING.includes(state) ? 'going' : 'finished';
}

export function taskProgress(progress: OccurrenceProgress, activity: Activity, occurrence: Occurrence): TaskProgress {
  if (occurrence.channels.every(isEmailChannel)) return 'none';
  if (activity.status === 'done' || activity.status === 'skipped') return 'finished';
  return progress.closedTasks.has(occurrenceKey(occurrence.activityId, occurrence.wave?.id)) ? 'finished' : 'open';
}

/** An occurrence is still to come while its email is unsent or going, or its task is open. */
export function isStillToCome(progress: OccurrenceProgress, activity: Activity, occurrence: Occurrence): boolean {
  const email = emailProgress(progress, activity, occurrence);
  return email === 'unsent' || email === 'going' || taskProgress(progress, activity, occurrence) === 'open';
}

/**
 * Marking an activity done or skipped closes what has come, never a later wave's occurrence:
 * that one is to come after `today`, and is skipped on its own (`commsplan occurrence skip`).
 */
export const isLaterWave = (occurrence: Pick<Occurrence, 'wave' | 'date'>, today: LocalDate) =>
  occurrence.wave !== undefined && occurrence.date > today;

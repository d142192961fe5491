import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import type { Occurrence } from './timeline.js';
import type { Workspace } from './workspace.js';

/**
 * Why an approved email that prepares one wave for its move must not go now, or undefined while
 * it may: its wave has started, so "your email moves this weekend" would arrive during or after
 * the move. Emails dated on or after the wave's start (a welcome, a failed-migration email) are
 * about the move and are never too late.
 */
export function tooLateToSend(
  workspace: Pick<Workspace, 'waves'>,
  occurrence: Occurrence,
  today: LocalDate,
): { message: string; problem: string } | undefined {
  const wave = occurrence.wave && workspace.waves.find((w) => w.id === occurrence.wave?.id);
  if (!wave || occurrence.date >= wave.start || today < wave.start) return undefined;
  const why = `was not sent before ${wave.name} started on ${formatLongDate(wave.start)}, and is not sent now: it would reach people during or after their move.`;
  return {
    message: `${occurrence.activityId} for ${wave.name} ${why} If it is not needed, skip it with: commsplan occurrence skip ${occurrence.activityId} --wave "${wave.name}" --by NAME`,
    problem: `${occurrence.title} — ${wave.name} ${why} If it is not needed, skip it on the activity’s page.`,
  };
}

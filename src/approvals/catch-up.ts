import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { allStaffListAddress } from '../outbox/approval-scope.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { type Wave, waveNamed } from '../waves/wave.js';

/**
 * How an email that has gone treats someone who joins its audience later (a new starter, a later
 * import, a carry-over): the catch-up rule of its occurrence.
 * - `off`: never sent to them, and not reported (catch-up set off, a list message, an email after
 *   the programme, or a time when no late joiner could still be sent it).
 * - `open`: sent to them on the next send, once.
 * - `until-own-wave`: an email before the moves: sent to them while their own wave has not started.
 * - `too-late`: its wave has started: not sent to them, and reported.
 */
export type CatchUpRule =
  | { kind: 'off' }
  | { kind: 'open' }
  | { kind: 'until-own-wave'; waves: readonly Wave[]; today: LocalDate }
  | { kind: 'too-late'; why: string };

/** A list message goes to the all-staff list, not to people: there is no one to catch up. */
const goesToList = (workspace: Workspace, occurrence: Occurrence) => allStaffListAddress(workspace, occurrence) !== undefined;

export function catchUpRule(workspace: Workspace, occurrence: Occurrence, now: Date): CatchUpRule {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  if (!activity?.catchUp || goesToList(workspace, occurrence)) return { kind: 'off' };
  const today = londonDate(now);
  const wave = workspace.waves.find((w) => w.id === occurrence.wave?.id);
  if (wave) {
    // After the move (a welcome, a failed-migration email): its audience is that wave's results.
    if (occurrence.date >= wave.start) return { kind: 'open' };
    if (today < wave.start) return { kind: 'open' };
    if (today <= wave.end) return { kind: 'too-late', why: `${wave.name} started on ${formatLongDate(wave.start)}` };
    return { kind: 'off' };
  }
  if (occurrence.phase === 'post-migration') return { kind: 'off' };
  const lastEnd = workspace.waves
    .map((w) => w.end)
    .sort()
    .at(-1);
  if (lastEnd !== undefined && lastEnd < today) return { kind: 'off' };
  return { kind: 'until-own-wave', waves: workspace.waves, today };
}

/** Why a late joiner is not sent it (their wave has started), or undefined when they are sent it. */
export function tooLateFor(rule: CatchUpRule, personWave: string | null | undefined): string | undefined {
  if (rule.kind === 'too-late') return rule.why;
  if (rule.kind !== 'until-own-wave' || !personWave) return undefined;
  const wave = waveNamed(rule.waves, personWave);
  return wave && wave.start <= rule.today ? `their wave, ${wave.name}, started on ${formatLongDate(wave.start)}` : undefined;
}

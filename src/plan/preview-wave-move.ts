import type { LocalDate } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import { CommsplanError } from '../shared/errors.js';
import type { Wave } from '../waves/wave.js';
import { movedWave } from '../waves/wave-move.js';
import { buildTimeline } from './timeline.js';
import type { Workspace } from './workspace.js';

export interface Redated {
  activityId: string;
  title: string;
  wave: string | undefined;
  from: LocalDate;
  to: LocalDate;
}

/**
 * What moving a wave would re-date, before anything is stored: the timeline built with the wave
 * moved, compared occurrence by occurrence with the timeline as it is. Refuses a move `waves move`
 * would refuse, with the same message.
 */
export function previewWaveMove(
  workspace: Workspace,
  waveId: number,
  input: { start: string; end?: string },
): { wave: Wave; moved: Wave; redated: Redated[] } {
  const wave = workspace.waves.find((w) => w.id === waveId);
  if (!wave)
    throw new CommsplanError('unknown-wave', `There is no wave ${waveId}. The waves page lists every wave.`, {
      field: 'wave',
      value: waveId,
    });
  const moved = movedWave(wave, workspace.waves, input, workspace.organisation.programmeStart);
  return { wave, moved, redated: redatedWith(workspace, { waves: workspace.waves.map((w) => (w.id === wave.id ? moved : w)) }) };
}

/**
 * What a change to the waves or the working calendar would re-date: the timeline built with it,
 * compared occurrence by occurrence with the timeline as it is (emails and tasks alike).
 */
export function redatedWith(workspace: Workspace, change: { waves?: readonly Wave[]; calendar?: WorkingCalendar }): Redated[] {
  const after = buildTimeline({
    programmeStart: workspace.organisation.programmeStart,
    activities: workspace.activities,
    waves: change.waves ?? workspace.waves,
    calendar: change.calendar ?? workspace.calendar,
    sendTime: workspace.typedSettings.sendTime,
  });
  const keyOf = (o: { activityId: string; wave?: { id: number } }) => `${o.activityId}@${o.wave?.id ?? ''}`;
  const before = new Map(workspace.timeline.map((o) => [keyOf(o), o]));
  return after.flatMap((o) => {
    const old = before.get(keyOf(o));
    return old && old.date !== o.date ? [{ activityId: o.activityId, title: o.title, wave: o.wave?.name, from: old.date, to: o.date }] : [];
  });
}

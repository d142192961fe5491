import { type ClosureDay, workingCalendar } from '../calendar/working-days.js';
import type { Redated } from './preview-wave-move.js';
import { buildTimeline } from './timeline.js';
import type { Workspace } from './workspace.js';

/**
 * What adding a closure day would re-date, before anything is stored: the timeline built with the
 * day closed, compared occurrence by occurrence with the timeline as it is (emails and tasks alike).
 */
export function previewClosureDay(workspace: Workspace, closure: ClosureDay): Redated[] {
  const closures = [...workspace.closures.filter((c) => c.date !== closure.date), closure];
  const after = buildTimeline({
    programmeStart: workspace.organisation.programmeStart,
    activities: workspace.activities,
    waves: workspace.waves,
    calendar: workingCalendar(workspace.organisation.nation, closures),
    sendTime: workspace.typedSettings.sendTime,
  });
  const keyOf = (o: { activityId: string; wave?: { id: number } }) => `${o.activityId}@${o.wave?.id ?? ''}`;
  const before = new Map(workspace.timeline.map((o) => [keyOf(o), o]));
  return after.flatMap((o) => {
    const old = before.get(keyOf(o));
    return old && old.date !== o.date ? [{ activityId: o.activityId, title: o.title, wave: o.wave?.name, from: old.date, to: o.date }] : [];
  });
}

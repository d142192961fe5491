import { type ClosureDay, workingCalendar } from '../calendar/working-days.js';
import { type Redated, redatedWith } from './preview-wave-move.js';
import type { Workspace } from './workspace.js';

/** What adding a closure day would re-date, before anything is stored. */
export function previewClosureDay(workspace: Workspace, closure: ClosureDay): Redated[] {
  const closures = [...workspace.closures.filter((c) => c.date !== closure.date), closure];
  return redatedWith(workspace, { calendar: workingCalendar(workspace.organisation.nation, closures) });
}

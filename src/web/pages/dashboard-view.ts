import { addDays, formatDate, type LocalDate, mondayOf } from '../../calendar/local-date.js';
import type { Finding } from '../../plan/finding.js';
import { refOf } from '../../plan/occurrence-names.js';
import { type OccurrenceStateRecord, stateOf } from '../../plan/occurrence-states.store.js';
import type { Occurrence } from '../../plan/timeline.js';
import { sortWaves } from '../../plan/timeline.js';
import type { Workspace } from '../../plan/workspace.js';
import { occurrenceAudience } from '../../plan-outputs/plan-document.js';
import { findingWords, fixLinkOf } from './finding-links.js';
import { occurrenceStateWords } from './occurrence-words.js';

const FINISHED = new Set(['sent', 'done', 'skipped', 'cancelled']);

/** What the dashboard shows, worked out from the workspace, the occurrences' states and `check`'s findings. */
export function dashboardView(
  workspace: Workspace,
  states: ReadonlyMap<string, OccurrenceStateRecord>,
  findings: readonly Finding[],
  today: LocalDate,
) {
  const stateOfOccurrence = (o: Occurrence) => stateOf(states, refOf(workspace, o)).state;
  const row = (o: Occurrence) => ({
    date: formatDate(o.date),
    activityId: o.activityId,
    title: o.title,
    wave: o.wave?.name ?? '',
    audience: occurrenceAudience(o),
    state: occurrenceStateWords(
      stateOfOccurrence(o),
      (workspace.activities.find((a) => a.id === o.activityId)?.templateIds.length ?? 0) > 0,
    ),
  });
  const week = (start: LocalDate, heading: string) => ({
    heading: `${heading}: ${formatDate(start)} to ${formatDate(addDays(start, 6))}`,
    occurrences: workspace.timeline.filter((o) => o.date >= start && o.date <= addDays(start, 6)).map(row),
  });
  const thisWeek = mondayOf(today);
  const waves = sortWaves(workspace.waves).map((wave) => {
    const occurrences = workspace.timeline.filter((o) => o.wave?.id === wave.id);
    const finished = occurrences.filter((o) => FINISHED.has(stateOfOccurrence(o))).length;
    const approved = occurrences.filter((o) => stateOfOccurrence(o) === 'approved').length;
    return {
      name: wave.name,
      dates: `${formatDate(wave.start)} to ${formatDate(wave.end)}`,
      total: occurrences.length,
      finished,
      approved,
    };
  });
  const withLinks = (severity: Finding['severity']) =>
    findings.filter((f) => f.severity === severity).map((f) => ({ message: findingWords(f), fix: fixLinkOf(f) }));
  return {
    weeks: [week(thisWeek, 'This week'), week(addDays(thisWeek, 7), 'Next week')],
    blockers: withLinks('blocker'),
    warnings: withLinks('warning'),
    waves,
  };
}

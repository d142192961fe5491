import { addDays, daysBetween, formatDate, type LocalDate, mondayOf } from '../../calendar/local-date.js';
import { refOf } from '../../delivery/approve-occurrence.js';
import { type OccurrenceStateRecord, stateOf } from '../../delivery/occurrence-states.store.js';
import { channelNames, occurrenceAudience } from '../../exports/plan-document.js';
import { ownerName } from '../../plan/owner.js';
import { sortWaves } from '../../plan/timeline.js';
import type { Workspace } from '../../plan/workspace.js';

/** The axis has a column per week; the stylesheet has classes for this many (src/web/styles/_plan-pages.scss). */
export const AXIS_WEEKS = 104;
const MAX_SPAN = 8;

const shortDate = (date: LocalDate) => formatDate(date).replace(/ \d{4}$/, '');

/** One row of the timeline table, as `commsplan timeline` prints it, with the occurrence's state. */
export function timelineRows(workspace: Workspace, states: ReadonlyMap<string, OccurrenceStateRecord>) {
  const phaseNumber = (id: string) => workspace.phases.find((phase) => phase.id === id)?.number ?? '';
  return workspace.timeline.map((o) => ({
    date: formatDate(o.date),
    isoDate: o.date,
    time: o.time,
    phase: phaseNumber(o.phase),
    activityId: o.activityId,
    title: o.title,
    wave: o.wave?.name ?? '',
    audience: occurrenceAudience(o),
    channels: channelNames(o.channels),
    owner: ownerName(o.owner),
    state: stateOf(states, refOf(workspace, o)).state,
  }));
}

type Row = ReturnType<typeof timelineRows>[number];

/**
 * The time axis: a column per week from the programme's first week, a row of week labels, a row
 * of waves and a row per phase, each occurrence in its week's cell. Weeks past AXIS_WEEKS are left
 * off the axis (the table below it has every occurrence) and the page says so.
 */
export function timelineAxis(workspace: Workspace, rows: readonly Row[]) {
  const dates = [workspace.organisation.programmeStart, ...rows.map((r) => r.isoDate), ...workspace.waves.map((w) => w.end)].sort();
  const first = mondayOf(dates[0] as LocalDate);
  const weekOf = (date: LocalDate) => Math.floor(daysBetween(first, date) / 7);
  const weekCount = Math.min(AXIS_WEEKS, weekOf(dates.at(-1) as LocalDate) + 1);
  const onAxis = (week: number) => week < weekCount;
  const weeks = Array.from({ length: weekCount }, (_, week) => ({ week, label: `w/c ${shortDate(addDays(first, week * 7))}` }));
  const waves = sortWaves(workspace.waves)
    .map((wave) => ({
      week: weekOf(wave.start),
      span: Math.min(MAX_SPAN, weekOf(wave.end) - weekOf(wave.start) + 1),
      id: wave.id,
      name: wave.name,
      dates: wave.start === wave.end ? formatDate(wave.start) : `${formatDate(wave.start)} to ${formatDate(wave.end)}`,
    }))
    .filter((wave) => onAxis(wave.week));
  const phases = workspace.phases.map((phase) => {
    const cells = new Map<number, Row[]>();
    for (const row of rows.filter((r) => r.phase === phase.number)) {
      const week = weekOf(row.isoDate);
      if (onAxis(week)) cells.set(week, [...(cells.get(week) ?? []), row]);
    }
    return {
      label: `Phase ${phase.number}: ${phase.title}`,
      cells: [...cells].map(([week, occurrences]) => ({
        week,
        occurrences: occurrences.map((o) => ({ ...o, short: shortDate(o.isoDate) })),
      })),
    };
  });
  const offAxis = rows.filter((r) => !onAxis(weekOf(r.isoDate))).length;
  return { weeks, waves, phases, offAxis, from: formatDate(first), to: formatDate(addDays(first, weekCount * 7 - 1)) };
}

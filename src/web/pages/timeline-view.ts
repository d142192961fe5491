import { addDays, formatDate, type LocalDate, mondayOf } from '../../calendar/local-date.js';
import { refOf } from '../../plan/occurrence-names.js';
import { type OccurrenceStateRecord, stateOf } from '../../plan/occurrence-states.store.js';
import { ownerName } from '../../plan/owner.js';
import { sortWaves } from '../../plan/timeline.js';
import type { Workspace } from '../../plan/workspace.js';
import { channelNames, occurrenceAudience } from '../../plan-outputs/plan-document.js';
import { occurrenceStateWords } from './occurrence-words.js';

const DAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Wed 17 Feb`: short enough for a narrow column, with the weekday people plan by. */
export function shortDay(date: LocalDate): string {
  const day = new Date(`${date}T00:00:00Z`);
  return `${DAY_SHORT[day.getUTCDay()]} ${formatDate(date)
    .replace(/ \d{4}$/, '')
    .replace(/ (\w{3})\w*$/, ' $1')}`;
}

/** One row of the timeline table, as `commsplan timeline` prints it, with the occurrence's state in words. */
export function timelineRows(workspace: Workspace, states: ReadonlyMap<string, OccurrenceStateRecord>) {
  const phaseNumber = (id: string) => workspace.phases.find((phase) => phase.id === id)?.number ?? '';
  const sendsEmail = (id: string) => Boolean(workspace.activities.find((a) => a.id === id)?.templateIds.length);
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
    state: occurrenceStateWords(stateOf(states, refOf(workspace, o)).state, sendsEmail(o.activityId)),
  }));
}

type Row = ReturnType<typeof timelineRows>[number];

/** Bank holidays and local closures on weekdays between two dates: the days nothing is sent. */
function daysOffBetween(workspace: Workspace, from: LocalDate, to: LocalDate) {
  const days = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const reason = workspace.calendar.closureReason(date);
    if (reason && reason !== 'weekend') days.push({ date: shortDay(date), name: reason });
  }
  return days;
}

/**
 * The programme week by week: a row per week from the first to the last, each with the waves
 * that move in it, its bank holidays and closures, and a cell per phase listing that week's
 * occurrences. Weeks go down the page, so a programme of any length fits the width.
 */
export function timelineWeeks(workspace: Workspace, rows: readonly Row[]) {
  const dates = [workspace.organisation.programmeStart, ...rows.map((r) => r.isoDate), ...workspace.waves.map((w) => w.end)].sort();
  const first = mondayOf(dates[0] as LocalDate);
  const last = mondayOf(dates.at(-1) as LocalDate);
  const waves = sortWaves(workspace.waves);
  const weeks = [];
  for (let monday = first; monday <= last; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    const inWeek = rows.filter((r) => r.isoDate >= monday && r.isoDate <= sunday);
    weeks.push({
      label: `w/c ${formatDate(monday)}`,
      id: `week-${monday}`,
      waves: waves
        .filter((w) => w.start <= sunday && w.end >= monday)
        .map((w) => ({
          id: w.id,
          name: w.name,
          dates: w.start === w.end ? shortDay(w.start) : `${shortDay(w.start)} to ${shortDay(w.end)}`,
        })),
      daysOff: daysOffBetween(workspace, monday, addDays(monday, 4)),
      phases: workspace.phases.map((phase) =>
        inWeek.filter((r) => r.phase === phase.number).map((r) => ({ ...r, day: shortDay(r.isoDate) })),
      ),
      empty: inWeek.length === 0,
    });
  }
  return {
    phases: workspace.phases.map((phase) => ({ number: phase.number, title: phase.title })),
    weeks,
    from: formatDate(first),
    to: formatDate(addDays(last, 6)),
  };
}

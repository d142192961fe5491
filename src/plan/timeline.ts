import { audienceForWave } from '../audiences/audience-names.js';
import type { LocalDate } from '../calendar/local-date.js';
import { type LocalTime, londonInstant } from '../calendar/london-time.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { Wave } from '../waves/wave.js';
import { type Activity, type ActivityStatus, type Channel, PHASE_IDS, type PhaseId } from './plan-model.js';
import { afterAllWavesDate, describeTiming, programmeDate, waveDate } from './timing-rule.js';

/** One dated happening of an activity; a wave-relative activity has one per wave. */
export interface Occurrence {
  activityId: string;
  title: string;
  phase: PhaseId;
  date: LocalDate;
  time: LocalTime;
  /** The instant in UTC, ISO 8601. */
  sendAt: string;
  wave: { id: number; name: string } | undefined;
  audiences: string[];
  channels: Channel[];
  owner: string | undefined;
  status: ActivityStatus;
  timing: string;
}

export interface TimelineInput {
  programmeStart: LocalDate;
  activities: readonly Activity[];
  waves: readonly Wave[];
  calendar: WorkingCalendar;
  sendTime: LocalTime;
}

export function sortWaves<T extends { start: LocalDate; name: string }>(waves: readonly T[]): T[] {
  return [...waves].sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name));
}

function occurrenceDates(input: TimelineInput, activity: Activity): { date: LocalDate; wave?: Wave }[] {
  const rule = activity.timing;
  const waves = sortWaves(input.waves);
  switch (rule.kind) {
    case 'programme':
      return [{ date: programmeDate(input.calendar, input.programmeStart, rule.month, rule.week) }];
    case 'date':
      return [{ date: rule.date }];
    case 'wave':
      return waves.map((wave) => ({ date: waveDate(input.calendar, rule, wave), wave }));
    case 'after-all-waves': {
      const lastEnd = waves
        .map((wave) => wave.end)
        .sort()
        .at(-1);
      return lastEnd ? [{ date: afterAllWavesDate(input.calendar, rule, lastEnd) }] : [];
    }
  }
}

/** Every occurrence of every activity, in date order (then phase, then plan order). */
export function buildTimeline(input: TimelineInput): Occurrence[] {
  const occurrences: (Occurrence & { order: number })[] = [];
  input.activities.forEach((activity, order) => {
    for (const { date, wave } of occurrenceDates(input, activity)) {
      occurrences.push({
        order,
        activityId: activity.id,
        title: activity.title,
        phase: activity.phase,
        date,
        time: input.sendTime,
        sendAt: londonInstant(date, input.sendTime).toISOString(),
        wave: wave && { id: wave.id, name: wave.name },
        audiences: wave ? activity.audiences.map((a) => audienceForWave(a, wave.name)) : [...activity.audiences],
        channels: [...activity.channels],
        owner: activity.owner,
        status: activity.status,
        timing: describeTiming(activity.timing),
      });
    }
  });
  const phaseOrder = (phase: PhaseId) => PHASE_IDS.indexOf(phase);
  occurrences.sort((a, b) => a.date.localeCompare(b.date) || phaseOrder(a.phase) - phaseOrder(b.phase) || a.order - b.order);
  return occurrences.map(({ order: _order, ...occurrence }) => occurrence);
}

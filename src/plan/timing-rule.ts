import { addDays, addMonths, formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { addWorkingDays, type WorkingCalendar, workingDayOnOrAfter, workingDayOnOrBefore } from '../calendar/working-days.js';

/**
 * When an activity happens. Calendar-day rules land on a working day: forwards for anything on
 * or after its anchor, backwards for anything before it (a reminder never slips past its wave).
 */
export type TimingRule =
  /** Month 1 and week 1 start on the programme start date; "month 2, week 3" adds both. */
  | { kind: 'programme'; month?: number; week?: number }
  | { kind: 'wave'; anchor: 'start' | 'end'; days: number; count: 'calendar' | 'working' }
  | { kind: 'after-all-waves'; days: number; count: 'calendar' | 'working' }
  | { kind: 'date'; date: LocalDate };

export interface WaveDates {
  start: LocalDate;
  end: LocalDate;
}

function shift(calendar: WorkingCalendar, anchor: LocalDate, days: number, count: 'calendar' | 'working'): LocalDate {
  if (count === 'working') return addWorkingDays(calendar, anchor, days);
  const date = addDays(anchor, days);
  return days < 0 ? workingDayOnOrBefore(calendar, date) : workingDayOnOrAfter(calendar, date);
}

export function programmeDate(calendar: WorkingCalendar, start: LocalDate, month = 1, week = 1): LocalDate {
  return workingDayOnOrAfter(calendar, addDays(addMonths(start, month - 1), (week - 1) * 7));
}

export function waveDate(calendar: WorkingCalendar, rule: TimingRule & { kind: 'wave' }, wave: WaveDates): LocalDate {
  return shift(calendar, rule.anchor === 'start' ? wave.start : wave.end, rule.days, rule.count);
}

export function afterAllWavesDate(
  calendar: WorkingCalendar,
  rule: TimingRule & { kind: 'after-all-waves' },
  lastWaveEnd: LocalDate,
): LocalDate {
  return shift(calendar, lastWaveEnd, rule.days, rule.count);
}

function daysPhrase(days: number, count: 'calendar' | 'working'): string {
  const size = Math.abs(days);
  return `${size} ${count === 'working' ? 'working ' : ''}day${size === 1 ? '' : 's'}`;
}

/** The rule in words, as the timeline and plan document show it. */
export function describeTiming(rule: TimingRule): string {
  switch (rule.kind) {
    case 'programme': {
      const parts = [rule.month !== undefined && `Month ${rule.month}`, rule.week !== undefined && `week ${rule.week}`].filter(Boolean);
      const words = parts.join(', ') || 'Month 1';
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
    case 'date':
      return formatLongDate(rule.date);
    case 'wave': {
      const anchor = rule.anchor === 'start' ? 'starts' : 'ends';
      if (rule.count === 'working' && rule.days === 1) return `First working day after each wave ${anchor}`;
      if (rule.days === 0) return `The day each wave ${anchor}`;
      return `${daysPhrase(rule.days, rule.count)} ${rule.days < 0 ? 'before' : 'after'} each wave ${anchor}`;
    }
    case 'after-all-waves':
      if (rule.count === 'working' && rule.days === 1) return 'First working day after the last wave ends';
      return `${daysPhrase(rule.days, rule.count)} after the last wave ends`;
  }
}

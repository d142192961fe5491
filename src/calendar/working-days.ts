import type { Nation } from '../shared/organisation.js';
import { addDays, isWeekend, type LocalDate } from './local-date.js';
import { UK_BANK_HOLIDAYS } from './uk-bank-holidays.js';

/** The days an organisation does not work: weekends, its nation's bank holidays, local closures. */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  /** Why a date is not a working day, or undefined when it is one. */
  closureReason(date: LocalDate): string | undefined;
}

export interface ClosureDay {
  date: LocalDate;
  name: string;
}

export function workingCalendar(nation: Nation, closures: readonly ClosureDay[] = []): WorkingCalendar {
  const closed = new Map<LocalDate, string>(UK_BANK_HOLIDAYS[nation].map(([date, name]) => [date, name]));
  for (const closure of closures) closed.set(closure.date, closure.name);
  const closureReason = (date: LocalDate): string | undefined => {
    if (isWeekend(date)) return 'weekend';
    return closed.get(date);
  };
  return { closureReason, isWorkingDay: (date) => closureReason(date) === undefined };
}

/** The date itself when it is a working day, otherwise the next one. */
export function workingDayOnOrAfter(calendar: WorkingCalendar, date: LocalDate): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** The date itself when it is a working day, otherwise the one before. */
export function workingDayOnOrBefore(calendar: WorkingCalendar, date: LocalDate): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/** Moves `count` working days forward (positive) or back (negative) from `date`, not counting it. */
export function addWorkingDays(calendar: WorkingCalendar, date: LocalDate, count: number): LocalDate {
  const step = count < 0 ? -1 : 1;
  let day = date;
  for (let left = Math.abs(count); left > 0; ) {
    day = addDays(day, step);
    if (calendar.isWorkingDay(day)) left -= 1;
  }
  return day;
}

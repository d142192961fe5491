import { addDays, dayOfWeek, formatLongDate, type LocalDate } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { Wave } from './wave.js';

export interface WeekendChoice {
  start: LocalDate;
  end: LocalDate;
}

export interface SkippedWeekend {
  start: LocalDate;
  reason: string;
}

/**
 * The weekends (Saturday and Sunday) from `from` to `to` on which a new wave can go: not a
 * bank-holiday weekend (the Friday or Monday off), not touching a closure day, not one the
 * comms lead skips, not taken by a wave, and after today.
 */
export function freeWeekends(input: {
  from: LocalDate;
  to: LocalDate;
  today: LocalDate;
  calendar: WorkingCalendar;
  closures: ReadonlySet<LocalDate>;
  skip: readonly LocalDate[];
  waves: readonly Wave[];
}): { free: WeekendChoice[]; skipped: SkippedWeekend[] } {
  const free: WeekendChoice[] = [];
  const skipped: SkippedWeekend[] = [];
  // Weekends already begun or past are not offered, nor listed as left out.
  const from = input.from > input.today ? input.from : addDays(input.today, 1);
  let saturday = addDays(from, (6 - dayOfWeek(from) + 7) % 7);
  for (; saturday <= input.to; saturday = addDays(saturday, 7)) {
    const sunday = addDays(saturday, 1);
    const reason = whyNot(saturday, sunday, input);
    if (reason) skipped.push({ start: saturday, reason });
    else free.push({ start: saturday, end: sunday });
  }
  return { free, skipped };
}

function whyNot(saturday: LocalDate, sunday: LocalDate, input: Parameters<typeof freeWeekends>[0]): string | undefined {
  const friday = addDays(saturday, -1);
  const monday = addDays(saturday, 2);
  for (const day of [friday, monday]) {
    const closed = input.calendar.closureReason(day);
    if (closed) return `${closed} on ${formatLongDate(day)}`;
  }
  for (const day of [saturday, sunday]) if (input.closures.has(day)) return `a closure day on ${formatLongDate(day)}`;
  if (input.skip.some((day) => day >= friday && day <= monday)) return 'skipped (--skip)';
  const taken = input.waves.find((wave) => wave.start <= sunday && saturday <= wave.end);
  if (taken) return `${taken.name} is on it`;
  return undefined;
}

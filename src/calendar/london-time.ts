import type { LocalDate } from './local-date.js';

export const PLAN_TIME_ZONE = 'Europe/London';

/** A wall-clock time `HH:MM`, 24-hour. */
export type LocalTime = string;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalTime(text: string): text is LocalTime {
  return TIME.test(text);
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PLAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Minutes London is ahead of UTC at `instant` (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: number): number {
  const parts = Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The instant at which London clocks show `time` on `date`.
 * A time skipped when clocks go forward (01:30 on the March change) is read as the hour after;
 * a time seen twice when clocks go back is read as its first (summer time) showing.
 */
export function londonInstant(date: LocalDate, time: LocalTime): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  const summerGuess = naive - 60 * 60_000;
  if (londonOffsetMinutes(summerGuess) === 60) return new Date(summerGuess);
  // Either a winter time (offset 0) or a time skipped in March, which reads as one hour later.
  return new Date(naive);
}

/** The London calendar date at `instant`. */
export function londonDate(instant: Date): LocalDate {
  const parts = Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const HOUR_MS = 3_600_000;
const summerTimeByYear = new Map<number, readonly [start: number, end: number]>();

/** 01:00 UTC on the last Sunday of a month (0-based), when UK clocks change. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * Whether London is on summer time at `instant` (milliseconds since 1970): from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October, the rule since 1996. Arithmetic
 * rather than Intl, because imports ask this for every date of a million-row file.
 */
export function isLondonSummerTime(instant: number, year = new Date(instant).getUTCFullYear()): boolean {
  let summer = summerTimeByYear.get(year);
  if (!summer) {
    summer = [lastSundayAtOneUtc(year, 2), lastSundayAtOneUtc(year, 9)];
    summerTimeByYear.set(year, summer);
  }
  return instant >= summer[0] && instant < summer[1];
}

/**
 * The instant (milliseconds) at which London clocks show this date and time, read as
 * `londonInstant` reads it across clock changes.
 */
export function londonWallClockInstant(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const summerGuess = naive - HOUR_MS;
  // The guess can fall on 31 December of the year before, which is winter under either year's dates.
  return isLondonSummerTime(summerGuess, year) ? summerGuess : naive;
}

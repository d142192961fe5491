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

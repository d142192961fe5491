import type { FastifyRequest } from 'fastify';
import { isLocalDate, type LocalDate } from '../calendar/local-date.js';
import { formField } from './form-fields.js';

/** What a person typed in an NHS date input (day, month, year). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePartsCheck = { ok: true; date: LocalDate } | { ok: false; message: string; part: keyof DateParts };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The month as a number: 3, 03, Mar or March. */
function monthNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const index = MONTHS.findIndex((name) => text.length >= 3 && name.startsWith(text.toLowerCase()));
  return index === -1 ? undefined : index + 1;
}

/**
 * The date the parts make, or what is wrong in plain words for the field's error message:
 * `what` names the date ("The closure date"). 30 February is refused, never rolled over.
 */
export function dateFromParts(parts: DateParts, what: string): DatePartsCheck {
  const [day, month, year] = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
  if (!day && !month && !year) return { ok: false, message: `Enter ${what.toLowerCase()}`, part: 'day' };
  const missing = (['day', 'month', 'year'] as const).filter((part) => !{ day, month, year }[part]);
  if (missing.length > 0) return { ok: false, message: `${what} must include a ${missing.join(' and a ')}`, part: missing[0] ?? 'day' };
  const monthNo = monthNumber(month);
  if (!/^\d{1,2}$/.test(day)) return { ok: false, message: `${what} must have a day as a number, such as 6`, part: 'day' };
  if (monthNo === undefined || monthNo < 1 || monthNo > 12)
    return { ok: false, message: `${what} must have a month from 1 to 12, such as 3 for March`, part: 'month' };
  if (!/^\d{4}$/.test(year)) return { ok: false, message: `${what} must have a year with 4 digits, such as 2027`, part: 'year' };
  const date = `${year}-${String(monthNo).padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (isLocalDate(date)) return { ok: true, date };
  const written = `${Number(day)} ${MONTHS[monthNo - 1]?.replace(/^./, (c) => c.toUpperCase())} ${year}`;
  return { ok: false, message: `${written} is not a real date: check the day and the month`, part: 'day' };
}

export const datePartsOf = (request: FastifyRequest, id: string): DateParts => ({
  day: formField(request, `${id}-day`).trim(),
  month: formField(request, `${id}-month`).trim(),
  year: formField(request, `${id}-year`).trim(),
});

/** The date typed, nothing when every part is empty (for a date that may be left out), or what is wrong with it. */
export type DateReading = { date: LocalDate } | { empty: true } | { error: string; part: keyof DateParts };

/** `label` names the date as a sentence starts it: "First day". */
export function readDateParts(parts: DateParts, label: string): DateReading {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return { empty: true };
  const check = dateFromParts(parts, label);
  return check.ok ? { date: check.date } : { error: check.message, part: check.part };
}

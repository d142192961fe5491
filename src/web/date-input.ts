import type { FastifyRequest } from 'fastify';
import { isLocalDate, type LocalDate } from '../calendar/local-date.js';
import { formField } from './form-fields.js';

/** What was typed into an NHS date input (`ID-day`, `ID-month`, `ID-year`), kept as typed to show again on an error. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const datePartsOf = (request: FastifyRequest, id: string): DateParts => ({
  day: formField(request, `${id}-day`).trim(),
  month: formField(request, `${id}-month`).trim(),
  year: formField(request, `${id}-year`).trim(),
});

/** The date typed, nothing when every part is empty, or what is wrong with it in the NHS design system's words. */
export type DateReading = { date: LocalDate } | { empty: true } | { error: string; part: keyof DateParts };

/** `label` names the date as a sentence starts it: "First day". */
export function readDateParts(parts: DateParts, label: string): DateReading {
  const missing = (['day', 'month', 'year'] as const).filter((part) => parts[part] === '');
  if (missing.length === 3) return { empty: true };
  if (missing.length > 0) return { error: `${label} must include a ${missing.join(' and ')}`, part: missing[0] ?? 'day' };
  if (!/^\d{4}$/.test(parts.year)) return { error: 'Year must include 4 numbers', part: 'year' };
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !isLocalDate(iso))
    return { error: `${label} must be a real date`, part: 'day' };
  return { date: iso };
}

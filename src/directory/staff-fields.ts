import { type DateOrder, type Parsed, parseYesNo } from './value-parsers.js';

/** Values of staff lists that other exports do not have: calendar dates and ESR's yes/no flags. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/;
const SLASHED_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)?$/i;
// Oracle's DD-MON-YYYY, which ESR reports write, and `31 March 2027`.
const NAMED_MONTH_DAY = /^(\d{1,2})[-\s]([a-z]{3,9})[-\s](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/i;

function isoDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar date (a leaving date) as `YYYY-MM-DD`, or null for an empty cell. A time written
 * after it is ignored: a date has no time zone to move it across midnight.
 */
export function parseCalendarDate(raw: string, order: DateOrder): Parsed<string | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  const iso = ISO_DAY.exec(text);
  if (iso) return checked(isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3])));
  const named = NAMED_MONTH_DAY.exec(text);
  if (named) {
    const month = MONTHS.indexOf((named[2] as string).slice(0, 3).toLowerCase()) + 1;
    const year = Number(named[3]) + ((named[3] as string).length === 2 ? 2000 : 0);
    return checked(month > 0 ? isoDay(year, month, Number(named[1])) : undefined);
  }
  const slashed = SLASHED_DAY.exec(text);
  if (!slashed) return { ok: false, reason: `is not a date such as ${order === 'en-GB' ? '31/03/2027' : '3/31/2027'} or 2027-03-31` };
  const [first, second, year] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
  const asOrdered = order === 'en-GB' ? isoDay(year, second, first) : isoDay(year, first, second);
  if (asOrdered) return { ok: true, value: asOrdered };
  const other: DateOrder = order === 'en-GB' ? 'en-US' : 'en-GB';
  const asOther = order === 'en-GB' ? isoDay(year, first, second) : isoDay(year, second, first);
  return {
    ok: false,
    reason: asOther
      ? `is not a real date read as ${order}, but is as ${other}: the file may use ${other} dates (see the date-format setting)`
      : 'is not a real date',
  };
}

function checked(day: string | undefined): Parsed<string | null> {
  return day ? { ok: true, value: day } : { ok: false, reason: 'is not a real date' };
}

/** A yes/no cell where an empty cell means "not said", so the default stands. */
export function parseYesNoOr(raw: string, whenEmpty: boolean): Parsed<boolean> {
  return raw.trim() === '' ? { ok: true, value: whenEmpty } : parseYesNo(raw);
}

/** ESR numbers a person's second assignment `12345678-2`: the employee number is the part before the dash. */
export function employeeNumberOfAssignment(assignment: string): string {
  return assignment.trim().replace(/-\d+$/, '');
}

/** A person's name as the row writes it: the full name, else first and last name. */
export function nameAsWritten(person: { displayName?: unknown; firstName?: unknown; lastName?: unknown }): string | null {
  if (person.displayName) return String(person.displayName);
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
  return name === '' ? null : name;
}

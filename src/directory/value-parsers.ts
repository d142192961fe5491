import { londonWallClockInstant } from '../calendar/london-time.js';

/** Parsers for the values administrators' exports hold. Each returns a value or a reason. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/**
 * Exchange sizes: `3.217 GB (3,454,230,118 bytes)` (the bytes in brackets are exact),
 * `6672B`, `512 MB`, a plain number of bytes, or `Unlimited` (null). Units are binary, as
 * Exchange counts them.
 */
export function parseSize(raw: string): Parsed<number | null> {
  const text = raw.trim();
  if (/^unlimited$/i.test(text)) return { ok: true, value: null };
  const bracketed = /\(([\d,. ]+) bytes\)\s*$/i.exec(text);
  if (bracketed) {
    const bytes = Number((bracketed[1] as string).replace(/[,. ]/g, ''));
    if (Number.isSafeInteger(bytes)) return { ok: true, value: bytes };
  }
  const sized = /^(\d+(?:[.,]\d+)?)\s*(b|kb|mb|gb|tb|bytes)?$/i.exec(text.replace(/(\d),(?=\d{3}(?!\d))/g, '$1'));
  if (sized) {
    const unit = (sized[2] ?? 'b').toLowerCase().replace('bytes', 'b');
    const value = Math.round(Number((sized[1] as string).replace(',', '.')) * (UNIT_BYTES[unit] as number));
    if (Number.isSafeInteger(value)) return { ok: true, value };
  }
  return { ok: false, reason: 'is not a size such as "3.2 GB (3,454,230,118 bytes)", "512 MB", "6672B" or "Unlimited"' };
}

export function parseCount(raw: string): Parsed<number> {
  const text = raw.trim().replace(/,/g, '');
  return /^\d+$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, reason: 'is not a whole number' };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

export function parseYesNo(raw: string): Parsed<boolean> {
  const text = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return { ok: true, value: true };
  if (FALSE_WORDS.has(text)) return { ok: true, value: false };
  return { ok: false, reason: 'is not yes or no (also accepted: true/false, y/n, 1/0)' };
}

export type DateOrder = 'en-GB' | 'en-US';

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instant a date and time stand for. Exports write the Exchange server's local time, so a
 * time without an offset is London time; `offsetMinutes` is the offset written with it, if any.
 */
function buildInstant(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  offsetMinutes?: number,
): Date | undefined {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) return undefined;
  if (offsetMinutes !== undefined) return new Date(date.getTime() - offsetMinutes * 60_000);
  return new Date(londonWallClockInstant(year, month, day, hour, minute, second));
}

/** Minutes ahead of UTC of an ISO offset (`Z`, `+01:00`, `-0500`); undefined when none is written. */
function isoOffsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined) return undefined;
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** Reads a date, with or without a time, taking `dd/mm` or `mm/dd` from `order`. ISO dates always work. */
export function parseDateTime(raw: string, order: DateOrder): Parsed<Date> {
  const text = raw.trim();
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, m, d, h, min, s] = iso.slice(0, 7).map((part) => (part === undefined ? undefined : Number(part)));
    const date = buildInstant(y as number, m as number, d as number, h, min, s, isoOffsetMinutes(iso[7]));
    return date ? { ok: true, value: date } : { ok: false, reason: 'is not a real date' };
  }
  const slashed = SLASHED.exec(text);
  if (!slashed) return { ok: false, reason: `is not a date such as ${order === 'en-GB' ? '31/01/2026 14:05' : '1/31/2026 2:05 PM'}` };
  const date = slashedDate(slashed, order);
  if (date) return { ok: true, value: date };
  const other: DateOrder = order === 'en-GB' ? 'en-US' : 'en-GB';
  return {
    ok: false,
    reason: slashedDate(slashed, other)
      ? `is not a real date read as ${order}, but is as ${other}: the file may use ${other} dates (see the date-format setting)`
      : 'is not a real date',
  };
}

function slashedDate(slashed: RegExpExecArray, order: DateOrder): Date | undefined {
  const [first, second, year] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
  const [day, month] = order === 'en-GB' ? [first, second] : [second, first];
  let hour = slashed[4] === undefined ? 0 : Number(slashed[4]);
  const meridiem = slashed[7]?.toLowerCase();
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return buildInstant(year, month, day, hour, Number(slashed[5] ?? 0), Number(slashed[6] ?? 0));
}

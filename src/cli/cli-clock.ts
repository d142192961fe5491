import { isLocalDate } from '../calendar/local-date.js';
import { CommsplanError } from '../shared/errors.js';

type Clock = () => Date;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--now 2027-01-07T09:00:00Z`: a moment with its offset, so it means one instant wherever it runs. */
export function parseNow(text: string): Date {
  const trimmed = text.trim();
  const instant = new Date(trimmed);
  const realTime = ISO_TIME.test(trimmed) && isLocalDate(trimmed.slice(0, 10)) && Number(trimmed.slice(11, 13)) < 24;
  if (!realTime || Number.isNaN(instant.getTime()))
    throw new CommsplanError(
      'invalid-input',
      `--now "${text}" is not a time: write it as ISO 8601 with a zone, such as 2027-01-07T09:00:00Z or 2027-06-07T09:00:00+01:00.`,
      { field: 'now', value: text },
    );
  return instant;
}

/** The global `--now ISO-TIME`: a clock that starts at that time and runs on from there; without it, `real`. */
export function clockFrom(real: Clock, now: string | undefined): Clock {
  if (now === undefined) return real;
  const offset = parseNow(now).getTime() - real().getTime();
  return () => new Date(real().getTime() + offset);
}

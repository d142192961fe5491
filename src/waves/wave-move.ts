import { addDays, daysBetween } from '../calendar/local-date.js';
import type { Wave } from './wave.js';
import { requireDate, validateWave } from './wave-rules.js';

/** Where `waves move` puts a wave: without a new end it keeps its length. Checked as the move would be. */
export function movedWave(wave: Wave, others: readonly Wave[], input: { start: string; end?: string }, programmeStart: string): Wave {
  const start = requireDate(input.start, 'start');
  const end =
    input.end === undefined || input.end.trim() === '' ? addDays(start, daysBetween(wave.start, wave.end)) : requireDate(input.end, 'end');
  const moved = { ...wave, start, end };
  validateWave(
    moved,
    others.filter((other) => other.id !== wave.id),
    programmeStart,
  );
  return moved;
}

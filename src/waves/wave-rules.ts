import { addDays, dayOfWeek, formatDate, isLocalDate, type LocalDate } from '../calendar/local-date.js';
import { CommsplanError } from '../shared/errors.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import type { Wave } from './wave.js';

export interface WaveInput {
  name: string;
  start: LocalDate;
  end: LocalDate;
}

/** A wave given only a start runs to the end of that weekend: the first Sunday on or after it. */
export function defaultWaveEnd(start: LocalDate): LocalDate {
  return addDays(start, (7 - dayOfWeek(start)) % 7);
}

export function nextWaveName(waves: readonly Pick<Wave, 'name'>[]): string {
  const taken = new Set(waves.map((wave) => wave.name.toLowerCase()));
  let number = waves.length + 1;
  while (taken.has(`wave ${number}`)) number += 1;
  return `Wave ${number}`;
}

/** The name a new wave is given: one line of at most 100 characters, or `Wave N` when none is given. */
export function newWaveName(name: string | undefined, waves: readonly Pick<Wave, 'name'>[]): string {
  return requireSingleLineName(name ?? '', { label: 'The wave name', field: 'name', code: 'invalid-wave' }) || nextWaveName(waves);
}

export function requireDate(value: string, field: string): LocalDate {
  const trimmed = value.trim();
  if (isLocalDate(trimmed)) return trimmed;
  throw new CommsplanError('invalid-input', `${field} "${value}" is not a date: write it as YYYY-MM-DD, such as 2027-03-06.`, {
    field,
    value,
  });
}

/** Checks a new or moved wave against the programme and the other waves. */
export function validateWave(wave: WaveInput, others: readonly Wave[], programmeStart: LocalDate): void {
  if (wave.name.trim() === '') {
    throw new CommsplanError('invalid-wave', 'A wave needs a name.', { field: 'name' });
  }
  if (wave.end < wave.start) {
    throw new CommsplanError(
      'invalid-wave',
      `${wave.name} would end (${formatDate(wave.end)}) before it starts (${formatDate(wave.start)}).`,
      {
        field: 'end',
        value: wave.end,
      },
    );
  }
  if (wave.start < programmeStart) {
    throw new CommsplanError(
      'invalid-wave',
      `${wave.name} would start on ${formatDate(wave.start)}, before the programme starts on ${formatDate(programmeStart)}.`,
      { field: 'start', value: wave.start },
    );
  }
  const sameName = others.find((other) => other.name.toLowerCase() === wave.name.toLowerCase());
  if (sameName) {
    throw new CommsplanError('already-exists', `There is already a wave called "${sameName.name}".`, { field: 'name', value: wave.name });
  }
  const clash = others.find((other) => wave.start <= other.end && other.start <= wave.end);
  if (clash) {
    throw new CommsplanError(
      'wave-overlap',
      `${wave.name} (${formatDate(wave.start)} to ${formatDate(wave.end)}) would overlap ${clash.name} (${formatDate(clash.start)} to ${formatDate(clash.end)}).`,
      { field: 'start', value: wave.start, overlaps: clash.name },
    );
  }
}

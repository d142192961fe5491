import type { LocalDate } from '../calendar/local-date.js';

/** A span of days, usually a weekend, in which one group of staff moves. */
export interface Wave {
  id: number;
  name: string;
  start: LocalDate;
  end: LocalDate;
  /** How many people it can move; undefined when the wave has no capacity of its own. */
  capacity?: number;
  /** How many GB of mail it can move; undefined when the wave has no limit of its own. */
  capacityGb?: number;
}

/** Whether the wave of this name has started by `today`; false for no wave or a name no wave has. */
export function hasStarted(waves: readonly Pick<Wave, 'name' | 'start'>[], name: string | null | undefined, today: LocalDate): boolean {
  const wave = waveNamed(waves, name);
  return wave !== undefined && wave.start <= today;
}

/** The wave of this name, whatever its case and the spaces around it, or undefined. */
export function waveNamed<W extends Pick<Wave, 'name'>>(waves: readonly W[], name: string | null | undefined): W | undefined {
  const wanted = (name ?? '').trim().toLowerCase();
  return wanted ? waves.find((wave) => wave.name.toLowerCase() === wanted) : undefined;
}

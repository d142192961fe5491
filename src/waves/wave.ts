import type { LocalDate } from '../calendar/local-date.js';

/** A span of days, usually a weekend, in which one group of staff moves. */
export interface Wave {
  id: number;
  name: string;
  start: LocalDate;
  end: LocalDate;
  /** How many people it can move; undefined when the wave has no capacity of its own. */
  capacity?: number;
}

import { formatLongDate, formatLongDateSpan, type LocalDate } from '../calendar/local-date.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.js';
import type { Wave } from '../waves/wave.js';

/**
 * What happens next for someone whose move failed, as the failed-migration email tells it:
 * - `later-wave`: they are now in a wave still to come (carried over, or moved on the staff list);
 * - `helpdesk`: their move failed twice (they are not carried over again), or no wave is left;
 * - `undecided`: a wave is still to come but they have not been carried over into one yet, so
 *   the email cannot say which (it waits: `results/occurrence-holds.ts`).
 */
export type FailedMoveRoute =
  | { kind: 'later-wave'; wave: Wave }
  | { kind: 'helpdesk'; because: 'failed-twice' | 'no-wave-left' }
  | { kind: 'undecided' };

const sameName = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.toLowerCase();

/** The waves someone whose move failed in `failedIn` could still be carried over into. */
export function wavesStillAhead(waves: readonly Wave[], failedIn: Wave | undefined, today: LocalDate): Wave[] {
  return waves.filter((wave) => wave.start > today && (!failedIn || wave.start > failedIn.end));
}

export function failedMoveRoute(
  person: { wave: string | null; result_wave?: string | null },
  failedTwice: boolean,
  waves: readonly Wave[],
  today: LocalDate,
): FailedMoveRoute {
  if (failedTwice) return { kind: 'helpdesk', because: 'failed-twice' };
  const failedIn = waves.find((wave) => sameName(person.result_wave ?? person.wave, wave.name));
  const ahead = wavesStillAhead(waves, failedIn, today);
  const now = ahead.find((wave) => sameName(person.wave, wave.name));
  if (now) return { kind: 'later-wave', wave: now };
  return ahead.length === 0 ? { kind: 'helpdesk', because: 'no-wave-left' } : { kind: 'undecided' };
}

/** The placeholders the failed-migration email says what happens next with. */
export const FAILED_MOVE_FIELDS = [
  'moves in a later wave',
  'helpdesk takes over',
  'new wave name',
  'new wave dates',
  'new wave return date',
  'failed twice',
] as const;

/**
 * The failed-migration fields for one person: the switches of its optional text (the second
 * failure among them) and, for a
 * later wave, that wave's name and dates. An undecided person has none, so their email cannot be
 * made until they are carried over.
 */
export function failedMoveFields(route: FailedMoveRoute, calendar: WorkingCalendar): Record<string, string | undefined> {
  if (route.kind === 'undecided') return {};
  if (route.kind === 'helpdesk')
    return { 'moves in a later wave': 'no', 'helpdesk takes over': 'yes', 'failed twice': route.because === 'failed-twice' ? 'yes' : 'no' };
  const { wave } = route;
  return {
    'moves in a later wave': 'yes',
    'helpdesk takes over': 'no',
    'failed twice': 'no',
    'new wave name': wave.name,
    'new wave dates': formatLongDateSpan(wave),
    'new wave return date': formatLongDate(addWorkingDays(calendar, wave.end, 1)),
  };
}

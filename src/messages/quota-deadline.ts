import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.js';
import type { Wave } from '../waves/wave.js';

/** How a person's mailbox clean-up deadline is worked out (docs/directory-and-audiences.md, "Clean-up deadline"). */
export interface QuotaDeadlineRule {
  /** `quota-deadline`: one date for everyone whose wave starts after it. */
  fixed?: LocalDate;
  /** `quota-deadline-days-before-wave`: otherwise, this many working days before the wave starts. */
  workingDaysBefore: number;
}

export const DEFAULT_DAYS_BEFORE_WAVE = 5;

export function quotaDeadlineRule(settings: Readonly<Record<string, string>>): QuotaDeadlineRule {
  const days = Number.parseInt(settings['quota-deadline-days-before-wave'] ?? '', 10);
  return {
    fixed: settings['quota-deadline'] || undefined,
    workingDaysBefore: Number.isFinite(days) && days >= 0 ? days : DEFAULT_DAYS_BEFORE_WAVE,
  };
}

/** Whether the fixed date is the one a wave's people are given: it is set and comes before the wave starts. */
export function fixedDeadlineApplies(rule: QuotaDeadlineRule, wave: Pick<Wave, 'start'>): boolean {
  return rule.fixed !== undefined && rule.fixed < wave.start;
}

/** The clean-up deadline of a wave's people: the fixed date when it is before the wave, else the working days before it. */
export function waveQuotaDeadline(rule: QuotaDeadlineRule, wave: Pick<Wave, 'start'>, calendar: WorkingCalendar): LocalDate {
  if (fixedDeadlineApplies(rule, wave)) return rule.fixed as LocalDate;
  return addWorkingDays(calendar, wave.start, -rule.workingDaysBefore);
}

const sorted = (waves: readonly Wave[]) => [...waves].sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name));

/** Waves in start order, each with its people's clean-up deadline. */
export function waveQuotaDeadlines(
  rule: QuotaDeadlineRule,
  waves: readonly Wave[],
  calendar: WorkingCalendar,
): { wave: Wave; deadline: LocalDate }[] {
  return sorted(waves).map((wave) => ({ wave, deadline: waveQuotaDeadline(rule, wave, calendar) }));
}

function joinWithAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** Waves listed one by one in an email to everyone; beyond this, the first and the rule for the rest. */
const WAVES_LISTED = 4;

/**
 * `((quota deadline))` in an email that is not for one wave's people (to all staff, or to someone
 * with no wave): one date when every wave has the same, else each wave's, or the first wave's and
 * the rule for the later ones. Reads after "by": "by Friday 19 February 2027 for Wave 1, and 5
 * working days before the start of each later wave". Undefined while there is no wave and no date.
 */
export function everyoneQuotaDeadline(rule: QuotaDeadlineRule, waves: readonly Wave[], calendar: WorkingCalendar): string | undefined {
  const deadlines = waveQuotaDeadlines(rule, waves, calendar);
  const first = deadlines[0];
  if (!first) return rule.fixed ? formatLongDate(rule.fixed) : undefined;
  if (deadlines.every(({ deadline }) => deadline === first.deadline)) return formatLongDate(first.deadline);
  const each = deadlines.map(({ wave, deadline }) => `${formatLongDate(deadline)} for ${wave.name}`);
  const restByRule = deadlines.slice(1).every(({ wave }) => !fixedDeadlineApplies(rule, wave));
  if (deadlines.length <= WAVES_LISTED || !restByRule) return joinWithAnd(each);
  const days = rule.workingDaysBefore;
  return `${each[0]}, and ${days} working day${days === 1 ? '' : 's'} before the start of each later wave`;
}

/** `((quota deadline))` for one person: their wave's deadline, or undefined when they have no wave the plan knows. */
export function personQuotaDeadline(
  rule: QuotaDeadlineRule,
  wave: Pick<Wave, 'start'> | undefined,
  calendar: WorkingCalendar,
): string | undefined {
  return wave ? formatLongDate(waveQuotaDeadline(rule, wave, calendar)) : undefined;
}

import { daysBetween, formatLongDate, formatLongDateSpan, type LocalDate } from '../calendar/local-date.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.js';
import { placeholderNameOf, SETTING_CATALOGUE } from '../settings/setting-catalogue.js';
import type { Wave } from '../waves/wave.js';
import { everyoneQuotaDeadline, quotaDeadlineRule } from './quota-deadline.js';

/** Filled per recipient at send time from directory data. */
export const PERSONAL_FIELDS = [
  'first name',
  'last name',
  'email address',
  'nhsmail address',
  'local mailbox size',
  'nhsmail size',
  'combined size',
  'quota',
  'nearing quota size',
  'amount to remove',
  'nhsmail over quota',
  'shared mailboxes',
  'shared mailbox owners',
  'shared mailboxes over limit',
  'owned shared mailboxes',
  'owned mailboxes over limit',
  'distribution lists',
] as const;

/** Filled per wave, for activities that happen once per wave. */
export const WAVE_FIELDS = ['wave name', 'wave start', 'wave end', 'wave return date'] as const;

/**
 * Filled per person from the wave the staff list names, in emails not tied to a wave: their own
 * wave and its dates, or an empty `your wave` (so optional text about it is left out) for an email
 * to the all-staff list and for someone with no wave the plan knows.
 */
export const OWN_WAVE_FIELDS = ['your wave', 'your wave dates'] as const;

/** Filled from the programme's dates. */
export const PLAN_FIELDS = ['programme start', 'first wave date', 'last wave date', 'wave list', 'wave timeline'] as const;

function yesNoFields(): string[] {
  return SETTING_CATALOGUE.filter((s) => s.type === 'yes-no').map((s) => `not ${placeholderNameOf(s.key)}`);
}

export const SETTING_FIELDS: readonly string[] = [...SETTING_CATALOGUE.map((setting) => placeholderNameOf(setting.key)), ...yesNoFields()];

/** Setting values under their placeholder names; dates read as `Friday 5 March 2027`. */
export function settingFields(settings: Readonly<Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const setting of SETTING_CATALOGUE) {
    const value = settings[setting.key];
    if (value === undefined) continue;
    const name = placeholderNameOf(setting.key);
    fields[name] = setting.type === 'date' ? formatLongDate(value) : value;
    if (setting.type === 'yes-no') fields[`not ${name}`] = value === 'yes' ? 'no' : 'yes';
  }
  return fields;
}

/** Every wave on one line, in date order: `Wave 1, Saturday 13 March 2027 to Sunday 14 March 2027; Wave 2, ...`. */
export function waveList(waves: readonly Wave[]): string {
  return [...waves]
    .sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name))
    .map((wave) => `${wave.name}, ${formatLongDateSpan(wave)}`)
    .join('; ');
}

/**
 * The waves still to come on `today` (every wave with no day given), one a line in date order,
 * for a list: `Wave 1: Saturday 13 and Sunday 14 March 2027`. Empty, a known value, when none is left.
 */
export function waveTimeline(waves: readonly Wave[], today?: LocalDate): string {
  return [...waves]
    .filter((wave) => today === undefined || wave.end >= today)
    .sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name))
    .map((wave) => `${wave.name}: ${waveDates(wave)}`)
    .join('\n');
}

/**
 * What every message of a workspace shares: its settings, the programme's dates from its waves,
 * and the clean-up deadline as it reads to everyone (each person's own is stored with their message).
 * `today`, when the message goes, leaves the waves already over out of `((wave timeline))`.
 */
export function workspaceFields(
  workspace: {
    settings: Readonly<Record<string, string>>;
    organisation: { programmeStart: LocalDate };
    waves: readonly Wave[];
    calendar: WorkingCalendar;
  },
  today?: LocalDate,
): Record<string, string> {
  return {
    ...settingFields(workspace.settings),
    ...planFields(workspace.organisation.programmeStart, workspace.waves, today),
    ...everyoneQuotaDeadlineField(workspace.settings, workspace.waves, workspace.calendar),
  };
}

/** `((quota deadline))` for an email to everyone, when there is one to give. */
export function everyoneQuotaDeadlineField(
  settings: Readonly<Record<string, string>>,
  waves: readonly Wave[],
  calendar: WorkingCalendar,
): Record<string, string> {
  const deadline = everyoneQuotaDeadline(quotaDeadlineRule(settings), waves, calendar);
  return deadline ? { 'quota deadline': deadline } : {};
}

/** The programme's dates; `today`, when given, leaves the waves already over out of the timeline. */
export function planFields(programmeStart: LocalDate, waves: readonly Wave[], today?: LocalDate): Record<string, string> {
  const starts = waves.map((wave) => wave.start).sort();
  const ends = waves.map((wave) => wave.end).sort();
  const fields: Record<string, string> = { 'programme start': formatLongDate(programmeStart) };
  if (starts[0]) fields['first wave date'] = formatLongDate(starts[0]);
  if (ends.length) fields['last wave date'] = formatLongDate(ends[ends.length - 1] as string);
  // With no waves the list is known to be empty: optional content `((wave list??...))` is left out
  // without blocking the email, while a plain `((wave list))` still counts as missing.
  fields['wave list'] = waveList(waves);
  fields['wave timeline'] = waveTimeline(waves, today);
  return fields;
}

export function waveFields(wave: Wave, calendar: WorkingCalendar): Record<string, string> {
  return {
    'wave name': wave.name,
    'wave start': formatLongDate(wave.start),
    'wave end': formatLongDate(wave.end),
    'wave return date': formatLongDate(addWorkingDays(calendar, wave.end, 1)),
  };
}

/** A wave's days as a sentence reads them: `Saturday 27 and Sunday 28 February 2027`, `Monday 1 to Friday 5 March 2027`. */
export function waveDates(wave: Pick<Wave, 'start' | 'end'>): string {
  const end = formatLongDate(wave.end);
  if (wave.end === wave.start) return end;
  const [day, date, month, year] = formatLongDate(wave.start).split(' ');
  const [, , endMonth, endYear] = end.split(' ');
  const join = daysBetween(wave.start, wave.end) === 1 ? 'and' : 'to';
  const start = year !== endYear ? `${day} ${date} ${month} ${year}` : month !== endMonth ? `${day} ${date} ${month}` : `${day} ${date}`;
  return `${start} ${join} ${end}`;
}

/** `((your wave))` and `((your wave dates))` for someone in `wave`, or the empty switch for no wave. */
export function ownWaveFields(wave: Pick<Wave, 'name' | 'start' | 'end'> | undefined): Record<string, string> {
  return wave ? { 'your wave': wave.name, 'your wave dates': waveDates(wave) } : { 'your wave': '' };
}

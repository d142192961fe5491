import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { fixedDeadlineApplies, type QuotaDeadlineRule, quotaDeadlineRule, waveQuotaDeadline } from '../messages/quota-deadline.js';
import { placeholderNameOf, SETTING_CATALOGUE } from '../settings/setting-catalogue.js';
import type { Wave } from '../waves/wave.js';
import { type Finding, type FixPlace, isOpen } from './finding.js';
import { isStillToCome } from './occurrence-progress.js';
import { type Occurrence, sortWaves } from './timeline.js';
import type { Workspace } from './workspace.js';

/**
 * `check` reads the dates an email would state as something to do by, and warns when one is
 * already past on the day the email goes: a clean-up deadline (each wave's, or the fixed one) and
 * any date setting a template names. Dates an email states as history ("since ...") are not read.
 */

interface StatedDate {
  date: LocalDate;
  /** Whose email says it: a wave's people, or everyone it goes to. */
  who: string;
  /** What to change so it is not past, given the day the email goes: with the CLI's commands, and in plain words. */
  fix: (sendDate: LocalDate) => { cli: string; words: string };
  /** Where the web fixes it. */
  fixAt: FixPlace;
}

const QUOTA_DEADLINE = 'quota deadline';
const DATE_SETTINGS = SETTING_CATALOGUE.filter((setting) => setting.type === 'date' && setting.key !== 'quota-deadline');

function deadlineFix(rule: QuotaDeadlineRule, wave: Wave, fixed: boolean): StatedDate['fix'] {
  if (fixed)
    return (sendDate) => ({
      cli: `Set quota-deadline to a date from ${formatLongDate(sendDate)} on (commsplan settings set quota-deadline YYYY-MM-DD), or clear it (commsplan settings clear quota-deadline) so each wave's people are given a deadline ${rule.workingDaysBefore} working days before their wave starts.`,
      words: `Set the mailbox clean-up deadline to a date from ${formatLongDate(sendDate)} on, or clear it so each wave's people are given a deadline ${rule.workingDaysBefore} working days before their wave starts.`,
    });
  return () => ({
    cli: `Count fewer working days before each wave (commsplan settings set quota-deadline-days-before-wave N, now ${rule.workingDaysBefore}), or give ${wave.name} a later start (commsplan waves move "${wave.name}" --start YYYY-MM-DD).`,
    words: `Count fewer working days before each wave (now ${rule.workingDaysBefore}), or give ${wave.name} a later start.`,
  });
}

const deadlinePlace = (fixed: boolean): FixPlace =>
  fixed
    ? { kind: 'setting', setting: 'quota-deadline', label: 'the mailbox clean-up deadline' }
    : { kind: 'setting', setting: 'quota-deadline-days-before-wave', label: 'the working days before each wave' };

/** The clean-up deadlines an occurrence's email gives: its wave's, or every wave's when it is not for one wave. */
function quotaDeadlinesStated(workspace: Workspace, occurrence: Occurrence): StatedDate[] {
  const rule = quotaDeadlineRule(workspace.settings);
  const waves = occurrence.wave ? workspace.waves.filter((wave) => wave.id === occurrence.wave?.id) : sortWaves(workspace.waves);
  return waves.map((wave) => {
    const fixed = fixedDeadlineApplies(rule, wave);
    return {
      date: waveQuotaDeadline(rule, wave, workspace.calendar),
      who: wave.name,
      fix: deadlineFix(rule, wave, fixed),
      fixAt: deadlinePlace(fixed),
    };
  });
}

function settingDatesStated(workspace: Workspace, used: ReadonlySet<string>): StatedDate[] {
  return DATE_SETTINGS.filter((setting) => used.has(placeholderNameOf(setting.key)) && workspace.settings[setting.key]).map((setting) => ({
    date: workspace.settings[setting.key] as LocalDate,
    who: 'everyone',
    fix: (sendDate) => ({
      cli: `Set ${setting.key} to a date from ${formatLongDate(sendDate)} on (commsplan settings set ${setting.key} YYYY-MM-DD).`,
      words: `Set “${setting.label}” to a date from ${formatLongDate(sendDate)} on.`,
    }),
    fixAt: { kind: 'setting' as const, setting: setting.key, label: setting.label },
  }));
}

function placeholdersOf(workspace: Workspace, templateIds: readonly string[]): Set<string> {
  const templates = templateIds.map((id) => workspace.templates.find((template) => template.id === id));
  return new Set(templates.flatMap((template) => (template ? placeholdersIn(`${template.subject}\n${template.body}`) : [])));
}

/** One finding per occurrence and date: "by Friday 12 February 2027 (Wave 1, Wave 2)", with what to change. */
function findingsFor(occurrence: Occurrence, past: readonly StatedDate[]): Finding[] {
  const byDate = new Map<LocalDate, StatedDate[]>();
  for (const stated of past) byDate.set(stated.date, [...(byDate.get(stated.date) ?? []), stated]);
  const what = `${occurrence.activityId}${occurrence.wave ? ` for ${occurrence.wave.name}` : ''}`;
  return [...byDate].map(([date, stated]) => {
    const who = stated.map((s) => s.who).join(', ');
    const fixes = stated.map((s) => s.fix(occurrence.date));
    const cli = [...new Set(fixes.map((f) => f.cli))];
    const words = [...new Set(fixes.map((f) => f.words))];
    const asked = `would ask people to act by ${formatLongDate(date)} (${who}), which is past by then.`;
    return {
      severity: 'warning' as const,
      code: 'email-date-past',
      activityId: occurrence.activityId,
      wave: occurrence.wave?.name,
      message: `${what} goes on ${formatLongDate(occurrence.date)} and ${asked} ${cli.join(' ')}`,
      problem: `${occurrence.title}${occurrence.wave ? ` — ${occurrence.wave.name}` : ''} goes on ${formatLongDate(occurrence.date)} and ${asked} ${words.join(' ')}`,
      fixAt: (stated[0] as StatedDate).fixAt,
    };
  });
}

export function pastDateFindings(workspace: Workspace): Finding[] {
  return workspace.timeline.flatMap((occurrence) => {
    const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
    if (!activity || !isOpen(activity) || !isStillToCome(workspace.progress, activity, occurrence)) return [];
    const used = placeholdersOf(workspace, activity.templateIds);
    const stated = [
      ...(used.has(QUOTA_DEADLINE) ? quotaDeadlinesStated(workspace, occurrence) : []),
      ...settingDatesStated(workspace, used),
    ];
    return findingsFor(
      occurrence,
      stated.filter((s) => s.date < occurrence.date),
    );
  });
}

import { AUDIENCE_LABELS, perWaveAudience } from '../audiences/audience-names.js';
import { BUILTIN_AUDIENCES } from '../audiences/builtin-audiences.js';
import { addDays, formatDate, type LocalDate } from '../calendar/local-date.js';
import { BANK_HOLIDAY_YEARS } from '../calendar/uk-bank-holidays.js';
import { unknownAmong } from '../messages/known-placeholders.js';
import { placeholderNameOf } from '../settings/setting-catalogue.js';
import { settingStates } from '../settings/settings.js';
import { bounceFindings } from './check-bounces.js';
import { dataFindings } from './check-data.js';
import { ownerListFindings, thisWeekendFindings } from './check-email-claims.js';
import { pastDateFindings } from './check-email-dates.js';
import { lostLetterFindings } from './check-lost-letters.js';
import { pastOccurrenceFindings, unapprovedSoonFindings } from './check-occurrences.js';
import { taskOwnerFindings } from './check-tasks.js';
import { type Finding, isOpen } from './finding.js';
import { isStillToCome } from './occurrence-progress.js';
import { placeholdersByTemplate } from './template-placeholders.js';
import { sortWaves } from './timeline.js';
import type { Workspace } from './workspace.js';

type TemplatePlaceholders = ReadonlyMap<string, readonly string[]>;

function settingFindings(workspace: Workspace, placeholders: TemplatePlaceholders): Finding[] {
  const findings: Finding[] = [];
  for (const state of settingStates(workspace.settingValues)) {
    if (state.filled || state.optional) continue;
    const name = placeholderNameOf(state.key);
    const users = workspace.activities
      .filter(isOpen)
      .flatMap((activity) =>
        activity.templateIds
          .filter((id) => placeholders.get(id)?.some((p) => p === name || p === `not ${name}`))
          .map((id) => `${activity.id} (template ${id})`),
      );
    const usedBy = users.length ? ` It is used by ${users.join(', ')}.` : '';
    const usedByTitles = [
      ...new Set(
        workspace.activities
          .filter(
            (activity) =>
              isOpen(activity) && activity.templateIds.some((id) => placeholders.get(id)?.some((p) => p === name || p === `not ${name}`)),
          )
          .map((activity) => activity.title),
      ),
    ];
    findings.push({
      severity: 'blocker',
      code: 'setting-unfilled',
      setting: state.key,
      message: `Setting ${state.key} (${state.label}) is not filled.${usedBy} Fill it with: commsplan settings set ${state.key} VALUE`,
      problem: `The setting “${state.label}” is not filled.${usedByTitles.length ? ` ${usedByTitles.join(', ')} ${usedByTitles.length === 1 ? 'uses' : 'use'} it.` : ''}`,
      fixAt: { kind: 'setting', setting: state.key, label: state.label },
    });
  }
  return findings;
}

function templateFindings(workspace: Workspace, placeholders: TemplatePlaceholders): Finding[] {
  const findings: Finding[] = [];
  for (const activity of workspace.activities.filter(isOpen)) {
    for (const templateId of activity.templateIds) {
      const used = placeholders.get(templateId);
      if (!used) {
        findings.push({
          severity: 'blocker',
          code: 'template-missing',
          activityId: activity.id,
          templateId,
          message: `Activity ${activity.id} sends template ${templateId}, which does not exist.`,
        });
        continue;
      }
      const unknown = unknownAmong(used, activity.timing.kind === 'wave');
      if (unknown.length) {
        findings.push({
          severity: 'blocker',
          code: 'placeholder-unknown',
          activityId: activity.id,
          templateId,
          message: `Template ${templateId} of activity ${activity.id} uses ${unknown.map((n) => `((${n}))`).join(', ')}, which nothing can fill.`,
        });
      }
    }
  }
  return findings;
}

/** Audiences an activity may name besides the organisation's own: the built-ins and each wave's. */
const PLAN_AUDIENCES = new Set([...BUILTIN_AUDIENCES.map((audience) => audience.name), ...Object.keys(AUDIENCE_LABELS)]);

function audienceFindings(workspace: Workspace): Finding[] {
  const known = new Set([...PLAN_AUDIENCES, ...workspace.customAudiences]);
  return workspace.activities.filter(isOpen).flatMap((activity) =>
    activity.audiences
      .filter((audience) => !known.has(audience) && !perWaveAudience(audience))
      .map((audience) => ({
        severity: 'blocker' as const,
        code: 'audience-unknown',
        activityId: activity.id,
        message: `Activity ${activity.id} is for the audience "${audience}", which does not exist. Add it with: commsplan audiences add ${audience} --filter "..."`,
        problem: `${activity.title} is for the audience “${audience}”, which does not exist. Add it on the audiences page.`,
        fixAt: { kind: 'audiences' as const },
      })),
  );
}

function ownerFindings(workspace: Workspace): Finding[] {
  return workspace.activities
    .filter((activity) => isOpen(activity) && !activity.owner)
    .map((activity) => ({
      severity: 'blocker' as const,
      code: 'owner-missing',
      activityId: activity.id,
      message: `Activity ${activity.id} (${activity.title}) has no owner. Set one with: commsplan activity set ${activity.id} --owner "NAME"`,
      problem: `${activity.title} has no owner. Give it one on its page.`,
      fixAt: { kind: 'activity' as const, activityId: activity.id, title: activity.title },
    }));
}

/** An occurrence whose email went and whose task is closed blocks nothing still to come. */
function stillToCome(workspace: Workspace, occurrence: Workspace['timeline'][number]): boolean {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  return activity !== undefined && isStillToCome(workspace.progress, activity, occurrence);
}

function dateFindings(workspace: Workspace): Finding[] {
  const findings: Finding[] = [];
  const open = new Set(workspace.activities.filter(isOpen).map((activity) => activity.id));
  for (const occurrence of workspace.timeline) {
    if (!open.has(occurrence.activityId)) continue;
    if (!stillToCome(workspace, occurrence)) continue;
    const what = `${occurrence.activityId}${occurrence.wave ? ` for ${occurrence.wave.name}` : ''}`;
    const closed = workspace.calendar.closureReason(occurrence.date);
    if (closed) {
      findings.push({
        severity: 'blocker',
        code: 'date-not-working-day',
        activityId: occurrence.activityId,
        wave: occurrence.wave?.name,
        message: `${what} falls on ${formatDate(occurrence.date)}, which is not a working day (${closed}).`,
      });
    }
    const year = Number(occurrence.date.slice(0, 4));
    if (year < BANK_HOLIDAY_YEARS.first || year > BANK_HOLIDAY_YEARS.last) {
      findings.push({
        severity: 'warning',
        code: 'bank-holidays-unknown',
        activityId: occurrence.activityId,
        message: `${what} is dated ${formatDate(occurrence.date)}; commsplan only knows bank holidays from ${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}, so add that year's closures yourself.`,
      });
    }
  }
  return findings;
}

/** The bank holidays and closure days from the working day before a wave to the one after it. */
function holidaysBeside(workspace: Workspace, wave: { start: string; end: string }): string[] {
  const days: string[] = [];
  for (let day = addDays(wave.start, -1); day <= addDays(wave.end, 1); day = addDays(day, 1)) {
    const reason = workspace.calendar.closureReason(day);
    if (reason && reason !== 'weekend') days.push(`${reason} on ${formatDate(day)}`);
  }
  return days;
}

function waveFindings(workspace: Workspace): Finding[] {
  const findings: Finding[] = [];
  const waves = sortWaves(workspace.waves);
  if (waves.length === 0) {
    return [
      {
        severity: 'blocker',
        code: 'no-waves',
        message:
          'The plan has no waves yet, so reminders, welcome emails and the closing email cannot be dated. Add one with: commsplan waves add --start YYYY-MM-DD',
        problem:
          'The plan has no waves yet, so reminders, welcome emails and the closing email cannot be dated. Add one on the waves page.',
        fixAt: { kind: 'waves' },
      },
    ];
  }
  waves.forEach((wave, index) => {
    const next = waves[index + 1];
    if (next && next.start <= wave.end) {
      findings.push({ severity: 'blocker', code: 'waves-overlap', wave: wave.name, message: `${wave.name} and ${next.name} overlap.` });
    }
    const holidays = holidaysBeside(workspace, wave);
    if (holidays.length > 0)
      findings.push({
        severity: 'warning',
        code: 'wave-on-holiday',
        wave: wave.name,
        message: `${wave.name} (${formatDate(wave.start)} to ${formatDate(wave.end)}) is on a bank-holiday or closure weekend: ${holidays.join(', ')}. Staff and the helpdesk may be away around the move; move the wave if that is not meant (commsplan waves move "${wave.name}" --start YYYY-MM-DD).`,
        problem: `${wave.name} (${formatDate(wave.start)} to ${formatDate(wave.end)}) is on a bank-holiday or closure weekend: ${holidays.join(', ')}. Staff and the helpdesk may be away around the move; move the wave if that is not meant.`,
        fixAt: { kind: 'wave-move', waveId: wave.id, wave: wave.name },
      });
  });
  const start = workspace.organisation.programmeStart;
  for (const occurrence of workspace.timeline) {
    if (occurrence.wave && occurrence.date < start) {
      findings.push({
        severity: 'blocker',
        code: 'wave-too-early',
        wave: occurrence.wave.name,
        activityId: occurrence.activityId,
        message: `${occurrence.wave.name} starts too soon after the programme start: its ${occurrence.activityId} would be due on ${formatDate(occurrence.date)}, before the programme starts on ${formatDate(start)}.`,
      });
    }
  }
  const first = waves[0];
  const firstActions = workspace.timeline.find((o) => o.phase === 'actions-required' && !o.wave);
  if (first && firstActions && firstActions.date >= first.start) {
    findings.push({
      severity: 'blocker',
      code: 'wave-before-actions',
      wave: first.name,
      message: `${first.name} starts on ${formatDate(first.start)}, before staff are told what to do (${firstActions.activityId}, ${formatDate(firstActions.date)}).`,
    });
  }
  return findings;
}

/**
 * A fixed clean-up deadline is given to the people of the waves that start after it (the others
 * get their wave's own: docs/directory-and-audiences.md, "Clean-up deadline"); an email sent on the
 * deadline leaves no time to act. Emails sent after it are `email-date-past` (check-email-dates.ts).
 */
function quotaFindings(workspace: Workspace): Finding[] {
  const deadline = workspace.settings['quota-deadline'];
  const findings: Finding[] = [];
  if (!deadline) return findings;
  const startingFirst = sortWaves(workspace.waves).filter((wave) => wave.start <= deadline);
  if (startingFirst.length) {
    const names = startingFirst.map((wave) => wave.name).join(', ');
    const first = startingFirst[0] as Workspace['waves'][number];
    findings.push({
      severity: 'warning',
      code: 'quota-deadline-late',
      setting: 'quota-deadline',
      message: `The mailbox clean-up deadline (${formatDate(deadline)}) is not before ${names} starts, so their people are given their wave's own deadline instead (quota-deadline-days-before-wave working days before it starts). To give everyone one date, set quota-deadline to a date before ${first.name} starts (${formatDate(first.start)}).`,
    });
  }
  for (const activityId of ['over-quota', 'nearing-quota']) {
    const warning = workspace.timeline.find((o) => o.activityId === activityId);
    if (warning && warning.date === deadline) {
      findings.push({
        severity: 'warning',
        code: 'quota-warning-late',
        setting: 'quota-deadline',
        activityId,
        message: `The ${activityId} email goes out on ${formatDate(warning.date)}, the day of the clean-up deadline itself, which leaves no time to act. Set quota-deadline to a later date.`,
      });
    }
  }
  return findings;
}

/** Everything that stands in the way of the plan running as written, blockers first. */
export function checkPlan(workspace: Workspace, today: LocalDate): Finding[] {
  const placeholders = placeholdersByTemplate(workspace.templates);
  const findings = [
    ...settingFindings(workspace, placeholders),
    ...templateFindings(workspace, placeholders),
    ...ownerFindings(workspace),
    ...taskOwnerFindings(workspace),
    ...audienceFindings(workspace),
    ...waveFindings(workspace),
    ...quotaFindings(workspace),
    ...ownerListFindings(workspace),
    ...thisWeekendFindings(workspace),
    ...pastDateFindings(workspace),
    ...dateFindings(workspace),
    ...pastOccurrenceFindings(workspace, today),
    ...unapprovedSoonFindings(workspace, today),
    ...bounceFindings(workspace),
    ...lostLetterFindings(workspace),
    ...dataFindings(workspace, today),
  ];
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'blocker' ? -1 : 1));
}

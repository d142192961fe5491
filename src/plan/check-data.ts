import { type AudienceData, dataProblems, sourcesOfFilter, webImportHint } from '../audiences/audience-data.js';
import { audienceForWave, isWaveResultsAudience } from '../audiences/audience-names.js';
import { standardSourcesOf } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { addDays, formatDate, type LocalDate } from '../calendar/local-date.js';
import { type Finding, isOpen } from './finding.js';
import type { Occurrence } from './timeline.js';
import type { Workspace } from './workspace.js';

/** How far ahead `check` looks for emails that old or missing data would spoil. */
export const DATA_LOOKAHEAD_DAYS = 28;

const toAllStaffList = (occurrence: Occurrence) => occurrence.channels.includes('all-staff-email');

const describe = (occurrence: Occurrence) =>
  `${occurrence.activityId}${occurrence.wave ? ` for ${occurrence.wave.name}` : ''} (due ${formatDate(occurrence.date)})`;

/** Emails that still go to all staff as one message while the all-staff list is not set: none can be approved. */
function allStaffAddressFindings(workspace: Workspace, today: LocalDate): Finding[] {
  if (workspace.typedSettings.allStaffAddress) return [];
  const activityIds = new Set(workspace.timeline.filter((o) => toAllStaffList(o) && o.date >= today).map((o) => o.activityId));
  return workspace.activities
    .filter((activity) => activityIds.has(activity.id) && isOpen(activity) && activity.templateIds.length > 0)
    .map((activity) => ({
      severity: 'blocker' as const,
      code: 'all-staff-address-missing',
      activityId: activity.id,
      setting: 'all-staff-address',
      message: `Activity ${activity.id} (${activity.title}) goes to all staff as one message to the all-staff distribution list, which is not set, so it cannot be approved. Set it with: commsplan settings set all-staff-address ADDRESS`,
      problem: `${activity.title} goes to all staff as one message to the all-staff distribution list, which is not set, so it cannot be approved.`,
      fixAt: { kind: 'setting' as const, setting: 'all-staff-address', label: 'the all-staff distribution list' },
    }));
}

/** The audiences of an occurrence with the imports each is worked out from; an unknown one is `check`'s audience finding. */
function audiencesOf(workspace: Workspace, occurrence: Occurrence): AudienceData[] {
  return occurrence.audiences.flatMap((audience) => {
    const name = audienceForWave(audience, occurrence.wave?.name ?? '');
    const standard = standardSourcesOf(name);
    if (standard) return [{ name, sources: standard }];
    const rule = workspace.customAudienceRules[name];
    if (rule === undefined) return [];
    try {
      return [{ name, sources: sourcesOfFilter(parseFilter(rule)) }];
    } catch {
      return [];
    }
  });
}

/**
 * Emails due in the next weeks, still to send, whose audience is worked out from data never
 * imported or older than `data-max-age-days` by the day they go: approving and sending them will
 * stop and ask for `--anyway` unless the data is imported again first.
 */
function upcomingDataFindings(workspace: Workspace, today: LocalDate): Finding[] {
  const open = new Set(workspace.activities.filter((a) => isOpen(a) && a.templateIds.length > 0).map((a) => a.id));
  const until = addDays(today, DATA_LOOKAHEAD_DAYS);
  return (
    workspace.timeline
      // A wave's results come only after the wave, so an email to the people they name waits for them (it is held).
      .filter((o) => open.has(o.activityId) && !toAllStaffList(o) && !o.audiences.some(isWaveResultsAudience))
      .filter((o) => o.date >= today && o.date <= until)
      .flatMap((occurrence) => {
        const input = {
          audiences: audiencesOf(workspace, occurrence),
          recipients: undefined,
          imported: workspace.lastImports,
          now: new Date(occurrence.sendAt),
          maxAgeDays: workspace.typedSettings.dataMaxAgeDays,
          dueOn: occurrence.date,
        };
        const problems = dataProblems(input);
        if (problems.length === 0) return [];
        return [
          {
            severity: 'warning' as const,
            code: 'audience-data-old-or-missing',
            activityId: occurrence.activityId,
            wave: occurrence.wave?.name,
            message: `${describe(occurrence)} would go on data that is missing or old: ${problems.join('; ')}.`,
            problem: `${occurrence.title}${occurrence.wave ? ` — ${occurrence.wave.name}` : ''} (due ${formatDate(occurrence.date)}) would go on data that is missing or old: ${dataProblems(input, webImportHint).join('; ')}.`,
            fixAt: { kind: 'imports' as const },
          },
        ];
      })
  );
}

/** `check`'s findings about the data emails need: the all-staff list, and imports missing or too old for the next sends. */
export function dataFindings(workspace: Workspace, today: LocalDate): Finding[] {
  return [...allStaffAddressFindings(workspace, today), ...upcomingDataFindings(workspace, today)];
}

import { londonDate } from '../calendar/london-time.js';
import { allStaffListAddress, goesToAllStaffList, personalFieldsUsed, placeholdersUsed } from '../outbox/approval-scope.js';
import { checkPlan } from '../plan/check-plan.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { placeholderNameOf } from '../settings/setting-catalogue.js';

/**
 * An email whose date has passed may still be approved, to go late, while the wave it prepares
 * for has not started (or it is tied to no wave): approving it is the comms lead's explicit act.
 */
function stillWorthSending(workspace: Workspace, occurrence: Occurrence, today: string): boolean {
  const wave = occurrence.wave && workspace.waves.find((w) => w.id === occurrence.wave?.id);
  return !wave || wave.start > today;
}

/** Blockers from `check` about this activity, its wave, or the settings its template uses. */
function blockersFor(workspace: Workspace, occurrence: Occurrence, now: Date, inWords: boolean): string[] {
  const used = placeholdersUsed(workspace, occurrence);
  const today = londonDate(now);
  const lateButWorthIt = stillWorthSending(workspace, occurrence, today);
  return checkPlan(workspace, today)
    .filter((finding) => finding.severity === 'blocker')
    .filter((finding) => !(finding.code === 'date-passed' && lateButWorthIt))
    .filter((finding) => {
      if (finding.activityId)
        return finding.activityId === occurrence.activityId && (!finding.wave || finding.wave === occurrence.wave?.name);
      if (finding.setting) return used.has(placeholderNameOf(finding.setting)) || used.has(`not ${placeholderNameOf(finding.setting)}`);
      return false;
    })
    .map((finding) => (inWords ? (finding.problem ?? finding.message) : finding.message));
}

/**
 * An all-staff email is one message to the all-staff list: the list must be set, and the template
 * cannot ask for anything that differs from person to person.
 */
function allStaffProblem(workspace: Workspace, occurrence: Occurrence, inWords: boolean): string | undefined {
  if (!goesToAllStaffList(occurrence)) return undefined;
  const list = allStaffListAddress(workspace, occurrence);
  if (!list)
    return inWords
      ? 'it goes to all staff as one message, and the all-staff distribution list is not set. Fill in that setting on the settings page.'
      : 'it goes to all staff as one message, and the all-staff distribution list is not set. Set it with: commsplan settings set all-staff-address ADDRESS';
  const personal = personalFieldsUsed(workspace, occurrence);
  if (personal.length === 0) return undefined;
  const fields = personal.map((name) => `((${name}))`).join(', ');
  const templates = workspace.activities.find((a) => a.id === occurrence.activityId)?.templateIds.join(', ');
  return `it goes to all staff as one message to ${list}, so it cannot be filled in for each person, and its template asks for ${fields}. Take ${personal.length === 1 ? 'that field' : 'those fields'} out of template ${templates} (Edit template on the activity's page), then approve it.`;
}

/**
 * Why `approve` would refuse this occurrence as it is now, whatever its state: it sends no email,
 * `check` finds blockers about it, or it is an all-staff email that cannot go as one message.
 * Undefined when it could be approved. A change can never keep an approval this refuses.
 */
export function approvalRefusal(workspace: Workspace, occurrence: Occurrence, now: Date, inWords = false): string | undefined {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  if (!activity?.templateIds.length) return 'it sends no email, so there is nothing to approve.';
  const blockers = blockersFor(workspace, occurrence, now, inWords);
  if (blockers.length) return `${inWords ? 'the plan check finds blockers' : 'check finds blockers'}:\n- ${blockers.join('\n- ')}`;
  return allStaffProblem(workspace, occurrence, inWords);
}

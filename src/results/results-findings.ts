import { followsResults } from '../approvals/queue-due.js';
import { mailboxUsersInNoWave } from '../audiences/mailbox-users-in-no-wave.store.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { addDays, formatLongDate } from '../calendar/local-date.js';
import { londonDate, londonInstant } from '../calendar/london-time.js';
import { allStaffListSetting, goesToAllStaffList } from '../outbox/approval-scope.js';
import { senderChoice } from '../outbox/outbox.store.js';
import { welcomeSenderFindings } from '../plan/check-senders.js';
import { type Finding, isOpen } from '../plan/finding.js';
import { keyOf } from '../plan/occurrence-names.js';
import { isStillToCome } from '../plan/occurrence-progress.js';
import { sortWaves } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { plural } from '../shared/plural.js';
import type { Store } from '../store/store.js';
import { sharedMailboxes } from '../waves/planning-data.store.js';
import { isCompletion, resultsHolds } from './occurrence-holds.js';
import { remindersOf, waveProof } from './wave-proof.js';

/**
 * What `check` says about the waves' results: a wave starting within 24 hours whose reminders
 * have not all gone (a blocker), welcome, failed-migration and completion emails held back once
 * their wave (or the last wave) has ended, people whose move has failed twice, and a welcome
 * whose sender is not an NHSmail address, and people with a mailbox who are in no wave.
 */
export async function resultsFindings(store: Store, workspace: Workspace, now: Date): Promise<Finding[]> {
  const findings: Finding[] = [];
  const today = londonDate(now);
  const open = new Set(workspace.activities.filter(isOpen).map((a) => a.id));
  for (const wave of sortWaves(workspace.waves)) {
    const afterWave = londonInstant(addDays(wave.end, 1), '00:00').getTime();
    const deadline = londonInstant(wave.start, '00:00').getTime() - 24 * 3_600_000;
    if (now.getTime() < deadline || now.getTime() >= afterWave) continue;
    if (!remindersOf(workspace, wave).some((o) => open.has(o.activityId))) continue;
    const proof = await waveProof(store, workspace, wave, now);
    if (proof.notSent === 0) continue;
    const due = proof.people.filter((p) => !p.alreadyMoved);
    const notSentBy = new Map<string, number>();
    for (const p of due) if (p.status !== 'sent') notSentBy.set(p.status, (notSentBy.get(p.status) ?? 0) + 1);
    const byStatus = [...notSentBy].map(([status, n]) => `${n} ${status}`).join(', ');
    findings.push({
      severity: 'blocker',
      code: 'wave-reminders-not-sent',
      wave: wave.name,
      message: `${wave.name} starts on ${formatLongDate(wave.start)}, and ${proof.notSent} of the ${plural(due.length, 'person', 'people')} moving in it ${proof.notSent === 1 ? 'has' : 'have'} not been sent the reminder (${byStatus}). See who: commsplan report wave "${wave.name}"`,
    });
  }
  const holds = await resultsHolds(store, workspace, now);
  const lastEnd = sortWaves(workspace.waves)
    .map((w) => w.end)
    .sort()
    .at(-1);
  for (const occurrence of workspace.timeline) {
    const reason = holds.get(keyOf(occurrence));
    if (!reason || !open.has(occurrence.activityId)) continue;
    const relevant = isCompletion(workspace, occurrence)
      ? lastEnd !== undefined && lastEnd < today
      : followsResults(occurrence) &&
        occurrence.wave !== undefined &&
        workspace.waves.some((w) => w.id === occurrence.wave?.id && w.end < today);
    if (!relevant) continue;
    findings.push({
      severity: occurrence.sendAt <= now.toISOString() ? 'blocker' : 'warning',
      code: 'email-held',
      activityId: occurrence.activityId,
      wave: occurrence.wave?.name,
      message: reason,
    });
  }
  const twice = await failedTwice(store.db, workspace.organisation.id);
  if (twice.length)
    findings.push({
      severity: 'warning',
      code: 'failed-twice',
      message: `${plural(twice.length, 'person has', 'people have')} failed to move twice and ${twice.length === 1 ? 'needs' : 'need'} the helpdesk: commsplan waves helpdesk`,
    });
  findings.push(...welcomeSenderFindings(workspace, await senderChoice(store.db, workspace.organisation.id)));
  findings.push(...completionListFindings(workspace));
  findings.push(...(await noWaveFindings(store, workspace, now)));
  return findings;
}

/** How many people in no wave `check` names; `waves`' audiences count the rest. */
const NAMED_IN_NO_WAVE = 5;

/**
 * People with a local mailbox still to move who are in no wave (a contractor not on the staff
 * list, say): no wave reminder finds them, yet a welcome follows once they move.
 */
async function noWaveFindings(store: Store, workspace: Workspace, now: Date): Promise<Finding[]> {
  if (workspace.waves.length === 0) return [];
  const orgId = workspace.organisation.id;
  const options = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const { count, first } = await mailboxUsersInNoWave(store.db, orgId, options, NAMED_IN_NO_WAVE);
  const findings: Finding[] = [];
  if (count > 0)
    findings.push({
      severity: 'warning',
      code: 'people-in-no-wave',
      message: `${plural(count, 'person', 'people')} with a mailbox still to move ${count === 1 ? 'is' : 'are'} in no wave (${namedAndMore(first, count)}), so no wave reminder goes to them, though a welcome does once their mailbox has moved. Plan them into waves with: commsplan waves plan (it keeps everyone already planned where they are), or give one a wave with: commsplan waves assign ADDRESS --wave NAME.`,
    });
  const shared = (await sharedMailboxes(store.db, orgId)).filter((mailbox) => !mailbox.migrated && !mailbox.wave);
  if (shared.length > 0)
    findings.push({
      severity: 'warning',
      code: 'shared-mailboxes-in-no-wave',
      message: `${plural(shared.length, 'shared mailbox', 'shared mailboxes')} still to move ${shared.length === 1 ? 'is' : 'are'} in no wave (${namedAndMore(
        shared.slice(0, NAMED_IN_NO_WAVE).map((mailbox) => mailbox.email),
        shared.length,
      )}), so ${shared.length === 1 ? 'it does' : 'they do'} not move with the people who use ${shared.length === 1 ? 'it' : 'them'}. Plan them into the waves of their users with: commsplan waves plan (it keeps everyone already planned where they are).`,
    });
  return findings;
}

const namedAndMore = (first: readonly string[], count: number) =>
  `${first.join(', ')}${count > first.length ? ` and ${count - first.length} more` : ''}`;

/**
 * An all-staff email after the moves (the completion email) still to go goes to the local
 * all-staff list while `nhsmail-all-staff-address` is empty, when staff already read NHSmail.
 */
export function completionListFindings(workspace: Workspace): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const occurrence of workspace.timeline) {
    const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
    if (!activity || !isOpen(activity) || seen.has(activity.id)) continue;
    if (occurrence.phase !== 'post-migration' || !goesToAllStaffList(occurrence)) continue;
    if (allStaffListSetting(workspace, occurrence) !== 'all-staff-address') continue;
    if (!isStillToCome(workspace.progress, activity, occurrence)) continue;
    seen.add(activity.id);
    const local = workspace.typedSettings.allStaffAddress;
    findings.push({
      severity: 'warning',
      code: 'completion-to-local-list',
      activityId: activity.id,
      message: `Activity ${activity.id} (${activity.title}) goes after the moves to the old local all-staff list${local ? ` ${local}` : ''} (setting all-staff-address), because setting nhsmail-all-staff-address is empty: by then staff read their mail in NHSmail. Set the NHSmail list it should go to: commsplan settings set nhsmail-all-staff-address ADDRESS`,
    });
  }
  return findings;
}

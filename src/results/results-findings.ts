import { addDays, formatLongDate } from '../calendar/local-date.js';
import { londonDate, londonInstant } from '../calendar/london-time.js';
import { keyOf } from '../delivery/approve-occurrence.js';
import { senderChoice } from '../delivery/outbox.store.js';
import { followsResults } from '../delivery/queue-due.js';
import { welcomeSenderFindings } from '../plan/check-senders.js';
import { type Finding, isOpen } from '../plan/finding.js';
import { sortWaves } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { plural } from '../shared/plural.js';
import type { Store } from '../store/store.js';
import { isCompletion, resultsHolds } from './occurrence-holds.js';
import { remindersOf, waveProof } from './wave-proof.js';
import { failedTwice } from './wave-results.store.js';

/**
 * What `check` says about the waves' results: a wave starting within 24 hours whose reminders
 * have not all gone (a blocker), welcome, failed-migration and completion emails held back once
 * their wave (or the last wave) has ended, people whose move has failed twice, and a welcome
 * whose sender is not an NHSmail address.
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
  return findings;
}

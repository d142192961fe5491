import type { MessageState } from '../outbox/message-state.js';
import type { OccurrenceCounts } from '../outbox/outbox.store.js';
import { keyOf, refOf } from '../plan/occurrence-names.js';
import { type OccurrenceStateRecord, stateOf } from '../plan/occurrence-states.store.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';

/** One occurrence's line of `commsplan report`: its state and what its messages did. */
export interface OccurrenceReport {
  occurrence: string;
  activityId: string;
  wave: string | undefined;
  sendAt: string;
  state: OccurrenceStateRecord['state'];
  approvedBy: string | undefined;
  approvedAt: string | undefined;
  recipients: number;
  sent: number;
  failed: number;
  failures: OccurrenceCounts['failures'];
  pending: number;
  cancelled: number;
  bounced: number;
  /** Counted in `sent` and `pending` too: catch-ups, for people who joined the audience after it first went. */
  caughtUp: { sent: number; pending: number };
  /** Late joiners its last read found too late to be sent it (their wave had started). */
  tooLate: number;
}

/**
 * Per occurrence of an activity that sends email: what `commsplan report` shows (recipients,
 * sent, failed with reasons, pending, cancelled), from the occurrence states and outbox counts.
 */
export function occurrenceReports(
  workspace: Workspace,
  states: ReadonlyMap<string, OccurrenceStateRecord>,
  counts: ReadonlyMap<string, OccurrenceCounts>,
  pick: (occurrence: Occurrence) => boolean = () => true,
): OccurrenceReport[] {
  const emails = workspace.timeline.filter((o) => workspace.activities.find((a) => a.id === o.activityId)?.templateIds.length && pick(o));
  return emails.map((o) => {
    const record = stateOf(states, refOf(workspace, o));
    const c = counts.get(keyOf(o)) ?? { recipients: 0, byState: {}, caughtUpByState: {}, failures: [] };
    const n = (s: MessageState) => c.byState[s] ?? 0;
    const late = (s: MessageState) => c.caughtUpByState[s] ?? 0;
    return {
      occurrence: keyOf(o),
      activityId: o.activityId,
      wave: o.wave?.name,
      sendAt: o.sendAt,
      state: record.state,
      approvedBy: record.approvedBy,
      approvedAt: record.approvedAt,
      recipients: c.recipients,
      sent: n('sent'),
      failed: n('failed'),
      failures: c.failures,
      pending: n('queued') + n('sending') + n('retrying'),
      cancelled: n('cancelled'),
      bounced: n('bounced'),
      caughtUp: { sent: late('sent'), pending: late('queued') + late('sending') + late('retrying') },
      tooLate: record.tooLate,
    };
  });
}

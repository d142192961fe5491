import type { Workspace } from '../plan/workspace.js';
import { keyOf, refOf } from './approve-occurrence.js';
import type { MessageState } from './message-state.js';
import { type OccurrenceStateRecord, stateOf } from './occurrence-states.store.js';
import type { OccurrenceCounts } from './outbox.store.js';

/** One line of `commsplan report`: an email occurrence, its state and what happened to its messages. */
export interface OccurrenceReportRow {
  occurrence: string;
  activityId: string;
  wave: string | undefined;
  sendAt: string;
  state: string;
  approvedBy: string | undefined;
  approvedAt: string | undefined;
  recipients: number;
  sent: number;
  failed: number;
  failures: { reason: string; count: number }[];
  pending: number;
  cancelled: number;
}

/** Every occurrence of an activity that sends email, with its outbox counted by state. */
export function occurrenceReport(
  workspace: Workspace,
  states: ReadonlyMap<string, OccurrenceStateRecord>,
  counts: ReadonlyMap<string, OccurrenceCounts>,
): OccurrenceReportRow[] {
  const emails = workspace.timeline.filter((o) => workspace.activities.find((a) => a.id === o.activityId)?.templateIds.length);
  return emails.map((o) => {
    const record = stateOf(states, refOf(workspace, o));
    const c = counts.get(keyOf(o)) ?? { recipients: 0, byState: {}, failures: [] };
    const n = (s: MessageState) => c.byState[s] ?? 0;
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
    };
  });
}

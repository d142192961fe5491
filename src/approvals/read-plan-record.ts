import type { AudienceSummary } from '../audiences/manage-audiences.js';
import { refreshAudienceCounts, storedAudienceCounts } from '../audiences/stored-audience-counts.js';
import { countOutboxByOccurrence, type OccurrenceCounts } from '../outbox/outbox.store.js';
import { type MessageCounts, type PlanRecord, planRecordOf } from '../plan/plan-record.js';
import type { Workspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { readClosedTasks } from '../tasks/tasks.store.js';
import { readPlanWithStates } from './read-plan-with-states.js';
import type { Withdrawal } from './review-approvals.js';

function messageCounts(counts: OccurrenceCounts): MessageCounts {
  const n = (state: keyof OccurrenceCounts['byState']) => counts.byState[state] ?? 0;
  return {
    recipients: counts.recipients,
    sent: n('sent'),
    waiting: n('queued') + n('sending') + n('retrying'),
    failed: n('failed'),
    bounced: n('bounced'),
    cancelled: n('cancelled'),
  };
}

/**
 * Audience sizes as `commsplan audiences` counts them, counted again when an import, setting or
 * wave has changed since; none before anything is imported. Only audiences whose data has been
 * imported are given: a count of nobody from data never imported is not a size.
 */
async function audienceSizes(store: Store, workspace: Workspace, now: Date): Promise<PlanRecord['audienceSizes']> {
  if (Object.keys(workspace.lastImports).length === 0) return undefined;
  const orgId = workspace.organisation.id;
  const { stored, upToDate } = await storedAudienceCounts(store, orgId, now);
  const counted = upToDate && stored ? stored : await refreshAudienceCounts(store, { orgId, settings: workspace.typedSettings, now });
  const isKnown = (a: AudienceSummary) => a.sources.length === 0 || a.dataAsOf !== undefined;
  const known = counted.overview.audiences.filter(isKnown);
  const notKnown = counted.overview.audiences.filter((a) => !isKnown(a));
  return {
    counts: new Map(known.map((a) => [a.name, a.count])),
    notKnown: new Map(notKnown.map((a) => [a.name, a.warning ?? 'its data is not imported yet'])),
    countedAt: counted.computedAt,
  };
}

/**
 * The plan and where each of its occurrences stands at `now`: stored states (approvals checked,
 * as `timeline` and `report` check them), outbox counts, closed tasks and audience sizes.
 */
export async function readPlanRecord(
  store: Store,
  organisation: Organisation,
  now: Date,
): Promise<{ workspace: Workspace; record: PlanRecord; withdrawn: Withdrawal[] }> {
  const { workspace, states, withdrawn } = await readPlanWithStates(store, organisation, now);
  const counts = await countOutboxByOccurrence(store.db, organisation.id);
  const closedTasks = await readClosedTasks(store.db, organisation.id);
  const sizes = await audienceSizes(store, workspace, now);
  const record = planRecordOf(workspace, {
    asOf: now,
    emailStates: states,
    counts: new Map([...counts].map(([key, c]) => [key, messageCounts(c)])),
    closedTasks,
    audienceSizes: sizes,
  });
  return { workspace, record, withdrawn };
}

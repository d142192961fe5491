import { audienceForWave } from '../audiences/audience-names.js';
import { countDirectory } from '../audiences/audiences.store.js';
import type { FilterNode } from '../audiences/filter-language.js';
import { readDirectory, resolveAudience } from '../audiences/manage-audiences.js';
import { londonDate } from '../calendar/london-time.js';
import {
  forecastSending,
  lateSendingFindings,
  type OccurrenceForecast,
  type SenderBacklog,
  type UpcomingOccurrence,
} from '../delivery/forecast.js';
import { senderNames, senderOfActivity } from '../plan/activity-sender.store.js';
import type { Finding } from '../plan/finding.js';
import { occurrenceKey } from '../plan/occurrence-state.js';
import { readOccurrenceStates } from '../plan/occurrence-states.store.js';
import { DEFAULT_SEND_PRIORITY, priorityRank } from '../plan/send-priority.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { pendingBySender, recentUsage } from '../senders/sender-state.store.js';
import { findSender } from '../senders/senders.store.js';
import type { Store } from '../store/store.js';
import { type CliContext, type GlobalOptions, withStore, workspacePath } from './cli-context.js';

type Clock = () => Date;

const ALL_STAFF = 'all-staff';
const FINISHED_STATES = new Set(['sending', 'sent', 'paused', 'cancelled', 'done', 'skipped']);

/** The occurrences still to send, with their recipients counted now and their sender's backlog. */
async function forecastFor(store: Store, workspace: Workspace, now: Date, onlyWithSenders: boolean): Promise<OccurrenceForecast[]> {
  const orgId = workspace.organisation.id;
  const names = await senderNames(store.db, orgId);
  if (names.length === 0 && onlyWithSenders) return [];
  const states = await readOccurrenceStates(store.db, orgId);
  const today = londonDate(now);
  const upcoming = workspace.timeline.filter((o) => {
    const activity = workspace.activities.find((a) => a.id === o.activityId);
    const state = states.get(occurrenceKey(o.activityId, o.wave?.id))?.state;
    return (
      activity &&
      activity.templateIds.length > 0 &&
      o.date >= today &&
      o.status !== 'done' &&
      o.status !== 'skipped' &&
      !FINISHED_STATES.has(state ?? '')
    );
  });
  const directory = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const audienceFilters: FilterNode[] = [];
  const counted: number[] = [];
  for (const occurrence of upcoming) {
    if (occurrence.audiences.includes(ALL_STAFF)) {
      counted.push(-1);
      continue;
    }
    const filters = await Promise.all(
      occurrence.audiences.map(
        async (audience) => (await resolveAudience(store.db, orgId, audienceForWave(audience, occurrence.wave?.name ?? ''))).filter,
      ),
    );
    counted.push(audienceFilters.length);
    audienceFilters.push(filters.reduce((left, right) => ({ kind: 'or', left, right })));
  }
  const { counts } = audienceFilters.length ? await countDirectory(store, orgId, audienceFilters, directory) : { counts: [] };
  const senderOf = new Map<string, string | undefined>();
  for (const activity of workspace.activities) senderOf.set(activity.id, await senderOfActivity(store.db, orgId, activity.id));
  const occurrences: UpcomingOccurrence[] = upcoming.map((o, i) => {
    const wave = o.wave ? workspace.waves.find((w) => w.id === o.wave?.id) : undefined;
    const index = counted[i] as number;
    return {
      key: occurrenceKey(o.activityId, o.wave?.id),
      activityId: o.activityId,
      date: o.date,
      sendAt: Math.max(Date.parse(o.sendAt), now.getTime()),
      ...(wave ? { wave: { name: wave.name, start: wave.start } } : {}),
      messages: index === -1 ? 1 : (counts[index] ?? 0),
      senderName: senderOf.get(o.activityId),
      priority: priorityRank(workspace.activities.find((a) => a.id === o.activityId)?.priority ?? DEFAULT_SEND_PRIORITY),
    };
  });
  const pending = await pendingBySender(store.db, orgId);
  const backlogs = new Map<string, SenderBacklog>();
  for (const name of names) {
    const sender = await findSender(store.db, orgId, name);
    if (!sender) continue;
    backlogs.set(name, {
      limits: sender.limits,
      recent: await recentUsage(store.db, orgId, name, now.getTime()),
      queued: pending.get(name) ?? 0,
    });
  }
  return forecastSending(now.getTime(), occurrences, backlogs);
}

export async function readForecast(
  context: CliContext,
  options: GlobalOptions,
  clock: Clock,
  onlyWithSenders = false,
): Promise<OccurrenceForecast[]> {
  const path = workspacePath(context, options);
  return withStore(path, false, async (store) =>
    forecastFor(store, await loadWorkspace(store.db, path, options.orgId), clock(), onlyWithSenders),
  );
}

/**
 * For `check`: the emails whose sending will not finish by their deadline. Without any sender
 * there is nothing to forecast, and the audiences are not counted.
 */
export async function sendingForecastFindings(context: CliContext, options: GlobalOptions): Promise<Finding[]> {
  return lateSendingFindings(await readForecast(context, options, context.now, true));
}

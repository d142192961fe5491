import type { DirectoryReadOptions } from '../audiences/audiences.store.js';
import { countDirectory } from '../audiences/audiences.store.js';
import { PROGRAMME_COUNT_FILTERS } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { londonDate } from '../calendar/london-time.js';
import { directoryState } from '../directory/directory-state.store.js';
import { programmeOutcomeFields } from '../messages/programme-outcome-fields.js';
import { keyOf, refOf } from '../plan/occurrence-names.js';
import { type OccurrenceStateRecord, stateOf } from '../plan/occurrence-states.store.js';
import type { Occurrence } from '../plan/timeline.js';
import { tooLateToSend } from '../plan/too-late-to-send.js';
import type { Workspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { readColleaguesApart } from '../waves/colleagues-apart.js';
import { audienceDataWarnings, type DataWarning } from './audience-data-guard.js';
import { catchUpRule } from './catch-up.js';
import { messageShape } from './message-shape.js';
import { isQueueable, type QueuedOccurrence, type QueueProgress, queueOccurrence } from './queue-occurrence.js';
import { readPlanWithStates } from './read-plan-with-states.js';
import type { Withdrawal } from './review-approvals.js';

export interface QueueOutcome {
  queued: QueuedOccurrence[];
  withdrawn: Withdrawal[];
  /** Occurrences that are due but could not be queued, and why. */
  problems: { occurrenceKey: string; message: string }[];
  /** Occurrences that are due but held back until something happens (a wave's results, everyone moved), and why. */
  held: { occurrenceKey: string; message: string }[];
  /** Approved occurrences left approved, not queued, because the data behind their audience would spoil them (`--anyway` sends them). */
  unconfirmed: DataWarning[];
}

/** Whether to queue approved occurrences whose audience's data warns (`send --due --anyway`, or confirmed on the web). */
export interface QueueConfirmation {
  anyway?: boolean;
}

/**
 * Occurrences that must wait although their date has come, by occurrence key, with why: a
 * welcome before its wave's results are in, the completion email before everyone has moved.
 */
export type OccurrenceHolds = (store: Store, workspace: Workspace, now: Date) => Promise<Map<string, string>>;

/** Welcome, failed-migration and not-finished emails are read again after later results, even once sent. */
export function followsResults(occurrence: Pick<Occurrence, 'audiences'>): boolean {
  return occurrence.audiences.some((audience) => /^(migrated|failed|unfinished):/i.test(audience));
}

/**
 * The queue step: every approved occurrence that is due at `now` gets one outbox row per
 * recipient, its audience read from the directory as it is now. An occurrence already sending
 * is read again after an import, so newcomers are added and leavers' unsent messages cancelled.
 */
export async function queueDue(
  store: Store,
  organisation: Organisation,
  now: Date,
  onProgress: (progress: QueueProgress) => void,
  holds: OccurrenceHolds,
  confirmation: QueueConfirmation = {},
): Promise<QueueOutcome> {
  const orgId = organisation.id;
  const directoryWasStale = (await directoryState(store.db, orgId)).stale;
  const { workspace, states, withdrawn } = await readPlanWithStates(store, organisation, now);
  const due = workspace.timeline
    .filter((o) => o.sendAt <= now.toISOString())
    .map((occurrence) => ({ occurrence, record: stateOf(states, refOf(workspace, occurrence)) }))
    .filter(({ occurrence, record }) => isQueueable(record, catchUpRule(workspace, occurrence, now)));
  const outcome: QueueOutcome = { queued: [], withdrawn, problems: [], held: [], unconfirmed: [] };
  if (due.length === 0) return outcome;
  const held = await holds(store, workspace, now);
  const today = londonDate(now);
  const colleaguesApart = onceOnly(() => readColleaguesApart(store.db, orgId, now));
  for (const { occurrence, record } of due) {
    const tooLate = record.state === 'approved' ? tooLateToSend(workspace, occurrence, today) : undefined;
    if (tooLate && !held.has(keyOf(occurrence))) held.set(keyOf(occurrence), tooLate.message);
  }
  const unconfirmed = await warningsBeforeFirstQueue(store, workspace, due, held, confirmation, now);
  const { builtAt, ...options } = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  for (const { occurrence, record } of due) {
    const reason = held.get(keyOf(occurrence));
    if (reason) {
      outcome.held.push({ occurrenceKey: keyOf(occurrence), message: reason });
      continue;
    }
    const warning = unconfirmed.get(keyOf(occurrence));
    if (warning) {
      outcome.unconfirmed.push(warning);
      continue;
    }
    const unchanged = (current: OccurrenceStateRecord) =>
      current.state !== 'approved' && !directoryWasStale && current.audienceAsOf === builtAt;
    if (unchanged(record)) continue;
    const found = await messageShape(store.db, workspace, occurrence, now, colleaguesApart);
    if ('problem' in found) {
      outcome.problems.push({ occurrenceKey: keyOf(occurrence), message: found.problem });
      continue;
    }
    const shape = found.usesProgrammeOutcome
      ? { ...found, waveFields: { ...found.waveFields, ...(await programmeOutcomeValues(store, orgId, options)) } }
      : found;
    const queued = await queueOccurrence(
      store,
      workspace,
      { ...shape, catchUp: catchUpRule(workspace, occurrence, now) },
      { ...options, builtAt },
      onProgress,
      unchanged,
    );
    if (queued) outcome.queued.push(queued);
  }
  return outcome;
}

/** The data warnings of approved occurrences about to be queued for the first time, unless sent anyway. */
async function warningsBeforeFirstQueue(
  store: Store,
  workspace: Workspace,
  due: readonly { occurrence: Occurrence; record: OccurrenceStateRecord }[],
  held: ReadonlyMap<string, string>,
  confirmation: QueueConfirmation,
  now: Date,
): Promise<Map<string, DataWarning>> {
  if (confirmation.anyway) return new Map();
  const first = due.filter(({ occurrence, record }) => record.state === 'approved' && !held.has(keyOf(occurrence)));
  const warnings = await audienceDataWarnings(
    store,
    workspace,
    first.map(({ occurrence }) => occurrence),
    now,
  );
  return new Map(warnings.map((w) => [w.occurrenceKey, w]));
}

/** Work done the first time it is asked for, and not again: what a queue step reads for several occurrences. */
function onceOnly<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= work();
    return result;
  };
}

/** How many people moved and how many with a local mailbox did not, for the completion email. */
async function programmeOutcomeValues(store: Store, orgId: string, options: DirectoryReadOptions): Promise<Record<string, string>> {
  const filters = [parseFilter(PROGRAMME_COUNT_FILTERS.moved), parseFilter(PROGRAMME_COUNT_FILTERS.unmoved)];
  const { counts } = await countDirectory(store, orgId, filters, options);
  return programmeOutcomeFields({ moved: counts[0] ?? 0, unmoved: counts[1] ?? 0 });
}

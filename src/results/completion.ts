import { audienceMembersPage, countDirectory, type DirectoryPerson } from '../audiences/audiences.store.js';
import { PROGRAMME_COUNT_FILTERS } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { sortWaves } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { plural } from '../shared/plural.js';
import type { Store } from '../store/store.js';
import { listWaves } from '../waves/waves.store.js';
import { insertRemainderAcceptance, latestRemainderAcceptance } from './recorded-results.store.js';

/** People with a local mailbox still to move: the programme is complete when none is left. */
const UNMOVED = parseFilter(PROGRAMME_COUNT_FILTERS.unmoved);

/** Whether the completion email may go, and if not, why not, in words. */
export interface CompletionState {
  ready: boolean;
  unmoved: number;
  reason: string | undefined;
}

/** How many people with a local mailbox are still to move, counted on the people table as it is. */
export async function countUnmoved(store: Store, orgId: string, now: Date): Promise<number> {
  const settings = await readTypedSettings(store.db, orgId);
  const options = await readDirectory(store, { orgId, settings, now });
  const { counts } = await countDirectory(store, orgId, [UNMOVED], options);
  return counts[0] ?? 0;
}

/** One page of the people `countUnmoved` counts, in address order after `after`: whom accepting the remainder is about. */
export async function unmovedPeoplePage(store: Store, orgId: string, now: Date, after: string, limit: number): Promise<DirectoryPerson[]> {
  const settings = await readTypedSettings(store.db, orgId);
  const { builtAt: _, ...options } = await readDirectory(store, { orgId, settings, now });
  return audienceMembersPage(store.db, orgId, UNMOVED, options, after, limit);
}

/**
 * The completion email waits until every wave has ended and nobody is left to move, or the
 * programme board has accepted the people left (and no more are left than it accepted).
 */
export async function completionState(store: Store, workspace: Workspace, now: Date): Promise<CompletionState> {
  const orgId = workspace.organisation.id;
  const today = londonDate(now);
  const waves = sortWaves(workspace.waves);
  const running = waves.filter((wave) => wave.end >= today);
  const unmoved = await countUnmoved(store, orgId, now);
  if (waves.length === 0) return { ready: false, unmoved, reason: 'There are no waves yet.' };
  if (running.length)
    return {
      ready: false,
      unmoved,
      reason: `The completion email waits until every wave has ended: ${running.map((w) => `${w.name} ends ${formatLongDate(w.end)}`).join(', ')}.`,
    };
  if (unmoved === 0) return { ready: true, unmoved, reason: undefined };
  const accepted = await latestRemainderAcceptance(store.db, orgId);
  if (accepted && unmoved <= accepted.people) return { ready: true, unmoved, reason: undefined };
  const acceptance = accepted
    ? ` ${accepted.acceptedBy} accepted ${plural(accepted.people, 'person', 'people')} left on ${formatLongDate(londonDate(new Date(accepted.acceptedAt)))}, but ${unmoved} are left now.`
    : '';
  return {
    ready: false,
    unmoved,
    reason: `The completion email waits until everyone has moved: ${plural(unmoved, 'person', 'people')} with a local mailbox ${unmoved === 1 ? 'has' : 'have'} not moved yet.${acceptance} Carry them over into a new wave (commsplan waves carry-over WAVE), or accept that they will not move: commsplan waves accept-remainder --by NAME`,
  };
}

/** `commsplan waves accept-remainder --by NAME`: recorded and audit-logged. */
export async function acceptRemainder(
  store: Store,
  organisation: Organisation,
  input: { by: string; reason?: string },
  now: Date,
): Promise<{ people: number }> {
  const by = input.by.trim();
  if (!by) throw new CommsplanError('invalid-input', '--by needs the name of who accepts the remainder.', { field: 'by' });
  const people = await countUnmoved(store, organisation.id, now);
  return store.db.transaction().execute(async (trx) => {
    const today = londonDate(now);
    const running = (await listWaves(trx, organisation.id)).filter((wave) => wave.end >= today);
    if (running.length)
      throw new CommsplanError(
        'conflict',
        `${running.map((w) => w.name).join(', ')} ${running.length === 1 ? 'has' : 'have'} not ended yet, so there is no remainder to accept. Nothing was changed.`,
        { field: 'wave' },
      );
    const at = now.toISOString();
    await insertRemainderAcceptance(trx, organisation.id, {
      acceptedAt: at,
      acceptedBy: by,
      people,
      reason: input.reason?.trim() || undefined,
    });
    await appendAuditEntry(trx, organisation.id, {
      at,
      actor: by,
      action: 'remainder-accepted',
      subject: 'completion',
      detail: `${plural(people, 'person', 'people')} left unmoved, accepted${input.reason?.trim() ? `: ${input.reason.trim()}` : ''}`,
    });
    return { people };
  });
}

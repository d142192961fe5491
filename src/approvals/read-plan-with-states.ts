import { type OccurrenceStateRecord, readOccurrenceStates } from '../plan/occurrence-states.store.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { reviewApprovals, type Withdrawal } from './review-approvals.js';
import { pauseUnmadeOccurrences } from './unmade-messages.js';

/**
 * Every occurrence's state as of now. An approval whose email changed since (by a way that did not
 * review it, such as an edit to the file) is withdrawn, and a sent occurrence whose messages could
 * not be made waits to be approved again; both are returned so the command can say so. Call it
 * inside the caller's transaction.
 */
export async function occurrenceStatesNow(
  db: Queryable,
  workspace: Workspace,
  now: Date,
): Promise<{ states: Map<string, OccurrenceStateRecord>; withdrawn: Withdrawal[] }> {
  const { withdrawn } = await reviewApprovals(db, workspace, { actor: 'commsplan' }, now);
  withdrawn.push(...(await pauseUnmadeOccurrences(db, workspace, now)));
  return { states: await readOccurrenceStates(db, workspace.organisation.id), withdrawn };
}

/** The workspace and every occurrence's state, approvals checked, in one transaction. */
export async function readPlanWithStates(
  store: Store,
  organisation: Organisation,
  now: Date,
): Promise<{ workspace: Workspace; states: Map<string, OccurrenceStateRecord>; withdrawn: Withdrawal[] }> {
  return store.db.transaction().execute(async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    return { workspace, ...(await occurrenceStatesNow(trx, workspace, now)) };
  });
}

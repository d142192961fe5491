import { loadWorkspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { occurrenceStatesNow } from './read-plan-with-states.js';
import { type ApprovalChange, type ApprovalReview, type ChangeEffect, reviewApprovals } from './review-approvals.js';

/**
 * Runs a change to what approved emails say, who they reach or what they are sent from, then
 * reviews the approvals it touches, in one transaction: the use-case of every such change.
 */
export async function changeReviewingApprovals<T>(
  store: Store,
  organisation: Organisation,
  change: ApprovalChange,
  now: Date,
  apply: (trx: Queryable) => Promise<T & ChangeEffect>,
): Promise<T & ApprovalReview> {
  return store.db.transaction().execute((trx) => changeReviewingApprovalsWithin(trx, store.location, organisation, change, now, apply));
}

/** `changeReviewingApprovals` inside the caller's transaction (one that a preview rolls back, say). */
export async function changeReviewingApprovalsWithin<T>(
  trx: Queryable,
  location: Store['location'],
  organisation: Organisation,
  change: ApprovalChange,
  now: Date,
  apply: (trx: Queryable) => Promise<T & ChangeEffect>,
): Promise<T & ApprovalReview> {
  // First what changed before, by other means: not this person's doing, so not theirs to keep.
  const before = await occurrenceStatesNow(trx, await loadWorkspace(trx, location, organisation.id), now);
  const result = await apply(trx);
  const workspace = await loadWorkspace(trx, location, organisation.id);
  const review = await reviewApprovals(trx, workspace, change, now, result);
  return { ...result, withdrawn: [...before.withdrawn, ...review.withdrawn], kept: review.kept };
}

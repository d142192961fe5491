import { deleteCustomAudience, writeCustomAudience } from '../audiences/manage-audiences.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { appendAuditEntry } from './audit-log.store.js';
import { type ApprovalReview, type ChangeMaker, changeReviewingApprovals } from './review-approvals.js';

/**
 * `audiences add`, from the CLI and the web: adds a custom audience or changes its rule, and
 * every approved email sent to that audience loses its approval unless an approver keeps it.
 */
export async function saveAudienceRule(
  store: Store,
  organisation: Organisation,
  audience: { name: string; filter: string },
  change: ChangeMaker,
  now: Date,
): Promise<ApprovalReview> {
  return changeReviewingApprovals(store, organisation, change, now, async (trx) => {
    const before = await writeCustomAudience(trx, organisation.id, audience.name, audience.filter, now);
    if (before !== audience.filter.trim())
      await appendAuditEntry(trx, organisation.id, {
        at: now.toISOString(),
        actor: change.actor,
        action: 'audience-saved',
        subject: audience.name.trim().toLowerCase(),
        detail: before === undefined ? `rule "${audience.filter.trim()}"` : `rule from "${before}" to "${audience.filter.trim()}"`,
      });
    return {};
  });
}

/** `audiences remove`: an approved email sent to it loses its approval (unless kept), as it can no longer be queued. */
export async function removeAudienceRule(
  store: Store,
  organisation: Organisation,
  name: string,
  change: ChangeMaker,
  now: Date,
): Promise<ApprovalReview> {
  return changeReviewingApprovals(store, organisation, change, now, async (trx) => {
    await deleteCustomAudience(trx, organisation.id, name);
    await appendAuditEntry(trx, organisation.id, {
      at: now.toISOString(),
      actor: change.actor,
      action: 'audience-removed',
      subject: name.trim().toLowerCase(),
      detail: '',
    });
    return {};
  });
}

import { countPickedByOnlyOne } from '../audiences/audiences.store.js';
import { directoryReadOptions } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { deleteCustomAudience, writeCustomAudience } from '../audiences/manage-audiences.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { directoryState } from '../directory/directory-state.store.js';
import { loadWorkspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { changeReviewingApprovals } from './change-reviewing-approvals.js';
import type { ApprovalChange, ApprovalReview } from './review-approvals.js';

/**
 * `audiences add`, from the CLI and the web: adds a custom audience or changes its rule, and
 * every approved email sent to that audience loses its approval unless an approver keeps it.
 */
export async function saveAudienceRule(
  store: Store,
  organisation: Organisation,
  audience: { name: string; filter: string },
  change: ApprovalChange,
  now: Date,
): Promise<ApprovalReview> {
  return changeReviewingApprovals(store, organisation, change, now, async (trx) => {
    const before = await writeCustomAudience(trx, organisation.id, audience.name, audience.filter, now);
    const name = audience.name.trim().toLowerCase();
    if (before === audience.filter.trim()) return {};
    await appendAuditEntry(trx, organisation.id, {
      at: now.toISOString(),
      actor: change.actor,
      action: 'audience-saved',
      subject: name,
      detail: before === undefined ? `rule "${audience.filter.trim()}"` : `rule from "${before}" to "${audience.filter.trim()}"`,
    });
    const same = before !== undefined && (await picksSamePeople(trx, store, organisation, [before, audience.filter], now));
    return same ? { sameInEffect: [`audience ${name}`] } : {};
  });
}

/**
 * Whether a changed rule picks the same people as the old one, on the people table as it is. When
 * the table needs rebuilding (an import since), that cannot be told inside this transaction, so
 * the answer is no and the approvals it covers are withdrawn: never kept on a guess.
 */
async function picksSamePeople(
  trx: Queryable,
  store: Store,
  organisation: Organisation,
  rules: readonly [string, string],
  now: Date,
): Promise<boolean> {
  const state = await directoryState(trx, organisation.id);
  if (state.stale) return false;
  const workspace = await loadWorkspace(trx, store.location, organisation.id);
  const options = directoryReadOptions(workspace.typedSettings, now, state.mailboxDomains);
  const filters = [parseFilter(rules[0]), parseFilter(rules[1])] as const;
  return (await countPickedByOnlyOne(trx, organisation.id, filters, options)) === 0;
}

/** `audiences remove`: an approved email sent to it loses its approval (unless kept), as it can no longer be queued. */
export async function removeAudienceRule(
  store: Store,
  organisation: Organisation,
  name: string,
  change: ApprovalChange,
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

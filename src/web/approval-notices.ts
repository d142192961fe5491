import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../accounts/role.js';
import { approvalRefusal } from '../approvals/approval-refusal.js';
import type { ApprovalReview } from '../approvals/review-approvals.js';
import { describeOccurrence, keyOf } from '../plan/occurrence-names.js';
import { CommsplanError } from '../shared/errors.js';
import { formField, queryField } from './form-fields.js';
import type { WebContext } from './web-context.js';
import { workspaceSnapshot } from './workspace-snapshot.js';

/**
 * Whether the person ticked "keep the approvals" on a form that changes what approved emails say:
 * only an approver sees the box, and a form that says so from anyone else is refused, unchanged.
 */
export function keepApprovalAsked(request: FastifyRequest): boolean {
  if (formField(request, 'keepApproval') !== 'yes') return false;
  if (request.user && roleAllows(request.user.role, 'approver')) return true;
  throw new CommsplanError(
    'not-permitted',
    'Only an approver can keep the approvals a change touches. Nothing was changed: save it without keeping them, and the emails it touches will need approving again.',
  );
}

/** The occurrences that lost or kept their approval, for the page the change redirects to. */
export function approvalQuery(review: ApprovalReview): string {
  const keys = (list: readonly { occurrenceKey: string }[]) => list.map((notice) => notice.occurrenceKey).join(',');
  const notKept = review.withdrawn.filter((notice) => notice.keepRefused);
  // An approval that held by itself (a rule that picks the same people) was not the person's to confirm.
  const confirmed = review.kept.filter((notice) => !notice.because);
  return [
    review.withdrawn.length ? `&withdrawn=${encodeURIComponent(keys(review.withdrawn))}` : '',
    confirmed.length ? `&kept=${encodeURIComponent(keys(confirmed))}` : '',
    notKept.length ? `&notKept=${encodeURIComponent(keys(notKept))}` : '',
  ].join('');
}

/** An email an approver asked to keep approved that could not be, and why `approve` refuses it now. */
export interface NotKeptNotice {
  name: string;
  why: string | undefined;
}

/** The emails named in the query, as people read them ("wave-reminder for Wave 1"), for the success banner. */
export async function approvalNotices(
  request: FastifyRequest,
  web: WebContext,
): Promise<{ withdrawn: string[]; kept: string[]; notKept: NotKeptNotice[] }> {
  const wanted = (name: string) => queryField(request, name).split(',').filter(Boolean);
  const withdrawn = wanted('withdrawn');
  const kept = wanted('kept');
  const notKept = wanted('notKept');
  if (withdrawn.length === 0 && kept.length === 0 && notKept.length === 0) return { withdrawn, kept, notKept: [] };
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const find = (key: string) => workspace.timeline.find((o) => keyOf(o) === key);
  const describe = (key: string) => {
    const occurrence = find(key);
    return occurrence ? describeOccurrence(occurrence) : key;
  };
  const whyNot = (key: string) => {
    const occurrence = find(key);
    return occurrence ? approvalRefusal(workspace, occurrence, web.now(), true) : undefined;
  };
  return {
    withdrawn: withdrawn.map(describe),
    kept: kept.map(describe),
    notKept: notKept.map((key) => ({ name: describe(key), why: whyNot(key) })),
  };
}

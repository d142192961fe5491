import { appendAuditEntry } from '../audit/audit-log.store.js';
import { unknownPlaceholders } from '../messages/known-placeholders.js';
import { updateTemplate } from '../plan/templates.store.js';
import { loadWorkspace } from '../plan/workspace.js';
import { hasControlCharactersBesideLineBreaks } from '../shared/control-characters.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import type { Store } from '../store/store.js';
import { requireActor } from './approve-occurrence.js';
import { changeReviewingApprovals } from './change-reviewing-approvals.js';
import type { ApprovalReview } from './review-approvals.js';

export interface TemplateEdit {
  templateId: string;
  subject: string;
  body: string;
  by: string;
  /** The person, an approver, confirms the edit keeps the approvals of the emails that use it. */
  keepApproval?: boolean;
}

/** Email subjects longer than this are cut by many mail programs; a longer one is a mistake. */
const SUBJECT_MAX_LENGTH = 200;

/** Line endings as the browser sends them (CRLF) become LF, so an unchanged form changes nothing. */
const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n');

/**
 * Changes a template's subject and body. A placeholder that nothing can fill (for any activity
 * that sends it) is refused with nothing written. The change goes in the audit log, and every
 * approval that vouched for the old wording is withdrawn in the same transaction, unless an
 * approver confirms the edit keeps it (reviewApprovals).
 */
export async function editTemplate(
  store: Store,
  organisation: Organisation,
  edit: TemplateEdit,
  now: Date,
): Promise<{ changed: boolean } & ApprovalReview> {
  const by = requireActor(edit.by);
  const subject = requireSingleLineName(edit.subject, {
    label: 'The subject',
    field: 'subject',
    max: SUBJECT_MAX_LENGTH,
    noun: 'a subject',
  });
  const body = normaliseText(edit.body).trim();
  if (subject === '')
    throw new CommsplanError('invalid-input', 'The subject must be one line of text, and cannot be empty.', { field: 'subject' });
  if (body === '') throw new CommsplanError('invalid-input', 'The body cannot be empty.', { field: 'body' });
  if (hasControlCharactersBesideLineBreaks(body))
    throw new CommsplanError(
      'invalid-input',
      'The body holds a control character (such as ESC, BEL or a right-to-left mark): it may have line breaks and tabs, but no other control characters. Paste it again as plain text.',
      { field: 'body' },
    );
  return changeReviewingApprovals(store, organisation, { actor: by, keepApproval: edit.keepApproval }, now, async (trx) => {
    const workspace = await loadWorkspace(trx, store.location, organisation.id);
    const template = workspace.templates.find((t) => t.id === edit.templateId);
    if (!template)
      throw new CommsplanError('unknown-template', `There is no template "${edit.templateId}".`, {
        field: 'template',
        value: edit.templateId,
      });
    const users = workspace.activities.filter((a) => a.templateIds.includes(template.id));
    const perWave = users.length > 0 && users.every((a) => a.timing.kind === 'wave');
    const unknown = unknownPlaceholders({ subject, body }, perWave);
    if (unknown.length)
      throw new CommsplanError(
        'invalid-input',
        `Template ${template.id} would use ${unknown.map((n) => `((${n}))`).join(', ')}, which nothing can fill${perWave ? '' : ' (wave fields are only for emails sent once per wave)'}. Correct the placeholder name or take it out; see the placeholders this template can use.`,
        { field: 'body', unknown },
      );
    if (template.subject === subject && template.body.trim() === body) return { changed: false };
    await updateTemplate(trx, organisation.id, template.id, { subject, body }, now);
    await appendAuditEntry(trx, organisation.id, {
      at: now.toISOString(),
      actor: by,
      action: 'template-changed',
      subject: template.id,
      detail: template.subject === subject ? 'body changed' : `subject from "${template.subject}" to "${subject}"`,
    });
    return { changed: true };
  });
}

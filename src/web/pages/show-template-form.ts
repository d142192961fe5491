import type { FastifyRequest } from 'fastify';
import { editTemplate } from '../../approvals/edit-template.js';
import { CommsplanError } from '../../shared/errors.js';
import { approvalQuery, keepApprovalAsked } from '../approval-notices.js';
import { formField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { activityPath, actorOf, can, paramsOf, requireActivity } from './activity.js';
import { activityDetails } from './activity-view.js';

async function templateFormPage(request: FastifyRequest, web: WebContext) {
  const { id, templateId = '' } = paramsOf(request);
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const activity = requireActivity(workspace, id);
  const template = activity.templateIds.includes(templateId) ? workspace.templates.find((t) => t.id === templateId) : undefined;
  if (!template)
    throw new CommsplanError('unknown-template', `Activity ${activity.id} sends no template "${templateId}".`, { value: templateId });
  return {
    pageTitle: `Edit template ${template.id}`,
    activity: activityDetails(workspace, activity),
    template,
    subject: template.subject,
    body: template.body,
    canApprove: can(request, 'approver'),
  };
}

export const showTemplateForm: PageHandler = async (request, reply, web) =>
  reply.page('template-form.njk', await templateFormPage(request, web));

/** Saves a template's subject and body; an unknown placeholder is shown, and nothing is saved until it is fixed. */
export const saveTemplate: PageHandler = async (request, reply, web) => {
  const page = await templateFormPage(request, web);
  const subject = formField(request, 'subject');
  const body = formField(request, 'body');
  const keepApproval = keepApprovalAsked(request);
  try {
    const result = await editTemplate(
      web.store,
      web.organisation,
      { templateId: page.template.id, subject, body, by: actorOf(request), keepApproval },
      web.now(),
    );
    const done = result.changed ? 'template' : 'unchanged';
    return reply.redirect(`${activityPath(page.activity.id)}?done=${done}${approvalQuery(result)}`, 303);
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    const field = (error.details as { field?: string } | undefined)?.field === 'subject' ? 'subject' : 'body';
    return reply.page('template-form.njk', { ...page, subject, body, error: { text: error.message, field }, errorSummaryShown: true }, 400);
  }
};

import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { approveOccurrences, changeOccurrences, type OccurrenceChange } from '../../approvals/approve-occurrence.js';
import type { DataWarning } from '../../approvals/audience-data-guard.js';
import { occurrenceReports } from '../../approvals/occurrence-report.js';
import { setActivity } from '../../approvals/set-activity.js';
import { storedAudienceCounts } from '../../audiences/stored-audience-counts.js';
import { countOutboxByOccurrence } from '../../outbox/outbox.store.js';
import { activitySenderName } from '../../plan/activity-sender.store.js';
import { readOccurrenceStates } from '../../plan/occurrence-states.store.js';
import { parseOwner } from '../../plan/owner.js';
import { ACTIVITY_STATUSES } from '../../plan/plan-model.js';
import { previewTemplate } from '../../plan/preview-template.js';
import { SEND_PRIORITIES } from '../../plan/send-priority.js';
import type { Workspace } from '../../plan/workspace.js';
import { sendersOf } from '../../senders/manage-senders.js';
import { CommsplanError, isCommsplanError } from '../../shared/errors.js';
import { approvalNotices, approvalQuery, keepApprovalAsked } from '../approval-notices.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal, refusalStatus } from '../form-refusal.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import {
  activityDetails,
  activityStanding,
  type CountedAudiences,
  missingInPreview,
  occurrenceRows,
  placeholderRows,
  previewBlocks,
} from './activity-view.js';
import { inPlainWords, occurrenceName, readPlanNames } from './key-words.js';
import { markMissing, segmentsOf } from './text-blocks.js';
import { whenWords } from './time-words.js';

export const paramsOf = (request: FastifyRequest) => request.params as { id: string; templateId?: string };
export const actorOf = (request: FastifyRequest) => request.user?.email ?? 'web';
export const can = (request: FastifyRequest, role: 'editor' | 'approver') => (request.user ? roleAllows(request.user.role, role) : false);

export function requireActivity(workspace: Workspace, id: string) {
  const activity = workspace.activities.find((a) => a.id === id);
  if (!activity)
    throw new CommsplanError('unknown-activity', `There is no activity "${id}". The timeline lists every activity.`, { value: id });
  return activity;
}

/** The preview the page shows: the chosen template, filled for the chosen person (if any), missing values marked. */
async function previewFor(request: FastifyRequest, web: WebContext, workspace: Workspace, templateIds: readonly string[]) {
  const templateId = templateIds.includes(queryField(request, 'template')) ? queryField(request, 'template') : templateIds[0];
  if (!templateId) return undefined;
  const person = queryField(request, 'person').trim();
  const wave = queryField(request, 'wave').trim() || undefined;
  try {
    const rendered = await previewTemplate(web.store, workspace, { templateId, person, wave }, web.now(), { showMissing: markMissing });
    return {
      templateId,
      person,
      wave: wave ?? '',
      subject: segmentsOf(rendered.subject, missingInPreview),
      blocks: previewBlocks(rendered.text),
      missing: rendered.missing,
      notes: rendered.notes,
      personEmail: rendered.personEmail,
    };
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return { templateId, person, wave: wave ?? '', error: error.message };
  }
}

export async function activityPage(request: FastifyRequest, web: WebContext, extra: Record<string, unknown> = {}) {
  const { store, organisation } = web;
  const { workspace } = await workspaceSnapshot(store, organisation.id);
  const activity = requireActivity(workspace, paramsOf(request).id);
  const [states, counts, senders, senderName, audiences] = await Promise.all([
    readOccurrenceStates(store.db, organisation.id),
    countOutboxByOccurrence(store.db, organisation.id),
    sendersOf(store, organisation),
    activitySenderName(store.db, organisation.id, activity.id),
    countedAudiences(web),
  ]);
  const reports = occurrenceReports(workspace, states, counts, (o) => o.activityId === activity.id);
  const templates = activity.templateIds.flatMap((id) => {
    const template = workspace.templates.find((t) => t.id === id);
    return template ? [{ ...template, placeholders: placeholderRows(workspace, activity, template) }] : [];
  });
  const occurrences = occurrenceRows(workspace, activity, reports, audiences);
  const done = queryField(request, 'done');
  const previewAsked = ['person', 'template', 'wave'].some((name) => queryField(request, name) !== '') || done === 'template';
  return {
    pageTitle: activity.title,
    activity: activityDetails(workspace, activity),
    owner: ownerFields(activity.owner),
    templates,
    occurrences,
    standing: activityStanding(activity, occurrences),
    countedAt: audiences ? whenWords(audiences.countedAt) : '',
    preview: await previewFor(request, web, workspace, activity.templateIds),
    previewOpen: previewAsked,
    waves: workspace.waves.map((w) => w.name),
    senders: senders.map((s) => s.name),
    senderName: senderName ?? '',
    statuses: ACTIVITY_STATUSES,
    priorities: SEND_PRIORITIES,
    canEdit: can(request, 'editor'),
    canApprove: can(request, 'approver'),
    done,
    testSent: done === 'test-sent' ? { to: queryField(request, 'to'), as: queryField(request, 'as') } : undefined,
    approvals: await approvalNotices(request, web),
    tasksClosed: Number(queryField(request, 'tasksClosed')) || 0,
    stillToCome: Number(queryField(request, 'stillToCome')) || 0,
    ...extra,
  };
}

/** Audience sizes as last counted, never counted on the request (the audiences page counts them again). */
async function countedAudiences(web: WebContext): Promise<CountedAudiences | undefined> {
  const { stored } = await storedAudienceCounts(web.store, web.organisation.id, web.now());
  if (!stored) return undefined;
  return { sizes: new Map(stored.overview.audiences.map((a) => [a.name, a.count])), countedAt: stored.computedAt };
}

/** The owner as the form's two fields: a name and an email address. */
function ownerFields(owner: string | undefined) {
  if (!owner) return { name: '', email: '' };
  const { name, email = '' } = parseOwner(owner);
  return { name: name === email ? '' : name, email };
}

/** The form's name and email address as one owner, as the CLI's --owner takes it: `Jane Smith <jane@...>`. */
function ownerFromForm(request: FastifyRequest): string {
  const name = formField(request, 'ownerName').trim();
  const email = formField(request, 'ownerEmail').trim();
  if (name && email) return `${name} <${email}>`;
  return name || email;
}

/** The page's field for each field a refusal names. */
const FORM_FIELDS: Record<string, string> = {
  owner: 'ownerName',
  'owner-email': 'ownerEmail',
  status: 'status',
  sender: 'sender',
  'catch-up': 'catchUp',
  priority: 'priority',
};

/** Each problem of a refused change, for the error summary and its field: `{ fieldId: message }`. */
function fieldErrors(error: CommsplanError): { list: { text: string; href: string }[]; byField: Record<string, string> } {
  const problems = (error.details.problems as { field: string; message: string }[] | undefined) ?? [
    { field: String(error.details.field ?? 'owner'), message: error.message },
  ];
  const byField: Record<string, string> = {};
  for (const problem of problems) {
    const id = FORM_FIELDS[problem.field] ?? 'status';
    byField[id] = byField[id] ? `${byField[id]} ${problem.message}` : problem.message;
  }
  return { list: problems.map((p) => ({ text: p.message, href: `#${FORM_FIELDS[p.field] ?? 'status'}` })), byField };
}

/** The activity: its content, templates with their placeholders, a preview, owner, sender, status and priority, and each occurrence's sending. */
export const showActivity: PageHandler = async (request, reply, web) => reply.page('activity.njk', await activityPage(request, web));

export const activityPath = (id: string) => `/activities/${encodeURIComponent(id)}`;

/** `activity set` from the page: owner, sender, status and priority, with the same checks; done or skipped closes its tasks. */
export const saveActivity: PageHandler = async (request, reply, web) => {
  const { id } = paramsOf(request);
  const keepApproval = keepApprovalAsked(request);
  try {
    const result = await setActivity(
      web.store,
      web.organisation,
      id,
      {
        owner: ownerFromForm(request),
        status: formField(request, 'status'),
        sender: formField(request, 'sender'),
        catchUp: formField(request, 'catchUp') || undefined,
        priority: formField(request, 'priority'),
        by: actorOf(request),
        keepApproval,
      },
      web.now(),
    );
    const closed = result.tasksClosed.length ? `&tasksClosed=${result.tasksClosed.length}` : '';
    const later = result.occurrences.stillToCome.length ? `&stillToCome=${result.occurrences.stillToCome.length}` : '';
    return reply.redirect(`${activityPath(id)}?done=saved${closed}${later}${approvalQuery(result)}`, 303);
  } catch (error) {
    if (!isFormRefusal(error, ['invalid-status-change', 'activity-final'])) throw error;
    const status = refusalStatus(error);
    const page = await activityPage(request, web);
    const typed = { name: formField(request, 'ownerName'), email: formField(request, 'ownerEmail') };
    return reply.page('activity.njk', { ...page, owner: typed, settingsErrors: fieldErrors(error), errorSummaryShown: true }, status);
  }
};

/** Approves one occurrence as the signed-in person; a refusal names its blockers and changes nothing. */
export const approveOccurrence: PageHandler = async (request, reply, web) => {
  const { id } = paramsOf(request);
  const wave = formField(request, 'wave').trim() || undefined;
  const anyway = formField(request, 'anyway') === 'yes';
  try {
    await approveOccurrences(web.store, web.organisation, { activityId: id, wave, by: actorOf(request), anyway }, web.now());
  } catch (error) {
    if (isCommsplanError(error) && error.code === 'audience-data-unconfirmed') {
      const { warnings } = error.details as { warnings: DataWarning[] };
      const names = await readPlanNames(web);
      const inWords = warnings.map((w) => ({
        description: occurrenceName(w.occurrenceKey, names) ?? w.description,
        problems: w.problemsInWords.map((p) => inPlainWords(p, names)),
      }));
      return reply.page(
        'activity.njk',
        { ...(await activityPage(request, web)), dataWarning: { wave: wave ?? '', warnings: inWords } },
        409,
      );
    }
    if (!isFormRefusal(error, ['invalid-status-change', 'unknown-wave'])) throw error;
    const inWords = typeof error.details?.inWords === 'string' ? error.details.inWords : undefined;
    const lines = (inWords ?? error.message).split('\n').map((line) => line.replace(/^- /, ''));
    return reply.page(
      'activity.njk',
      { ...(await activityPage(request, web)), approvalError: { heading: lines[0], blockers: lines.slice(1) }, errorSummaryShown: true },
      409,
    );
  }
  return reply.redirect(`${activityPath(id)}?done=approved`, 303);
};

const OCCURRENCE_ACTIONS = { skip: 'skipped', done: 'marked-done' } as const;
const APPROVAL_ACTIONS = { unapprove: 'unapproved', pause: 'paused' } as const;

/** Skips one occurrence, or marks it done, with its task: a later wave's too, one at a time, by name. */
export const changeOccurrenceFromPage: PageHandler = (request, reply, web) =>
  changeOccurrenceFromForm(request, reply, web, OCCURRENCE_ACTIONS, 'Choose to skip the occurrence or to mark it done.');

/** Takes back an occurrence's approval, or pauses its sending: approvers only, as approving is. */
export const changeApprovalFromPage: PageHandler = (request, reply, web) =>
  changeOccurrenceFromForm(request, reply, web, APPROVAL_ACTIONS, 'Choose to take back the approval or to pause sending.');

/**
 * Makes the change the form's button names, among `actions` (each with the banner it returns to),
 * through the use-case the CLI calls, which audits it; a refusal shows on the activity page.
 */
async function changeOccurrenceFromForm(
  ...[request, reply, web, actions, choose]: [...Parameters<PageHandler>, Partial<Record<OccurrenceChange, string>>, string]
) {
  const { id } = paramsOf(request);
  const action = formField(request, 'action') as OccurrenceChange;
  const wave = formField(request, 'wave').trim() || undefined;
  try {
    const done = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!done) throw new CommsplanError('invalid-input', choose, { field: 'action', value: action });
    await changeOccurrences(web.store, web.organisation, action, { activityId: id, wave, by: actorOf(request) }, web.now());
    return reply.redirect(`${activityPath(id)}?done=${done}`, 303);
  } catch (error) {
    if (!isFormRefusal(error, ['invalid-status-change', 'unknown-wave'])) throw error;
    return reply.page(
      'activity.njk',
      { ...(await activityPage(request, web)), occurrenceError: error.message, errorSummaryShown: true },
      refusalStatus(error),
    );
  }
}

import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { buildChannelCopy, readCopySources } from '../../publishing/read-channel-copy.js';
import { copyKindOf } from '../../publishing/task-copy.js';
import { plural } from '../../shared/plural.js';
import { closeTask } from '../../tasks/close-task.js';
import { type TaskReport, tasksOfWorkspace } from '../../tasks/list-tasks.js';
import { reassignTask } from '../../tasks/reassign-task.js';
import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { taskHref, tasksInOrder, taskView } from './tasks-view.js';

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const canEdit = (request: FastifyRequest) => (request.user ? roleAllows(request.user.role, 'editor') : false);
/** The tasks, worked out from the workspace snapshot the other pages share (not a workspace loaded for each request). */
export const tasksOf = async (web: WebContext) =>
  tasksOfWorkspace(web.store.db, (await workspaceSnapshot(web.store, web.organisation.id)).workspace, web.now());

/** `commsplan tasks`: every task, those still to do first, with its owner and whether they were told. */
export const showTasks: PageHandler = async (_request, reply, web) => {
  const tasks = tasksInOrder(await tasksOf(web)).map(taskView);
  const toDo = tasks.filter((t) => t.stillToDo);
  const late = toDo.filter((t) => t.state === 'late').length;
  return reply.page('tasks.njk', {
    pageTitle: 'Tasks',
    tasks,
    summary: tasks.length
      ? `${plural(toDo.length, 'task')} to do${late ? ` (${late} late)` : ''}, ${tasks.length - toDo.length} closed.`
      : '',
    nobodyToTell: toDo.filter((t) => t.nobodyToTell).length,
  });
};

/** The copy the task's note carries, filled in as the channel copy page shows it, with the files commsplan makes. */
async function copyForTask(web: WebContext, task: TaskReport) {
  const sources = await readCopySources(web.store, web.organisation, web.now());
  const activity = sources.workspace.activities.find((a) => a.id === task.activityId);
  const kinds = new Set(activity?.channels.map(copyKindOf));
  const copy = buildChannelCopy(sources, 3);
  const ofPhase = <T extends { phase: string }>(pieces: T[]) => pieces.filter((piece) => piece.phase === activity?.phase);
  return {
    intranet: kinds.has('intranet') ? ofPhase(copy.intranet).map((page) => ({ ...page, copyHref: `/copy#intranet-${page.phase}` })) : [],
    newsletter: kinds.has('newsletter')
      ? ofPhase(copy.newsletter).map((article) => ({ ...article, copyHref: `/copy#newsletter-${article.phase}` }))
      : [],
    briefing: kinds.has('briefing') ? copy.briefing : undefined,
    files: [
      ...(kinds.has('poster') ? [{ href: '/information-pack/poster.pdf', text: 'Download the poster (PDF)' }] : []),
      ...(kinds.has('information-pack') ? [{ href: '/information-pack', text: 'See the information pack' }] : []),
    ],
  };
}

async function taskPage(request: FastifyRequest, web: WebContext, extra: Record<string, unknown> = {}) {
  const tasks = await tasksOf(web);
  const wanted = idOf(request).toLowerCase();
  const task = tasks.find((t) => t.id.toLowerCase() === wanted);
  if (!task) return undefined;
  return {
    pageTitle: `Task: ${task.title}`,
    task: taskView(task),
    copy: await copyForTask(web, task),
    canEdit: canEdit(request),
    done: queryField(request, 'done') === 'yes',
    reassigned: queryField(request, 'reassigned') === 'yes',
    ...extra,
  };
}

export const showTask: PageHandler = async (request, reply, web) => {
  const page = await taskPage(request, web);
  return page ? reply.page('task.njk', page) : sendErrorPage(reply, ERROR_PAGES.notFound);
};

/** Runs a change to a task; the use-case's plain-words refusal goes back on the task's page, by its field. */
async function changeTask(request: FastifyRequest, reply: Parameters<PageHandler>[1], web: WebContext, change: () => Promise<string>) {
  try {
    return reply.redirect(await change(), 303);
  } catch (error) {
    if (!isFormRefusal(error, ['invalid-status-change', 'activity-final'])) throw error;
    const field = error.details.field === 'owner' ? 'owner' : 'done';
    const page = await taskPage(request, web, { error: { field, text: error.message }, owner: formField(request, 'owner') });
    return page ? reply.page('task.njk', page, 400) : sendErrorPage(reply, ERROR_PAGES.notFound);
  }
}

const actorOf = (request: FastifyRequest) => request.user?.email ?? 'web';

export const markTaskDone: PageHandler = (request, reply, web) =>
  changeTask(request, reply, web, async () => {
    const closed = await closeTask(web.store, web.organisation, { taskId: idOf(request), by: actorOf(request) }, web.now());
    return `${taskHref(closed.taskKey)}?done=yes`;
  });

export const giveTaskToOwner: PageHandler = (request, reply, web) =>
  changeTask(request, reply, web, async () => {
    const moved = await reassignTask(
      web.store,
      web.organisation,
      { taskId: idOf(request), owner: formField(request, 'owner'), by: actorOf(request) },
      web.now(),
    );
    return `${taskHref(moved.taskKey)}?reassigned=yes`;
  });

import { formatLongDate } from '../../calendar/local-date.js';
import { addClosureDay, closureDaysOf, removeClosureDay } from '../../delivery/change-closures.js';
import { isCommsplanError } from '../../shared/errors.js';
import { dateFromParts } from '../date-input.js';
import { formField, queryField } from '../form-fields.js';
import { roleCan } from '../role-can.js';
import type { PageHandler, WebContext } from '../web-context.js';

type Request = Parameters<PageHandler>[0];
type Reply = Parameters<PageHandler>[1];
const changeBy = (request: Request, web: WebContext) => ({ actor: request.user?.email ?? 'web', now: web.now() });

async function renderClosures(request: Request, reply: Reply, web: WebContext, extra: Record<string, unknown> = {}, status = 200) {
  const closures = (await closureDaysOf(web.store, web.organisation)).map((closure) => ({
    ...closure,
    when: formatLongDate(closure.date),
  }));
  const doneDate = queryField(request, 'date');
  return reply.page(
    'closures.njk',
    {
      pageTitle: 'Closure days',
      closures,
      done: queryField(request, 'done'),
      isAdmin: roleCan(request, 'admin'),
      doneWhen: /^\d{4}-\d{2}-\d{2}$/.test(doneDate) ? formatLongDate(doneDate) : '',
      values: { day: '', month: '', year: '', name: '' },
      errorSummaryShown: Boolean(extra.error),
      ...extra,
    },
    status,
  );
}

export const showClosures: PageHandler = (request, reply, web) => renderClosures(request, reply, web);

export const postNewClosure: PageHandler = async (request, reply, web) => {
  const values = Object.fromEntries(['day', 'month', 'year', 'name'].map((field) => [field, formField(request, field)])) as Record<
    'day' | 'month' | 'year' | 'name',
    string
  >;
  const checked = dateFromParts(values, 'The date the organisation is closed');
  if (!checked.ok)
    return renderClosures(
      request,
      reply,
      web,
      { values, error: { field: `date-${checked.part}`, text: checked.message, date: true } },
      400,
    );
  try {
    await addClosureDay(web.store, web.organisation, { date: checked.date, name: values.name }, changeBy(request, web), 'The reason');
  } catch (error) {
    if (!isCommsplanError(error) || error.code !== 'invalid-input') throw error;
    return renderClosures(request, reply, web, { values, error: { field: 'name', text: error.message } }, 400);
  }
  return reply.redirect(`/closures?done=added&date=${checked.date}`, 303);
};

export const postRemoveClosure: PageHandler = async (request, reply, web) => {
  const date = formField(request, 'date');
  try {
    await removeClosureDay(web.store, web.organisation, date, changeBy(request, web));
  } catch (error) {
    if (!isCommsplanError(error) || error.code !== 'invalid-input') throw error;
    return renderClosures(request, reply, web, { error: { field: 'closures', text: error.message } }, 400);
  }
  return reply.redirect(`/closures?done=removed&date=${encodeURIComponent(date)}`, 303);
};

import { addClosureDay, closureDaysOf, previewAddClosureDay, removeClosureDay } from '../../approvals/change-closures.js';
import { formatLongDate } from '../../calendar/local-date.js';
import { dateFromParts } from '../date-input.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
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

type ClosureValues = Record<'day' | 'month' | 'year' | 'name', string>;

/** The date and reason as typed, checked: the date, or the page that says what is wrong at its field. */
function readClosure(request: Request): { values: ClosureValues } & ({ date: string } | { error: Record<string, unknown> }) {
  const values = Object.fromEntries(['day', 'month', 'year', 'name'].map((field) => [field, formField(request, field)])) as ClosureValues;
  const checked = dateFromParts(values, 'The date the organisation is closed');
  return checked.ok
    ? { values, date: checked.date }
    : { values, error: { field: `date-${checked.part}`, text: checked.message, date: true } };
}

/**
 * The first step of adding a closure day (`closures add --dry-run`): the emails and tasks the day
 * would move, and to when, with buttons to add it or cancel. Nothing is stored here.
 */
export const postNewClosure: PageHandler = async (request, reply, web) => {
  const read = readClosure(request);
  if ('error' in read) return renderClosures(request, reply, web, { values: read.values, error: read.error }, 400);
  try {
    const preview = await previewAddClosureDay(web.store, web.organisation, { date: read.date, name: read.values.name }, 'The reason');
    return renderClosures(request, reply, web, {
      values: read.values,
      preview: {
        when: formatLongDate(preview.date),
        name: preview.name,
        redated: preview.redated.map((r) => ({ ...r, from: formatLongDate(r.from), to: formatLongDate(r.to) })),
      },
    });
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return renderClosures(request, reply, web, { values: read.values, error: { field: 'name', text: error.message } }, 400);
  }
};

/** The confirmed closure day (`closures add`): saved and audited, then the page with a banner (a refresh adds nothing). */
export const confirmNewClosure: PageHandler = async (request, reply, web) => {
  const read = readClosure(request);
  if ('error' in read) return renderClosures(request, reply, web, { values: read.values, error: read.error }, 400);
  try {
    await addClosureDay(web.store, web.organisation, { date: read.date, name: read.values.name }, changeBy(request, web), 'The reason');
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return renderClosures(request, reply, web, { values: read.values, error: { field: 'name', text: error.message } }, 400);
  }
  return reply.redirect(`/closures?done=added&date=${read.date}`, 303);
};

export const postRemoveClosure: PageHandler = async (request, reply, web) => {
  const date = formField(request, 'date');
  try {
    await removeClosureDay(web.store, web.organisation, date, changeBy(request, web));
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return renderClosures(request, reply, web, { error: { field: 'closures', text: error.message } }, 400);
  }
  return reply.redirect(`/closures?done=removed&date=${encodeURIComponent(date)}`, 303);
};

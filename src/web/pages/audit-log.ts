import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { detailText } from '../../audit/audit-detail.js';
import { type AuditFilter, countAuditEvents, eachAuditEntry, listAuditActors, listAuditEvents } from '../../audit/audit-log.store.js';
import { addDays, type LocalDate } from '../../calendar/local-date.js';
import { londonInstant } from '../../calendar/london-time.js';
import { csvLine } from '../../shared/csv.js';
import { readDateParts } from '../date-input.js';
import { queryField } from '../form-fields.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { actorLabel } from './actor-words.js';
import { AUDIT_KINDS, auditRowOf, kindMatch, OTHER_KIND } from './audit-log-view.js';
import { readPlanNames } from './key-words.js';
import { pageOfTotal, pageStart } from './list-pages.js';

export const AUDIT_LOG_PAGE_SIZE = 50;

const FILTER_FIELDS = ['kind', 'actor', 'activity', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'] as const;

interface DateError {
  field: 'from' | 'to';
  text: string;
}

/** An NHS date input's three boxes, in the query, as a date; undefined when all are empty. */
function dateFrom(request: FastifyRequest, name: 'from' | 'to', label: string): LocalDate | undefined | DateError {
  const part = (which: string) => queryField(request, `${name}-${which}`);
  const reading = readDateParts({ day: part('day'), month: part('month'), year: part('year') }, label);
  if ('empty' in reading) return undefined;
  if ('error' in reading) return { field: name, text: reading.error };
  return reading.date;
}

const isDateError = (value: LocalDate | undefined | DateError): value is DateError => typeof value === 'object';

/** The filter the query asks for, and what was wrong with its dates. */
function filterOf(request: FastifyRequest): { filter: AuditFilter; errors: DateError[] } {
  const from = dateFrom(request, 'from', 'The first day');
  const to = dateFrom(request, 'to', 'The last day');
  const errors = [from, to].filter(isDateError);
  const filter: AuditFilter = {
    actions: kindMatch(queryField(request, 'kind')),
    actor: queryField(request, 'actor') || undefined,
    activity: queryField(request, 'activity') || undefined,
  };
  if (typeof from === 'string') filter.from = londonInstant(from, '00:00').toISOString();
  if (typeof to === 'string') filter.until = londonInstant(addDays(to, 1), '00:00').toISOString();
  return { filter, errors };
}

/** The query of this filter, for the page links and the download. */
function filterQuery(request: FastifyRequest): URLSearchParams {
  const query = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = queryField(request, field);
    if (value) query.set(field, value);
  }
  return query;
}

const option = (value: string, text: string, chosen: string) => ({ value, text, selected: value === chosen });

/** The audit log, newest first and a page at a time: every change, with who and when; sends folded per occurrence and day. */
export const showAuditLog: PageHandler = async (request, reply, web) => {
  const { filter, errors } = filterOf(request);
  const { db } = web.store;
  const orgId = web.organisation.id;
  const total = await countAuditEvents(db, orgId, filter);
  const query = filterQuery(request);
  const hrefOf = (page: number) => `/log?${new URLSearchParams([...query, ['page', String(page)]])}#entries`;
  const { offset, limit } = pageStart(total, queryField(request, 'page'), AUDIT_LOG_PAGE_SIZE);
  const [events, names, actors] = await Promise.all([
    listAuditEvents(db, orgId, filter, { offset, limit }),
    readPlanNames(web),
    listAuditActors(db, orgId),
  ]);
  const chosen = (field: string) => queryField(request, field);
  return reply.page(
    'audit-log.njk',
    {
      pageTitle: 'Audit log',
      page: pageOfTotal(
        events.map((event) => auditRowOf(event, names)),
        total,
        offset,
        hrefOf,
        AUDIT_LOG_PAGE_SIZE,
      ),
      total,
      errors,
      errorList: errors.map((e) => ({ text: e.text, href: `#${e.field}-${e.field}-day` })),
      fromError: errors.find((e) => e.field === 'from'),
      toError: errors.find((e) => e.field === 'to'),
      values: Object.fromEntries(FILTER_FIELDS.map((field) => [field.replace('-', '_'), chosen(field)])),
      filtered: [...query.keys()].length > 0,
      csvHref: `/log/csv${query.size ? `?${query}` : ''}`,
      kinds: [
        option('', 'Every kind', chosen('kind')),
        ...[...AUDIT_KINDS, OTHER_KIND].map((k) => option(k.value, k.text, chosen('kind'))),
      ],
      actors: [option('', 'Anyone', chosen('actor')), ...actors.map((a) => option(a, actorLabel(a), chosen('actor')))],
      activities: [
        option('', 'Every activity', chosen('activity')),
        ...names.activityList.map((a) => option(a.id, a.title, chosen('activity'))),
      ],
    },
    errors.length ? 400 : 200,
  );
};

async function* auditCsv(web: WebContext, filter: AuditFilter): AsyncGenerator<string> {
  yield csvLine(['When (UTC)', 'Who', 'What', 'To what', 'Details']);
  for await (const entry of eachAuditEntry(web.store.db, web.organisation.id, filter))
    yield csvLine([entry.at, entry.actor, entry.action, entry.subject, detailText(entry.detail)]);
}

/** Every entry the filter matches, one line each (sends unfolded), as CSV that spreadsheets open safely. */
export const downloadAuditLog: PageHandler = async (request, reply, web) => {
  const { filter, errors } = filterOf(request);
  if (errors.length) return showAuditLog(request, reply, web);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="audit-log.csv"')
    .header('cache-control', 'no-store')
    .send(Readable.from(auditCsv(web, filter)));
};

import { Readable } from 'node:stream';
import { roleAllows } from '../../accounts/role.js';
import { saveAudienceRule } from '../../approvals/change-audiences.js';
import { audiencePeopleBatches, audiencePeoplePage, countFilter } from '../../audiences/audience-pages.js';
import { PEOPLE_COLUMNS, personRow } from '../../audiences/audience-people-table.js';
import { resolveAudience } from '../../audiences/manage-audiences.js';
import { peopleApart } from '../../audiences/people-apart.js';
import { storedAudienceCounts } from '../../audiences/stored-audience-counts.js';
import { csvLine } from '../../shared/csv.js';
import { approvalNotices, approvalQuery, keepApprovalAsked } from '../approval-notices.js';
import { audienceReadingFor, countsForPage, refreshCountsInBackground } from '../audience-count-refresher.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import type { PageHandler } from '../web-context.js';
import { audienceRows, listsToPutRight } from './audiences-view.js';
import { peopleListHref } from './people-view.js';
import { count, londonDateTime } from './time-words.js';

const PAGE_SIZE = 50;
const nameOf = (request: Parameters<PageHandler>[0]) => (request.params as { name: string }).name;

export const showAudiences: PageHandler = async (request, reply, web) => {
  const { stored, counting } = await countsForPage(web);
  const apart = stored ? peopleApart(stored.overview) : [];
  return reply.page('audiences.njk', {
    pageTitle: 'Audiences',
    counting,
    audiences: stored ? audienceRows(stored.overview) : [],
    apart: apart.map((line) => ({ text: line.text, href: line.list ? peopleListHref(line.list) : undefined })),
    // Worked out only while the people table is settled: when counting, the page's script fetches it again at the end.
    putRight: counting ? [] : await listsToPutRight(web),
    computedAt: stored ? londonDateTime(stored.computedAt) : undefined,
    peopleTableBuiltAt: stored ? londonDateTime(stored.overview.computedAt) : undefined,
    canEdit: request.user ? roleAllows(request.user.role, 'editor') : false,
    saved: queryField(request, 'saved'),
    approvals: await approvalNotices(request, web),
  });
};

export const showAudience: PageHandler = async (request, reply, web) => {
  const after = queryField(request, 'after');
  const { audience, people, nextAfter } = await audiencePeoplePage(
    web.store,
    await audienceReadingFor(web),
    nameOf(request),
    after,
    PAGE_SIZE,
  );
  const { stored } = await storedAudienceCounts(web.store, web.organisation.id, web.now());
  const summary = stored?.overview.audiences.find((a) => a.name === audience.name);
  const base = `/audiences/${encodeURIComponent(audience.name)}`;
  return reply.page('audience.njk', {
    pageTitle: `Audience ${audience.name}`,
    audience,
    total: summary ? count(summary.count) : undefined,
    computedAt: stored ? londonDateTime(stored.computedAt) : undefined,
    columns: PEOPLE_COLUMNS,
    rows: people.map(personRow),
    firstPage: after === '',
    firstHref: base,
    nextHref: nextAfter ? `${base}?after=${encodeURIComponent(nextAfter)}` : undefined,
    csvHref: `${base}/csv`,
  });
};

export const downloadAudience: PageHandler = async (request, reply, web) => {
  const reading = await audienceReadingFor(web);
  const audience = await resolveAudience(web.store.db, web.organisation.id, nameOf(request));
  async function* lines() {
    yield csvLine(PEOPLE_COLUMNS);
    for await (const batch of audiencePeopleBatches(web.store, reading, audience)) yield batch.map((p) => csvLine(personRow(p))).join('');
  }
  const fileName = `audience-${audience.name.replace(/[^a-z0-9-]+/gi, '-')}.csv`;
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines()));
};

export const showNewAudience: PageHandler = async (request, reply) =>
  reply.page('audience-form.njk', { pageTitle: 'Define an audience', name: '', filter: '', canApprove: canApprove(request) });

/** One form, two buttons: "Count" shows how many the filter picks now; "Save" keeps it as an audience. */
const canApprove = (request: Parameters<PageHandler>[0]) => (request.user ? roleAllows(request.user.role, 'approver') : false);

export const postNewAudience: PageHandler = async (request, reply, web) => {
  const name = formField(request, 'name');
  const filter = formField(request, 'filter');
  const saving = formField(request, 'action') === 'save';
  const missing = emptyAudienceField(name, filter, saving);
  if (missing) return reply.page('audience-form.njk', audienceFormWithError(request, name, filter, missing), 400);
  try {
    if (saving) {
      const change = { actor: request.user?.email ?? 'web', keepApproval: keepApprovalAsked(request) };
      const review = await saveAudienceRule(web.store, web.organisation, { name, filter }, change, web.now());
      void refreshCountsInBackground(web);
      return reply.redirect(`/audiences?saved=${encodeURIComponent(name.trim().toLowerCase())}${approvalQuery(review)}`, 303);
    }
    const matches = await countFilter(web.store, await audienceReadingFor(web), filter);
    return reply.page('audience-form.njk', {
      pageTitle: 'Define an audience',
      name,
      filter,
      matches: count(matches),
      counted: true,
      canApprove: canApprove(request),
    });
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    const field = error.details?.field === 'name' ? 'name' : 'filter';
    return reply.page('audience-form.njk', audienceFormWithError(request, name, filter, { field, text: error.message }), 400);
  }
};

/** A field left empty, said in words before the rule is read: a name is needed only to save. */
function emptyAudienceField(name: string, filter: string, saving: boolean): { field: string; text: string } | undefined {
  if (saving && name.trim() === '') return { field: 'name', text: 'Enter a name for the audience, such as pharmacy-mobile' };
  if (filter.trim() === '') return { field: 'filter', text: 'Enter who is in the audience, such as department = "Pharmacy"' };
  return undefined;
}

function audienceFormWithError(request: Parameters<PageHandler>[0], name: string, filter: string, error: { field: string; text: string }) {
  return { pageTitle: 'Define an audience', name, filter, error, errorSummaryShown: true, canApprove: canApprove(request) };
}

import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { formatLongDateSpan } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';
import type { Workspace } from '../../plan/workspace.js';
import {
  type PersonResult,
  type ResultFilter,
  type ResultGroup,
  waveResultBatches,
  waveResultCounts,
  waveResultsPage,
} from '../../results/wave-results-list.js';
import { CommsplanError } from '../../shared/errors.js';
import { plural } from '../../shared/plural.js';
import type { Wave } from '../../waves/wave.js';
import { queryField } from '../form-fields.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { pageOfTotal, pageStart, sendCsv } from './list-pages.js';
import { folderSenderNames, writtenMessageHref } from './mail.js';
import { whenWords } from './time-words.js';

/** People on a page of a wave's results, as on the mail page; the CSV download has them all. */
export const RESULTS_PAGE_SIZE = 50;

/** Each group of results in the page's order, with the word its filter takes in the address. */
const GROUPS: readonly { group: ResultGroup; slug: string; label: string }[] = [
  { group: 'moved', slug: 'moved', label: 'Moved' },
  { group: 'failed', slug: 'failed', label: 'Move failed' },
  { group: 'not finished', slug: 'not-finished', label: 'Move not finished' },
  { group: 'no result yet', slug: 'no-result', label: 'No result yet' },
];
const CARRIED = 'carried-over';

/** The wave the address names by its id, from the workspace; an unknown one is a 404. */
export async function waveOfRequest(request: FastifyRequest, web: WebContext): Promise<{ wave: Wave; workspace: Workspace }> {
  const id = Number((request.params as { id: string }).id);
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const wave = workspace.waves.find((w) => w.id === id);
  if (!Number.isInteger(id) || !wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  return { wave, workspace };
}

/** Where a sent message can be read: the mail page keeps what folder senders wrote. */
async function messageHrefs(web: WebContext): Promise<(email: NonNullable<PersonResult['email']>) => string | undefined> {
  const folderSenders = await folderSenderNames(web);
  return (email) => (email.state === 'sent' ? writtenMessageHref(folderSenders, email.sender, email.messageKey) : undefined);
}

/** The email that followed a result, in words: which, and where it stands in the outbox. */
function emailWords(email: PersonResult['email'], titleOf: (activityId: string) => string): string {
  if (!email) return 'None yet';
  const title = titleOf(email.activityId);
  if (email.state === 'sent' && email.sentAt) return `${title}: sent at ${whenWords(email.sentAt)}`;
  if (email.state === 'queued' || email.state === 'retrying') return `${title}: waiting to go, from ${whenWords(email.notBefore)}`;
  return `${title}: ${email.state}`;
}

const resultsHref = (wave: Wave, slug?: string, page?: number) => {
  const fields: [string, string][] = [];
  if (slug) fields.push(['result', slug]);
  if (page && page > 1) fields.push(['page', String(page)]);
  const query = new URLSearchParams(fields);
  return `/waves/${wave.id}/results${query.size ? `?${query}` : ''}`;
};

/**
 * The wave, the filter chosen (`result` in the address; one it does not know keeps no one) and
 * the words for the results.
 */
async function chosenResults(request: FastifyRequest, web: WebContext) {
  const { wave, workspace } = await waveOfRequest(request, web);
  const titles = new Map(workspace.activities.map((a) => [a.id, a.title]));
  const titleOf = (id: string) => titles.get(id) ?? id;
  const chosen = queryField(request, 'result');
  const filter: ResultFilter | 'no one' = !chosen
    ? undefined
    : chosen === CARRIED
      ? 'carried-over'
      : (GROUPS.find((g) => g.slug === chosen)?.group ?? 'no one');
  return { wave, workspace, chosen, filter, titleOf };
}

const personWords = (p: PersonResult) => (p.name ? `${p.name} (${p.person})` : p.person);
const resultWords = (p: PersonResult) => GROUPS.find((g) => g.group === p.group)?.label ?? p.group;
const sentToWords = (p: PersonResult) => (p.email ? `${p.email.recipient}${p.email.toNhsmail ? ' (NHSmail)' : ''}` : '');

/** `commsplan waves results WAVE`: each person the wave's results are about, and the email that followed, a page at a time. */
export const showWaveResults: PageHandler = async (request, reply, web) => {
  const { wave, workspace, chosen, filter, titleOf } = await chosenResults(request, web);
  const hrefOf = await messageHrefs(web);
  const slug = chosen === CARRIED || GROUPS.some((g) => g.slug === chosen) ? chosen : undefined;
  // Counted in SQL and only the page's people read, each kept until the data changes.
  const kept = `wave-results/${web.organisation.id}/${londonDate(web.now())}/${wave.id}`;
  const counts = await keptWhileUnchanged(web.store, kept, () => waveResultCounts(web.store, workspace, wave, web.now()));
  const total = filter === 'no one' ? 0 : counts[filter ?? 'all'];
  const pageAsked = queryField(request, 'page');
  const { offset, limit } = pageStart(total, pageAsked, RESULTS_PAGE_SIZE);
  const people =
    filter === 'no one'
      ? []
      : await keptWhileUnchanged(web.store, `${kept}/${filter ?? ''}/${offset}`, () =>
          waveResultsPage(web.store, workspace, wave, web.now(), { filter, window: { offset, limit, total } }),
        );
  const page = pageOfTotal(people, total, offset, (n) => resultsHref(wave, slug, n), RESULTS_PAGE_SIZE);
  const filterLabel = chosen === CARRIED ? 'Carried over into a later wave' : GROUPS.find((g) => g.slug === chosen)?.label;
  const canEdit = request.user ? roleAllows(request.user.role, 'editor') : false;
  return reply.page('wave-results.njk', {
    pageTitle: `Results of ${wave.name}`,
    wave: { id: wave.id, name: wave.name, dates: formatLongDateSpan(wave), started: wave.start <= londonDate(web.now()) },
    counts: [
      ...GROUPS.map((g) => ({ label: g.label, count: counts[g.group], href: resultsHref(wave, g.slug) })),
      { label: 'Carried over into a later wave', count: counts['carried-over'], href: resultsHref(wave, CARRIED) },
    ],
    filter: filterLabel ? { label: filterLabel, allHref: resultsHref(wave) } : undefined,
    total: plural(total, 'person', 'people'),
    page,
    csvHref: `/waves/${wave.id}/results.csv${slug ? `?result=${slug}` : ''}`,
    rows: page.items.map((p) => [
      { text: personWords(p) },
      { text: resultWords(p) },
      { text: p.status ?? '' },
      { text: p.nowIn ?? '' },
      { text: emailWords(p.email, titleOf), href: p.email ? hrefOf(p.email) : undefined },
      { text: sentToWords(p) },
    ]),
    canEdit,
    canAccept: request.user ? roleAllows(request.user.role, 'approver') : false,
    done: queryField(request, 'done'),
    doneCount: queryField(request, 'count'),
  });
};

const CSV_COLUMNS = ['Person', 'Result', 'Status in the migration tool', 'Now in', 'Email that followed', 'Sent to'] as const;

/** The results as CSV, filtered as the page is: every person, not only a page, read a batch at a time, with formulas neutralised. */
export const downloadWaveResults: PageHandler = async (request, reply, web) => {
  const { wave, workspace, filter, titleOf } = await chosenResults(request, web);
  const now = web.now();
  async function* rows() {
    if (filter === 'no one') return;
    for await (const batch of waveResultBatches(web.store, workspace, wave, now, filter))
      for (const p of batch)
        yield [personWords(p), resultWords(p), p.status ?? '', p.nowIn ?? '', emailWords(p.email, titleOf), sentToWords(p)];
  }
  return sendCsv(reply, `results-${wave.name.replace(/[^A-Za-z0-9-]+/g, '-')}.csv`, CSV_COLUMNS, rows());
};

import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { formatLongDate } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';
import { emlFileNameOf } from '../../delivery/mail-folder.js';
import { listSenders } from '../../delivery/senders.store.js';
import type { Workspace } from '../../plan/workspace.js';
import { type PersonResult, type ResultGroup, waveResults } from '../../results/wave-results-list.js';
import { CommsplanError } from '../../shared/errors.js';
import { plural } from '../../shared/plural.js';
import type { Wave } from '../../waves/wave.js';
import { queryField } from '../form-fields.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { whenWords } from './time-words.js';

/** Each group of results in the page's order, with the word its filter takes in the address. */
const GROUPS: readonly { group: ResultGroup; slug: string; label: string }[] = [
  { group: 'moved', slug: 'moved', label: 'Moved' },
  { group: 'failed', slug: 'failed', label: 'Move failed' },
  { group: 'not finished', slug: 'not-finished', label: 'Move not finished' },
  { group: 'no result yet', slug: 'no-result', label: 'No result yet' },
];
const CARRIED = 'carried-over';

export const waveDates = (w: Pick<Wave, 'start' | 'end'>) =>
  w.start === w.end ? formatLongDate(w.start) : `${formatLongDate(w.start)} to ${formatLongDate(w.end)}`;

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
  const folderSenders = new Set(
    (await listSenders(web.store.db, web.organisation.id)).filter((s) => s.kind === 'folder').map((s) => s.name),
  );
  return (email) =>
    email.state === 'sent' && folderSenders.has(email.sender)
      ? `/mail/${encodeURIComponent(email.sender)}/${encodeURIComponent(emlFileNameOf(email.messageKey))}`
      : undefined;
}

/** The email that followed a result, in words: which, and where it stands in the outbox. */
function emailWords(email: PersonResult['email'], titleOf: (activityId: string) => string): string {
  if (!email) return 'None yet';
  const title = titleOf(email.activityId);
  if (email.state === 'sent' && email.sentAt) return `${title}: sent at ${whenWords(email.sentAt)}`;
  if (email.state === 'queued' || email.state === 'retrying') return `${title}: waiting to go, from ${whenWords(email.notBefore)}`;
  return `${title}: ${email.state}`;
}

const resultsHref = (wave: Wave, slug?: string) => `/waves/${wave.id}/results${slug ? `?result=${slug}` : ''}`;

/** `commsplan waves results WAVE`: each person the wave's results are about, and the email that followed. */
export const showWaveResults: PageHandler = async (request, reply, web) => {
  const { wave, workspace } = await waveOfRequest(request, web);
  const people = await waveResults(web.store, workspace, wave, web.now());
  const hrefOf = await messageHrefs(web);
  const titles = new Map(workspace.activities.map((a) => [a.id, a.title]));
  const titleOf = (id: string) => titles.get(id) ?? id;
  const chosen = queryField(request, 'result');
  const shown =
    chosen === CARRIED
      ? people.filter((p) => p.nowIn)
      : people.filter((p) => GROUPS.find((g) => g.slug === chosen)?.group === p.group || !chosen);
  const filterLabel = chosen === CARRIED ? 'Carried over into a later wave' : GROUPS.find((g) => g.slug === chosen)?.label;
  const canEdit = request.user ? roleAllows(request.user.role, 'editor') : false;
  return reply.page('wave-results.njk', {
    pageTitle: `Results of ${wave.name}`,
    wave: { id: wave.id, name: wave.name, dates: waveDates(wave), started: wave.start <= londonDate(web.now()) },
    counts: [
      ...GROUPS.map((g) => ({ label: g.label, count: people.filter((p) => p.group === g.group).length, href: resultsHref(wave, g.slug) })),
      { label: 'Carried over into a later wave', count: people.filter((p) => p.nowIn).length, href: resultsHref(wave, CARRIED) },
    ],
    filter: filterLabel ? { label: filterLabel, allHref: resultsHref(wave) } : undefined,
    total: plural(shown.length, 'person', 'people'),
    rows: shown.map((p) => [
      { text: p.name ? `${p.name} (${p.person})` : p.person },
      { text: GROUPS.find((g) => g.group === p.group)?.label ?? p.group },
      { text: p.status ?? '' },
      { text: p.nowIn ?? '' },
      { text: emailWords(p.email, titleOf), href: p.email ? hrefOf(p.email) : undefined },
      { text: p.email ? `${p.email.recipient}${p.email.toNhsmail ? ' (NHSmail)' : ''}` : '' },
    ]),
    canEdit,
    canAccept: request.user ? roleAllows(request.user.role, 'approver') : false,
    done: queryField(request, 'done'),
    doneCount: queryField(request, 'count'),
  });
};

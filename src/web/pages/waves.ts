import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { toldSoFarOf } from '../../approvals/told-old-dates.js';
import { audiencePeoplePage } from '../../audiences/audience-pages.js';
import { formatLongDateSpan, isLocalDate } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';
import { sortWaves } from '../../plan/timeline.js';
import { CommsplanError, type ErrorCode } from '../../shared/errors.js';
import { plural } from '../../shared/plural.js';
import { addWave } from '../../waves/manage-waves.js';
import type { WaveSummary } from '../../waves/wave-overview.js';
import { approvalNotices } from '../approval-notices.js';
import { audienceReadingFor, countsForPage, refreshCountsInBackground } from '../audience-count-refresher.js';
import { queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import { changeByUser } from '../record-change.js';
import { waveOverviewForPage } from '../wave-overview-snapshot.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { count, londonDateTime } from './time-words.js';
import { toldWords } from './told-words.js';
import { readNewWave } from './wave-add-form.js';

const ROSTER_PAGE = 50;
export const WAVE_ERRORS: ErrorCode[] = ['invalid-wave', 'wave-overlap', 'unknown-wave'];

/**
 * Each wave's size is what it has still to move (waveSizesOf, as the carry-over page and a wave's
 * capacity count it): people who are current, get NHSmail and have not moved (its `wave:NAME`
 * audience, the people its emails go to), shared mailboxes not moved, and apart from them those
 * already moved. Worked out from the people table only while it is up to date: rebuilding it is
 * the recount's job, in the background, and the page says so meanwhile.
 */
async function wavesPage(request: FastifyRequest, web: WebContext, extra: Record<string, unknown> = {}) {
  const [{ workspace }, { stored, overview, recounting }] = await Promise.all([
    workspaceSnapshot(web.store, web.organisation.id),
    waveCounts(web),
  ]);
  const summaries = new Map(overview?.waves.map((summary) => [summary.name.toLowerCase(), summary]));
  return {
    pageTitle: 'Waves',
    waves: sortWaves(workspace.waves).map((w) => {
      const summary = summaries.get(w.name.toLowerCase());
      return {
        id: w.id,
        name: w.name,
        dates: formatLongDateSpan(w),
        ...(summary ? sizesOf(summary) : {}),
      };
    }),
    sized: overview !== undefined,
    // Sizes count mailboxes: with no mailbox list imported, every wave moves none yet, whatever the staff list says.
    noMailboxList: workspace.waves.length > 0 && !workspace.lastImports.mailboxes,
    brokenLinks: overview?.brokenLinks.length ?? 0,
    counting: recounting,
    computedAt: stored ? londonDateTime(stored.overview.computedAt) : undefined,
    canEdit: request.user ? roleAllows(request.user.role, 'editor') : false,
    done: queryField(request, 'done'),
    approvals: await approvalNotices(request, web),
    doneWave: queryField(request, 'wave'),
    doneCount: queryField(request, 'count'),
    toldOldDates: await toldOnWavesPage(request, web),
    ...extra,
  };
}

/** The stored counts and the waves' sizes, and whether they are being worked out again (a recount runs then). */
export async function waveCounts(web: WebContext) {
  const { stored, counting } = await countsForPage(web);
  const overview = await waveOverviewForPage(web);
  // The people table is out of date (a plan saved from the command line, say): the recount rebuilds it.
  if (!overview && !counting) void refreshCountsInBackground(web);
  return { stored, overview, recounting: counting || overview === undefined };
}

/** A wave's size and the links it breaks with the others, in words for the table. */
function sizesOf(summary: WaveSummary) {
  return {
    people: count(summary.people),
    shared: count(summary.sharedMailboxes),
    moved: count(summary.moved),
    gb: summary.gb.toFixed(1),
    broken: summary.brokenLinks,
    brokenWith: summary.brokenWith.map((b) => `${plural(b.links, 'link')} with ${b.wave}`).join(', '),
  };
}

/** Every wave with its dates and how many people move in it; editors add one here. */
export const showWaves: PageHandler = async (request, reply, web) => reply.page('waves.njk', await wavesPage(request, web));

/** `waves add` from the page: each field checked first, then what only the waves can say (a clash, say) shown at its field. */
export const saveNewWave: PageHandler = async (request, reply, web) => {
  const { values, errors, input } = readNewWave(request);
  if (errors.length === 0) {
    try {
      const wave = await addWave(web.store, web.organisation, input, changeByUser(request, web));
      return reply.redirect(`/waves?done=added&wave=${encodeURIComponent(wave.name)}`, 303);
    } catch (error) {
      if (!isFormRefusal(error, WAVE_ERRORS)) throw error;
      const field = String((error.details as { field?: string }).field ?? 'start');
      const at = ['end', 'name', 'capacity'].includes(field) ? field : 'start';
      errors.push({ field: at, href: at === 'start' || at === 'end' ? `#${at}-day` : `#${at}`, text: error.message });
    }
  }
  const addErrors = Object.fromEntries(errors.map((e) => [e.field, e.text]));
  return reply.page('waves.njk', await wavesPage(request, web, { errorList: errors, addErrors, values, errorSummaryShown: true }), 400);
};

export const waveIdOf = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isInteger(id)) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  return id;
};

/**
 * After a move, the emails named in the address that had been sent with the wave's old dates: what
 * the outbox records as sent for each, read again here, so the address carries no counts.
 */
async function toldOnWavesPage(request: FastifyRequest, web: WebContext) {
  const keys = queryField(request, 'told').split(',').filter(Boolean);
  if (keys.length === 0) return undefined;
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const told = await toldSoFarOf(web.store.db, workspace, keys);
  const [start = '', end = ''] = queryField(request, 'was').split('_');
  const was = isLocalDate(start) && isLocalDate(end) ? formatLongDateSpan({ start, end }) : '';
  return { emails: toldWords(told), was };
}

/** The people of a wave (its `wave:NAME` audience), a page at a time in address order. */
export const showWaveRoster: PageHandler = async (request, reply, web) => {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const wave = workspace.waves.find((w) => w.id === waveIdOf(request));
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  const after = queryField(request, 'after');
  const key = `wave-roster/${web.organisation.id}/${londonDate(web.now())}/${wave.name}/${after}`;
  const { people, nextAfter } = await keptWhileUnchanged(web.store, key, async () =>
    audiencePeoplePage(web.store, await audienceReadingFor(web), `wave:${wave.name}`, after, ROSTER_PAGE),
  );
  return reply.page('wave-roster.njk', {
    pageTitle: `People in ${wave.name}`,
    wave: { id: wave.id, name: wave.name, dates: formatLongDateSpan(wave) },
    people: people.map((p) => ({
      email: p.email,
      name: [p.first_name, p.last_name].filter(Boolean).join(' ') || p.display_name || '',
      department: p.department ?? '',
    })),
    next: nextAfter,
    first: after !== '',
  });
};

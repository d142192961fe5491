import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { audiencePeoplePage } from '../../audiences/audience-pages.js';
import { formatLongDate } from '../../calendar/local-date.js';
import { moveWaveReviewingApprovals, previewMoveReviewingApprovals, type WaveMoveOutcome } from '../../delivery/move-wave.js';
import { previewWaveMove } from '../../plan/preview-wave-move.js';
import { sortWaves } from '../../plan/timeline.js';
import { CommsplanError, isCommsplanError } from '../../shared/errors.js';
import { plural } from '../../shared/plural.js';
import { addWave } from '../../waves/manage-waves.js';
import type { WaveSummary } from '../../waves/wave-overview.js';
import { listWaves } from '../../waves/waves.store.js';
import { approvalNotices, approvalQuery } from '../approval-notices.js';
import { audienceReadingFor, countsForPage, refreshCountsInBackground } from '../audience-count-refresher.js';
import { formField, queryField } from '../form-fields.js';
import { changeByUser } from '../record-change.js';
import { waveOverviewForPage } from '../wave-overview-snapshot.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { actorLabel } from './actor-words.js';
import { londonDateTime } from './time-words.js';
import { readNewWave } from './wave-add-form.js';

const ROSTER_PAGE = 50;
const WAVE_ERRORS = ['invalid-input', 'invalid-wave', 'wave-overlap', 'unknown-wave'];
const dates = (w: { start: string; end: string }) =>
  w.start === w.end ? formatLongDate(w.start) : `${formatLongDate(w.start)} to ${formatLongDate(w.end)}`;

/**
 * The people in each wave are the stored counts of the `wave:NAME` audiences (those its emails
 * go to): counting them takes seconds at a million people, so the page never does; it starts a
 * recount when the data has changed and says so. A wave nobody is in has no audience among them.
 * Its mailboxes, GB and broken links are the waves as they stand (`waves show`), read only while
 * the people table is up to date: rebuilding it is the recount's job, in the background.
 */
async function wavesPage(request: FastifyRequest, web: WebContext, extra: Record<string, unknown> = {}) {
  const [{ workspace }, { stored, upToDate, overview, recounting }] = await Promise.all([
    workspaceSnapshot(web.store, web.organisation.id),
    waveCounts(web),
  ]);
  const counts = new Map(stored?.overview.audiences.map((a) => [a.name, a.count]));
  const summaries = new Map(overview?.waves.map((summary) => [summary.name.toLowerCase(), summary]));
  return {
    pageTitle: 'Waves',
    waves: sortWaves(workspace.waves).map((w) => {
      const summary = summaries.get(w.name.toLowerCase());
      return {
        id: w.id,
        name: w.name,
        dates: dates(w),
        people: counts.get(`wave:${w.name}`) ?? (upToDate ? 0 : undefined),
        ...(summary ? sizesOf(summary) : {}),
      };
    }),
    sized: overview !== undefined,
    brokenLinks: overview?.brokenLinks.length ?? 0,
    counting: recounting,
    computedAt: stored ? londonDateTime(stored.overview.computedAt) : undefined,
    canEdit: request.user ? roleAllows(request.user.role, 'editor') : false,
    done: queryField(request, 'done'),
    approvals: await approvalNotices(request, web),
    doneWave: queryField(request, 'wave'),
    doneCount: queryField(request, 'count'),
    ...extra,
  };
}

/** The stored counts and the waves' sizes, and whether they are being worked out again (a recount runs then). */
export async function waveCounts(web: WebContext) {
  const { stored, upToDate, counting } = await countsForPage(web);
  const overview = await waveOverviewForPage(web);
  // The people table is out of date (a plan saved from the command line, say): the recount rebuilds it.
  if (!overview && !counting) void refreshCountsInBackground(web);
  return { stored, upToDate, overview, recounting: counting || overview === undefined };
}

/** A wave's size and the links it breaks with the others, in words for the table. */
function sizesOf(summary: WaveSummary) {
  return {
    mailboxes: summary.people,
    shared: summary.sharedMailboxes,
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
      if (!isCommsplanError(error) || !WAVE_ERRORS.includes(error.code)) throw error;
      const field = String((error.details as { field?: string }).field ?? 'start');
      const at = ['end', 'name', 'capacity'].includes(field) ? field : 'start';
      errors.push({ field: at, href: at === 'start' || at === 'end' ? `#${at}-day` : `#${at}`, text: error.message });
    }
  }
  const addErrors = Object.fromEntries(errors.map((e) => [e.field, e.text]));
  return reply.page('waves.njk', await wavesPage(request, web, { errorList: errors, addErrors, values, errorSummaryShown: true }), 400);
};

const waveIdOf = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isInteger(id)) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  return id;
};

const moveInput = (input: { start: string; end: string }) => ({ start: input.start, end: input.end.trim() || undefined });

/** What the move would do to approvals and what `check` would newly find, as the move page lists it. */
function moveEffects(outcome: WaveMoveOutcome) {
  return {
    withdrawn: outcome.withdrawn.map((w) => ({
      name: w.description ?? w.occurrenceKey,
      by: actorLabel(w.approvedBy ?? 'unknown'),
      why: w.reason ?? '',
    })),
    kept: outcome.kept.map((k) => ({
      name: k.description ?? k.occurrenceKey,
      by: actorLabel(k.approvedBy ?? 'unknown'),
      why: k.because ?? '',
    })),
    untouched: outcome.untouched,
    blockers: outcome.newBlockers,
    warnings: outcome.newWarnings,
  };
}

async function movePage(request: FastifyRequest, web: WebContext, input: { start: string; end: string }) {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const wave = workspace.waves.find((w) => w.id === waveIdOf(request));
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  const base = { pageTitle: `Move ${wave.name}`, wave: { id: wave.id, name: wave.name, dates: dates(wave) }, values: input };
  if (input.start.trim() === '') return base;
  try {
    const preview = previewWaveMove(workspace, wave.id, input);
    const effects = await previewMoveReviewingApprovals(web.store, web.organisation, wave.name, moveInput(input), web.now());
    return {
      ...base,
      moved: { start: preview.moved.start, end: preview.moved.end, dates: dates(preview.moved) },
      redated: preview.redated.map((r) => ({ ...r, from: formatLongDate(r.from), to: formatLongDate(r.to) })),
      effects: moveEffects(effects),
    };
  } catch (error) {
    if (!isCommsplanError(error) || !WAVE_ERRORS.includes(error.code)) throw error;
    const field = (error.details as { field?: string }).field === 'end' ? 'end' : 'start';
    return { ...base, error: { text: error.message, field }, errorSummaryShown: true };
  }
}

/** The move form; with a new start, what would re-date and a button to confirm. Nothing is stored here. */
export const showWaveMove: PageHandler = async (request, reply, web) => {
  const page = await movePage(request, web, { start: queryField(request, 'start'), end: queryField(request, 'end') });
  return reply.page('wave-move.njk', page, 'error' in page ? 400 : 200);
};

/** The confirmed move: `waves move`, with the dates the person saw re-dated. */
export const confirmWaveMove: PageHandler = async (request, reply, web) => {
  const id = waveIdOf(request);
  const input = { start: formField(request, 'start'), end: formField(request, 'end') };
  const wave = (await listWaves(web.store.db, web.organisation.id)).find((w) => w.id === id);
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  let withdrawn = '';
  try {
    const { by } = changeByUser(request, web);
    const outcome = await moveWaveReviewingApprovals(web.store, web.organisation, wave.name, { ...moveInput(input), by }, web.now());
    withdrawn = approvalQuery({ withdrawn: outcome.withdrawn, kept: [] });
  } catch (error) {
    if (!isCommsplanError(error) || !WAVE_ERRORS.includes(error.code)) throw error;
    return reply.page('wave-move.njk', await movePage(request, web, input), 400);
  }
  return reply.redirect(`/waves?done=moved&wave=${encodeURIComponent(wave.name)}${withdrawn}`, 303);
};

/** The people of a wave (its `wave:NAME` audience), a page at a time in address order. */
export const showWaveRoster: PageHandler = async (request, reply, web) => {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const wave = workspace.waves.find((w) => w.id === waveIdOf(request));
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  const after = queryField(request, 'after');
  const { people, nextAfter } = await audiencePeoplePage(web.store, await audienceReadingFor(web), `wave:${wave.name}`, after, ROSTER_PAGE);
  return reply.page('wave-roster.njk', {
    pageTitle: `People in ${wave.name}`,
    wave: { id: wave.id, name: wave.name, dates: dates(wave) },
    people: people.map((p) => ({
      email: p.email,
      name: [p.first_name, p.last_name].filter(Boolean).join(' ') || p.display_name || '',
      department: p.department ?? '',
    })),
    next: nextAfter,
    first: after !== '',
  });
};

import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { moveWaveReviewingApprovals, previewMoveReviewingApprovals, type WaveMoveOutcome } from '../../approvals/move-wave.js';
import { type ToldOldDates, toldSoFarOf } from '../../approvals/told-old-dates.js';
import { audiencePeoplePage } from '../../audiences/audience-pages.js';
import { formatLongDate, formatLongDateSpan, isLocalDate } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';
import { previewWaveMove } from '../../plan/preview-wave-move.js';
import { sortWaves } from '../../plan/timeline.js';
import { CommsplanError, type ErrorCode } from '../../shared/errors.js';
import { plural } from '../../shared/plural.js';
import { addWave } from '../../waves/manage-waves.js';
import type { WaveSummary } from '../../waves/wave-overview.js';
import { listWaves } from '../../waves/waves.store.js';
import { approvalNotices, approvalQuery } from '../approval-notices.js';
import { audienceReadingFor, countsForPage, refreshCountsInBackground } from '../audience-count-refresher.js';
import { type DateParts, datePartsOf, readDateParts } from '../date-input.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import { changeByUser } from '../record-change.js';
import { waveOverviewForPage } from '../wave-overview-snapshot.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { actorLabel } from './actor-words.js';
import { count, londonDateTime, whenWords } from './time-words.js';
import { type FieldError, readNewWave } from './wave-add-form.js';

const ROSTER_PAGE = 50;
const WAVE_ERRORS: ErrorCode[] = ['invalid-wave', 'wave-overlap', 'unknown-wave'];

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

const waveIdOf = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isInteger(id)) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  return id;
};

const moveInput = (input: { start: string; end: string }) => ({ start: input.start, end: input.end.trim() || undefined });

/** Whom an email told the old dates, and when: "sent to 2 people at 2:14pm on 7 December 2026; queued to 3 more…". */
function sentWords(told: ToldOldDates): string {
  const { firstSent, lastSent } = told;
  const sent =
    told.people === 0 || !firstSent || !lastSent
      ? ''
      : `sent to ${plural(told.people, 'person', 'people')} ${
          firstSent === lastSent || whenWords(firstSent) === whenWords(lastSent)
            ? `at ${whenWords(firstSent)}`
            : `between ${whenWords(firstSent)} and ${whenWords(lastSent)}`
        }`;
  const queued = told.queued
    ? `queued to ${plural(told.queued, 'person', 'people')}${sent ? ' more' : ''}, whose messages still show the old dates (pause it on its page to stop them)`
    : '';
  return [sent, queued].filter(Boolean).join('; ');
}

/** The emails already sent with the wave's old dates, as the move page and the waves page list them. */
export const toldWords = (told: readonly ToldOldDates[]) =>
  told.map((t) => ({
    title: t.title,
    wave: t.wave,
    activityId: t.activityId,
    told: sentWords(t),
  }));

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

/** The date a person typed as the day, month and year the form shows again. */
const partsOfDate = (date: string): DateParts => {
  const [year = '', month = '', day = ''] = date.split('-');
  return date ? { day: String(Number(day)), month: String(Number(month)), year } : { day: '', month: '', year: '' };
};

interface MoveForm {
  start: DateParts;
  end: DateParts;
}

async function waveOf(request: FastifyRequest, web: WebContext) {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const wave = workspace.waves.find((w) => w.id === waveIdOf(request));
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  return { workspace, wave };
}

/** The move form as typed, with a problem at its field when there is one; `errorList` feeds the NHS error summary. */
async function moveFormPage(request: FastifyRequest, web: WebContext, values: MoveForm, errors: FieldError[] = []) {
  const { wave } = await waveOf(request, web);
  return {
    pageTitle: `Move ${wave.name}`,
    wave: { id: wave.id, name: wave.name, dates: formatLongDateSpan(wave) },
    values,
    errorList: errors.map((e) => ({ text: e.text, href: e.href })),
    moveErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
    errorSummaryShown: errors.length > 0,
  };
}

/**
 * The form's dates, each checked in plain words: a first day is needed, each date must be a real
 * one, and a wave cannot move to a day that has passed. What only the waves can say (it lands
 * on another wave, its last day is before its first) is for the move itself to say.
 */
function readMoveForm(
  request: FastifyRequest,
  today: string,
): { values: MoveForm; errors: FieldError[]; input: { start: string; end: string } } {
  const values = { start: datePartsOf(request, 'start'), end: datePartsOf(request, 'end') };
  const errors: FieldError[] = [];
  const start = readDateParts(values.start, 'The new first day');
  if ('empty' in start) errors.push({ field: 'start', href: '#start-day', text: 'Enter the new first day of the wave' });
  if ('error' in start) errors.push({ field: 'start', href: `#start-${start.part}`, text: start.error });
  if ('date' in start && start.date < today)
    errors.push({
      field: 'start',
      href: '#start-day',
      text: `${formatLongDate(start.date)} has passed: the new first day must be today or later`,
    });
  const end = readDateParts(values.end, 'The new last day');
  if ('error' in end) errors.push({ field: 'end', href: `#end-${end.part}`, text: end.error });
  return { values, errors, input: { start: 'date' in start ? start.date : '', end: 'date' in end ? end.date : '' } };
}

/** What would re-date, what the move does to approvals, and the emails already sent with the old dates. */
async function previewPage(request: FastifyRequest, web: WebContext, values: MoveForm, input: { start: string; end: string }) {
  const { workspace, wave } = await waveOf(request, web);
  const base = await moveFormPage(request, web, values);
  try {
    const preview = previewWaveMove(workspace, wave.id, input);
    const effects = await previewMoveReviewingApprovals(web.store, web.organisation, wave.name, moveInput(input), web.now());
    return {
      ...base,
      moved: { start: preview.moved.start, end: preview.moved.end, dates: formatLongDateSpan(preview.moved) },
      redated: preview.redated.map((r) => ({ ...r, from: formatLongDate(r.from), to: formatLongDate(r.to) })),
      effects: moveEffects(effects),
      toldOldDates: toldWords(effects.toldOldDates),
    };
  } catch (error) {
    if (!isFormRefusal(error, WAVE_ERRORS)) throw error;
    const field = (error.details as { field?: string }).field === 'end' ? 'end' : 'start';
    return moveFormPage(request, web, values, [{ field, href: `#${field}-day`, text: error.message }]);
  }
}

/** The move form, empty: nothing is worked out until the person asks (a GET never runs the preview). */
export const showWaveMove: PageHandler = async (request, reply, web) => {
  const empty = { day: '', month: '', year: '' };
  return reply.page('wave-move.njk', await moveFormPage(request, web, { start: empty, end: { ...empty } }));
};

/**
 * The dates the person submitted: each field checked, then what would re-date and a button to
 * confirm. A POST, as the preview does the move in a transaction it rolls back; nothing is stored.
 */
export const previewWaveMoveFromForm: PageHandler = async (request, reply, web) => {
  const { values, errors, input } = readMoveForm(request, londonDate(web.now()));
  if (errors.length > 0) return reply.page('wave-move.njk', await moveFormPage(request, web, values, errors), 400);
  const page = await previewPage(request, web, values, input);
  return reply.page('wave-move.njk', page, page.errorSummaryShown ? 400 : 200);
};

/** The confirmed move: `waves move`, with the dates the person saw re-dated. */
export const confirmWaveMove: PageHandler = async (request, reply, web) => {
  const id = waveIdOf(request);
  const input = { start: formField(request, 'start'), end: formField(request, 'end') };
  const wave = (await listWaves(web.store.db, web.organisation.id)).find((w) => w.id === id);
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  let result = '';
  try {
    const { by } = changeByUser(request, web);
    const outcome = await moveWaveReviewingApprovals(web.store, web.organisation, wave.name, { ...moveInput(input), by }, web.now());
    const told = outcome.toldOldDates.map((t) => t.occurrenceKey).join(',');
    result = `${approvalQuery({ withdrawn: outcome.withdrawn, kept: [] })}${
      told ? `&told=${encodeURIComponent(told)}&was=${outcome.oldDates.start}_${outcome.oldDates.end}` : ''
    }`;
  } catch (error) {
    if (!isFormRefusal(error, WAVE_ERRORS)) throw error;
    const values = { start: partsOfDate(input.start), end: partsOfDate(input.end) };
    return reply.page('wave-move.njk', await previewPage(request, web, values, input), 400);
  }
  return reply.redirect(`/waves?done=moved&wave=${encodeURIComponent(wave.name)}${result}`, 303);
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

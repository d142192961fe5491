import type { FastifyRequest } from 'fastify';
import { moveWaveReviewingApprovals, previewMoveReviewingApprovals, type WaveMoveOutcome } from '../../approvals/move-wave.js';
import { formatLongDate, formatLongDateSpan } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';
import { previewWaveMove } from '../../plan/preview-wave-move.js';
import { CommsplanError } from '../../shared/errors.js';
import { listWaves } from '../../waves/waves.store.js';
import { approvalQuery } from '../approval-notices.js';
import { type DateParts, datePartsOf, readDateParts } from '../date-input.js';
import { formField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { changeByUser } from '../record-change.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { actorLabel } from './actor-words.js';
import { toldWords } from './told-words.js';
import type { FieldError } from './wave-add-form.js';
import { WAVE_ERRORS, waveIdOf } from './waves.js';

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
    const { actor } = changeByUser(request, web);
    const outcome = await moveWaveReviewingApprovals(web.store, web.organisation, wave.name, { ...moveInput(input), by: actor }, web.now());
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

import type { FastifyRequest } from 'fastify';
import { formatLongDateSpan } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';
import { CommsplanError } from '../../shared/errors.js';
import { plural } from '../../shared/plural.js';
import { type AssignOutcome, assignToWave } from '../../waves/assign-to-wave.js';
import { listWaves } from '../../waves/waves.store.js';
import { refreshCountsInBackground } from '../audience-count-refresher.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { recordChangeBy } from '../record-change.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { brokenLinkCells, firstOf } from './wave-links-view.js';

const VIEW = 'wave-assign.njk';

interface AssignValues {
  email: string;
  department: string;
  wave: string;
}

const assignValues = (read: (name: string) => string): AssignValues => ({
  email: read('email').trim(),
  department: read('department').trim(),
  wave: read('wave').trim(),
});

/** One of a person or a department, and a wave: checked here so the form names the field in its own words. */
function assignInput(values: AssignValues, by: string, dryRun: boolean) {
  if ((values.email === '') === (values.department === ''))
    throw new CommsplanError('invalid-input', 'Fill in an email address or a department, not both.', { field: 'email' });
  if (values.wave === '') throw new CommsplanError('invalid-input', 'Choose the wave to move them into.', { field: 'wave' });
  return values.email
    ? { email: values.email, wave: values.wave, dryRun, by }
    : { department: values.department, wave: values.wave, dryRun, by };
}

function errorField(error: CommsplanError): string {
  const field = (error.details as { field?: string }).field;
  return field === 'department' || field === 'wave' ? field : 'email';
}

/** The form, its waves still to come, and what moving would do when a person or department and a wave are given. */
async function assignPage(web: WebContext, values: AssignValues, outcome?: AssignOutcome, error?: CommsplanError) {
  const today = londonDate(web.now());
  const waves = (await listWaves(web.store.db, web.organisation.id)).filter((wave) => wave.start > today);
  return {
    pageTitle: 'Move a person or a department to a wave',
    values,
    waveItems: [
      { value: '', text: 'Choose a wave' },
      ...waves.map((wave) => ({
        value: wave.name,
        text: `${wave.name}: ${formatLongDateSpan(wave)}`,
        selected: wave.name === values.wave,
      })),
    ],
    ...(outcome ? { preview: assignPreview(outcome) } : {}),
    ...(error ? { error: { text: error.message, field: errorField(error) }, errorSummaryShown: true } : {}),
  };
}

function assignPreview(outcome: AssignOutcome) {
  const moved = firstOf(outcome.moved);
  return {
    wave: outcome.wave.name,
    dates: formatLongDateSpan(outcome.wave),
    movedCount: plural(outcome.moved.length, 'mailbox', 'mailboxes'),
    fullness:
      outcome.capacity === undefined
        ? `It would hold ${plural(outcome.peopleAfter, 'mailbox', 'mailboxes')}; it has no capacity set.`
        : `It would hold ${outcome.peopleAfter} of the ${outcome.capacity} it can move.`,
    moved: moved.shown.map((m) => ({ name: m.name, email: m.email, from: m.from ?? 'No wave' })),
    moreMoved: moved.more,
    breaks: outcome.breaks.map((link) => brokenLinkCells(link, outcome.names)),
    mends: outcome.mends.map((link) => brokenLinkCells(link, outcome.names)),
  };
}

const by = (request: FastifyRequest) => request.user?.email ?? 'web';

/** The form; with a person or department and a wave, what the move would break and mend. Nothing is stored here. */
export const showAssign: PageHandler = async (request, reply, web) => {
  const values = assignValues((name) => queryField(request, name));
  if (!values.email && !values.department && !values.wave) return reply.page(VIEW, await assignPage(web, values));
  try {
    const outcome = await assignToWave(web.store, web.organisation, assignInput(values, by(request), true), web.now());
    return reply.page(VIEW, await assignPage(web, values, outcome));
  } catch (error) {
    if (!isFormRefusal(error, ['unknown-wave'])) throw error;
    return reply.page(VIEW, await assignPage(web, values, undefined, error), 400);
  }
};

/** The confirmed move: `waves assign`, audited as the signed-in person. */
export const confirmAssign: PageHandler = async (request, reply, web) => {
  const values = assignValues((name) => formField(request, name));
  try {
    const input = assignInput(values, by(request), false);
    const outcome = await assignToWave(web.store, web.organisation, input, web.now(), recordChangeBy(request, web));
    void refreshCountsInBackground(web);
    const done = new URLSearchParams({ done: 'assigned', wave: outcome.wave.name, count: String(outcome.moved.length) });
    return reply.redirect(`/waves?${done}`, 303);
  } catch (error) {
    if (!isFormRefusal(error, ['unknown-wave'])) throw error;
    return reply.page(VIEW, await assignPage(web, values, undefined, error), 400);
  }
};

import type { FastifyRequest } from 'fastify';
import type { CommsplanError } from '../../shared/errors.js';
import { BROKEN_LINK_COLUMNS, brokenLinkCsvRow } from '../../waves/broken-links.js';
import { planWaves } from '../../waves/plan-waves.js';
import { refreshCountsInBackground } from '../audience-count-refresher.js';
import { formField, queryField } from '../form-fields.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { sendCsv } from './list-pages.js';
import {
  type CarriedPins,
  carriedPins,
  isPlanRefusal,
  type PlanFormValues,
  pinsField,
  planErrorField,
  planFormFields,
  planFormValues,
  planInput,
  uploadedPins,
} from './wave-plan-form.js';
import { planPreview } from './wave-plan-view.js';

const VIEW = 'wave-plan.njk';
const by = (request: FastifyRequest) => request.user?.email ?? 'web';

/** The plan form, filled in with `values`, and a refusal when there is one. */
function formPage(values: PlanFormValues, pinsFile: string, error?: CommsplanError) {
  return {
    pageTitle: 'Plan the waves',
    values,
    pinsFile,
    ...(error ? { error: { text: error.message, field: planErrorField(error) }, errorSummaryShown: true } : {}),
  };
}

/** The preview of a plan, with the accept form carrying the same options and pins. */
async function previewPage(request: FastifyRequest, web: WebContext, values: PlanFormValues, pins: CarriedPins) {
  const outcome = await planWaves(web.store, web.organisation, { ...planInput(values, pins, by(request)), dryRun: true }, web.now());
  const fields = planFormFields(values);
  return {
    ...formPage(values, pins.file ?? ''),
    preview: planPreview(outcome),
    hidden: { ...fields, pins: pinsField(pins), pinsFile: pins.file ?? '', fingerprint: outcome.fingerprint },
    changeHref: `/waves/plan?${new URLSearchParams({ ...fields, pinsFile: pins.file ?? '' })}`,
    pinCount: pins.rows.length,
    fingerprint: outcome.fingerprint,
  };
}

/** The form to plan the waves: nothing is worked out until it is sent. */
export const showPlanForm: PageHandler = async (request, reply) =>
  reply.page(
    VIEW,
    formPage(
      planFormValues((name) => queryField(request, name)),
      queryField(request, 'pinsFile'),
    ),
  );

/** The plan as it would be (a dry run), or the form with what is wrong. Nothing is saved here. */
export const previewPlan: PageHandler = async (request, reply, web) => {
  const values = planFormValues((name) => formField(request, name));
  try {
    const pins = await uploadedPins(request, web);
    return reply.page(VIEW, await previewPage(request, web, values, pins));
  } catch (error) {
    if (!isPlanRefusal(error)) throw error;
    return reply.page(VIEW, formPage(values, '', error), 400);
  }
};

/** The options and pins the accept form sent back, with the fingerprint of the plan it showed. */
function acceptedForm(request: FastifyRequest) {
  const values = planFormValues((name) => formField(request, name));
  return { values, fingerprint: formField(request, 'fingerprint') };
}

/**
 * Saves the plan shown, with the same options, only if it is still the same plan (its
 * fingerprint). Refused, the page shows the plan as it is now, with what changed, to accept again.
 */
export const acceptPlan: PageHandler = async (request, reply, web) => {
  const { values, fingerprint } = acceptedForm(request);
  let pins: CarriedPins;
  try {
    pins = carriedPins(formField(request, 'pins'), formField(request, 'pinsFile'));
  } catch (error) {
    if (!isPlanRefusal(error)) throw error;
    return reply.page(VIEW, formPage(values, '', error), 400);
  }
  try {
    const input = { ...planInput(values, pins, by(request)), expectFingerprint: fingerprint };
    const outcome = await planWaves(web.store, web.organisation, input, web.now());
    void refreshCountsInBackground(web);
    const planned = outcome.waves.filter((wave) => !wave.started).length;
    return reply.redirect(`/waves?done=planned&count=${outcome.changes.length}&waves=${planned}`, 303);
  } catch (error) {
    if (!isPlanRefusal(error)) throw error;
    return refusedAccept(request, reply, web, { values, pins, fingerprint, refusal: error });
  }
};

async function refusedAccept(
  request: FastifyRequest,
  reply: Parameters<PageHandler>[1],
  web: WebContext,
  sent: { values: PlanFormValues; pins: CarriedPins; fingerprint: string; refusal: CommsplanError },
) {
  try {
    const page = await previewPage(request, web, sent.values, sent.pins);
    const changed = page.fingerprint !== sent.fingerprint;
    return reply.page(
      VIEW,
      { ...page, error: { text: sent.refusal.message, field: 'accept' }, errorSummaryShown: true },
      changed ? 409 : 400,
    );
  } catch (error) {
    if (!isPlanRefusal(error)) throw error;
    return reply.page(VIEW, formPage(sent.values, sent.pins.file ?? '', error), 400);
  }
}

/** Every link the previewed plan would break, as CSV: worked out again from the same options. */
export const downloadPlanLinks: PageHandler = async (request, reply, web) => {
  const { values } = acceptedForm(request);
  const pins = carriedPins(formField(request, 'pins'), formField(request, 'pinsFile'));
  const outcome = await planWaves(web.store, web.organisation, { ...planInput(values, pins, by(request)), dryRun: true }, web.now());
  const names = new Map(Object.entries(outcome.names));
  return sendCsv(
    reply,
    'planned-broken-links.csv',
    BROKEN_LINK_COLUMNS,
    outcome.brokenLinks.map((link) => brokenLinkCsvRow(link, names)),
  );
};

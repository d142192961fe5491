import { sendTestMessage } from '../../delivery/send-test-message.js';
import type { CommsplanError } from '../../shared/errors.js';
import { formField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import type { PageHandler } from '../web-context.js';
import { activityPage, activityPath, actorOf, paramsOf } from './activity.js';

/**
 * A refusal of a test in the page's words, at the field it is about: the person to fill it in for
 * (`testPerson`) or the address it goes to (`to`); the CLI's own words name its options instead.
 */
function testRefusal(error: CommsplanError, person: string): { field: 'to' | 'testPerson'; text: string } {
  const field = error.details.field === 'person' ? 'testPerson' : 'to';
  if (field === 'testPerson' && error.message.includes('--wave'))
    return { field, text: `${person} is in no wave, and this email goes to the people of a wave: fill it in for someone who is in one` };
  if (error.details.field === 'sender')
    return { field, text: 'This activity has no sender and there is no default sender: an administrator adds one on the Senders page' };
  return { field, text: error.message };
}

/**
 * `send test` from the page: one preview, marked [TEST], to the address the approver gives, filled
 * in as for the person they name. Refused, the form keeps what they typed with the error at its
 * field; sent, the page it redirects to says to whom and as whom (a refresh sends nothing).
 */
export const sendTestFromPage: PageHandler = async (request, reply, web) => {
  const { id } = paramsOf(request);
  const to = formField(request, 'to');
  const person = formField(request, 'testPerson');
  const typed = { testTo: to, testPerson: person, errorSummaryShown: true };
  let sent: { to: string; title: string; filledAs?: string };
  try {
    const result = await sendTestMessage(
      web.store,
      web.organisation,
      { activityId: id, to, person: person.trim() || undefined, by: actorOf(request) },
      { now: web.now, env: web.env ?? {}, baseDir: web.cwd, newId: web.newId },
    );
    if (!result.ok)
      return reply.page(
        'activity.njk',
        { ...(await activityPage(request, web)), ...typed, testError: { field: 'to', text: `The test was not sent: ${result.reason}` } },
        502,
      );
    sent = result;
  } catch (error) {
    if (!isFormRefusal(error, ['unknown-activity'])) throw error;
    return reply.page(
      'activity.njk',
      { ...(await activityPage(request, web)), ...typed, testError: testRefusal(error, person.trim()) },
      400,
    );
  }
  const said = new URLSearchParams({ done: 'test-sent', to: sent.to, ...(sent.filledAs ? { as: sent.filledAs } : {}) });
  return reply.redirect(`${activityPath(id)}?${said}`, 303);
};

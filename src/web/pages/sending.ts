import { roleAllows } from '../../accounts/role.js';
import { formField } from '../form-fields.js';
import { currentSendJob, startSendJob } from '../send-jobs.js';
import type { PageHandler } from '../web-context.js';
import { whenWords } from './time-words.js';

/** The send started from the web: progress while it runs (read in place from /progress/sending), then what it did. */
export const showSending: PageHandler = async (request, reply, web) => {
  const job = await currentSendJob(web);
  return reply.page('sending.njk', {
    pageTitle: 'Sending',
    job,
    running: job?.state === 'running',
    startedAt: job ? whenWords(job.startedAt) : undefined,
    canSend: request.user ? roleAllows(request.user.role, 'approver') : false,
  });
};

/** "Send now": the queue-and-send pass of `send --due`, started in the background, watched on /sending. */
export const startSending: PageHandler = async (request, reply, web) => {
  await startSendJob(web, request.user?.email ?? 'web', { anyway: formField(request, 'anyway') === 'yes' });
  return reply.redirect('/sending', 303);
};

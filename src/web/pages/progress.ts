import type { FastifyReply } from 'fastify';
import { plural } from '../../shared/plural.js';
import { countsForPage } from '../audience-count-refresher.js';
import { findImportJob, type ImportJob } from '../import-jobs.js';
import { currentSendJob } from '../send-jobs.js';
import type { PageHandler } from '../web-context.js';
import { waveCounts } from './waves.js';

/**
 * What static/live-progress.js reads while a job runs: whether it still runs, a line saying how far
 * it has got, and the words to announce when it ends. Never a page: the pages show the same job.
 */
interface JobProgress {
  running: boolean;
  text?: string;
  percent?: number;
  finishedText?: string;
}

const sendProgress = (reply: FastifyReply, progress: JobProgress, status = 200) =>
  reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(progress);

const IMPORT_ENDINGS: Record<ImportJob['stage'], string> = {
  checking: '',
  importing: '',
  checked: 'The check has finished: its result is below.',
  imported: 'The import has finished: its result is below.',
  failed: 'Nothing was imported: the reason is below.',
  discarded: 'This upload was discarded.',
  replaced: 'This upload was discarded: a newer upload replaced it.',
  expired: 'This upload was discarded: it was not imported within an hour.',
};

export const importProgress: PageHandler = async (request, reply, web) => {
  const job = await findImportJob(web, (request.params as { id: string }).id);
  if (!job) return sendProgress(reply, { running: false, finishedText: 'This import is no longer here.' }, 404);
  const running = job.stage === 'checking' || job.stage === 'importing';
  return sendProgress(reply, {
    running,
    text: `${plural(job.progress.rows, 'row')} read (${job.progress.percent}%)`,
    percent: job.progress.percent,
    ...(running ? {} : { finishedText: IMPORT_ENDINGS[job.stage] }),
  });
};

export const audienceCountProgress: PageHandler = async (_request, reply, web) => {
  const { counting } = await countsForPage(web);
  return sendProgress(reply, {
    running: counting,
    ...(counting ? {} : { finishedText: 'The audiences are counted: the counts below are up to date.' }),
  });
};

export const waveCountProgress: PageHandler = async (_request, reply, web) => {
  const { recounting } = await waveCounts(web);
  return sendProgress(reply, {
    running: recounting,
    ...(recounting ? {} : { finishedText: 'The waves are counted: the numbers above are up to date.' }),
  });
};

export const sendingProgress: PageHandler = async (_request, reply, web) => {
  const job = await currentSendJob(web);
  if (!job) return sendProgress(reply, { running: false, finishedText: 'Nothing is being sent.' });
  const running = job.state === 'running';
  return sendProgress(reply, {
    running,
    text: `Sending: ${job.progress}`,
    ...(running
      ? {}
      : { finishedText: job.state === 'finished' ? 'Sending has finished: what happened is below.' : 'Sending stopped: why is below.' }),
  });
};

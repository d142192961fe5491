import { describeGroupsAndRights } from '../../directory/import-details.js';
import { IMPORT_KINDS, type ImportKind, KIND_SPECS } from '../../directory/import-kinds.js';
import { type ErrorPage, sendErrorPage } from '../error-pages.js';
import { formField } from '../form-fields.js';
import { discardImport, expireUnconfirmed, findImportJob, type ImportJob, listImportJobs } from '../import-jobs.js';
import { startImport, startImportCheck } from '../import-passes.js';
import { uploadProblem } from '../upload-checks.js';
import { isUploadedFile, keepUpload, uploadLimitOf } from '../uploads.js';
import type { PageHandler } from '../web-context.js';
import { count, londonDateTime } from './time-words.js';

const KIND_CHOICES = [
  { value: 'auto', text: 'Work it out from the columns' },
  ...IMPORT_KINDS.map((kind) => ({ value: kind, text: `${kind}: ${KIND_SPECS[kind].description}` })),
];

const STAGE_WORDS = {
  checking: 'Checking',
  checked: 'Checked, not imported',
  importing: 'Importing',
  imported: 'Imported',
  failed: 'Not imported',
  discarded: 'Discarded',
  replaced: 'Discarded: a newer upload by the same person replaced it',
  expired: 'Discarded: not imported within an hour',
} as const;

function jobSummary(job: ImportJob) {
  return {
    href: `/imports/${job.id}`,
    fileName: job.fileName,
    stage: STAGE_WORDS[job.stage],
    startedAt: londonDateTime(job.startedAt),
    startedBy: job.startedBy,
  };
}

async function uploadForm(web: Parameters<PageHandler>[2], extra: object = {}) {
  return {
    pageTitle: 'Imports',
    kinds: KIND_CHOICES,
    limit: `${Math.round(uploadLimitOf(web.config) / 1024 / 1024)} MB`,
    jobs: (await listImportJobs(web)).map(jobSummary),
    ...extra,
  };
}

export const showImports: PageHandler = async (_request, reply, web) => reply.page('imports.njk', await uploadForm(web));

export const uploadImport: PageHandler = async (request, reply, web) => {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const file = isUploadedFile(body.file) ? body.file : undefined;
  const rawKind = formField(request, 'kind') || 'auto';
  const kind = rawKind === 'auto' || (IMPORT_KINDS as readonly string[]).includes(rawKind) ? (rawKind as ImportKind | 'auto') : undefined;
  const problem = kind
    ? await uploadProblem(file, uploadLimitOf(web.config))
    : { status: 400, message: 'Choose the kind of export from the list', field: 'kind' };
  if (problem || !file || !kind)
    return reply.page(
      'imports.njk',
      await uploadForm(web, {
        error: { text: problem?.message, field: problem && 'field' in problem ? problem.field : 'file' },
        chosenKind: rawKind,
        errorSummaryShown: true,
      }),
      problem?.status ?? 400,
    );
  keepUpload(request, file);
  const id = await startImportCheck(web, file, kind, { email: request.user?.email ?? 'web', id: request.user?.id });
  return reply.redirect(`/imports/${id}`, 303);
};

function jobOf(request: Parameters<PageHandler>[0], web: Parameters<PageHandler>[2]): Promise<ImportJob | undefined> {
  return findImportJob(web, (request.params as { id: string }).id);
}

const NOT_FOUND: ErrorPage = {
  status: 404,
  pageTitle: 'Import not found',
  paragraphs: ['There is no import with this address: it may have finished a while ago, or the server was restarted. Nothing was changed.'],
  nextStep: { href: '/imports', text: 'Go to imports' },
};

export const showImport: PageHandler = async (request, reply, web) => {
  await expireUnconfirmed(web);
  const job = await jobOf(request, web);
  if (!job) return sendErrorPage(reply, NOT_FOUND);
  const running = job.stage === 'checking' || job.stage === 'importing';
  const pass = job.outcome ?? job.check;
  const result = pass?.result;
  const good = result ? result.rowsRead - result.rejected : 0;
  return reply.page('import.njk', {
    pageTitle: `Import of ${job.fileName}`,
    job: jobSummary(job),
    id: job.id,
    stage: job.stage,
    running,
    progress: { rows: count(job.progress.rows), percent: job.progress.percent },
    failure: job.failure,
    replacedUpload: job.replacedUpload,
    kind: result?.kind,
    result: result && {
      rowsRead: count(result.rowsRead),
      added: count(result.added),
      changed: count(result.changed),
      unchanged: count(result.unchanged),
      rejected: count(result.rejected),
      errors: result.errors,
      good: count(good),
      hasGood: good > 0,
      byReason: Object.entries(result.errorsByReason)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => ({ reason, count: count(n) })),
      notices: result.notices,
      details: job.stage === 'imported' ? describeGroupsAndRights(result) : [],
    },
    problems: pass?.problems ?? [],
    moreProblems: pass && pass.problemCount > pass.problems.length ? count(pass.problemCount - pass.problems.length) : undefined,
  });
};

const cannotGoAhead = (job: Pick<ImportJob, 'id' | 'stage'>): ErrorPage => ({
  status: 409,
  pageTitle: 'This import cannot go ahead',
  paragraphs: [
    job.stage !== 'checked'
      ? 'This file is not waiting to be imported: it is still being checked, or was already imported or discarded (an upload not imported within an hour, or followed by a newer upload from the same person, is discarded).'
      : 'Some rows have problems: fix the file and upload it again, or import the good rows only.',
    'Nothing was changed.',
  ],
  nextStep: { href: `/imports/${job.id}`, text: 'Back to the import' },
});

export const confirmImport: PageHandler = async (request, reply, web) => {
  await expireUnconfirmed(web);
  const job = await jobOf(request, web);
  if (!job) return sendErrorPage(reply, NOT_FOUND);
  const goodOnly = formField(request, 'rows') === 'good';
  const errors = job.check?.result.errors ?? 0;
  if (job.stage !== 'checked' || (errors > 0 && !goodOnly)) return sendErrorPage(reply, cannotGoAhead(job));
  // Another request (on this instance or another) may have taken it or let it expire since it was read.
  if (!(await startImport(web, job, goodOnly, request.user?.email ?? 'web')))
    return sendErrorPage(reply, cannotGoAhead({ ...job, stage: 'importing' }));
  return reply.redirect(`/imports/${job.id}`, 303);
};

export const discardUpload: PageHandler = async (request, reply, web) => {
  const job = await jobOf(request, web);
  if (job && job.stage !== 'checking' && job.stage !== 'importing') await discardImport(web, job);
  return reply.redirect('/imports', 303);
};

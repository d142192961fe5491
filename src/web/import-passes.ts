import { rm } from 'node:fs/promises';
import { importTableFile } from '../directory/import-file.js';
import type { ImportKind } from '../directory/import-kinds.js';
import { openTableFile } from '../directory/read-table-file.js';
import type { ImportProblem } from '../directory/row-stager.js';
import { recordWaveResults } from '../results/record-wave-results.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { isCommsplanError } from '../shared/errors.js';
import { writesBesideAnOpenWrite } from '../store/dialect.js';
import { openSqliteStore } from '../store/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { isWorkspaceBusy } from '../store/workspace-busy.js';
import { refreshCountsInBackground } from './audience-count-refresher.js';
import {
  dropUploads,
  forgetOldImports,
  type ImportJob,
  type ImportPass,
  type ImportRecord,
  type LocalImport,
  localImports,
  RUNNING,
  removeLocalCopy,
  replaceEarlierUploads,
} from './import-jobs.js';
import { latestWins } from './latest-wins.js';
import { insertJob, updateJob } from './unmarked.js';
import { restoreUpload, storeUploadBytes } from './upload-bytes.js';
import type { UploadedFile } from './uploads.js';
import type { WebContext } from './web-context.js';
import { findWebJob } from './web-jobs.store.js';

/** Problems kept for the page; the count says how many there were in all. */
const SHOWN_PROBLEMS = 500;

/**
 * The import runs on its own connection to a SQLite workspace, so the pages (and the progress
 * page) keep answering while its transaction is open; WAL lets them read meanwhile.
 */
async function importStore(web: WebContext): Promise<{ store: Store; close: () => Promise<void> }> {
  if (web.store.dialect !== 'sqlite' || web.store.location === ':memory:') return { store: web.store, close: async () => {} };
  const store = await openSqliteStore(web.store.location, { create: false });
  return { store, close: () => store.close() };
}

/**
 * Keeps the job's row up to date with the pass's progress where the database allows a write beside
 * the import's own (see `writesBesideAnOpenWrite`), one write at a time, the latest progress winning.
 */
function progressRecorder(web: WebContext, id: string, local: LocalImport): (progress: { rows: number; percent: number }) => void {
  const writes = writesBesideAnOpenWrite(web.store.dialect);
  const row = latestWins(async ({ rows, percent }: { rows: number; percent: number }) => {
    const at = web.now().toISOString();
    await updateJob(web.store, id, { rowsDone: rows, percent }, at, RUNNING).catch((error: unknown) => {
      if (!isWorkspaceBusy(error)) process.emitWarning(`Progress of import ${id} was not recorded: ${(error as Error).message}`);
    });
  });
  return (progress) => {
    local.progress = progress;
    if (writes) row.push(progress);
  };
}

async function runPass(
  web: WebContext,
  job: { id: string; fileName: string; kind: ImportKind | 'auto' },
  upload: UploadedFile,
  mode: { dryRun: boolean; skipInvalid: boolean; by?: string },
  onProgress: (progress: { rows: number; percent: number }) => void,
): Promise<ImportPass> {
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const { store, close } = await importStore(web);
  try {
    const settings = await readTypedSettings(store.db, web.organisation.id);
    const table = await openTableFile(upload.path, job.fileName);
    const result = await importTableFile(
      store,
      web.organisation,
      table,
      {
        kind: job.kind,
        file: job.fileName,
        skipInvalid: mode.skipInvalid,
        replace: false,
        dateOrder: settings.dateFormat,
        employeeNumberColumn: settings.employeeNumberAttribute || undefined,
        organisationDomains: settings.organisationDomains,
        dryRun: mode.dryRun,
        afterMerge: recordWaveResults(web.organisation, web.now()),
        by: mode.by,
        onProgress: ({ rows, bytesRead, size }) =>
          onProgress({ rows, percent: size ? Math.min(100, Math.floor((bytesRead / size) * 100)) : 0 }),
      },
      {
        problem: (problem) => {
          problemCount += 1;
          if (problems.length < SHOWN_PROBLEMS) problems.push(problem);
        },
        rejectedRow: () => {},
      },
      web.now(),
    );
    return { result, problems, problemCount };
  } finally {
    await close();
  }
}

/** The words a failed pass leaves on its job; anything but a bad file is logged too. */
function failureOf(error: unknown, fileName: string): string {
  if (isCommsplanError(error)) return error.message;
  process.emitWarning(`Import of ${fileName} failed: ${(error as Error).message}`);
  return 'Something went wrong while importing. Nothing was imported.';
}

/**
 * Runs one pass in the background on this instance, its progress held here and written to the
 * row; `finish` records how it ended. A failure ends the job with its message, unless another
 * instance has moved it on meanwhile (replaced it).
 */
function inBackground(
  web: WebContext,
  job: Pick<ImportJob, 'id' | 'fileName' | 'kind'>,
  stage: 'checking' | 'importing',
  pass: (onProgress: (progress: { rows: number; percent: number }) => void) => Promise<void>,
): void {
  const local = localImports(web.store).get(job.id) ?? {};
  localImports(web.store).set(job.id, local);
  local.progress = { rows: 0, percent: 0 };
  void pass(progressRecorder(web, job.id, local))
    .catch(async (error: unknown) => {
      const at = web.now().toISOString();
      const message = failureOf(error, job.fileName);
      if (await updateJob(web.store, job.id, { state: 'failed', message, finishedAt: at }, at, [stage]))
        await dropUploads(web.store, [job.id]);
    })
    .catch((error: unknown) => process.emitWarning(`Import ${job.id} could not be recorded as failed: ${(error as Error).message}`))
    .finally(async () => {
      local.progress = undefined;
      // This instance's copy is kept only while the upload waits, checked, for someone to confirm it.
      const row = await findWebJob(web.store.db, web.organisation.id, 'import', job.id).catch(() => undefined);
      if (row?.state !== 'checked') await removeLocalCopy(web.store, job.id);
    });
}

/**
 * Takes an uploaded file, stores its bytes and starts checking it, storing nothing else. The same
 * person's earlier upload still waiting for confirmation is removed: one person keeps one upload.
 */
export async function startImportCheck(
  web: WebContext,
  upload: UploadedFile,
  kind: ImportKind | 'auto',
  person: { email: string; id: number | undefined },
): Promise<string> {
  const replaced = await replaceEarlierUploads(web, person.id);
  const id = web.newId();
  const record: ImportRecord = { kind, replacedUpload: replaced.join(', ') || undefined };
  const at = web.now().toISOString();
  const orgId = web.organisation.id;
  await insertJob(web.store, {
    id,
    orgId,
    kind: 'import',
    state: 'checking',
    startedBy: person.email,
    ownerId: person.id ?? null,
    fileName: upload.fileName,
    message: '',
    at,
    result: record,
  });
  localImports(web.store).set(id, { upload });
  try {
    await storeUploadBytes(web.store, { orgId, jobId: id }, upload.path);
  } catch (error) {
    await updateJob(web.store, id, { state: 'failed', message: 'The upload could not be kept. Upload it again.', finishedAt: at }, at);
    await removeLocalCopy(web.store, id);
    throw error;
  }
  await forgetOldImports(web);
  const job = { id, fileName: upload.fileName, kind };
  inBackground(web, job, 'checking', async (onProgress) => {
    const check = await runPass(web, job, upload, { dryRun: true, skipInvalid: true }, onProgress);
    const done = web.now().toISOString();
    const checked: ImportRecord = { ...record, kind: check.result.kind, check };
    await updateJob(
      web.store,
      id,
      { state: 'checked', checkedAt: done, rowsDone: check.result.rowsRead, percent: 100, result: checked },
      done,
      ['checking'],
    );
  });
  return id;
}

/**
 * After the check: imports every row (only when none has an error) or the good rows only, on this
 * instance, from its own copy of the upload or one written back from the database. Answers false
 * when the job was no longer waiting (another request took it, or it expired).
 */
export async function startImport(web: WebContext, job: ImportJob, skipInvalid: boolean, actor: string): Promise<boolean> {
  const at = web.now().toISOString();
  const record: ImportRecord = { kind: job.kind, check: job.check, replacedUpload: job.replacedUpload };
  if (!(await updateJob(web.store, job.id, { state: 'importing', rowsDone: 0, percent: 0 }, at, ['checked']))) return false;
  const local = localImports(web.store).get(job.id) ?? {};
  localImports(web.store).set(job.id, local);
  inBackground(web, job, 'importing', async (onProgress) => {
    local.upload ??= await restoreUpload(web.store, job.id, job.fileName);
    const outcome = await runPass(web, job, local.upload, { dryRun: false, skipInvalid, by: actor }, onProgress);
    const { result } = outcome;
    if (result.committed) void refreshCountsInBackground(web);
    const done = web.now().toISOString();
    await updateJob(
      web.store,
      job.id,
      {
        state: result.committed ? 'imported' : 'failed',
        message: result.committed ? '' : `Nothing was imported: ${result.rejected} of ${result.rowsRead} rows have problems.`,
        rowsDone: result.rowsRead,
        percent: 100,
        finishedAt: done,
        result: { ...record, outcome },
      },
      done,
      ['importing'],
    );
    await dropUploads(web.store, [job.id]);
  });
  return true;
}

/**
 * When the server stops: a pass running here cannot go on, so its job says so; this instance's
 * copies of uploads go. Uploads waiting for confirmation stay in the database for another instance.
 */
export async function stopLocalImports(web: WebContext): Promise<void> {
  const local = localImports(web.store);
  const at = web.now().toISOString();
  for (const [id, held] of local) {
    if (held.progress)
      await updateJob(
        web.store,
        id,
        {
          state: 'failed',
          message: 'The server running this import stopped before it ended. Nothing was imported: upload the file again.',
          finishedAt: at,
        },
        at,
        RUNNING,
      ).catch(() => {});
    if (held.upload) await rm(held.upload.folder, { recursive: true, force: true });
  }
  local.clear();
}

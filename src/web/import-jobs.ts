import { rm } from 'node:fs/promises';
import { importTableFile } from '../directory/import-file.js';
import type { ImportKind } from '../directory/import-kinds.js';
import type { ImportResult } from '../directory/import-result.js';
import { openTableFile } from '../directory/read-table-file.js';
import type { ImportProblem } from '../directory/row-stager.js';
import { recordWaveResults } from '../results/record-wave-results.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { isCommsplanError } from '../shared/errors.js';
import { openSqliteStore } from '../store/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { refreshCountsInBackground } from './audience-count-refresher.js';
import type { UploadedFile } from './uploads.js';
import type { WebContext } from './web-context.js';

/** Problems kept for the page; the count says how many there were in all. */
const SHOWN_PROBLEMS = 500;
/** Finished imports remembered per organisation, newest first. */
const REMEMBERED = 20;
/**
 * A checked upload nobody confirms is removed, with its file, after this long: uploads must not
 * pile up on the disk until the server stops. A constant, not a setting: an hour is long enough to
 * read the check, and a removed upload only needs uploading again.
 */
export const UNCONFIRMED_UPLOAD_MS = 60 * 60 * 1000;

export type ImportStage = 'checking' | 'checked' | 'importing' | 'imported' | 'failed' | 'discarded' | 'replaced' | 'expired';

/** Stages whose upload is still on the disk, waiting for someone to confirm or discard it. */
const UNCONFIRMED: readonly ImportStage[] = ['checking', 'checked'];

export interface ImportPass {
  result: ImportResult;
  problems: ImportProblem[];
  problemCount: number;
}

/**
 * One upload on its way in: checked first with nothing stored (a dry run of `commsplan import`),
 * then imported when someone confirms. Kept in the server's memory, keyed by a random id, so the
 * page can be left and come back to while it runs.
 */
export interface ImportJob {
  id: string;
  orgId: string;
  startedBy: string;
  /** The person who uploaded it: each person has at most one upload waiting to be confirmed. */
  ownerId: number | undefined;
  fileName: string;
  kind: ImportKind | 'auto';
  upload: UploadedFile;
  stage: ImportStage;
  progress: { rows: number; percent: number };
  check?: ImportPass;
  outcome?: ImportPass;
  failure?: string;
  startedAt: string;
  /** When the check ended: the upload is removed UNCONFIRMED_UPLOAD_MS later unless confirmed. */
  checkedAt?: number;
  /** The file name of the same person's earlier unconfirmed upload, removed when this one came. */
  replacedUpload?: string;
}

const jobsByStore = new WeakMap<object, Map<string, ImportJob>>();

function jobsOf(web: Pick<WebContext, 'store'>): Map<string, ImportJob> {
  const jobs = jobsByStore.get(web.store) ?? new Map<string, ImportJob>();
  jobsByStore.set(web.store, jobs);
  return jobs;
}

export function findImportJob(web: Pick<WebContext, 'store' | 'organisation'>, id: string): ImportJob | undefined {
  const job = jobsOf(web).get(id);
  return job?.orgId === web.organisation.id ? job : undefined;
}

export function listImportJobs(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): ImportJob[] {
  expireUnconfirmed(web);
  return [...jobsOf(web).values()].filter((job) => job.orgId === web.organisation.id).reverse();
}

/**
 * The import runs on its own connection to a SQLite workspace, so the pages (and the progress
 * page) keep answering while its transaction is open; WAL lets them read meanwhile.
 */
async function importStore(web: WebContext): Promise<{ store: Store; close: () => Promise<void> }> {
  if (web.store.dialect !== 'sqlite' || web.store.location === ':memory:') return { store: web.store, close: async () => {} };
  const store = await openSqliteStore(web.store.location, { create: false });
  return { store, close: () => store.close() };
}

async function runPass(web: WebContext, job: ImportJob, mode: { dryRun: boolean; skipInvalid: boolean; by?: string }): Promise<ImportPass> {
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const { store, close } = await importStore(web);
  try {
    const settings = await readTypedSettings(store.db, web.organisation.id);
    const table = await openTableFile(job.upload.path, job.fileName);
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
        onProgress: ({ rows, bytesRead, size }) => {
          job.progress = { rows, percent: size ? Math.min(100, Math.floor((bytesRead / size) * 100)) : 0 };
        },
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

async function removeUpload(job: ImportJob): Promise<void> {
  await rm(job.upload.folder, { recursive: true, force: true });
}

/** Ends a job that is waiting for confirmation: its file goes, the job stays listed with why. */
function endUnconfirmed(job: ImportJob, stage: 'replaced' | 'expired'): void {
  job.stage = stage;
  job.check = undefined;
  void removeUpload(job);
}

/** Removes every checked upload left unconfirmed for longer than UNCONFIRMED_UPLOAD_MS, by the web's clock. */
export function expireUnconfirmed(web: Pick<WebContext, 'store' | 'now'>): void {
  const now = web.now().getTime();
  for (const job of jobsOf(web).values())
    if (job.stage === 'checked' && job.checkedAt !== undefined && now - job.checkedAt >= UNCONFIRMED_UPLOAD_MS)
      endUnconfirmed(job, 'expired');
}

/** Runs one stage in the background; a bad file ends the job with its message, anything else too, logged. */
function inBackground(job: ImportJob, work: () => Promise<void>): void {
  void work().catch(async (error: unknown) => {
    // Replaced while it was being checked: its file is gone already, and the reason is known.
    if (job.stage === 'replaced') return;
    job.stage = 'failed';
    job.failure = isCommsplanError(error) ? error.message : 'Something went wrong while importing. Nothing was imported.';
    if (!isCommsplanError(error)) process.emitWarning(`Import of ${job.fileName} failed: ${(error as Error).message}`);
    await removeUpload(job);
  });
}

/**
 * Takes an uploaded file and starts checking it, storing nothing. The same person's earlier upload
 * that is still waiting for confirmation is removed: one person keeps one upload on the disk at most.
 */
export function startImportCheck(
  web: WebContext,
  upload: UploadedFile,
  kind: ImportKind | 'auto',
  person: { email: string; id: number | undefined },
): ImportJob {
  expireUnconfirmed(web);
  const earlier =
    person.id === undefined ? [] : [...jobsOf(web).values()].filter((job) => job.ownerId === person.id && UNCONFIRMED.includes(job.stage));
  for (const job of earlier) endUnconfirmed(job, 'replaced');
  const job: ImportJob = {
    id: web.newId(),
    orgId: web.organisation.id,
    startedBy: person.email,
    ownerId: person.id,
    replacedUpload: earlier.map((old) => old.fileName).join(', ') || undefined,
    fileName: upload.fileName,
    kind,
    upload,
    stage: 'checking',
    progress: { rows: 0, percent: 0 },
    startedAt: web.now().toISOString(),
  };
  const jobs = jobsOf(web);
  jobs.set(job.id, job);
  for (const old of listImportJobs(web).slice(REMEMBERED)) {
    if (old.stage === 'checking' || old.stage === 'importing') continue;
    jobs.delete(old.id);
    void removeUpload(old);
  }
  inBackground(job, async () => {
    const check = await runPass(web, job, { dryRun: true, skipInvalid: true });
    if (job.stage !== 'checking') return;
    job.check = check;
    job.kind = check.result.kind;
    job.stage = 'checked';
    job.checkedAt = web.now().getTime();
  });
  return job;
}

/** After the check: imports every row (only when none has an error) or the good rows only. */
export function startImport(web: WebContext, job: ImportJob, skipInvalid: boolean, actor: string): void {
  job.stage = 'importing';
  job.progress = { rows: 0, percent: 0 };
  inBackground(job, async () => {
    const pass = await runPass(web, job, { dryRun: false, skipInvalid, by: actor });
    job.outcome = pass;
    const { result } = pass;
    if (result.committed) {
      void refreshCountsInBackground(web);
    }
    job.stage = result.committed ? 'imported' : 'failed';
    if (!result.committed) job.failure = `Nothing was imported: ${result.rejected} of ${result.rowsRead} rows have problems.`;
    await removeUpload(job);
  });
}

/** Forgets an upload that was checked but is not wanted, and removes its file. */
export async function discardImport(web: WebContext, job: ImportJob): Promise<void> {
  job.stage = 'discarded';
  jobsOf(web).delete(job.id);
  await removeUpload(job);
}

/** When the server stops: uploads waiting to be confirmed go, with their files. */
export async function discardAllImports(web: Pick<WebContext, 'store'>): Promise<void> {
  const jobs = jobsOf(web);
  await Promise.all([...jobs.values()].map(removeUpload));
  jobs.clear();
}

import { rm } from 'node:fs/promises';
import type { ImportKind } from '../directory/import-kinds.js';
import type { ImportResult } from '../directory/import-result.js';
import type { ImportProblem } from '../directory/row-stager.js';
import type { Store } from '../store/store.js';
import { unmarked } from './unmarked.js';
import { deleteUploadChunks } from './upload-chunks.store.js';
import type { UploadedFile } from './uploads.js';
import type { WebContext } from './web-context.js';
import { deleteWebJobs, findWebJob, listWebJobs, moveStaleWebJobs, updateWebJob, type WebJobRow } from './web-jobs.store.js';

/** Finished imports listed per organisation, newest first; older ones are forgotten with their uploads. */
export const REMEMBERED = 20;
/**
 * A checked upload nobody confirms is removed, with its file, after this long: uploads must not
 * pile up until the server stops. A constant, not a setting: an hour is long enough to read the
 * check, and a removed upload only needs uploading again.
 */
export const UNCONFIRMED_UPLOAD_MS = 60 * 60 * 1000;

export type ImportStage = 'checking' | 'checked' | 'importing' | 'imported' | 'failed' | 'discarded' | 'replaced' | 'expired';

/** Stages whose upload is still kept, waiting for someone to confirm or discard it. */
export const UNCONFIRMED: readonly ImportStage[] = ['checking', 'checked'];
export const RUNNING: readonly ImportStage[] = ['checking', 'importing'];

export interface ImportPass {
  result: ImportResult;
  problems: ImportProblem[];
  problemCount: number;
}

/** What a job row's `result` holds for an import. */
export interface ImportRecord {
  kind: ImportKind | 'auto';
  check?: ImportPass;
  outcome?: ImportPass;
  /** The file name of the same person's earlier unconfirmed upload, removed when this one came. */
  replacedUpload?: string;
}

/**
 * One upload on its way in: checked first with nothing stored (a dry run of `commsplan import`),
 * then imported when someone confirms. Kept in the database (`web_jobs`, its bytes in
 * `web_upload_chunks`), so any instance can show it, confirm it or discard it; each pass runs on
 * the instance that started it.
 */
export interface ImportJob extends ImportRecord {
  id: string;
  orgId: string;
  startedBy: string;
  /** The person who uploaded it: each person has at most one upload waiting to be confirmed. */
  ownerId: number | undefined;
  fileName: string;
  stage: ImportStage;
  progress: { rows: number; percent: number };
  failure?: string;
  startedAt: string;
  /** When the check ended: the upload is removed UNCONFIRMED_UPLOAD_MS later unless confirmed. */
  checkedAt?: string;
}

/** What this instance holds of an import: its copy of the upload, and live progress while a pass runs here. */
export interface LocalImport {
  upload?: UploadedFile;
  progress?: { rows: number; percent: number };
}

const localByStore = new WeakMap<Store, Map<string, LocalImport>>();

export function localImports(store: Store): Map<string, LocalImport> {
  const local = localByStore.get(store) ?? new Map<string, LocalImport>();
  localByStore.set(store, local);
  return local;
}

function jobOfRow(row: WebJobRow, local: LocalImport | undefined): ImportJob {
  const record = JSON.parse(row.result) as ImportRecord;
  const stage = row.state as ImportStage;
  const running = RUNNING.includes(stage);
  return {
    ...record,
    // A replaced or expired upload is gone: its check no longer leads anywhere.
    check: stage === 'replaced' || stage === 'expired' ? undefined : record.check,
    id: row.id,
    orgId: row.org_id,
    startedBy: row.started_by,
    ownerId: row.owner_id ?? undefined,
    fileName: row.file_name ?? '',
    stage,
    // The instance running the pass knows how far it has got before the row does (on SQLite, the
    // row can only be written once the import's transaction ends).
    progress: (running && local?.progress) || { rows: Number(row.rows_done), percent: Number(row.percent) },
    failure: stage === 'failed' ? row.message : undefined,
    startedAt: row.started_at,
    checkedAt: row.checked_at ?? undefined,
  };
}

export async function findImportJob(web: Pick<WebContext, 'store' | 'organisation'>, id: string): Promise<ImportJob | undefined> {
  const row = await findWebJob(web.store.db, web.organisation.id, 'import', id);
  return row && jobOfRow(row, localImports(web.store).get(row.id));
}

export async function listImportJobs(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<ImportJob[]> {
  await expireUnconfirmed(web);
  const local = localImports(web.store);
  return (await listWebJobs(web.store.db, web.organisation.id, 'import', REMEMBERED)).map((row) => jobOfRow(row, local.get(row.id)));
}

/** Removes this instance's copy of an upload, unless a pass here still reads it. */
export async function removeLocalCopy(store: Store, id: string): Promise<void> {
  const local = localImports(store);
  const held = local.get(id);
  if (!held || held.progress) return;
  local.delete(id);
  if (held.upload) await rm(held.upload.folder, { recursive: true, force: true });
}

/** Ends the given jobs' uploads: their stored bytes and this instance's copies go. */
export async function dropUploads(store: Store, ids: readonly string[]): Promise<void> {
  await unmarked(store, (db) => deleteUploadChunks(db, ids));
  await Promise.all(ids.map((id) => removeLocalCopy(store, id)));
}

/**
 * Removes every checked upload left unconfirmed for longer than UNCONFIRMED_UPLOAD_MS, by the
 * web's clock, whichever instance checked it; and this instance's copies of uploads another
 * instance has since imported, discarded or replaced.
 */
export async function expireUnconfirmed(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<void> {
  const now = web.now();
  const before = new Date(now.getTime() - UNCONFIRMED_UPLOAD_MS).toISOString();
  const expired = await unmarked(web.store, (db) =>
    moveStaleWebJobs(
      db,
      web.organisation.id,
      'import',
      { from: 'checked', to: 'expired', column: 'checked_at', before },
      now.toISOString(),
    ),
  );
  await dropUploads(web.store, expired);
  for (const [id, held] of localImports(web.store)) {
    if (held.progress) continue;
    const row = await findWebJob(web.store.db, web.organisation.id, 'import', id);
    if (!row || !UNCONFIRMED.includes(row.state as ImportStage)) await removeLocalCopy(web.store, id);
  }
}

/** Ends the same person's uploads still waiting for confirmation; answers their file names. */
export async function replaceEarlierUploads(web: WebContext, ownerId: number | undefined): Promise<string[]> {
  if (ownerId === undefined) return [];
  const rows = await listWebJobs(web.store.db, web.organisation.id, 'import', REMEMBERED);
  const replaced: { id: string; fileName: string }[] = [];
  for (const row of rows) {
    if (row.owner_id !== ownerId || !UNCONFIRMED.includes(row.state as ImportStage)) continue;
    const at = web.now().toISOString();
    if (await unmarked(web.store, (db) => updateWebJob(db, row.id, { state: 'replaced', finishedAt: at }, at, UNCONFIRMED)))
      replaced.push({ id: row.id, fileName: row.file_name ?? '' });
  }
  await dropUploads(
    web.store,
    replaced.map((r) => r.id),
  );
  return replaced.map((r) => r.fileName).reverse();
}

/** Forgets jobs beyond the newest REMEMBERED that have finished, with their uploads. */
export async function forgetOldImports(web: WebContext): Promise<void> {
  const rows = await listWebJobs(web.store.db, web.organisation.id, 'import', REMEMBERED + 100);
  const old = rows.slice(REMEMBERED).filter((row) => !RUNNING.includes(row.state as ImportStage));
  await Promise.all(old.map((row) => removeLocalCopy(web.store, row.id)));
  await unmarked(web.store, (db) =>
    deleteWebJobs(
      db,
      old.map((row) => row.id),
    ),
  );
}

/** Forgets an upload that was checked but is not wanted, with its file; a job still running is left. */
export async function discardImport(web: WebContext, job: ImportJob): Promise<void> {
  const at = web.now().toISOString();
  const notRunning: ImportStage[] = ['checked', 'imported', 'failed', 'discarded', 'replaced', 'expired'];
  if (!(await unmarked(web.store, (db) => updateWebJob(db, job.id, { state: 'discarded', finishedAt: at }, at, notRunning)))) return;
  await removeLocalCopy(web.store, job.id);
  await unmarked(web.store, (db) => deleteWebJobs(db, [job.id]));
}

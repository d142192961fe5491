import { type Selectable, sql } from 'kysely';
import type { WebJobsTable } from '../store/schema-web.js';
import type { Queryable } from '../store/store.js';

/** A job row as stored: an import or a send started from the web, read by any instance. */
export type WebJobRow = Selectable<WebJobsTable>;
export type WebJobKind = 'import' | 'send';

export interface NewWebJob {
  id: string;
  orgId: string;
  kind: WebJobKind;
  state: string;
  startedBy: string;
  ownerId: number | null;
  fileName: string | null;
  message: string;
  at: string;
  result: unknown;
}

export async function insertWebJob(db: Queryable, job: NewWebJob): Promise<void> {
  await db
    .insertInto('web_jobs')
    .values({
      id: job.id,
      org_id: job.orgId,
      kind: job.kind,
      state: job.state,
      started_by: job.startedBy,
      owner_id: job.ownerId,
      file_name: job.fileName,
      rows_done: 0,
      percent: 0,
      message: job.message,
      started_at: job.at,
      started_order: sql<number>`(SELECT coalesce(max(started_order), 0) + 1 FROM web_jobs WHERE org_id = ${job.orgId})`,
      updated_at: job.at,
      checked_at: null,
      finished_at: null,
      result: JSON.stringify(job.result ?? {}),
    })
    .execute();
}

export async function findWebJob(db: Queryable, orgId: string, kind: WebJobKind, id: string): Promise<WebJobRow | undefined> {
  return db.selectFrom('web_jobs').selectAll().where('org_id', '=', orgId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
}

/** The organisation's jobs of one kind, newest first. */
export async function listWebJobs(db: Queryable, orgId: string, kind: WebJobKind, limit: number): Promise<WebJobRow[]> {
  return db
    .selectFrom('web_jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .orderBy('started_at', 'desc')
    .orderBy('started_order', 'desc')
    .limit(limit)
    .execute();
}

export interface WebJobChange {
  state?: string;
  rowsDone?: number;
  percent?: number;
  message?: string;
  checkedAt?: string | null;
  finishedAt?: string | null;
  result?: unknown;
}

/**
 * Changes a job, only while it is in one of `fromStates` (when given): a job another instance has
 * moved on (discarded, replaced, expired) is left as it is. Answers whether the row changed.
 */
export async function updateWebJob(
  db: Queryable,
  id: string,
  change: WebJobChange,
  at: string,
  fromStates?: readonly string[],
): Promise<boolean> {
  let query = db
    .updateTable('web_jobs')
    .set({
      updated_at: at,
      ...(change.state === undefined ? {} : { state: change.state }),
      ...(change.rowsDone === undefined ? {} : { rows_done: change.rowsDone }),
      ...(change.percent === undefined ? {} : { percent: change.percent }),
      ...(change.message === undefined ? {} : { message: change.message }),
      ...(change.checkedAt === undefined ? {} : { checked_at: change.checkedAt }),
      ...(change.finishedAt === undefined ? {} : { finished_at: change.finishedAt }),
      ...(change.result === undefined ? {} : { result: JSON.stringify(change.result) }),
    })
    .where('id', '=', id);
  if (fromStates) query = query.where('state', 'in', [...fromStates]);
  const outcome = await query.executeTakeFirst();
  return Number(outcome.numUpdatedRows) > 0;
}

/** Moves every job of the organisation in `state` and last changed before `before` to `to`; answers their ids. */
export async function moveStaleWebJobs(
  db: Queryable,
  orgId: string,
  kind: WebJobKind,
  states: { from: string; to: string; column: 'checked_at' | 'updated_at'; before: string },
  at: string,
): Promise<string[]> {
  const stale = await db
    .selectFrom('web_jobs')
    .select('id')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('state', '=', states.from)
    .where(states.column, '<', states.before)
    .execute();
  const moved: string[] = [];
  for (const { id } of stale) if (await updateWebJob(db, id, { state: states.to, finishedAt: at }, at, [states.from])) moved.push(id);
  return moved;
}

/** Forgets jobs and the bytes of their uploads. */
export async function deleteWebJobs(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('web_upload_chunks')
    .where('job_id', 'in', [...ids])
    .execute();
  await db
    .deleteFrom('web_jobs')
    .where('id', 'in', [...ids])
    .execute();
}

import { writeUnmarked } from '../store/change-marker.js';
import type { Queryable, Store } from '../store/store.js';
import { insertWebJob, updateWebJob } from './web-jobs.store.js';

/**
 * Runs a write to the web app's own bookkeeping (jobs, uploads, one-time notes) without moving
 * the change marker: nothing kept from the database reads these tables, and a send writing its
 * progress must not make every page work the workspace out again. Answers what `write` answers.
 */
export async function unmarked<T>(store: Store, write: (db: Queryable) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  await writeUnmarked(store, async (db) => {
    result = { value: await write(db) };
  });
  return (result as { value: T }).value;
}

type AfterDb<F> = F extends (db: Queryable, ...rest: infer R) => infer O ? { rest: R; out: O } : never;

/** `updateWebJob`, unmarked. */
export const updateJob = (store: Store, ...rest: AfterDb<typeof updateWebJob>['rest']) =>
  unmarked(store, (db) => updateWebJob(db, ...rest));

/** `insertWebJob`, unmarked. */
export const insertJob = (store: Store, ...rest: AfterDb<typeof insertWebJob>['rest']) =>
  unmarked(store, (db) => insertWebJob(db, ...rest));

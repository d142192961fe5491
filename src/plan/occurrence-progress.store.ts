import type { Queryable } from '../store/store.js';
import type { OccurrenceProgress } from './occurrence-progress.js';
import type { OccurrenceState } from './occurrence-state.js';

/** Each occurrence's stored email state and each closed task, for `check` to tell what is still to come. */
export async function readOccurrenceProgress(db: Queryable, orgId: string): Promise<OccurrenceProgress> {
  const [states, tasks] = await Promise.all([
    db.selectFrom('occurrence_states').select(['occurrence_key', 'state']).where('org_id', '=', orgId).execute(),
    db.selectFrom('tasks').select(['task_key', 'state']).where('org_id', '=', orgId).execute(),
  ]);
  return {
    emailStates: new Map(states.map((row) => [row.occurrence_key, row.state as OccurrenceState])),
    closedTasks: new Map(tasks.map((row) => [row.task_key, row.state as 'done' | 'skipped'])),
  };
}

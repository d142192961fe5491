import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { changeActivityStatus, listActivities, updateActivityOwner } from './plan.store.js';
import { ACTIVITY_STATUSES, type Activity, canChangeStatus, isActivityStatus } from './plan-model.js';

export interface ActivityChange {
  owner?: string;
  status?: string;
}

/** Sets an activity's owner and/or status in one transaction; done and skipped are final. */
export async function setActivity(
  store: Store,
  organisation: Organisation,
  id: string,
  change: ActivityChange,
  now: Date,
): Promise<Activity> {
  if (change.owner === undefined && change.status === undefined) {
    throw new CommsplanError('invalid-input', 'Say what to change: --owner NAME and/or --status STATUS.', { field: 'owner' });
  }
  const status = change.status?.trim().toLowerCase();
  if (status !== undefined && !isActivityStatus(status)) {
    throw new CommsplanError('invalid-input', `Status "${change.status}" is not known: use ${ACTIVITY_STATUSES.join(', ')}.`, {
      field: 'status',
      value: change.status,
    });
  }
  return store.db.transaction().execute(async (trx) => {
    const activities = await listActivities(trx, organisation.id);
    const activity = activities.find((candidate) => candidate.id === id.trim());
    if (!activity) {
      throw new CommsplanError('unknown-activity', `There is no activity "${id}". Activities: ${activities.map((a) => a.id).join(', ')}.`, {
        field: 'id',
        value: id,
      });
    }
    if (change.owner !== undefined) await updateActivityOwner(trx, organisation.id, activity.id, change.owner.trim() || null, now);
    if (status !== undefined && status !== activity.status) {
      if (!canChangeStatus(activity.status, status)) {
        throw new CommsplanError(
          'invalid-status-change',
          `Activity ${activity.id} is ${activity.status}, which is final; it cannot become ${status}.`,
          { field: 'status', value: status },
        );
      }
      const changed = await changeActivityStatus(trx, organisation.id, activity.id, { from: activity.status, to: status }, now);
      if (!changed)
        throw new CommsplanError('invalid-status-change', `Activity ${activity.id} changed while this command ran; try again.`, {
          field: 'status',
        });
    }
    const updated = (await listActivities(trx, organisation.id)).find((candidate) => candidate.id === activity.id);
    return updated as Activity;
  });
}

import { deleteClosureDay, listClosureDays, writeClosureDay } from '../calendar/closure-days.store.js';
import { formatLongDate, isLocalDate } from '../calendar/local-date.js';
import type { ClosureDay } from '../calendar/working-days.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import { appendAuditEntry } from '../store/audit-log.store.js';
import type { Store } from '../store/store.js';

/** Who makes a change, and when: the audit log records both. */
export interface ClosureChange {
  actor: string;
  now: Date;
}

export function closureDaysOf(store: Store, organisation: Organisation): Promise<ClosureDay[]> {
  return listClosureDays(store.db, organisation.id);
}

/**
 * `closures add`, from the CLI and the web: a day the organisation is closed, which the plan treats
 * as a non-working day. Adding a day already there renames it. The change goes in the audit log.
 */
export async function addClosureDay(
  store: Store,
  organisation: Organisation,
  closure: { date: string; name: string },
  change: ClosureChange,
  nameLabel = 'The closure name',
): Promise<ClosureDay> {
  if (!isLocalDate(closure.date))
    throw new CommsplanError('invalid-input', `"${closure.date}" is not a date: write it as YYYY-MM-DD.`, {
      field: 'date',
      value: closure.date,
    });
  const added = { date: closure.date, name: requireSingleLineName(closure.name, { label: nameLabel, field: 'name' }) || 'Closure' };
  await store.db.transaction().execute(async (trx) => {
    await writeClosureDay(trx, organisation.id, added);
    await appendAuditEntry(trx, organisation.id, {
      at: change.now.toISOString(),
      actor: change.actor,
      action: 'closure-added',
      subject: added.date,
      detail: `${formatLongDate(added.date)}: ${added.name}`,
    });
  });
  return added;
}

/** `closures remove`, from the CLI and the web, with a line in the audit log; an error when there is no closure that day. */
export async function removeClosureDay(store: Store, organisation: Organisation, date: string, change: ClosureChange): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const removed = (await listClosureDays(trx, organisation.id)).find((closure) => closure.date === date);
    if (!removed || (await deleteClosureDay(trx, organisation.id, date)) === 0)
      throw new CommsplanError('invalid-input', `There is no closure day on ${isLocalDate(date) ? formatLongDate(date) : date}.`, {
        field: 'date',
        value: date,
      });
    await appendAuditEntry(trx, organisation.id, {
      at: change.now.toISOString(),
      actor: change.actor,
      action: 'closure-removed',
      subject: date,
      detail: `${formatLongDate(date)}: ${removed.name}`,
    });
  });
}

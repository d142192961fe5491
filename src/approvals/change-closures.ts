import { appendAuditEntry } from '../audit/audit-log.store.js';
import { deleteClosureDay, listClosureDays, writeClosureDay } from '../calendar/closure-days.store.js';
import { formatLongDate, isLocalDate } from '../calendar/local-date.js';
import type { ClosureDay } from '../calendar/working-days.js';
import { previewClosureDay } from '../plan/preview-closure-day.js';
import type { Redated } from '../plan/preview-wave-move.js';
import { loadWorkspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import type { Store } from '../store/store.js';

/** Who makes a change, and when: the audit log records both. */
export interface ClosureChange {
  actor: string;
  now: Date;
}

export function closureDaysOf(store: Store, organisation: Organisation): Promise<ClosureDay[]> {
  return listClosureDays(store.db, organisation.id);
}

/** A closure day checked as `closures add` checks it: a real date, and a name on one line ("Closure" when none). */
function checkedClosure(closure: { date: string; name: string }, nameLabel: string): ClosureDay {
  if (!isLocalDate(closure.date))
    throw new CommsplanError('invalid-input', `"${closure.date}" is not a date: write it as YYYY-MM-DD.`, {
      field: 'date',
      value: closure.date,
    });
  return { date: closure.date, name: requireSingleLineName(closure.name, { label: nameLabel, field: 'name' }) || 'Closure' };
}

/** A closure day and the emails and tasks it re-dates (they move to the next working day, or the one before). */
export interface ClosureOutcome extends ClosureDay {
  redated: Redated[];
}

/**
 * `closures add --dry-run`, from the CLI and the web: what adding the day would re-date, worked
 * out from the plan as it is. Nothing is stored and nothing is audited.
 */
export async function previewAddClosureDay(
  store: Store,
  organisation: Organisation,
  closure: { date: string; name: string },
  nameLabel = 'The closure name',
): Promise<ClosureOutcome> {
  const checked = checkedClosure(closure, nameLabel);
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  return { ...checked, redated: previewClosureDay(workspace, checked) };
}

/**
 * `closures add`, from the CLI and the web: a day the organisation is closed, which the plan treats
 * as a non-working day. Adding a day already there renames it. The change goes in the audit log;
 * the emails and tasks it re-dated are returned, as the dry run gives them.
 */
export async function addClosureDay(
  store: Store,
  organisation: Organisation,
  closure: { date: string; name: string },
  change: ClosureChange,
  nameLabel = 'The closure name',
): Promise<ClosureOutcome> {
  const added = checkedClosure(closure, nameLabel);
  return store.db.transaction().execute(async (trx) => {
    const redated = previewClosureDay(await loadWorkspace(trx, store.location, organisation.id), added);
    await writeClosureDay(trx, organisation.id, added);
    await appendAuditEntry(trx, organisation.id, {
      at: change.now.toISOString(),
      actor: change.actor,
      action: 'closure-added',
      subject: added.date,
      detail: `${formatLongDate(added.date)}: ${added.name}`,
    });
    return { ...added, redated };
  });
}

/** `closures remove`, from the CLI and the web, with a line in the audit log; an error when there is no closure that day. */
export async function removeClosureDay(store: Store, organisation: Organisation, date: string, change: ClosureChange): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const removed = (await listClosureDays(trx, organisation.id)).find((closure) => closure.date === date);
    if (!removed || (await deleteClosureDay(trx, organisation.id, date)) === 0)
      throw new CommsplanError('unknown-closure-day', `There is no closure day on ${isLocalDate(date) ? formatLongDate(date) : date}.`, {
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

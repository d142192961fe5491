import { rebuildDirectoryPersons } from '../audiences/directory-persons.store.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { directoryState } from '../directory/directory-state.store.js';
import type { ImportResult } from '../directory/import-result.js';
import { readTypedSettings } from '../settings/settings.store.js';
import type { Organisation } from '../shared/organisation.js';
import { plural } from '../shared/plural.js';
import type { Queryable } from '../store/store.js';
import { listWaves } from '../waves/waves.store.js';
import { carryOverFailedIn } from './carry-over.js';
import { type RecordedResult, recordAttempts } from './recorded-results.store.js';

/** At most this many addresses are named in one notice; `waves results` lists them all. */
const NAMED = 10;

const named = (addresses: readonly string[]) =>
  `${addresses.slice(0, NAMED).join(', ')}${addresses.length > NAMED ? ` and ${addresses.length - NAMED} more` : ''}`;

/**
 * What a migration-status import does beyond storing the statuses: each row becomes
 * the result of the person's move in their wave, people in no wave are listed, the results of
 * each wave are summed up, people who have now failed twice are named for the helpdesk, and with
 * the carry-over-failed setting the failed people of finished waves move into the next wave
 * with room. Runs inside the import's transaction, so a refused import records nothing.
 */
export function recordWaveResults(organisation: Organisation, now: Date): (db: Queryable, result: ImportResult) => Promise<void> {
  return async (db, result) => {
    if (result.kind !== 'migration-status') return;
    const orgId = organisation.id;
    const today = londonDate(now);
    // Who each row names and their wave; the statuses themselves are read when the people table is next built.
    if ((await directoryState(db, orgId)).stale) await rebuildDirectoryPersons(db, orgId, now);
    const recorded = await recordAttempts(db, orgId, today, now.toISOString());
    result.notices.push(...notInAnyWave(recorded, await mailboxesNotPeopleAmong(db, orgId, recorded)));
    const waves = await listWaves(db, orgId);
    for (const wave of waves) {
      const rows = recorded.filter((row) => row.wave?.toLowerCase() === wave.name.toLowerCase());
      if (rows.length === 0) continue;
      const count = (outcome: string) => rows.filter((row) => row.outcome === outcome).length;
      const unfinished = rows.length - count('migrated') - count('failed');
      result.notices.push(
        `${wave.name} (${wave.end < today ? `ended ${formatLongDate(wave.end)}` : 'not finished yet'}): ${count('migrated')} moved, who get the welcome email; ${count('failed')} failed, who get the failed-migration email and never the welcome; ${unfinished} not finished (in progress, waiting or stopped), who get the not-finished email. See: commsplan waves results "${wave.name}"`,
      );
    }
    const twice = await failedTwice(db, orgId);
    const now2 = twice.filter((entry) => recorded.some((row) => row.person === entry.person && row.outcome === 'failed'));
    if (now2.length)
      result.notices.push(
        `${plural(now2.length, 'person has', 'people have')} now failed to move twice and ${now2.length === 1 ? 'is' : 'are'} not carried over again: ${named(now2.map((entry) => entry.person))}. The helpdesk list: commsplan waves helpdesk`,
      );
    const settings = await readTypedSettings(db, orgId);
    if (!settings.carryOverFailed) return;
    await rebuildDirectoryPersons(db, orgId, now); // with this file's statuses
    for (const wave of waves.filter((w) => w.end < today)) {
      const outcome = await carryOverFailedIn(db, organisation, { wave, by: 'commsplan (setting carry-over-failed)', now });
      for (const [to, people] of outcome.carriedTo)
        result.notices.push(`Carried over from ${wave.name} to ${to} (setting carry-over-failed): ${named(people)}`);
      if (outcome.leftOver.length)
        result.notices.push(
          `No later wave has room for ${plural(outcome.leftOver.length, 'person', 'people')} whose move in ${wave.name} failed: ${named(outcome.leftOver)}`,
        );
    }
  };
}

/** The addresses among the rows no person was found for that are shared, room or equipment mailboxes. */
async function mailboxesNotPeopleAmong(db: Queryable, orgId: string, recorded: readonly RecordedResult[]): Promise<Set<string>> {
  const addresses = recorded.filter((row) => !row.person).map((row) => row.address);
  const found = new Set<string>();
  for (let start = 0; start < addresses.length; start += 500) {
    const rows = await db
      .selectFrom('mailboxes')
      .select('email')
      .where('org_id', '=', orgId)
      .where('mailbox_type', '<>', 'user')
      .where('email', 'in', addresses.slice(start, start + 500))
      .execute();
    for (const row of rows) found.add(row.email);
  }
  return found;
}

function notInAnyWave(recorded: readonly RecordedResult[], mailboxesNotPeople: ReadonlySet<string>): string[] {
  const shared = recorded.filter((row) => !row.person && mailboxesNotPeople.has(row.address)).map((row) => row.address);
  const unknown = recorded.filter((row) => !row.person && !mailboxesNotPeople.has(row.address)).map((row) => row.address);
  const noWave = recorded.filter((row) => row.person && !row.wave).map((row) => row.address);
  // Before any wave has started, someone in no wave has no wave to count for: `noWave` names them.
  const byDate = recorded.filter((row) => row.person && row.waveByDate && row.wave);
  const notices: string[] = [];
  if (shared.length)
    notices.push(
      `${plural(shared.length, 'address', 'addresses')} in the file ${shared.length === 1 ? 'is a shared, room or equipment mailbox' : 'are shared, room or equipment mailboxes'}: the ${shared.length === 1 ? 'result is' : 'results are'} kept (a moved mailbox is planned no more), and no email follows, since a mailbox is not a person: ${named(shared)}`,
    );
  if (unknown.length)
    notices.push(
      `${plural(unknown.length, 'address', 'addresses')} in the file ${unknown.length === 1 ? 'is' : 'are'} nobody commsplan knows (import the mailbox list or staff list first), so no email follows from ${unknown.length === 1 ? 'it' : 'them'}: ${named(unknown)}`,
    );
  for (const wave of [...new Set(byDate.map((row) => row.wave as string))]) {
    const people = byDate.filter((row) => row.wave === wave).map((row) => row.address);
    notices.push(
      `${plural(people.length, 'person', 'people')} in the file ${people.length === 1 ? 'has' : 'have'} no wave on the staff list (not on it, or its wave column is empty), so ${people.length === 1 ? 'their result counts' : 'their results count'} for ${wave}, the latest wave that has started: ${named(people)}`,
    );
  }
  if (noWave.length)
    notices.push(
      `${plural(noWave.length, 'person', 'people')} in the file ${noWave.length === 1 ? 'is' : 'are'} in no wave and no wave has started yet, so no welcome or failed-migration email follows for them: ${named(noWave)}. Give them a wave (commsplan waves plan, or waves assign), or import the results again once their wave has started.`,
    );
  return notices;
}

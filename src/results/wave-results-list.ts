import { type RawBuilder, sql } from 'kysely';
import { addressSortKey, addressSortKeyOf } from '../audiences/address-sort-key.store.js';
import { audienceMembersWith, countAudienceMembersBy } from '../audiences/audience-members-with.store.js';
import type { DirectoryPerson, DirectoryReadOptions } from '../audiences/audiences.store.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { keyOf } from '../plan/occurrence-names.js';
import type { Workspace } from '../plan/workspace.js';
import type { DialectName } from '../store/dialect.js';
import type { Store } from '../store/store.js';
import type { Wave } from '../waves/wave.js';
import { messagesOf } from './recorded-results.store.js';

/** What a person's result means for their emails. */
export type ResultGroup = 'moved' | 'failed' | 'not finished' | 'no result yet';

export interface PersonResult {
  person: string;
  name: string;
  group: ResultGroup;
  /** The status as the migration tool wrote it. */
  status: string | undefined;
  /** The wave the person is in now, when a carry-over has moved them. */
  nowIn: string | undefined;
  /** The welcome or failed-migration email: which, its state, the address it went to, and the outbox message. */
  email:
    | {
        activityId: string;
        state: string;
        recipient: string;
        toNhsmail: boolean;
        messageKey: string;
        sender: string;
        notBefore: string;
        sentAt: string | undefined;
      }
    | undefined;
}

/** Which of a wave's results a list keeps: one group, the people carried over into a later wave, or all. */
export type ResultFilter = ResultGroup | 'carried-over' | undefined;

/** How many of the wave's people each group holds, those carried over, and all of them. */
export type ResultCounts = Record<ResultGroup | 'carried-over' | 'all', number>;

/**
 * Who the wave's results are about (people whose latest result belongs to the wave, and people
 * still in it without one), and, worked out in SQL for each: their group and the wave they are
 * now in when a carry-over has moved them.
 */
function resultQuery(wave: Wave, dialect: DialectName) {
  const name = JSON.stringify(wave.name);
  const filter = parseFilter(
    `gets_nhsmail and (result_wave = ${name} or (wave = ${name} and not migrated and not failed and not waiting and not stopped))`,
  );
  const lowerName = wave.name.toLowerCase();
  // A result of another wave (someone still in this one) is no result yet here.
  const group = sql`CASE WHEN coalesce(result_wave, '') <> '' AND lower(result_wave) <> ${lowerName} THEN 'no result yet'
    WHEN migrated = 1 THEN 'moved' WHEN failed = 1 THEN 'failed'
    WHEN coalesce(migration_status, '') <> '' THEN 'not finished' ELSE 'no result yet' END`;
  const carried = sql`(coalesce(wave, '') <> '' AND lower(wave) <> ${lowerName})`;
  const columns = { result_group: group };
  const where = (chosen: ResultFilter): RawBuilder<unknown> =>
    chosen === undefined ? sql`1 = 1` : chosen === 'carried-over' ? carried : sql`result_group = ${chosen}`;
  // By group, then by address as localeCompare sorts them.
  const orderBy = [sql.ref('result_group'), addressSortKey(dialect, sql.ref('email'))];
  return { filter, columns, carried, where, orderBy };
}

async function readOptions(store: Store, workspace: Workspace, now: Date): Promise<DirectoryReadOptions> {
  return readDirectory(store, { orgId: workspace.organisation.id, settings: workspace.typedSettings, now });
}

/** How many people each of the wave's result groups holds, and how many were carried over: one pass in SQL. */
export async function waveResultCounts(store: Store, workspace: Workspace, wave: Wave, now: Date): Promise<ResultCounts> {
  const { filter, columns, carried } = resultQuery(wave, store.dialect);
  const rows = await countAudienceMembersBy<{ result_group: ResultGroup; carried: number }>(
    store.db,
    workspace.organisation.id,
    filter,
    await readOptions(store, workspace, now),
    { ...columns, carried: sql`CASE WHEN ${carried} THEN 1 ELSE 0 END` },
    wave.name,
  );
  const counts: ResultCounts = { all: 0, moved: 0, failed: 0, 'not finished': 0, 'no result yet': 0, 'carried-over': 0 };
  for (const row of rows) {
    counts.all += row.n;
    counts[row.result_group] += row.n;
    if (Number(row.carried) === 1) counts['carried-over'] += row.n;
  }
  return counts;
}

/**
 * The people of the wave's results the filter keeps, by group then address, each with the
 * email that followed: `window` reads one page of them, `after` the batch after a person
 * (`waveResultBatches`); with neither, all of them.
 */
export async function waveResultsPage(
  store: Store,
  workspace: Workspace,
  wave: Wave,
  now: Date,
  read: { filter?: ResultFilter; window?: { offset: number; limit: number; total?: number }; after?: PersonResult } = {},
): Promise<PersonResult[]> {
  const orgId = workspace.organisation.id;
  const { filter, columns, where, orderBy } = resultQuery(wave, store.dialect);
  const people = await audienceMembersWith<{ result_group: ResultGroup }>(
    store.db,
    orgId,
    filter,
    await readOptions(store, workspace, now),
    {
      columns,
      where: where(read.filter),
      orderBy,
      window: read.window,
      inWave: wave.name,
      after: read.after && [read.after.group, addressSortKeyOf(read.after.person)],
    },
  );
  const followUps = workspace.timeline.filter((o) => o.wave?.id === wave.id && o.audiences.some((a) => /^(migrated|failed):/i.test(a)));
  // Only the emails of the people read: a page's, not the whole wave's.
  const messages = await messagesOf(
    store.db,
    orgId,
    followUps.map(keyOf),
    // A whole list (the command line's) is looked up by occurrence alone, as one address each would be too many.
    read.window || read.after ? people.map((person) => person.email) : undefined,
  );
  return people.map((person) => personResult(person, wave, followUps, messages));
}

/** Every person of the wave's results the filter keeps, read `batch` at a time, for a download of any size. */
export async function* waveResultBatches(
  store: Store,
  workspace: Workspace,
  wave: Wave,
  now: Date,
  filter: ResultFilter,
  batch = 5000,
): AsyncGenerator<PersonResult[]> {
  let after: PersonResult | undefined;
  for (;;) {
    const people = await waveResultsPage(store, workspace, wave, now, { filter, after, window: { offset: 0, limit: batch } });
    if (people.length) yield people;
    if (people.length < batch) return;
    after = people.at(-1);
  }
}

function personResult(
  person: DirectoryPerson & { result_group: ResultGroup },
  wave: Wave,
  followUps: Workspace['timeline'],
  messages: Awaited<ReturnType<typeof messagesOf>>,
): PersonResult {
  const followUp = followUps
    .map((o) => ({ o, message: messages.get(`${keyOf(o)} ${person.email}`) }))
    .find(({ message }) => message && message.state !== 'cancelled');
  return {
    person: person.email,
    name: person.display_name ?? ([person.first_name, person.last_name].filter(Boolean).join(' ') || ''),
    group: person.result_group,
    status: person.migration_status ?? undefined,
    nowIn: person.wave && person.wave.toLowerCase() !== wave.name.toLowerCase() ? person.wave : undefined,
    email:
      followUp?.message === undefined
        ? undefined
        : {
            activityId: followUp.o.activityId,
            state: followUp.message.state,
            recipient: followUp.message.recipient,
            toNhsmail: followUp.message.recipient.endsWith('@nhs.net'),
            messageKey: followUp.message.messageKey,
            sender: followUp.message.sender,
            notBefore: followUp.message.notBefore,
            sentAt: followUp.message.sentAt,
          },
  };
}

/**
 * Everyone the wave's results are about: people whose latest result belongs to the wave, and
 * people still in it without one. Each with what the result means and the email that followed.
 */
export async function waveResults(store: Store, workspace: Workspace, wave: Wave, now: Date): Promise<PersonResult[]> {
  return waveResultsPage(store, workspace, wave, now);
}

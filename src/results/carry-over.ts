import { audienceMembers, type DirectoryPerson } from '../audiences/audiences.store.js';
import { directoryReadOptions } from '../audiences/builtin-audiences.js';
import { rebuildDirectoryPersons } from '../audiences/directory-persons.store.js';
import { parseFilter } from '../audiences/filter-language.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { directoryState, markDirectoryStale } from '../directory/directory-state.store.js';
import { listActivities } from '../plan/plan.store.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { colleagueWaves } from '../waves/colleague-waves.js';
import { findWave } from '../waves/manage-waves.js';
import type { Wave } from '../waves/wave.js';
import { assignMailboxes } from '../waves/wave-assignments.store.js';
import { readWaveDirectory } from '../waves/wave-directory.js';
import { listWaves } from '../waves/waves.store.js';
import { mailboxesToMove, movedMailboxes, type WaveSize, waveSizesOf, wavesInForce } from '../waves/waves-in-force.js';
import { cancelMessagesOfPeople } from './carry-over.store.js';
import { insertCarryOvers } from './recorded-results.store.js';
import { capacityOf, placeInNextWaves, refusalToCarryInto, type WaveRoom } from './wave-room.js';

export interface CarryOverOutcome {
  from: string;
  /** New wave name to the people carried into it. */
  carriedTo: Map<string, string[]>;
  /** Failed people no later wave had room for. */
  leftOver: string[];
  /** People whose move has failed twice: listed for the helpdesk, not carried over. */
  helpdesk: string[];
  /** Unsent messages of the old wave (its reminder) cancelled for the people carried over. */
  cancelled: number;
  /** People placed in a wave their linked colleagues still to move are in (the rest: the first later wave with room, or `to`). */
  withColleagues: Set<string>;
  /**
   * The waves after this one still to come, with the mailboxes they have still to move before the
   * carry-over (`people`, what their capacity counts; `size`, the same as the waves page shows it) and their capacity.
   */
  laterWaves: (WaveRoom & { size: WaveSize })[];
}

/** The people of the wave whose move there failed and who are still in it. */
async function failedStillIn(db: Queryable, orgId: string, wave: Wave, now: Date): Promise<DirectoryPerson[]> {
  const state = await directoryState(db, orgId);
  if (state.stale) await rebuildDirectoryPersons(db, orgId, now);
  const settings = await readTypedSettings(db, orgId);
  const name = JSON.stringify(wave.name);
  const filter = parseFilter(`result_wave = ${name} and failed and wave = ${name} and gets_nhsmail`);
  return audienceMembers(db, orgId, filter, directoryReadOptions(settings, now, state.mailboxDomains));
}

/**
 * Moves the people whose move in `wave` failed into a later wave: `to`, or each into the wave
 * their linked colleagues still to move are in when it has room, else the next wave with room. People who have failed twice are listed for the helpdesk
 * instead. The old wave's unsent messages to them are cancelled; the new wave's reminder and
 * welcome find them there. Runs in the caller's transaction.
 */
export async function carryOverFailedIn(
  db: Queryable,
  organisation: Organisation,
  input: { wave: Wave; to?: string; by: string; now: Date },
): Promise<CarryOverOutcome> {
  const { wave, now } = input;
  const orgId = organisation.id;
  const today = londonDate(now);
  const twice = new Set((await failedTwice(db, orgId)).map((entry) => entry.person));
  const failed = (await failedStillIn(db, orgId, wave, now)).map((person) => person.email);
  const movable = failed.filter((person) => !twice.has(person));
  const outcome: CarryOverOutcome = {
    from: wave.name,
    carriedTo: new Map(),
    leftOver: [],
    helpdesk: failed.filter((person) => twice.has(person)),
    cancelled: 0,
    withColleagues: new Set(),
    laterWaves: [],
  };
  const directory = await readWaveDirectory(db, orgId, now);
  const { waves, settings } = directory;
  // As the waves page counts them: the mailboxes each wave has still to move.
  const sizes = waveSizesOf(directory);
  const rooms = waves.map((w) => {
    const size = sizes.get(w.name.toLowerCase()) ?? { people: 0, sharedMailboxes: 0, moved: 0, bytes: 0 };
    return { wave: w, size, people: mailboxesToMove(size), capacity: capacityOf(w, settings.waveCapacity) };
  });
  outcome.laterWaves = rooms.filter((room) => room.wave.start > wave.end && room.wave.start > today);
  let placed: { person: string; wave: Wave }[];
  if (input.to !== undefined) {
    const target = findWave(waves, input.to);
    if (target.start <= wave.end)
      throw new CommsplanError(
        'conflict',
        `${target.name} (${formatLongDate(target.start)}) does not come after ${wave.name} (${formatLongDate(wave.end)}): carry people over into a later wave. Nothing was changed.`,
        { field: 'to', value: input.to },
      );
    const refusal = refusalToCarryInto(rooms.find((room) => room.wave.id === target.id) as WaveRoom, movable.length, today);
    if (refusal) throw new CommsplanError('conflict', `${refusal} Nothing was changed.`, { field: 'to', value: input.to });
    placed = movable.map((person) => ({ person, wave: target }));
  } else {
    const inForce = wavesInForce(directory);
    const moved = movedMailboxes(directory);
    const stillToMove = (email: string) => (moved.has(email) ? undefined : inForce.get(email));
    const preferred = colleagueWaves(movable, directory.permissions, stillToMove, directory.weights, directory.serviceAccounts);
    const placing = placeInNextWaves(movable, wave, rooms, today, preferred);
    placed = placing.placed;
    outcome.leftOver = placing.leftOver;
    const inColleaguesWave = (p: { person: string; wave: Wave }) =>
      (preferred.get(p.person) ?? []).some((name) => name.toLowerCase() === p.wave.name.toLowerCase());
    outcome.withColleagues = new Set(placed.filter(inColleaguesWave).map((p) => p.person));
  }
  if (placed.length === 0) return outcome;
  await carryPlacedOver(db, orgId, wave, placed, outcome, { at: now.toISOString(), by: input.by });
  return outcome;
}

/**
 * Records and makes the moves `carryOverFailedIn` worked out, fills in `outcome.carriedTo` and
 * `outcome.cancelled`, and writes one audit entry per new wave.
 */
async function carryPlacedOver(
  db: Queryable,
  orgId: string,
  wave: Wave,
  placed: readonly { person: string; wave: Wave }[],
  outcome: CarryOverOutcome,
  { at, by }: { at: string; by: string },
): Promise<void> {
  await insertCarryOvers(
    db,
    orgId,
    placed.map(({ person, wave: to }) => ({ person, fromWave: wave.name, toWave: to.name, at, by })),
  );
  await assignMailboxes(
    db,
    orgId,
    placed.map(({ person, wave: to }) => ({ mailbox: person, waveId: to.id, source: 'carry-over' })),
    { at, by },
  );
  for (const { person, wave: to } of placed) outcome.carriedTo.set(to.name, [...(outcome.carriedTo.get(to.name) ?? []), person]);
  const oldWaveKeys = (await listActivities(db, orgId))
    .filter(
      (activity) =>
        activity.timing.kind === 'wave' && !activity.audiences.some((a) => ['wave-failed', 'wave-migrated', 'wave-unfinished'].includes(a)),
    )
    .map((activity) => `${activity.id}@${wave.id}`);
  outcome.cancelled = await cancelMessagesOfPeople(
    db,
    orgId,
    oldWaveKeys,
    placed.map((p) => p.person),
    `carried over from ${wave.name} on ${at}`,
  );
  for (const [to, people] of outcome.carriedTo)
    await appendAuditEntry(db, orgId, {
      at,
      actor: by,
      action: 'carried-over',
      subject: wave.name,
      detail: `${people.length} whose move failed carried over to ${to}: ${people.join(', ')}`,
    });
  await markDirectoryStale(db, orgId);
}

/** `commsplan waves carry-over WAVE [--to WAVE]`: one transaction; a refusal changes nothing. */
export async function carryOver(
  store: Store,
  organisation: Organisation,
  input: { wave: string; to?: string; by: string },
  now: Date,
): Promise<CarryOverOutcome> {
  return store.db.transaction().execute((trx) => carryOverInTransaction(trx, organisation, input, now));
}

/** Thrown to roll a carry-over back once its outcome is known. */
class PreviewOnly extends Error {
  constructor(readonly outcome: CarryOverOutcome) {
    super('A preview of a carry-over is never kept.');
  }
}

/**
 * What `carryOver` would do now, with nothing kept: the same carry-over, rolled back, so the
 * preview cannot differ from the carry-over it stands for. Refusals throw as `carryOver`'s do.
 */
export async function previewCarryOver(
  store: Store,
  organisation: Organisation,
  input: { wave: string; to?: string },
  now: Date,
): Promise<CarryOverOutcome> {
  try {
    await store.db.transaction().execute(async (trx) => {
      throw new PreviewOnly(await carryOverInTransaction(trx, organisation, { ...input, by: 'preview' }, now));
    });
  } catch (error) {
    if (error instanceof PreviewOnly) return error.outcome;
    throw error;
  }
  throw new Error('unreachable: a preview always rolls back');
}

async function carryOverInTransaction(
  trx: Queryable,
  organisation: Organisation,
  input: { wave: string; to?: string; by: string },
  now: Date,
): Promise<CarryOverOutcome> {
  const wave = findWave(await listWaves(trx, organisation.id), input.wave);
  if (wave.start > londonDate(now))
    throw new CommsplanError(
      'conflict',
      `${wave.name} starts on ${formatLongDate(wave.start)}: nobody's move in it can have failed yet. Nothing was changed.`,
      { field: 'wave', value: input.wave },
    );
  return carryOverFailedIn(trx, organisation, { wave, to: input.to, by: input.by.trim(), now });
}

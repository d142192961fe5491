import { addDays, daysBetween, type LocalDate } from '../calendar/local-date.js';
import { markDirectoryStale } from '../directory/directory-state.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { type Wave, waveNamed } from './wave.js';
import { countAssignedTo } from './wave-assignments.store.js';
import { defaultWaveEnd, newWaveName, requireDate, validateWave } from './wave-rules.js';
import { deleteWave, insertWave, listWaves, updateWaveCapacity, updateWaveDates } from './waves.store.js';

export function findWave<W extends Pick<Wave, 'name'>>(waves: readonly W[], name: string): W {
  const wave = waveNamed(waves, name);
  if (wave) return wave;
  const known = waves.length ? `Waves: ${waves.map((w) => w.name).join(', ')}.` : 'There are no waves yet.';
  throw new CommsplanError('unknown-wave', `There is no wave called "${name}". ${known}`, { field: 'wave', value: name });
}

export async function addWave(
  store: Store,
  organisation: Organisation,
  input: { start: string; end?: string; name?: string; capacity?: string },
): Promise<Wave> {
  return store.db.transaction().execute(async (trx) => {
    const waves = await listWaves(trx, organisation.id);
    const start = requireDate(input.start, 'start');
    const end = input.end === undefined ? defaultWaveEnd(start) : requireDate(input.end, 'end');
    const capacity = input.capacity === undefined ? undefined : parseCapacity(input.capacity);
    const wave = { name: newWaveName(input.name, waves), start, end, ...(capacity ? { capacity } : {}) };
    validateWave(wave, waves, organisation.programmeStart);
    await insertWave(trx, organisation.id, wave);
    return findWave(await listWaves(trx, organisation.id), wave.name);
  });
}

/** Moves a wave; without a new end it keeps its length. Everything tied to it follows. */
export async function moveWave(
  store: Store,
  organisation: Organisation,
  name: string,
  input: { start: string; end?: string },
): Promise<Wave> {
  return store.db.transaction().execute((trx) => moveWaveWithin(trx, organisation, name, input));
}

/** `moveWave` inside the caller's transaction, for a use-case that does more in the same one. */
export async function moveWaveWithin(
  trx: Queryable,
  organisation: Organisation,
  name: string,
  input: { start: string; end?: string },
): Promise<Wave> {
  const waves = await listWaves(trx, organisation.id);
  const wave = findWave(waves, name);
  const start: LocalDate = requireDate(input.start, 'start');
  const end = input.end === undefined ? addDays(start, daysBetween(wave.start, wave.end)) : requireDate(input.end, 'end');
  const moved = { ...wave, start, end };
  validateWave(
    moved,
    waves.filter((other) => other.id !== wave.id),
    organisation.programmeStart,
  );
  await updateWaveDates(trx, organisation.id, moved);
  return moved;
}

/** Removes a wave; the mailboxes planned into it have no wave until planned again, and are counted. */
export async function removeWave(store: Store, organisation: Organisation, name: string): Promise<{ wave: Wave; unplanned: number }> {
  return store.db.transaction().execute(async (trx) => {
    const wave = findWave(await listWaves(trx, organisation.id), name);
    const unplanned = await countAssignedTo(trx, organisation.id, wave.id);
    await deleteWave(trx, organisation.id, wave.id);
    if (unplanned > 0) await markDirectoryStale(trx, organisation.id);
    return { wave, unplanned };
  });
}

/** A wave's capacity: a whole number of people (or GB), 1 or more; "none" takes it away. */
export function parseCapacity(text: string, unit: 'people' | 'GB' = 'people'): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none') return undefined;
  if (!/^\d{1,7}$/.test(trimmed) || Number(trimmed) < 1)
    throw new CommsplanError('invalid-input', `Capacity "${text}" is not a whole number of ${unit}, 1 or more (or "none").`, {
      field: unit === 'GB' ? 'capacity-gb' : 'capacity',
      value: text,
    });
  return Number(trimmed);
}

/** Sets how many people (and, with `gb`, how many GB) a wave can move, or takes its own limit away ("none"). */
export async function setWaveCapacity(
  store: Store,
  organisation: Organisation,
  name: string,
  capacity: string,
  gb?: string,
): Promise<Wave> {
  return store.db.transaction().execute(async (trx) => {
    const wave = findWave(await listWaves(trx, organisation.id), name);
    const value = parseCapacity(capacity);
    const gbValue = gb === undefined ? wave.capacityGb : parseCapacity(gb, 'GB');
    await updateWaveCapacity(trx, organisation.id, wave.id, { capacity: value ?? null, capacity_gb: gbValue ?? null });
    const { capacity: _old, capacityGb: _oldGb, ...rest } = wave;
    return { ...rest, ...(value === undefined ? {} : { capacity: value }), ...(gbValue === undefined ? {} : { capacityGb: gbValue }) };
  });
}

import { appendAuditEntry, type ChangeMaker, entryBy } from '../audit/audit-log.store.js';
import { addDays, daysBetween, formatLongDate, type LocalDate } from '../calendar/local-date.js';
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

/** Who changes a wave, and when: every change to a wave writes its line in the audit log. */
export type WaveChange = ChangeMaker;

const datesOf = (wave: Pick<Wave, 'start' | 'end'>) => `${formatLongDate(wave.start)} to ${formatLongDate(wave.end)}`;
const capacityOf = (wave: Pick<Wave, 'capacity' | 'capacityGb'>) =>
  `${wave.capacity === undefined ? 'no limit of its own' : `${wave.capacity} people`}${wave.capacityGb === undefined ? '' : `, ${wave.capacityGb} GB`}`;

async function auditWave(db: Queryable, orgId: string, change: WaveChange, action: string, wave: string, detail: string) {
  await appendAuditEntry(db, orgId, entryBy(change, { action, subject: wave, detail }));
}

export async function addWave(
  store: Store,
  organisation: Organisation,
  input: { start: string; end?: string; name?: string; capacity?: string },
  change: WaveChange,
): Promise<Wave> {
  return store.db.transaction().execute(async (trx) => {
    const waves = await listWaves(trx, organisation.id);
    const start = requireDate(input.start, 'start');
    const end = input.end === undefined ? defaultWaveEnd(start) : requireDate(input.end, 'end');
    const capacity = input.capacity === undefined ? undefined : parseCapacity(input.capacity);
    const wave = { name: newWaveName(input.name, waves), start, end, ...(capacity ? { capacity } : {}) };
    validateWave(wave, waves, organisation.programmeStart);
    await insertWave(trx, organisation.id, wave);
    const capacityText = capacity ? `; ${capacityOf(wave)}` : '';
    await auditWave(trx, organisation.id, change, 'wave-added', wave.name, `${datesOf(wave)}${capacityText}`);
    return findWave(await listWaves(trx, organisation.id), wave.name);
  });
}

/** Moves a wave; without a new end it keeps its length. Everything tied to it follows. */
export async function moveWave(
  store: Store,
  organisation: Organisation,
  name: string,
  input: { start: string; end?: string },
  change: WaveChange,
): Promise<Wave> {
  return store.db.transaction().execute((trx) => moveWaveWithin(trx, organisation, name, input, change));
}

/** `moveWave` inside the caller's transaction, for a use-case that does more in the same one. */
export async function moveWaveWithin(
  trx: Queryable,
  organisation: Organisation,
  name: string,
  input: { start: string; end?: string },
  change: WaveChange,
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
  await auditWave(trx, organisation.id, change, 'wave-moved', wave.name, `${datesOf(wave)} → ${datesOf(moved)}`);
  return moved;
}

/** Removes a wave; the mailboxes planned into it have no wave until planned again, and are counted. */
export async function removeWave(
  store: Store,
  organisation: Organisation,
  name: string,
  change: WaveChange,
): Promise<{ wave: Wave; unplanned: number }> {
  return store.db.transaction().execute(async (trx) => {
    const wave = findWave(await listWaves(trx, organisation.id), name);
    const unplanned = await countAssignedTo(trx, organisation.id, wave.id);
    await deleteWave(trx, organisation.id, wave.id);
    if (unplanned > 0) await markDirectoryStale(trx, organisation.id);
    const left = unplanned > 0 ? `; ${unplanned} mailboxes planned into it have no wave now` : '';
    await auditWave(trx, organisation.id, change, 'wave-removed', wave.name, `${datesOf(wave)}${left}`);
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
  gb: string | undefined,
  change: WaveChange,
): Promise<Wave> {
  return store.db.transaction().execute(async (trx) => {
    const wave = findWave(await listWaves(trx, organisation.id), name);
    const value = parseCapacity(capacity);
    const gbValue = gb === undefined ? wave.capacityGb : parseCapacity(gb, 'GB');
    await updateWaveCapacity(trx, organisation.id, wave.id, { capacity: value ?? null, capacity_gb: gbValue ?? null });
    const { capacity: _old, capacityGb: _oldGb, ...rest } = wave;
    const changed = {
      ...rest,
      ...(value === undefined ? {} : { capacity: value }),
      ...(gbValue === undefined ? {} : { capacityGb: gbValue }),
    };
    await auditWave(trx, organisation.id, change, 'wave-capacity-set', wave.name, `${capacityOf(wave)} → ${capacityOf(changed)}`);
    return changed;
  });
}

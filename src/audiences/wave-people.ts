import type { Store } from '../store/store.js';
import { audienceMembersPage, countDirectory, type DirectoryPerson } from './audiences.store.js';
import { type AudienceReading, readDirectory, resolveAudience } from './manage-audiences.js';

/** How many people each wave's audience (`wave:NAME`: in the wave and not yet moved) holds now. */
export async function countWavePeople(
  store: Pick<Store, 'db' | 'readInParallel'>,
  reading: AudienceReading,
  waveNames: readonly string[],
): Promise<{ counts: Map<string, number>; computedAt: string }> {
  if (waveNames.length === 0) return { counts: new Map(), computedAt: reading.now.toISOString() };
  const { builtAt, ...options } = await readDirectory(store, reading);
  const audiences = await Promise.all(waveNames.map((name) => resolveAudience(store.db, reading.orgId, `wave:${name}`)));
  const { counts } = await countDirectory(
    store,
    reading.orgId,
    audiences.map((a) => a.filter),
    options,
  );
  return { counts: new Map(waveNames.map((name, i) => [name, counts[i] ?? 0])), computedAt: builtAt };
}

/** One page of a wave's roster (its `wave:NAME` audience), in address order, after `afterEmail`. */
export async function waveRosterPage(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
  waveName: string,
  afterEmail: string,
  limit: number,
): Promise<{ people: DirectoryPerson[]; more: boolean }> {
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  const audience = await resolveAudience(store.db, reading.orgId, `wave:${waveName}`);
  const people = await audienceMembersPage(store.db, reading.orgId, audience.filter, options, afterEmail, limit + 1);
  return { people: people.slice(0, limit), more: people.length > limit };
}

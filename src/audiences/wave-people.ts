import type { Store } from '../store/store.js';
import { audienceMembersPage, type DirectoryPerson } from './audiences.store.js';
import { type AudienceReading, readDirectory, resolveAudience } from './manage-audiences.js';

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

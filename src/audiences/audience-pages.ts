import type { Store } from '../store/store.js';
import { audienceMembersPage, countDirectory, type DirectoryPerson } from './audiences.store.js';
import { parseFilter } from './filter-language.js';
import { type AudienceReading, type ResolvedAudience, readDirectory, resolveAudience } from './manage-audiences.js';

/**
 * One page of an audience's people, in address order, starting after `afterEmail`: what the web
 * shows instead of `audience show`'s whole list, which at 1.5 million people is too long to page.
 */
export async function audiencePeoplePage(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
  name: string,
  afterEmail: string,
  limit: number,
): Promise<{ audience: ResolvedAudience; people: DirectoryPerson[]; nextAfter: string | undefined }> {
  const audience = await resolveAudience(store.db, reading.orgId, name);
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  const people = await audienceMembersPage(store.db, reading.orgId, audience.filter, options, afterEmail, limit + 1);
  const shown = people.slice(0, limit);
  return { audience, people: shown, nextAfter: people.length > limit ? shown.at(-1)?.email : undefined };
}

/** Every person of an audience, a few thousand at a time, for a CSV download that never holds them all. */
export async function* audiencePeopleBatches(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
  audience: ResolvedAudience,
  batchSize = 5000,
): AsyncGenerator<DirectoryPerson[]> {
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  let after = '';
  for (;;) {
    const people = await audienceMembersPage(store.db, reading.orgId, audience.filter, options, after, batchSize);
    if (people.length === 0) return;
    yield people;
    after = people.at(-1)?.email ?? '';
    if (people.length < batchSize) return;
  }
}

/** How many people a filter would pick now, before it is saved as an audience. Bad filters throw `invalid-input`. */
export async function countFilter(store: Pick<Store, 'db' | 'readInParallel'>, reading: AudienceReading, filter: string): Promise<number> {
  const parsed = parseFilter(filter);
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  const { counts } = await countDirectory(store, reading.orgId, [parsed], options);
  return counts[0] ?? 0;
}

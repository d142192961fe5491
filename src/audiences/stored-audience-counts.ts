import { londonDate } from '../calendar/london-time.js';
import type { Store } from '../store/store.js';
import { audienceInputs, readAudienceCounts, type StoredAudienceCounts, writeAudienceCounts } from './audience-counts.store.js';
import { type AudienceReading, summariseAudiences } from './manage-audiences.js';

export interface AudienceCountsState {
  /** The counts as last worked out, if they ever were. */
  stored: StoredAudienceCounts | undefined;
  /** False when an import, setting, wave or custom audience has changed since (or a day has passed). */
  upToDate: boolean;
}

/** The stored counts and whether they still match their inputs: cheap, for every page view. */
export async function storedAudienceCounts(store: Pick<Store, 'db'>, orgId: string, now: Date): Promise<AudienceCountsState> {
  const [stored, inputs] = await Promise.all([readAudienceCounts(store.db, orgId), audienceInputs(store.db, orgId, londonDate(now))]);
  return { stored, upToDate: stored?.inputs === inputs };
}

/**
 * Counts every audience (as `commsplan audiences` does) and stores the result with the
 * fingerprint of the inputs as they were before counting, so a change made while counting leaves
 * the stored counts marked out of date.
 */
export async function refreshAudienceCounts(
  store: Pick<Store, 'db' | 'readInParallel'>,
  reading: AudienceReading,
): Promise<StoredAudienceCounts> {
  const inputs = await audienceInputs(store.db, reading.orgId, londonDate(reading.now));
  const overview = await summariseAudiences(store, reading);
  const counts = { overview, inputs, computedAt: reading.now.toISOString() };
  await writeAudienceCounts(store.db, reading.orgId, counts);
  return counts;
}

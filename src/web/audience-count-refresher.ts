import type { AudienceReading } from '../audiences/manage-audiences.js';
import { refreshAudienceCounts, storedAudienceCounts } from '../audiences/stored-audience-counts.js';
import { readTypedSettings } from '../settings/settings.store.js';
import type { WebContext } from './web-context.js';

/** Counting under way, per workspace and organisation: one at a time, however many pages ask. */
const running = new WeakMap<object, Map<string, Promise<void>>>();

export async function audienceReadingFor(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<AudienceReading> {
  return { orgId: web.organisation.id, settings: await readTypedSettings(web.store.db, web.organisation.id), now: web.now() };
}

/**
 * Recounts the audiences in the background, within the server process (after an import, or when
 * a page finds the stored counts out of date). Pages show the stored counts meanwhile; the
 * returned promise settles when the counting ends, and never rejects.
 */
export function refreshCountsInBackground(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<void> {
  const byOrg = running.get(web.store) ?? new Map<string, Promise<void>>();
  running.set(web.store, byOrg);
  const known = byOrg.get(web.organisation.id);
  if (known) return known;
  const counting = (async () => {
    try {
      await refreshAudienceCounts(web.store, await audienceReadingFor(web));
    } catch (error) {
      // The stored counts stay marked out of date, so the next page view tries again.
      process.emitWarning(`Counting audiences failed: ${(error as Error).message}`);
    } finally {
      byOrg.delete(web.organisation.id);
    }
  })();
  byOrg.set(web.organisation.id, counting);
  return counting;
}

/**
 * The stored counts for a page, never counted on the request: when they are out of date a recount
 * starts in the background, and `counting` says the page should say so and refresh itself.
 */
export async function countsForPage(web: Pick<WebContext, 'store' | 'organisation' | 'now'>) {
  const { stored, upToDate } = await storedAudienceCounts(web.store, web.organisation.id, web.now());
  if (!upToDate) void refreshCountsInBackground(web);
  return { stored, upToDate, counting: !upToDate || countingNow(web) };
}

export function countingNow(web: Pick<WebContext, 'store' | 'organisation'>): boolean {
  return Boolean(running.get(web.store)?.has(web.organisation.id));
}

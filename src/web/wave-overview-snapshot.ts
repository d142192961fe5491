import { londonDate } from '../calendar/london-time.js';
import { directoryState } from '../directory/directory-state.store.js';
import { type WaveOverview, waveOverview } from '../waves/wave-overview.js';
import { keptWhileUnchanged } from './kept-while-unchanged.js';
import type { WebContext } from './web-context.js';

/**
 * The waves as they stand (people, shared mailboxes, GB, links broken) for the waves page, kept
 * while nothing in the database changes and the day is the same. Undefined while the people table
 * is out of date: rebuilding it can take minutes at a million people, so a page never does; the
 * audience recount does it in the background. Read-only: the next request gets the same object.
 */
export async function waveOverviewForPage(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<WaveOverview | undefined> {
  const key = `wave-overview/${web.organisation.id}/${londonDate(web.now())}`;
  return keptWhileUnchanged(web.store, key, async () => {
    if ((await directoryState(web.store.db, web.organisation.id)).stale) return undefined;
    return waveOverview(web.store, web.organisation, web.now());
  });
}

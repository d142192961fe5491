import { londonDate } from '../calendar/london-time.js';
import { directoryState } from '../directory/directory-state.store.js';
import { changeMarker } from '../store/change-marker.js';
import type { Store } from '../store/store.js';
import { type WaveOverview, waveOverview } from '../waves/wave-overview.js';
import type { WebContext } from './web-context.js';

interface Kept {
  key: string;
  overview: WaveOverview;
}

const kept = new WeakMap<Store, Kept>();

/**
 * The waves as they stand (people, shared mailboxes, GB, links broken) for the waves page, kept
 * while nothing in the database changes and the day is the same. Undefined while the people table
 * is out of date: rebuilding it can take minutes at a million people, so a page never does; the
 * audience recount does it in the background. Read-only: the next request gets the same object.
 */
export async function waveOverviewForPage(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<WaveOverview | undefined> {
  const marker = await changeMarker(web.store);
  const key = `${web.organisation.id}/${londonDate(web.now())}/${marker}`;
  const known = kept.get(web.store);
  if (marker !== undefined && known?.key === key) return known.overview;
  if ((await directoryState(web.store.db, web.organisation.id)).stale) return undefined;
  const overview = await waveOverview(web.store, web.organisation, web.now());
  if (marker !== undefined) kept.set(web.store, { key, overview });
  return overview;
}

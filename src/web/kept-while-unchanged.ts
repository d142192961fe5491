import { changeMarker } from '../store/change-marker.js';
import type { Store } from '../store/store.js';

interface Kept {
  marker: string;
  values: Map<string, Promise<unknown>>;
}

const keptByStore = new WeakMap<Store, Kept>();

/** At most this many answers are kept per store: a key can hold text from the address (a page, a name). */
export const MOST_KEPT = 200;

/**
 * What `compute` works out from the database, worked out once and handed to every request until
 * anything in the database changes: at a million people a list or count can take seconds, and many
 * people look at the same page at once. Requests that come while it is being worked out wait for
 * the same answer rather than each working it out again. `key` names what is kept: it must hold
 * everything the answer depends on besides the database (the organisation, the day, a page number).
 * Callers must treat the answer as read-only: the next request gets the same object.
 */
export async function keptWhileUnchanged<T>(store: Store, key: string, compute: () => Promise<T>): Promise<T> {
  // Read before computing, so a change made while it computes makes the next request compute again.
  const marker = await changeMarker(store);
  if (marker === undefined) return compute();
  let kept = keptByStore.get(store);
  if (kept?.marker !== marker) {
    kept = { marker, values: new Map() };
    keptByStore.set(store, kept);
  }
  const known = kept.values.get(key) as Promise<T> | undefined;
  if (known) return known;
  const answer = compute();
  if (kept.values.size >= MOST_KEPT) kept.values.delete(kept.values.keys().next().value as string);
  kept.values.set(key, answer);
  // A failure is not kept: the next request tries again.
  answer.catch(() => kept.values.get(key) === answer && kept.values.delete(key));
  return answer;
}

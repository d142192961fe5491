import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AudienceReading } from '../audiences/manage-audiences.js';
import { refreshAudienceCounts, storedAudienceCounts } from '../audiences/stored-audience-counts.js';
import { readTypedSettings } from '../settings/settings.store.js';
import type { Store } from '../store/store.js';
import type { CountWorkerInput, CountWorkerMessage } from './audience-count-worker.js';
import type { WebContext } from './web-context.js';

const COUNT_WORKER = new URL('./audience-count-worker.js', import.meta.url);

/** Counting under way, per workspace and organisation: one at a time, however many pages ask. */
const running = new WeakMap<object, Map<string, Promise<void>>>();
/** The counting threads of each workspace, stopped with the server. */
const threads = new WeakMap<object, Set<Worker>>();

export async function audienceReadingFor(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<AudienceReading> {
  return { orgId: web.organisation.id, settings: await readTypedSettings(web.store.db, web.organisation.id), now: web.now() };
}

/**
 * Recounts the audiences in the background (after an import, or when a page finds the stored
 * counts out of date). Pages show the stored counts meanwhile; the returned promise settles when
 * the counting ends, and never rejects.
 */
export function refreshCountsInBackground(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<void> {
  const byOrg = running.get(web.store) ?? new Map<string, Promise<void>>();
  running.set(web.store, byOrg);
  const known = byOrg.get(web.organisation.id);
  if (known) return known;
  const counting = (async () => {
    try {
      await recountAudiences(web);
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
 * Counts in a worker thread with its own connection when the workspace is a SQLite file: at a
 * million people counting takes seconds, and a rebuild of the people table far longer, which
 * would hold the server's only thread. The worker runs compiled code; from TypeScript sources
 * (the tests of the pages) and in memory, it counts here. Says where it counted.
 */
export async function recountAudiences(web: Pick<WebContext, 'store' | 'organisation' | 'now'>): Promise<{ inWorker: boolean }> {
  if (!canCountInWorker(web.store)) {
    await refreshAudienceCounts(web.store, await audienceReadingFor(web));
    return { inWorker: false };
  }
  await countInWorker(web.store, { path: web.store.location, orgId: web.organisation.id, now: web.now().toISOString() });
  return { inWorker: true };
}

function canCountInWorker(store: Pick<Store, 'dialect' | 'location'>): boolean {
  return store.dialect === 'sqlite' && store.location !== ':memory:' && existsSync(fileURLToPath(COUNT_WORKER));
}

function countInWorker(store: object, input: CountWorkerInput): Promise<void> {
  const ofStore = threads.get(store) ?? new Set<Worker>();
  threads.set(store, ofStore);
  return new Promise((done, fail) => {
    const worker = new Worker(COUNT_WORKER, { workerData: input });
    ofStore.add(worker);
    worker.once('exit', () => ofStore.delete(worker));
    worker.once('message', (message: CountWorkerMessage) => ('done' in message ? done() : fail(new Error(message.error))));
    worker.once('error', fail);
    // After an answer this changes nothing; without one, the thread died.
    worker.once('exit', (code) => fail(new Error(`the thread counting audiences stopped without an answer (exit code ${code})`)));
  });
}

/** When the server stops: counting threads stop too, and what they had written is rolled back. */
export async function stopCounting(web: Pick<WebContext, 'store'>): Promise<void> {
  await Promise.all([...(threads.get(web.store) ?? [])].map((worker) => worker.terminate()));
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

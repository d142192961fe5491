/**
 * Worker thread entry: recounts one organisation's audiences on its own connection to the
 * workspace, so the server's thread keeps answering pages while the counting (and the rebuild of
 * the people table it may need first) runs. Posts one `CountWorkerMessage`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { refreshAudienceCounts } from '../audiences/stored-audience-counts.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { openSqliteStore } from '../store/open-sqlite-store.js';

export interface CountWorkerInput {
  path: string;
  orgId: string;
  /** The moment to count as of, as an ISO time (the server's clock, which tests may fix). */
  now: string;
}

export type CountWorkerMessage = { done: true } | { error: string };

async function recount(input: CountWorkerInput): Promise<void> {
  const store = await openSqliteStore(input.path, { create: false });
  try {
    const settings = await readTypedSettings(store.db, input.orgId);
    await refreshAudienceCounts(store, { orgId: input.orgId, settings, now: new Date(input.now) });
  } finally {
    await store.close();
  }
}

if (parentPort) {
  const port = parentPort;
  const post = (message: CountWorkerMessage) => port.postMessage(message);
  await recount(workerData as CountWorkerInput).then(
    () => post({ done: true }),
    (error: unknown) => post({ error: error instanceof Error ? error.message : String(error) }),
  );
}

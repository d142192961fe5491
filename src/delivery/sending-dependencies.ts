import type { Store } from '../store/store.js';
import { outcomeJournalFor } from './outcome-journal.js';
import type { SendDueDependencies } from './send-due.js';
import type { ProgressMeter } from './send-progress.js';
import { type StoredSenderDependencies, senderTransports } from './sender-transports.js';

/** What the CLI's `send --due` and worker, the web's Send now and the demo tell the sending loop. */
export interface SendingSetup extends Omit<StoredSenderDependencies, 'timeouts'> {
  store: Store;
  orgId: string;
  /** Who holds the leases: unique per worker process. */
  workerId: string;
  random: () => number;
  queueDue?: SendDueDependencies['queueDue'];
  progress?: ProgressMeter;
}

/**
 * Runs `use` with the sending loop's dependencies: each sender's transport, made once from its
 * stored definition, and this worker's journal. Both are closed when `use` ends, whatever happens.
 */
export async function withSendingDependencies<T>(setup: SendingSetup, use: (deps: SendDueDependencies) => Promise<T>): Promise<T> {
  const { store, orgId, workerId, env, baseDir, now, random, queueDue, progress } = setup;
  const transports = senderTransports(store.db, orgId, { env, baseDir, now });
  const journal = outcomeJournalFor(store, workerId);
  try {
    return await use({ store, orgId, workerId, now, random, queueDue, progress, journal, transportFor: transports.transportFor });
  } finally {
    journal?.close();
    await transports.closeAll();
  }
}

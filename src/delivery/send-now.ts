import type { OccurrenceHolds, QueueConfirmation } from '../approvals/queue-due.js';
import { type EverythingQueued, queueEverythingDue } from '../approvals/queue-everything-due.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type PassSummary, sendDue } from './send-due.js';
import { ProgressMeter, type SendProgress } from './send-progress.js';
import type { StoredSenderDependencies } from './sender-transports.js';
import { withSendingDependencies } from './sending-dependencies.js';

export interface SendNowDependencies {
  store: Store;
  organisation: Organisation;
  now: () => Date;
  random: () => number;
  workerId: string;
  /** Secrets of SMTP senders are read from here (the environment, handed in by the composition root). */
  env: StoredSenderDependencies['env'];
  /** A folder sender's relative folder is read from here, as the CLI reads it from its working folder. */
  baseDir: string;
  /** What holds occurrences back (the wave results' holds), as for `send --due`. */
  holds: OccurrenceHolds;
  /** Whether approved emails whose audience's data warns go anyway (`send --due --anyway`). */
  confirmation?: QueueConfirmation;
  onQueued?: (outcome: EverythingQueued) => void;
  onProgress?: (progress: SendProgress) => void;
  shouldStop?: () => boolean;
}

/**
 * `commsplan send --due` as one call: queues the approved occurrences and task notices that have come due, then
 * sends every message that is due within each sender's limits, through each sender's own transport,
 * and stops. The same queue-and-send pass the CLI runs.
 */
export async function sendNow(deps: SendNowDependencies): Promise<{ queued: EverythingQueued[]; summary: PassSummary }> {
  const { store, organisation } = deps;
  const queued: EverythingQueued[] = [];
  const setup = {
    store,
    orgId: organisation.id,
    workerId: deps.workerId,
    env: deps.env,
    baseDir: deps.baseDir,
    now: deps.now,
    random: deps.random,
    queueDue: async (now: Date) => {
      const outcome = await queueEverythingDue(store, organisation, now, deps.holds, undefined, deps.confirmation);
      queued.push(outcome);
      deps.onQueued?.(outcome);
    },
    progress: new ProgressMeter(deps.now().getTime(), deps.onProgress),
  };
  const summary = await withSendingDependencies(setup, (sending) => sendDue({ ...sending, shouldStop: deps.shouldStop }));
  return { queued, summary };
}

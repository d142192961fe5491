import { isAbsolute, join } from 'node:path';
import type { OccurrenceHolds, QueueConfirmation } from '../approvals/queue-due.js';
import { type EverythingQueued, queueEverythingDue } from '../approvals/queue-everything-due.js';
import type { MailTransport } from '../senders/mail-transport.js';
import { requireSender } from '../senders/manage-senders.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { outcomeJournalFor } from './outcome-journal.js';
import { type PassSummary, sendDue, type TransportTimeouts } from './send-due.js';
import { ProgressMeter, type SendProgress } from './send-progress.js';
import { type TransportDependencies, transportForSender } from './transport-for-sender.js';

export interface SendNowDependencies {
  store: Store;
  organisation: Organisation;
  now: () => Date;
  random: () => number;
  workerId: string;
  /** Secrets of SMTP senders are read from here (the environment, handed in by the composition root). */
  env: TransportDependencies['env'];
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
  const made = new Map<string, MailTransport>();
  const transportFor = async (name: string, timeouts: TransportTimeouts): Promise<MailTransport> => {
    const known = made.get(name);
    if (known) return known;
    const sender = await requireSender(store.db, organisation.id, name);
    const definition =
      sender.kind === 'folder' && !isAbsolute(sender.folder) ? { ...sender, folder: join(deps.baseDir, sender.folder) } : sender;
    const transport = transportForSender(definition, { env: deps.env, now: deps.now, timeouts });
    made.set(name, transport);
    return transport;
  };
  const queued: EverythingQueued[] = [];
  const journal = outcomeJournalFor(store, deps.workerId);
  try {
    const summary = await sendDue({
      store,
      orgId: organisation.id,
      queueDue: async (now) => {
        const outcome = await queueEverythingDue(store, organisation, now, deps.holds, undefined, deps.confirmation);
        queued.push(outcome);
        deps.onQueued?.(outcome);
      },
      transportFor,
      now: deps.now,
      random: deps.random,
      workerId: deps.workerId,
      progress: new ProgressMeter(deps.now().getTime(), deps.onProgress),
      shouldStop: deps.shouldStop,
      journal,
    });
    return { queued, summary };
  } finally {
    journal?.close();
    for (const transport of made.values()) await transport.close();
  }
}

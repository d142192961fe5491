import { type PassSummary, type SendDueDependencies, sendDue } from './send-due.js';

export interface WorkerOptions extends Omit<SendDueDependencies, 'shouldStop'> {
  /** Aborted on SIGTERM: the worker finishes the message in flight, gives back what it holds and returns. */
  signal: AbortSignal;
  /** The longest sleep between passes, so new work (an import, an approval) is seen soon. */
  pollMs?: number;
  onPass?: (summary: PassSummary) => void;
  /** Waits `ms`, or until `signal` is aborted if that comes first; never rejects. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface WorkerSummary {
  passes: number;
  sent: number;
  failed: number;
}

export const DEFAULT_POLL_MS = 5_000;
/** A pass that found work due but could not do it waits at least this long, so the loop never spins. */
const SHORTEST_WAIT_MS = 250;

/**
 * The long-running sending loop: a pass, then sleep until the next message is due (a retry, a
 * paced sender, a lease running out) or the poll interval, whichever is sooner.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const { signal } = options;
  const total: WorkerSummary = { passes: 0, sent: 0, failed: 0 };
  while (!signal.aborted) {
    const summary = await sendDue({ ...options, shouldStop: () => signal.aborted });
    total.passes++;
    total.sent += summary.sent;
    total.failed += summary.failed;
    options.onPass?.(summary);
    if (signal.aborted) break;
    const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    const untilDue = summary.nextDueAt === undefined ? pollMs : summary.nextDueAt - options.now().getTime();
    const worked = summary.sent + summary.failed + summary.retrying > 0;
    const wait = Math.min(pollMs, Math.max(worked ? 0 : SHORTEST_WAIT_MS, untilDue));
    if (wait > 0) await options.sleep(wait, signal);
  }
  return total;
}

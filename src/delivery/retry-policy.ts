/**
 * What happens after a failed attempt. Pure: the random number for the jitter comes in as a
 * parameter, so a test can pin it.
 */
export interface RetryPolicy {
  /** The wait after the first temporary failure; it doubles with each attempt. */
  firstDelayMs: number;
  /** No wait is longer than this. */
  longestDelayMs: number;
  /** Attempts in all, the first included, before a temporary failure becomes final. */
  maxAttempts: number;
  /** Failures one after another in one occurrence, with no success between, that pause it. */
  failuresInARowToPause: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 60_000,
  longestDelayMs: 60 * 60_000,
  maxAttempts: 6,
  failuresInARowToPause: 10,
};

/**
 * The wait before attempt `attempts + 1`: exponential, capped, with "equal jitter" (half fixed,
 * half random) so that messages that failed together do not all come back together, yet none
 * comes back at once. `random` is in [0, 1).
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: number): number {
  const exponential = Math.min(policy.longestDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * Math.min(Math.max(random, 0), 1));
}

export type AfterTemporaryFailure = { kind: 'retry'; notBefore: number } | { kind: 'give-up'; reason: string };

/** After a temporary failure on attempt number `attempts` (1 for the first): try again, or stop. */
export function afterTemporaryFailure(policy: RetryPolicy, attempts: number, now: number, random: number): AfterTemporaryFailure {
  if (attempts >= policy.maxAttempts) return { kind: 'give-up', reason: `gave up after ${attempts} attempts` };
  return { kind: 'retry', notBefore: now + retryDelay(policy, attempts, random) };
}

/** Whether this many failures in a row should pause the occurrence. */
export function shouldPauseOccurrence(policy: RetryPolicy, failuresInARow: number): boolean {
  return failuresInARow >= policy.failuresInARowToPause;
}

/** The latest outcomes of an occurrence, newest first: how many failures before the last success. */
export function failuresInARow(outcomesNewestFirst: readonly ('sent' | 'failure')[]): number {
  const firstSuccess = outcomesNewestFirst.indexOf('sent');
  return firstSuccess === -1 ? outcomesNewestFirst.length : firstSuccess;
}

import { describe, expect, it } from 'vitest';
import { afterTemporaryFailure, DEFAULT_RETRY_POLICY, failuresInARow, retryDelay, shouldPauseOccurrence } from './retry-policy.js';

const POLICY = DEFAULT_RETRY_POLICY;
const NOW = Date.parse('2026-11-24T10:00:00Z');

describe('retrying temporary failures', () => {
  it.each([
    [1, 0, 30_000],
    [1, 0.999_999, 60_000],
    [2, 0.5, 90_000],
    [3, 0, 120_000],
    [8, 0, 30 * 60_000],
    [20, 0.5, 45 * 60_000],
  ] as const)('after attempt %i with random %d, waits %i ms', (attempts, random, wait) => {
    expect(retryDelay(POLICY, attempts, random)).toBe(wait);
  });

  it('spreads messages that failed together over half of the wait', () => {
    const waits = new Set([0, 0.25, 0.5, 0.75].map((random) => retryDelay(POLICY, 2, random)));
    expect(waits.size).toBe(4);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(60_000);
  });

  it.each([
    [1, { kind: 'retry', notBefore: NOW + 30_000 }],
    [5, { kind: 'retry', notBefore: NOW + 16 * 30_000 }],
    [6, { kind: 'give-up', reason: 'gave up after 6 attempts' }],
  ] as const)('after attempt %i: %j', (attempts, expected) => {
    expect(afterTemporaryFailure(POLICY, attempts, NOW, 0)).toEqual(expected);
  });

  it.each([
    [[], 0, false],
    [['failure', 'failure', 'sent', 'failure'], 2, false],
    [Array(10).fill('failure'), 10, true],
    [[...Array(9).fill('failure'), 'sent', ...Array(5).fill('failure')], 9, false],
  ] as const)('counts failures in a row since the last success (%j): %i, pause %s', (outcomes, count, pause) => {
    expect(failuresInARow(outcomes)).toBe(count);
    expect(shouldPauseOccurrence(POLICY, count)).toBe(pause);
  });
});

import { describe, expect, it } from 'vitest';
import { describeProgress, durationWords, ProgressMeter } from './send-progress.js';

const START = Date.parse('2026-11-24T10:00:00Z');

describe('progress of a long send', () => {
  it('shows count, rate and time left from what went so far', () => {
    const shown: string[] = [];
    const meter = new ProgressMeter(START, (progress) => shown.push(describeProgress(progress)));
    meter.setRemaining(5_000);
    for (let i = 1; i <= 60; i++) {
      meter.record(START + i * 2_000, i % 30 !== 0);
      meter.report();
    }
    expect(shown.at(-1)).toBe('58 sent, 2 failed, 4,940 to go, 30 a minute, about 2 hours 45 minutes left');
  });

  it('shows the rate of a paced sender that sends a minute of messages at once', () => {
    const meter = new ProgressMeter(START);
    meter.setRemaining(100);
    const shown: string[] = [];
    for (const minute of [0, 1, 2])
      for (let i = 0; i < 30; i++) {
        meter.record(START + minute * 60_000, true);
        shown.push(describeProgress(meter.snapshot()));
      }
    expect(shown[29]).toBe('30 sent, 70 to go');
    expect(shown[30]).toBe('31 sent, 69 to go, 30 a minute, about 2 minutes left');
    expect(shown.at(-1)).toBe('90 sent, 10 to go, 30 a minute, about 20 seconds left');
  });

  it('says nothing of rate or time left before anything has gone', () => {
    const meter = new ProgressMeter(START);
    meter.setRemaining(12);
    expect(describeProgress(meter.snapshot())).toBe('0 sent, 12 to go');
  });

  it.each([
    [1, '1 second'],
    [89, '89 seconds'],
    [600, '10 minutes'],
    [7_170, '2 hours'],
    [7_000, '117 minutes'],
    [10_000, '2 hours 47 minutes'],
    [3_600 * 25 + 60, '25 hours 1 minute'],
  ])('writes %i seconds as %s', (seconds, words) => {
    expect(durationWords(seconds)).toBe(words);
  });
});

import { describe, expect, it } from 'vitest';
import { whenWords } from './time-words.js';

describe('whenWords', () => {
  it.each([
    ['2026-12-07T14:14:08.330Z', '2:14pm on 7 December 2026'],
    ['2026-12-07T02:04:00Z', '2:04am on 7 December 2026'],
    ['2026-11-24T10:00:00Z', '10am on 24 November 2026'],
    ['2027-06-01T11:00:00Z', 'midday on 1 June 2027'],
    ['2026-12-07T23:30:00Z', '11:30pm on 7 December 2026'],
    ['2027-03-28T23:30:00Z', '12:30am on 29 March 2027'],
  ])('writes %s as people do, in London time: %s', (iso, words) => {
    expect(whenWords(iso)).toBe(words);
  });
});

import { describe, expect, it } from 'vitest';
import { workingCalendar } from '../calendar/working-days.js';
import { afterAllWavesDate, type TimingRule, waveDate } from './timing-rule.js';

const calendar = workingCalendar('england-and-wales');
const wave = (start: string, end: string) => ({ start, end });
const calendarDays = (anchor: 'start' | 'end', days: number): TimingRule & { kind: 'wave' } => ({
  kind: 'wave',
  anchor,
  days,
  count: 'calendar',
});

describe('a calendar-day timing rule', () => {
  it.each([
    // Wave on Monday 18 January 2027: the day before is a Sunday, so the Friday before.
    ['a Sunday before a Monday wave', wave('2027-01-18', '2027-01-19'), calendarDays('start', -1), '2027-01-15'],
    // A week before Saturday 2 January 2027 is Saturday 26 December: back over Christmas to Thursday 24th.
    ['a Saturday in Christmas week', wave('2027-01-02', '2027-01-03'), calendarDays('start', -7), '2026-12-24'],
    // After the wave: forwards, over the weekend and the Boxing Day substitute on Monday 28th.
    ['the day after a wave ending on Christmas Day', wave('2026-12-24', '2026-12-25'), calendarDays('end', 1), '2026-12-29'],
    ['a working day as it is', wave('2027-01-18', '2027-01-19'), calendarDays('start', -3), '2027-01-15'],
  ])('lands on a working day, never past its wave when before it: %s', (_label, dates, rule, expected) => {
    expect(waveDate(calendar, rule, dates)).toBe(expected);
  });

  it('after all waves goes forwards to a working day', () => {
    // The day after Sunday 27 December 2026 is the Boxing Day substitute holiday: Tuesday 29th.
    expect(afterAllWavesDate(calendar, { kind: 'after-all-waves', days: 1, count: 'calendar' }, '2026-12-27')).toBe('2026-12-29');
  });
});

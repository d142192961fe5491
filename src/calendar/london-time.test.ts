import { describe, expect, it } from 'vitest';
import { addMonths, isLocalDate } from './local-date.js';
import { londonDate, londonInstant, londonWallClockInstant } from './london-time.js';

describe('London local time', () => {
  it.each([
    ['a winter morning is UTC', '2026-12-07', '09:00', '2026-12-07T09:00:00.000Z'],
    ['a summer morning is an hour ahead of UTC', '2027-06-07', '09:00', '2027-06-07T08:00:00.000Z'],
    ['the Friday before clocks go forward is still GMT', '2027-03-26', '09:00', '2027-03-26T09:00:00.000Z'],
    ['the Monday after clocks go forward is BST', '2027-03-29', '09:00', '2027-03-29T08:00:00.000Z'],
    ['the Friday before clocks go back is BST', '2026-10-23', '09:00', '2026-10-23T08:00:00.000Z'],
    ['the Monday after clocks go back is GMT', '2026-10-26', '09:00', '2026-10-26T09:00:00.000Z'],
    ['a time skipped when clocks go forward reads as the hour after', '2027-03-28', '01:30', '2027-03-28T01:30:00.000Z'],
    ['a time seen twice when clocks go back reads as its first showing', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'],
  ])('%s', (_label, date, time, expected) => {
    expect(londonInstant(date, time).toISOString()).toBe(expected);
  });

  it('reads wall-clock times by rule exactly as the time-zone database does, 2025 to 2030', () => {
    const differences: string[] = [];
    for (let day = Date.UTC(2025, 0, 1); day < Date.UTC(2031, 0, 1); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
      for (const time of ['00:30', '01:00', '01:30', '02:00', '12:00', '23:59']) {
        const [hour, minute] = time.split(':').map(Number) as [number, number];
        const byRule = new Date(londonWallClockInstant(year, month, dayOfMonth, hour, minute, 0)).toISOString();
        const byZone = londonInstant(date, time).toISOString();
        if (byRule !== byZone) differences.push(`${date} ${time}: ${byRule} against ${byZone}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('gives the London date of an instant near midnight in summer', () => {
    expect(londonDate(new Date('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
    expect(londonDate(new Date('2027-01-31T23:30:00Z'))).toBe('2027-01-31');
  });
});

describe('local dates', () => {
  it.each(['2027-02-29', '2027-13-01', '27-01-01', '2027-1-1', '2027-01-01T00:00', ''])('rejects %j', (text) => {
    expect(isLocalDate(text)).toBe(false);
  });

  it('adds months clamped to the end of a shorter month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-07', 2)).toBe('2027-02-07');
  });
});
